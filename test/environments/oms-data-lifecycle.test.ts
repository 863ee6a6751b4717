import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabaseVendor, adoptionStart, dataSetupStart } from '../../lib/core';
import { DataBackup } from '../../lib/environments/data-backup';
import { OmsDataLifecycle, OmsDataLifecycleProps, WAIT_FOR_DATABASE_SCRIPT, awsApiEgress } from '../../lib/environments/oms-data-lifecycle';
import { RDS_SNAPSHOT_SCRIPT, POSTGRES_DUMP_SCRIPT, POSTGRES_RESTORE_SCRIPT } from '../../lib/environments/data-backup';
import { DatabaseConnection } from '../../lib/k8s/connections/database-connection';
import { OmsMicroservice } from '../../lib/k8s/workloads/oms-microservice';
import { k8s } from '../../lib/k8s/primitives/kube';
import { renderEnvironment } from '../../lib/k8s/output/render';
import { phasePlans } from '../../lib/review/apply-plan';
import { manifestsOf, newEnv, only } from '../support/fixtures';
import { ManifestValidator } from '../support/manifest-validator';
import { podSecurityFindings } from '../support/pod-security';

const AGENT = 'registry.example.com/oms/om-agent:10.0.2412.0-abc1234';
const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';
const VPC = '10.20.0.0/16';
const pg = DatabaseConnection.existing({
  host: 'db.uat.internal',
  database: 'oms',
  credentials: { secretName: 'database-credentials' },
  egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
});
const db2 = DatabaseConnection.existing({
  vendor: DatabaseVendor.DB2,
  host: 'db2.uat.internal',
  database: 'OMDB',
  schema: 'OMS',
  credentials: { secretName: 'oms-db' },
  egress: [{ cidr: '10.20.64.0/20', ports: [50000] }],
});
const snapshot = DataBackup.rdsSnapshot({ instance: 'oms-uat', region: 'eu-west-1', image: TOOLS, apiEgress: awsApiEgress(VPC) });

function props(overrides: Partial<OmsDataLifecycleProps> = {}): OmsDataLifecycleProps {
  return {
    version: '10.0.2412.0',
    image: AGENT,
    database: pg,
    kubernetesApi: [{ cidr: '10.20.0.0/18', ports: [443] }],
    imageSupportsPostgresql: true,
    ...overrides,
  };
}

function render(p: OmsDataLifecycleProps, platform: 'eks' | 'openshift' = 'eks', withClaim = false) {
  const env = newEnv({ platform, stage: 'uat' }, 'uat');
  if (withClaim)
    new k8s.KubePersistentVolumeClaim(env, 'backups', {
      metadata: { name: 'oms-db-backups' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('10Gi') } } },
    });
  const data = new OmsDataLifecycle(env, 'data', p);
  return { env, data, manifests: manifestsOf(env) };
}
const setupJob = (manifests: Record<string, any>[]) => manifests.find((m) => m.kind === 'Job')!;
const container = (job: Record<string, any>, name: string) =>
  [...(job.spec.template.spec.initContainers ?? []), ...job.spec.template.spec.containers].find((c: any) => c.name === name);

