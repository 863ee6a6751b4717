import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsConnection } from '../../../lib/k8s/connections/aws-connection';
import { BranchDatabase, DatabaseUser } from '../../../lib/k8s/connections/branch-database';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { manifestsOf, newEnv, only, serviceProps } from '../../support/fixtures';

const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';

describe('AwsConnection', () => {
  const env = newEnv({ stage: 'branch' }, 'br-x');
  const aws = new AwsConnection(env, 'aws', {
    vpcCidr: '10.20.0.0/16',
    region: 'eu-west-1',
    toolsImage: TOOLS,
    databaseEnvironment: 'uat-eks',
  });
  new Microservice(env, 'api', serviceProps({ connections: [aws.database, aws.cache] }));
  const manifests = manifestsOf(env);

  test('the database and cache are connections: private DNS names, no lookups, egress from the VPC layout', () => {
    expect(aws.database).toMatchObject({ host: 'db.uat-eks.oms.internal', port: 5432, database: 'oms_br_x', environment: 'br-x' });
    expect(aws.cache).toMatchObject({ host: 'cache.uat-eks.oms.internal', port: 6379, tls: true });
    const np = only(manifests, 'NetworkPolicy', 'api');
    // The data subnets are the second quarter of the VPC block, in every zone.
    expect(np.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.64.0/18' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      { to: [{ ipBlock: { cidr: '10.20.64.0/18' } }], ports: [{ protocol: 'TCP', port: 6379 }] },
    ]);
  });

  test('every pod that gets the database password also gets its host and user', () => {
    const env = only(manifests, 'Deployment', 'api').spec.template.spec.containers[0].env;
    const names = env.map((e: any) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'CACHE_HOST', 'CACHE_AUTH_TOKEN']),
    );
    expect(env.find((e: any) => e.name === 'DB_USER').valueFrom.secretKeyRef).toEqual({ name: 'database-credentials', key: 'username' });
  });

  test('credentials through ExternalSecrets from Secrets Manager names', () => {
    const db = only(manifests, 'ExternalSecret', 'database-credentials');
    expect(db.apiVersion).toBe('external-secrets.io/v1');
    expect(db.spec.secretStoreRef).toEqual({ name: 'aws-secrets-manager', kind: 'ClusterSecretStore' });
    expect(db.spec.target).toEqual({ name: 'database-credentials', creationPolicy: 'Owner' });
    expect(db.spec.data.map((d: any) => `${d.secretKey}<-${d.remoteRef.key}#${d.remoteRef.property}`)).toEqual([
      'username<-oms/br-x/database/app#username',
      'password<-oms/br-x/database/app#password',
      'host<-oms/br-x/database/app#host',
      'port<-oms/br-x/database/app#port',
      'dbname<-oms/br-x/database/app#dbname',
    ]);
    expect(only(manifests, 'ExternalSecret', 'cache-auth').spec.data).toEqual([
      { secretKey: 'token', remoteRef: { key: 'oms/uat-eks/cache/auth', property: 'token' } },
    ]);
  });

  test('a branch gets its own database on the host instance; an environment with its own instance gets its user', () => {
    expect(aws.branchDatabase).toBeInstanceOf(BranchDatabase);
    expect(aws.databaseUser).toBeUndefined();
    const own = newEnv({}, 'uat-eks');
    const ownAws = new AwsConnection(own, 'aws', { vpcCidr: '10.20.0.0/16', region: 'eu-west-1', toolsImage: TOOLS });
    expect(ownAws.databaseUser).toBeInstanceOf(DatabaseUser);
    expect(ownAws.database.database).toBe('oms');
  });

  test.each([
    [
      { vpcCidr: '10.20.0.0' },
      "vpcCidr must be the IPv4 CIDR block of the VPC (received \"10.20.0.0\"). Fix: use the block given to the AWS stack's network, e.g. '10.20.0.0/16'",
    ],
    [{ region: 'Europe' }, 'region must be an AWS region (received "Europe"). Fix: use e.g. "eu-west-1"'],
    [{ toolsImage: 'db-tools' }, 'toolsImage must be pinned to a tag or digest'],
  ])('bad input %j', (override, message) => {
    const props = { vpcCidr: '10.20.0.0/16', region: 'eu-west-1', toolsImage: TOOLS, ...override };
    expect(() => new AwsConnection(newEnv({}, 'uat-eks'), 'aws', props)).toThrow(message);
  });
});

