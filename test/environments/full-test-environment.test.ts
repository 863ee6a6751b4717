import { FullTestEnvironment, FullTestEnvironmentProps } from '../../lib/environments/full-test-environment';
import { MessageBroker } from '../../lib/k8s/connections/message-broker';
import { renderEnvironment } from '../../lib/k8s/output/render';
import { BrokerProvisioning, DatabaseProvisioning } from '../../lib/k8s/connections/test-data-services';
import { IMAGE, newEnv } from '../support/fixtures';

const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';
const resources = { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } };
const mq = MessageBroker.ibmMq({
  name: 'mq',
  adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
  credentials: { secretName: 'mq-admin' },
  queues: ['OMS.SCHEDULE'],
  egress: [{ cidr: '10.1.0.0/24', ports: [1414] }],
});

function fullProps(overrides: Partial<FullTestEnvironmentProps> = {}): FullTestEnvironmentProps {
  return {
    release: '10.0.1-abc1234',
    image: IMAGE,
    toolsImage: TOOLS,
    database: DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.4', credentialsSecret: 'test-db' }),
    broker: BrokerProvisioning.inCluster({
      image: 'docker.io/apache/activemq-artemis:2.38.0',
      credentialsSecret: 'test-broker',
      queues: ['OMS.SCHEDULE'],
    }),
    host: 'oms.test.example.com',
    appServer: { resources },
    agents: { schedule: { servers: ['ScheduleOrderServer'], resources, queue: 'OMS.SCHEDULE', minReplicas: 1, maxReplicas: 2 } },
    smokeTestApis: ['getOrderList'],
    ...overrides,
  };
}
const partialProps = (overrides: Partial<FullTestEnvironmentProps> = {}) =>
  fullProps({
    database: DatabaseProvisioning.existing({
      host: 'db.uat.oms.internal',
      database: 'oms',
      credentialsSecret: 'oms-db',
      egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
    }),
    broker: BrokerProvisioning.existing(mq),
    ...overrides,
  });

function render(props: FullTestEnvironmentProps, stage: 'branch' | 'uat' | 'prod' = 'branch') {
  const env = newEnv({ stage, budget: { cpu: '100', memory: '200Gi' } }, 'tst');
  new FullTestEnvironment(env, 'oms', props);
  return renderEnvironment(env);
}
const kinds = (r: ReturnType<typeof render>) => r.manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
const byName = (r: ReturnType<typeof render>, kind: string, name: string) =>
  r.manifests.find((m) => m.kind === kind && m.metadata.name === name)!;

describe('full versus partial provisioning', () => {
  const full = render(fullProps());
  const partial = render(partialProps());

  test('full provisioning creates the database and broker with retained volumes, and a backup volume', () => {
    expect(kinds(full)).toEqual(
      expect.arrayContaining([
        'StatefulSet/oms-db',
        'Service/oms-db',
        'StatefulSet/oms-broker',
        'Service/oms-broker',
        'PersistentVolumeClaim/oms-db-backups',
      ]),
    );
    expect(byName(full, 'StatefulSet', 'oms-db').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
  });

  test('partial provisioning creates nothing for what it reuses', () => {
    expect(kinds(partial).filter((k) => /oms-db|oms-broker/.test(k))).toEqual([]);
    expect(partial.files.map((f) => f.path).filter((f) => f.includes('/'))).toEqual([
      'k8s/app-server.yaml',
      'k8s/environment.yaml',
      'k8s/gateway.yaml',
      'k8s/schedule.yaml',
      'phases/test/smoke-test.yaml',
    ]);
  });

  test('volumes are deleted with the environment only when it is disposable', () => {
    expect(byName(full, 'StatefulSet', 'oms-db').spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Delete',
      whenScaled: 'Retain',
    });
    const uat = render(fullProps({ dropDatabaseOnUninstall: undefined }), 'uat');
    expect(byName(uat, 'StatefulSet', 'oms-db').spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });

  test('partial: the app reaches the reused database and broker by their egress rules', () => {
    const np = byName(partial, 'NetworkPolicy', 'schedule').spec.egress.map((e: any) => e.to[0].ipBlock?.cidr ?? 'pods');
    expect(np).toEqual(['10.20.64.0/20', '10.1.0.0/24', 'pods']);
  });
});

describe('phases', () => {
  const full = render(fullProps());
  const files = full.files.map((f) => f.path).filter((p) => p.startsWith('phases/'));
  // Job names: <job>-<release>-<hash of the Job's contents>.
  const job = (name: string) =>
    full.manifests.find((m) => m.kind === 'Job' && new RegExp(`^${name}-10-0-1-abc1234-[0-9a-f]{6}$`).test(m.metadata.name))!;

  test('each phase in its own folder, Jobs named with the release', () => {
    expect(files).toEqual([
      'phases/install/broker-setup.yaml',
      'phases/install/db-init.yaml',
      'phases/rollback/db-restore.yaml',
      'phases/test/smoke-test.yaml',
      'phases/uninstall/db-drop.yaml',
      'phases/upgrade/schema-upgrade.yaml',
    ]);
  });

  test('install: schema, then factory data, then the release marker, in that order', () => {
    const spec = job('db-init').spec.template.spec;
    expect([...spec.initContainers, ...spec.containers].map((c: any) => c.name)).toEqual(['db-init', 'factory-data', 'record-release']);
    expect(spec.containers[0].command[2]).toContain("INSERT INTO oms_platform_release (release) VALUES ('10.0.1-abc1234')");
  });

  test('upgrade: a backup runs before the schema upgrade', () => {
    const spec = job('schema-upgrade').spec.template.spec;
    expect([...spec.initContainers, ...spec.containers].map((c: any) => c.name)).toEqual(['backup', 'schema-upgrade', 'record-release']);
    expect(spec.initContainers[0].command[2]).toContain('pg_dump --format=custom --file="/backups/before-10.0.1-abc1234.dump"');
    expect(spec.volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'oms-db-backups' } });
  });

  test('rollback restores that backup; test calls the APIs through the entry point', () => {
    expect(job('db-restore').spec.template.spec.containers[0].command[2]).toContain('/backups/before-10.0.1-abc1234.dump');
    expect(job('smoke-test').spec.template.spec.containers[0].command[2]).toContain('-H "Host: oms.test.example.com"');
  });

  test('every Job has a TTL, a backoff limit and a deadline', () => {
    for (const m of full.manifests.filter((x) => x.kind === 'Job')) {
      expect(m.spec).toMatchObject({ ttlSecondsAfterFinished: 86400, backoffLimit: 2, activeDeadlineSeconds: expect.any(Number) });
    }
  });

  test('no drop Job outside disposable environments', () => {
    for (const stage of ['uat', 'prod'] as const) {
      const r = render(fullProps(), stage);
      expect(r.files.map((f) => f.path).filter((p) => p.startsWith('phases/uninstall/'))).toEqual([]);
    }
  });

  test('only the phases asked for are rendered', () => {
    const r = render(fullProps({ phases: ['install', 'test'] }));
    expect(
      r.files
        .map((f) => f.path)
        .filter((p) => p.startsWith('phases/'))
        .map((p) => p.split('/')[1]),
    ).toEqual(['install', 'install', 'test']);
  });
});