describe('OmsDataLifecycle', () => {
  test.each([
    [undefined, 'create'],
    ['10.0.2412.0', 'adopt'],
    ['10.0.2409.1', 'upgrade'],
    ['10.0.2403.4', 'upgrade'],
  ])('installed %s: data setup runs %s, guarded by the version markers', (installed, mode) => {
    const { data, manifests } = render(props({ installed, backup: snapshot }));
    expect(data.mode).toBe(mode);
    const args = container(setupJob(manifests), 'data-setup').args;
    expect(args).toEqual([
      mode,
      '0',
      'uat-mediator',
      '{"data":{"datasetup.10.0.2412.0.complete":"true"}}',
      '/mediator',
      'datasetup.10.0.2412.0.complete',
      mode === 'upgrade' ? `datasetup.${installed}.complete` : '',
    ]);
    expect(only(manifests, 'ConfigMap', 'uat-mediator').metadata.labels['app.kubernetes.io/component']).toBe('data-setup');
  });

  test('a new fix pack of the same release runs only the fix-pack step, after the backup', () => {
    const { data, manifests } = render(props({ version: '10.0.2412.2', installed: '10.0.2412.0', backup: snapshot }));
    expect(data.mode).toBe('fix-pack');
    const job = setupJob(manifests);
    expect(container(job, 'data-setup').args.slice(0, 1).concat(container(job, 'data-setup').args.slice(-1))).toEqual([
      'fix-pack',
      'datasetup.10.0.2412.0.complete',
    ]);
    expect(job.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database', 'backup']);
    expect(container(job, 'data-setup').command[2]).toContain('if [ "$1" != fix-pack ]; then');
  });

  test("an upgrade waits for its database, then takes an RDS snapshot and waits until it is available, before IBM's upgrade", () => {
    const job = setupJob(render(props({ installed: '10.0.2409.1', backup: snapshot })).manifests);
    expect(job.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-database', 'backup']);
    expect(container(job, 'wait-for-database').command.slice(3)).toEqual(['wait-for-database', 'db.uat.internal', '5432']);
    expect(container(job, 'backup').command.slice(3)).toEqual(['rds-snapshot', 'oms-uat', 'before-10-0-2412-0']);
  });

  test('a pg_dump backup goes to a volume claim of the environment', () => {
    const backup = DataBackup.postgresDump({ claim: 'oms-db-backups', image: TOOLS });
    const job = setupJob(render(props({ installed: '10.0.2409.1', backup }), 'eks', true).manifests);
    expect(container(job, 'backup').volumeMounts).toEqual([{ name: 'backups', mountPath: '/backups' }]);
    expect(job.spec.template.spec.volumes).toEqual(
      expect.arrayContaining([{ name: 'backups', persistentVolumeClaim: { claimName: 'oms-db-backups' } }]),
    );
  });

  test("servers of the version wait for its marker; another environment on the database waits for the owner's", () => {
    const { env, data } = render(props());
    const app = new OmsMicroservice(env, 'app', {
      image: 'registry.example.com/oms/om-app:10.0.2412.0-abc1234',
      resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
      connections: [pg],
      imageSupportsPostgresql: true,
    });
    data.waitedForBy(app);
    const wait = only(manifestsOf(env), 'Deployment').spec.template.spec.initContainers.find((c: any) => c.name === 'wait-for-data-setup');
    expect(wait.command.slice(-1)).toEqual(['datasetup.10.0.2412.0.complete']);
    expect(OmsDataLifecycle.gateFor('uat-eks', '10.0.2409.1').volumes()).toEqual([
      { name: 'mediator', configMap: { name: 'uat-eks-mediator', optional: true } },
    ]);
  });

  test.each<[string, Partial<OmsDataLifecycleProps>, 'eks' | 'openshift', string]>([
    [
      'a schema version going down',
      { installed: '10.0.2412.1', backup: snapshot },
      'eks',
      'installed must not be newer than version "10.0.2412.0": IBM\'s data setup only upgrades, and a schema version never goes down (received "10.0.2412.1"). Fix: roll back by restoring the backup taken before the upgrade (phase rollback), or run the version the database holds',
    ],
    [
      'an upgrade without a backup target',
      { installed: '10.0.2409.1' },
      'eks',
      'backup is required to upgrade from 10.0.2409.1 to 10.0.2412.0: the upgrade needs a backup target first (received undefined). Fix: add backup: DataBackup.rdsSnapshot({ instance, region, image }) for RDS, or DataBackup.postgresDump({ claim, image })',
    ],
    [
      'data setup on a database another environment owns',
      { databaseOwner: 'uat-eks' },
      'eks',
      'databaseOwner must be this environment ("uat"): data setup runs only in the environment that owns the database (received "uat-eks"). Fix: leave data setup to uat-eks, and make the servers wait for its marker: OmsDataLifecycle.gateFor("uat-eks", version)',
    ],
    [
      'adoption of a new database',
      { adoptInstalled: true },
      'eks',
      'adoptInstalled is for a database that holds an older installed version than version "10.0.2412.0" and has no marker yet: without installed the database is new and data setup creates it (received true). Fix: remove adoptInstalled',
    ],
    [
      'adoption where the data setup Job adopts already',
      { installed: '10.0.2412.0', adoptInstalled: true },
      'eks',
      'adoptInstalled is for a database that holds an older installed version than version "10.0.2412.0" and has no marker yet: with installed equal to version the data setup Job writes the marker itself (received true). Fix: remove adoptInstalled',
    ],
    [
      'adoptInstalled that is not a boolean',
      { installed: '10.0.2409.1', backup: snapshot, adoptInstalled: 'yes' as unknown as boolean },
      'eks',
      'adoptInstalled must be true or false (received "yes"). Fix: use true or leave it out',
    ],
    [
      'a version that is an image tag',
      { version: '10.0.2412.0-abc1234' },
      'eks',
      'version must be IBM\'s dotted OMS version with its fix pack (2 to 5 numbers) (received "10.0.2412.0-abc1234"). Fix: use e.g. "10.0.2409.1" (the image tag\'s version part, without the commit)',
    ],
  ])('%s fails at synthesis with the fix', (_what, overrides, platform, message) => {
    expect(() => render(props(overrides), platform)).toThrow(`uat/data: invalid configuration\n  - ${message}`);
  });

  test.each<[string, DataBackup, 'eks' | 'openshift', OmsDataLifecycleProps['database'], boolean, string]>([
    [
      'an RDS snapshot on OpenShift (no EKS Pod Identity)',
      snapshot,
      'openshift',
      pg,
      false,
      'backup an RDS snapshot is taken with EKS Pod Identity credentials, which the openshift platform does not have (received "DataBackup.rdsSnapshot"). Fix: on OpenShift use DataBackup.postgresDump({ claim, image }) or the database vendor\'s own backup before the upgrade',
    ],
    [
      'pg_dump of a Db2 database',
      DataBackup.postgresDump({ claim: 'oms-db-backups', image: TOOLS }),
      'eks',
      db2,
      true,
      'backup pg_dump backs up PostgreSQL only, and the database is Db2 (received "DataBackup.postgresDump"). Fix: back the Db2 database up with its own tools before the upgrade, or use a PostgreSQL database',
    ],
    [
      'a backup claim that does not exist',
      DataBackup.postgresDump({ claim: 'missing-claim', image: TOOLS }),
      'eks',
      pg,
      true,
      'backup.claim must be a volume claim of the environment (the backup target does not exist) (received "missing-claim"). Fix: use one of oms-db-backups, or add the claim',
    ],
  ])('%s fails at synthesis with the fix', (_what, backup, platform, database, withClaim, message) => {
    expect(() => render(props({ installed: '10.0.2409.1', backup, database }), platform, withClaim)).toThrow(message);
  });
});

/** A folder holding the mediator's keys as files, the way a mounted ConfigMap shows them. */
function mediator(keys: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediator-'));
  for (const k of keys) fs.writeFileSync(path.join(dir, k), 'true');
  return dir;
}

describe('the data setup script, run by bash with the markers of a mounted mediator', () => {
  // kubectl is a stand-in that records its arguments; IBM's scripts are never reached in these cases.
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kubectl-'));
  fs.writeFileSync(path.join(bin, 'kubectl'), '#!/bin/sh\necho "kubectl $*" >> "$CALLS"\n', { mode: 0o755 });
  const runSetup = (mode: 'create' | 'upgrade' | 'adopt', keys: string[]) => {
    const dir = mediator(keys);
    const calls = path.join(dir, '..', `calls-${path.basename(dir)}`);
    const start = dataSetupStart({
      mode,
      fromFixPack: 0,
      mediator: 'uat-mediator',
      markerKey: 'datasetup.10.0.2412.0.complete',
      requiresKey: mode === 'upgrade' ? 'datasetup.10.0.2409.1.complete' : undefined,
      mediatorMount: dir,
    });
    const r = spawnSync(start.command[0], [...start.command.slice(1), ...start.args], {
      env: { PATH: `${bin}:/usr/bin:/bin`, CALLS: calls },
      // stdin from /dev/null: bash reads ~/.bashrc when its stdin is a socket (Node's pipes are socket pairs).
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8') : '' };
  };

  test.each(['create', 'upgrade', 'adopt'] as const)("%s: the version's own marker makes a rerun a no-op", (mode) => {
    expect(runSetup(mode, ['datasetup.10.0.2412.0.complete'])).toEqual({
      status: 0,
      stdout: 'data setup: datasetup.10.0.2412.0.complete is set already, nothing to do\n',
      stderr: '',
      calls: '',
    });
  });

  test('create refuses a database that holds any version', () => {
    const r = runSetup('create', ['datasetup.10.0.2409.1.complete']);
    expect([r.status, r.stderr, r.calls]).toEqual([
      1,
      'data setup refused: the database already holds datasetup.10.0.2409.1.complete; declare the version it holds (installed) instead of creating it again\n',
      '',
    ]);
  });

  test('upgrade refuses a database without the marker of the version it starts from', () => {
    const r = runSetup('upgrade', ['datasetup.10.0.2403.0.complete']);
    expect([r.status, r.stderr, r.calls]).toEqual([
      1,
      'data setup refused: datasetup.10.0.2409.1.complete is not set, so the database is not at the version the upgrade starts from\n',
      '',
    ]);
  });

  test('adopt writes only the marker', () => {
    const r = runSetup('adopt', []);
    expect([r.status, r.calls]).toEqual([
      0,
      'kubectl patch configmap uat-mediator --type merge -p {"data":{"datasetup.10.0.2412.0.complete":"true"}}\n',
    ]);
  });
});

const haveShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (!haveShellcheck)
  console.warn('SKIPPED: shellcheck is not installed, so the data lifecycle scripts are not linted (apt-get install shellcheck)');
(haveShellcheck ? test.each : test.skip.each)([
  ['bash', 'data setup', dataSetupStart({ mode: 'upgrade', fromFixPack: 3, mediator: 'm', markerKey: 'k' }).command[2]],
  ['bash', 'wait for the database', WAIT_FOR_DATABASE_SCRIPT],
  ['sh', 'adoption', adoptionStart({ mediator: 'm', markerKey: 'k', mediatorMount: '/mediator' }).command[2]],
  ['sh', 'RDS snapshot', RDS_SNAPSHOT_SCRIPT],
  ['sh', 'pg_dump', POSTGRES_DUMP_SCRIPT],
  ['sh', 'pg_restore', POSTGRES_RESTORE_SCRIPT],
])('shellcheck (%s) passes the %s script', (shell, _name, script) => {
  const r = spawnSync('shellcheck', ['-s', shell, '-'], { input: script, encoding: 'utf8' });
  expect(r.stdout).toBe('');
  expect(r.status).toBe(0);
});

describe('adopting a database set up before the environment managed its data (phase adopt)', () => {
  const env = newEnv({ stage: 'uat' }, 'uat');
  new OmsDataLifecycle(env, 'data', props({ installed: '10.0.2409.1', backup: snapshot, adoptInstalled: true }));
  const rendered = renderEnvironment(env);
  const adoptFiles = rendered.files.filter((f) => f.path.startsWith('phases/adopt/'));
  const adoptObjects = adoptFiles.flatMap((f) => f.objects ?? []) as Record<string, any>[];

  test('the phase holds the mediator ConfigMap and a Job that may only read and patch it; the environment keeps the upgrade', () => {
    expect(adoptObjects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/uat-mediator',
      expect.stringMatching(/^Job\/uat-data-adopt-[0-9a-f]{6}$/),
      expect.stringMatching(/^NetworkPolicy\/uat-data-adopt-[0-9a-f]{6}$/),
      'Role/uat-data-adopt',
      'RoleBinding/uat-data-adopt',
      'ServiceAccount/uat-data-adopt',
    ]);
    const role = adoptObjects.find((o) => o.kind === 'Role')!;
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['uat-mediator'], verbs: ['get', 'patch'] }]);
    const main = rendered.files.filter((f) => f.path.startsWith('k8s/')).flatMap((f) => f.objects ?? []) as Record<string, any>[];
    expect(main.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'uat-mediator')).toEqual([]);
    const upgrade = main.find((o) => o.kind === 'Job')!;
    expect(container(upgrade, 'data-setup').args[0]).toBe('upgrade');
  });

  test('the Job writes the marker of installed, connects to nothing but the Kubernetes API and holds no database credential', () => {
    const job = adoptObjects.find((o) => o.kind === 'Job')!;
    const c = job.spec.template.spec.containers[0];
    expect(c.command.slice(-4)).toEqual([
      'uat-mediator',
      '{"data":{"datasetup.10.0.2409.1.complete":"true"}}',
      '/mediator',
      'datasetup.10.0.2409.1.complete',
    ]);
    expect(c.env).toEqual([{ name: 'HOME', value: '/tmp' }]);
    expect(c.command.join(' ')).not.toMatch(/init\.runtime|sci_ant|dbpassword/);
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(true);
    const policy = adoptObjects.find((o) => o.kind === 'NetworkPolicy')!;
    expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.20.0.0/18' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });

  test('the phase has a plan of its own, first in lifecycle order, and its objects are valid and restricted', () => {
    const plans = phasePlans('uat', rendered.files, 'uat');
    expect(Object.keys(plans)).toEqual(['adopt']);
    expect(plans.adopt.steps[0].commands.map((c) => c.argv.join(' '))).toEqual(['kubectl apply -f phases/adopt/adopt.yaml']);
    const validator = new ManifestValidator('v1.33.0');
    expect([...adoptObjects.flatMap((o) => validator.validate(o)), ...podSecurityFindings(adoptObjects)]).toEqual([]);
  });
});

describe('the adoption script, run by sh with the markers of a mounted mediator', () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kubectl-'));
  fs.writeFileSync(path.join(bin, 'kubectl'), '#!/bin/sh\necho "kubectl $*" >> "$CALLS"\n', { mode: 0o755 });
  const runAdoption = (keys: string[]) => {
    const dir = mediator(keys);
    const calls = path.join(dir, '..', `calls-${path.basename(dir)}`);
    const start = adoptionStart({ mediator: 'uat-mediator', markerKey: 'datasetup.10.0.2409.1.complete', mediatorMount: dir });
    const r = spawnSync(start.command[0], [...start.command.slice(1), ...start.args], {
      env: { PATH: `${bin}:/usr/bin:/bin`, CALLS: calls },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8') : '' };
  };

  test('an unmanaged database gets the marker of the release it holds, and nothing else runs', () => {
    expect(runAdoption([])).toEqual({
      status: 0,
      stdout: 'adopted: datasetup.10.0.2409.1.complete\n',
      stderr: '',
      calls: 'kubectl patch configmap uat-mediator --type merge -p {"data":{"datasetup.10.0.2409.1.complete":"true"}}\n',
    });
  });

  test('a rerun is a no-op', () => {
    expect(runAdoption(['datasetup.10.0.2409.1.complete', 'datasetup.10.0.2412.0.complete'])).toEqual({
      status: 0,
      stdout: 'adoption: datasetup.10.0.2409.1.complete is set already, nothing to do\n',
      stderr: '',
      calls: '',
    });
  });

  test('a mediator holding another release is refused: the environment manages its data already', () => {
    const r = runAdoption(['datasetup.10.0.2412.0.complete']);
    expect([r.status, r.stderr, r.calls]).toEqual([
      1,
      'adoption refused: the mediator holds datasetup.10.0.2412.0.complete, so the environment manages its data already; remove adoptInstalled\n',
      '',
    ]);
  });
});