describe('BranchDatabase', () => {
  const props = {
    hostEnvironment: 'uat-eks',
    image: TOOLS,
    region: 'eu-west-1',
    egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
  };

  test('an install Job in the environment, the drop Job only in the uninstall phase', () => {
    const env = newEnv({ stage: 'branch' }, 'br-x');
    const db = new BranchDatabase(env, 'database', props);
    const files = renderEnvironment(env)
      .files.map((f) => f.path)
      .filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(['k8s/database.yaml', 'k8s/environment.yaml', 'phases/uninstall/database.yaml']);
    expect(db.names).toEqual({ database: 'oms_br_x', user: 'oms_br_x' });
    const create = only(manifestsOf(env), 'Job', db.createJob.name);
    const pod = create.spec.template.spec;
    expect(pod.serviceAccountName).toBe('oms-db-admin');
    // A branch never reads the master password: it logs in as the branch administrator with an IAM token.
    expect(pod.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'DB_ADMIN_USER', value: 'oms_branch_admin' },
        { name: 'APP_PASSWORD', valueFrom: { secretKeyRef: { name: 'database-credentials', key: 'password' } } },
      ]),
    );
    expect(pod.containers[0].env.map((e: any) => e.name)).not.toContain('MASTER_ARN_PARAMETER');
    expect(pod.containers[0].command[2]).toContain(
      'aws rds generate-db-auth-token --hostname "$endpoint" --port 5432 --username "$DB_ADMIN_USER"',
    );
  });

  test.each([
    ['oms_br_x', 0, 'DROP DATABASE'],
    ['oms', 1, 'refusing to drop oms: not a branch database or user'],
    ['oms_br_other', 1, 'refusing to drop oms_br_other: this branch owns oms_br_x'],
  ])('run in a shell, the drop Job given database %s exits %i', (appDb, code, text) => {
    const env = newEnv({ stage: 'branch' }, 'br-x');
    const db = new BranchDatabase(env, 'database', props);
    const drop = only(manifestsOf(env), 'Job', db.dropJob.name).spec.template.spec.containers[0];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-drop-'));
    // Stand-ins: aws answers the endpoint and a token; psql prints the SQL it would run.
    fs.writeFileSync(path.join(dir, 'aws'), '#!/bin/sh\necho db.internal\n');
    fs.writeFileSync(path.join(dir, 'psql'), '#!/bin/sh\ncat\n');
    fs.chmodSync(path.join(dir, 'aws'), 0o755);
    fs.chmodSync(path.join(dir, 'psql'), 0o755);
    const vars = Object.fromEntries(drop.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    const r = spawnSync(drop.command[0], drop.command.slice(1), {
      env: { ...vars, PATH: `${dir}:/usr/bin:/bin`, APP_DB: appDb, APP_USER: appDb, APP_PASSWORD: 'pw' },
      encoding: 'utf8',
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(code);
    expect(r.stdout + r.stderr).toContain(text);
  });

  test("the drop Job refuses any database that is not this branch's, comparing data, not script text", () => {
    const env = newEnv({ stage: 'branch' }, 'br-x');
    const db = new BranchDatabase(env, 'database', props);
    const drop = only(manifestsOf(env), 'Job', db.dropJob.name).spec.template.spec.containers[0];
    expect(drop.env).toContainEqual({ name: 'EXPECTED_DB', value: 'oms_br_x' });
    const script: string = drop.command[2];
    expect(script).toContain('oms_br_*) ;;');
    expect(script).toContain('for name in "$APP_DB" "$APP_USER"; do');
    expect(script).toContain('if [ "$APP_DB" != "$EXPECTED_DB" ]');
    expect(script.indexOf('refusing')).toBeLessThan(script.indexOf('DROP DATABASE'));
  });

  test.each([
    ['uat', 'br-x', 'stage must be "branch"'],
    [
      'branch',
      'feature-x',
      'environment must be a branch environment name ("br-..."), so its database carries the prefix "oms_br_" the drop Job insists on',
    ],
  ])('refuses stage %s / environment %s', (stage, name, expected) => {
    expect(() => new BranchDatabase(newEnv({ stage: stage as any }, name), 'database', props)).toThrow(expected);
  });

  test('refuses an unpinned tools image', () => {
    expect(() => new BranchDatabase(newEnv({ stage: 'branch' }, 'br-x'), 'database', { ...props, image: 'db-tools' })).toThrow(
      'image must be pinned to a tag or digest',
    );
  });
});

describe('DatabaseUser', () => {
  test('a Job that makes the application role own the environment database, with Pod Identity egress', () => {
    const env = newEnv({ stage: 'prod' }, 'production');
    const user = new DatabaseUser(env, 'database-user', {
      image: TOOLS,
      region: 'eu-west-1',
      egress: [{ cidr: '10.60.64.0/18', ports: [5432] }],
    });
    const job = only(manifestsOf(env), 'Job', user.job.name);
    expect(job.spec.template.spec.serviceAccountName).toBe('oms-db-admin');
    expect(job.spec.template.spec.containers[0].command[2]).toContain('ALTER DATABASE %I OWNER TO %I');
    expect(only(manifestsOf(env), 'NetworkPolicy', user.job.name).spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '169.254.170.23/32' } }],
      ports: [{ protocol: 'TCP', port: 80 }],
    });
  });
});