describe('gating', () => {
  const full = render(fullProps());
  const init = (name: string) => byName(full, 'Deployment', name).spec.template.spec.initContainers;

  test('app servers wait for the release marker of this release', () => {
    expect(init('app-server').map((c: any) => c.name)).toEqual(['wait-for-database']);
    expect(init('app-server')[0].command[2]).toContain("SELECT 1 FROM oms_platform_release WHERE release = '10.0.1-abc1234'");
  });

  test('agents wait for the database and then for the app server', () => {
    expect(init('schedule').map((c: any) => c.name)).toEqual(['wait-for-database', 'wait-for-app']);
    expect(init('schedule')[1].command[2]).toContain('http://app-server:9080/smcfs/console/start.jsp');
    const appNp = byName(full, 'NetworkPolicy', 'app-server').spec.ingress;
    expect(appNp[1].from[0].podSelector.matchLabels['app.kubernetes.io/name']).toBe('schedule');
  });

  test('with a reused database, pods wait until it accepts them (its owner installs and marks it)', () => {
    const partial = render(partialProps());
    const cmd = byName(partial, 'Deployment', 'app-server').spec.template.spec.initContainers[0].command[2];
    expect(cmd).toContain('-tAc "SELECT 1"');
    expect(cmd).not.toContain('oms_platform_release');
  });
});

describe('validation', () => {
  const cases: [string, FullTestEnvironmentProps, 'branch' | 'uat' | 'prod', string][] = [
    [
      'partial provisioning without the reference it needs',
      partialProps({
        database: DatabaseProvisioning.existing({
          host: '',
          database: 'oms',
          credentialsSecret: 'oms-db',
          egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
        }),
      }),
      'branch',
      'database.host is required to reuse an existing database (received ""). Fix: give the endpoint, e.g. "db.uat-eks.oms.internal"',
    ],
    [
      'a drop job for a non-disposable environment',
      fullProps({ dropDatabaseOnUninstall: true }),
      'prod',
      'dropDatabaseOnUninstall must not be set for a prod environment: only disposable environments drop their database (received true). Fix: remove it; data of non-disposable environments is retained',
    ],
    [
      'agents on a new empty database that do not wait for the app',
      fullProps({ agentsWaitForApp: false }),
      'branch',
      'agentsWaitForApp must stay on when agents install on a new, empty database: OMS needs the app server to configure it before agents run (received false). Fix: remove agentsWaitForApp: false',
    ],
    [
      'a phase name that does not exist',
      fullProps({ phases: ['install', 'deploy' as any] }),
      'branch',
      'phases must name lifecycle phases (install, upgrade, rollback, test, uninstall) (received "deploy"). Fix: remove or correct the phase name',
    ],
    [
      'a drop of a reused database',
      partialProps({ dropDatabaseOnUninstall: true }),
      'branch',
      'dropDatabaseOnUninstall must not be set for a reused database: uninstall never touches what it did not create (received true). Fix: remove it',
    ],
  ];
  test.each(cases)('%s', (_name, props, stage, expected) => {
    expect(() => render(props, stage)).toThrow(`tst/oms: invalid configuration\n  - ${expected}`);
  });
});
