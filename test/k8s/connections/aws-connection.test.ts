import { AwsConnection } from '../../../lib/k8s/connections/aws-connection';
import { BranchDatabase, DatabaseUser } from '../../../lib/k8s/connections/branch-database';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { manifestsOf, newEnv, only } from '../../support/fixtures';

describe('AwsConnection', () => {
  const env = newEnv({}, 'br-x');
  new AwsConnection(env, 'aws', { databaseEnvironment: 'uat-eks' });
  const manifests = manifestsOf(env);

  test('endpoints by private DNS name, no lookups', () => {
    expect(only(manifests, 'ConfigMap', 'oms-endpoints').data).toEqual({
      DB_HOST: 'db.uat-eks.oms.internal',
      DB_PORT: '5432',
      DB_NAME: 'oms_br_x',
      CACHE_HOST: 'cache.uat-eks.oms.internal',
      CACHE_PORT: '6379',
    });
  });

  test('credentials through ExternalSecrets from Secrets Manager names', () => {
    const db = only(manifests, 'ExternalSecret', 'oms-db');
    expect(db.apiVersion).toBe('external-secrets.io/v1');
    expect(db.spec.secretStoreRef).toEqual({ name: 'aws-secrets-manager', kind: 'ClusterSecretStore' });
    expect(db.spec.target).toEqual({ name: 'oms-db', creationPolicy: 'Owner' });
    expect(db.spec.data.map((d: any) => `${d.secretKey}<-${d.remoteRef.key}#${d.remoteRef.property}`)).toEqual([
      'username<-oms/br-x/database/app#username',
      'password<-oms/br-x/database/app#password',
      'host<-oms/br-x/database/app#host',
      'port<-oms/br-x/database/app#port',
      'dbname<-oms/br-x/database/app#dbname',
    ]);
    expect(only(manifests, 'ExternalSecret', 'oms-cache').spec.data).toEqual([
      { secretKey: 'token', remoteRef: { key: 'oms/uat-eks/cache/auth', property: 'token' } },
    ]);
  });
});

describe('BranchDatabase', () => {
  const props = {
    hostEnvironment: 'uat-eks',
    image: 'registry.example.com/platform/db-tools:1.4.0',
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
    expect(pod.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'MASTER_ARN_PARAMETER', value: '/oms/uat-eks/database/master-secret-arn' },
        { name: 'APP_PASSWORD', valueFrom: { secretKeyRef: { name: 'oms-db', key: 'password' } } },
      ]),
    );
    expect(pod.containers[0].command[2]).toContain('CREATE DATABASE %I OWNER %I');
    const drop = renderEnvironment(env).files.find((f) => f.path === 'phases/uninstall/database.yaml')!.content;
    expect(drop).toContain('DROP DATABASE IF EXISTS %I WITH (FORCE)');
    expect(drop).not.toContain('CREATE DATABASE');
  });

  test.each([
    [
      'outside a branch environment',
      'uat',
      'br-x',
      'stage must be "branch": only disposable branch environments create and drop their database this way (received "uat")',
    ],
  ])('refuses %s', (_case, stage, name, expected) => {
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
      image: 'registry.example.com/platform/db-tools:1.4.0',
      region: 'eu-west-1',
      egress: [{ cidr: '10.60.64.0/18', ports: [5432] }],
    });
    const manifests = manifestsOf(env);
    const job = only(manifests, 'Job', user.job.name);
    expect(job.spec.template.spec.containers[0].command[2]).toContain('ALTER DATABASE %I OWNER TO %I');
    expect(job.spec.template.spec.containers[0].env).toContainEqual({
      name: 'MASTER_ARN_PARAMETER',
      value: '/oms/production/database/master-secret-arn',
    });
    const np = only(manifests, 'NetworkPolicy', user.job.name).spec.egress.map((e: any) => e.to[0].ipBlock.cidr);
    expect(np).toEqual(['10.60.64.0/18', '169.254.170.23/32']);
  });
});
