import { DatabaseVendor } from '../../lib/core';
import { FullTestEnvironment, FullTestEnvironmentProps } from '../../lib/environments/full-test-environment';
import { DatabaseConnection } from '../../lib/k8s/connections/database-connection';
import { MessageBroker } from '../../lib/k8s/connections/message-broker';
import { BrokerProvisioning, DatabaseProvisioning } from '../../lib/k8s/connections/test-data-services';
import { renderEnvironment } from '../../lib/k8s/output/render';
import { GatewayImplementation } from '../../lib/k8s/platform/gateway-implementation';
import { fullTestProps, newEnv } from '../support/fixtures';

const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';
const VPC = '10.20.0.0/16';
const APP = 'registry.example.com/oms/om-app:10.0.1-abc1234';
const AGENT = 'registry.example.com/oms/om-agent:10.0.1-abc1234';
const resources = { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } };
const mq = MessageBroker.ibmMq({
  name: 'mq',
  adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
  credentials: { secretName: 'mq-admin' },
  queues: ['OMS.SCHEDULE'],
  egress: [{ cidr: '10.1.0.0/24', ports: [1414] }],
});
const db2 = DatabaseConnection.existing({
  vendor: DatabaseVendor.DB2,
  host: 'db2.uat.internal',
  database: 'OMDB',
  credentials: { secretName: 'oms-db' },
  egress: [{ cidr: '10.20.64.0/20', ports: [50000] }],
});

const fullProps = fullTestProps;
const partialProps = (overrides: Partial<FullTestEnvironmentProps> = {}) =>
  fullProps({ database: DatabaseProvisioning.existing(db2), broker: BrokerProvisioning.existing(mq), dataSetup: undefined, ...overrides });

function render(
  props: FullTestEnvironmentProps,
  stage: 'branch' | 'uat' | 'prod' = 'branch',
  gateway: GatewayImplementation = GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }),
  platform: 'eks' | 'openshift' = 'eks',
) {
  const env = newEnv({ stage, budget: { cpu: '100', memory: '200Gi' }, gateway, platform }, 'tst');
  new FullTestEnvironment(env, 'oms', props);
  return renderEnvironment(env);
}
type Rendered = ReturnType<typeof render>;
const kinds = (r: Rendered) => r.manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
const byName = (r: Rendered, kind: string, name: string) => r.manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
const jobLike = (r: Rendered, prefix: string) => r.manifests.find((m) => m.kind === 'Job' && m.metadata.name.startsWith(`${prefix}-`))!;

describe('full versus partial provisioning', () => {
  const full = render(fullProps());
  const partial = render(partialProps());

  test('full provisioning creates the database and broker with retained volumes, a backup volume and the mediator', () => {
    expect(kinds(full)).toEqual(
      expect.arrayContaining([
        'StatefulSet/oms-db',
        'Service/oms-db',
        'StatefulSet/oms-broker',
        'Service/oms-broker',
        'PersistentVolumeClaim/oms-db-backups',
        'ConfigMap/oms-mediator',
      ]),
    );
  });

  test('partial provisioning creates nothing for what it reuses, and leaves data setup to the owner', () => {
    expect(kinds(partial).filter((k) => /oms-db|oms-broker|mediator/.test(k))).toEqual([]);
    expect(partial.files.map((f) => f.path).filter((f) => f.includes('/'))).toEqual([
      'k8s/app-server.yaml',
      'k8s/environment.yaml',
      'k8s/gateway.yaml',
      'k8s/schedule.yaml',
      'phases/test/smoke-test.yaml',
    ]);
    expect(byName(partial, 'Deployment', 'app-server').spec.template.spec.initContainers).toBeUndefined();
  });

  test('partial: the app reaches the reused Db2 and broker by their egress rules', () => {
    const np = byName(partial, 'NetworkPolicy', 'app-server').spec.egress.map((e: any) => `${e.to[0].ipBlock.cidr}:${e.ports[0].port}`);
    expect(np).toEqual(['10.20.64.0/20:50000', '10.1.0.0/24:1414']);
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
});

describe('phases', () => {
  const full = render(fullProps());

  test('each phase in its own folder, Jobs named with the release', () => {
    expect(full.files.map((f) => f.path).filter((p) => p.startsWith('phases/'))).toEqual([
      'phases/install/broker-setup.yaml',
      'phases/install/data-setup.yaml',
      'phases/rollback/db-restore.yaml',
      'phases/test/smoke-test.yaml',
      'phases/uninstall/db-drop.yaml',
      'phases/upgrade/data-upgrade.yaml',
    ]);
    expect(jobLike(full, 'data-setup').metadata.name).toMatch(/^data-setup-10-0-1-abc1234-[0-9a-f]{6}$/);
  });

  test('install: IBM data setup "create" on om-agent, then the completion marker', () => {
    const pod = jobLike(full, 'data-setup').spec.template.spec;
    const c = pod.containers[0];
    expect(c.image).toBe(AGENT);
    expect(c.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(c.command[2]).toContain('"/opt/ssfs/runtime/container-scripts/kubernetes/bin/init.runtime.sh" "$1"');
    expect(c.command[2]).toContain('./sci_ant.sh -f FSHelper.xml "-DFROM_FP=$2"');
    expect(c.args).toEqual([
      'create',
      '0',
      'oms-mediator',
      '{"data":{"datasetup.10.0.1-abc1234.complete":"true"}}',
      '/mediator',
      'datasetup.10.0.1-abc1234.complete',
      '',
    ]);
    expect(c.env).toContainEqual({ name: 'DATASETUP', value: 'true' });
    expect(c.volumeMounts).toContainEqual({
      name: 'config',
      mountPath: '/opt/ssfs/system_overrides.properties.init',
      subPath: 'system_overrides.properties',
      readOnly: true,
    });
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 0 });
    expect(pod.restartPolicy).toBe('Never');
  });

  test('the marker is written through a Role that may only patch the mediator', () => {
    const setupFile = full.files.find((f) => f.path === 'phases/install/data-setup.yaml')!;
    expect(setupFile.content).toContain('kind: RoleBinding');
    expect(byName(full, 'Role', 'data-setup-marker').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['oms-mediator'], verbs: ['get', 'patch'] },
    ]);
    expect(jobLike(full, 'data-setup').spec.template.spec.automountServiceAccountToken).toBe(true);
    const egress = byName(full, 'NetworkPolicy', 'data-setup').spec.egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/18' } }], ports: [{ protocol: 'TCP', port: 443 }] });
  });

  test('upgrade: the database is backed up in the same pod before data setup "upgrade" runs', () => {
    const pod = jobLike(full, 'data-upgrade').spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['backup']);
    expect(pod.initContainers[0].command.slice(3)).toEqual(['backup', '/backups/before-10-0-1-abc1234.dump']);
    expect(pod.containers[0].args[0]).toBe('upgrade');
    expect(pod.volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'oms-db-backups' } });
  });

  test('rollback restores that backup; test logs in and calls read-only APIs through the entry point', () => {
    expect(jobLike(full, 'db-restore').spec.template.spec.containers[0].command.slice(3)).toEqual([
      'restore',
      '/backups/before-10-0-1-abc1234.dump',
    ]);
    const smoke = jobLike(full, 'smoke-test').spec.template.spec.containers[0];
    expect(smoke.command[2]).toContain('/smcfs/restapi/invoke/login');
    expect(smoke.command.slice(3)).toEqual(['smoke-test', 'https://oms.test.example.com', '', 'standard', 'getOrderList']);
    expect(smoke.env.map((e: any) => e.name).sort()).toEqual(['OMS_PASSWORD', 'OMS_USER']);
  });

  test('every Job has a TTL, a backoff limit and a deadline', () => {
    for (const m of full.manifests.filter((x) => x.kind === 'Job'))
      expect(m.spec).toMatchObject({
        ttlSecondsAfterFinished: 86400,
        backoffLimit: expect.any(Number),
        activeDeadlineSeconds: expect.any(Number),
      });
  });

  test('no drop Job outside disposable environments', () => {
    for (const stage of ['uat', 'prod'] as const)
      expect(
        render(fullProps(), stage)
          .files.map((f) => f.path)
          .filter((p) => p.startsWith('phases/uninstall/')),
      ).toEqual([]);
  });

  test('only the phases asked for are rendered', () => {
    const r = render(fullProps({ phases: ['install', 'test'] }));
    expect(r.files.map((f) => f.path).filter((p) => p.startsWith('phases/'))).toEqual([
      'phases/install/broker-setup.yaml',
      'phases/install/data-setup.yaml',
      'phases/test/smoke-test.yaml',
    ]);
  });

  test('an existing database can be set up by this environment when asked (an environment that is not disposable)', () => {
    const r = render(
      partialProps({ dataSetup: { manageExistingDatabase: true, kubernetesApi: [{ cidr: '10.20.0.0/18', ports: [443] }] } }),
      'uat',
    );
    const pod = jobLike(r, 'data-setup').spec.template.spec;
    expect(pod.initContainers).toBeUndefined();
    expect(byName(r, 'ConfigMap', 'data-setup-config').data['system_overrides.properties']).toContain(
      'jdbcService.db2Pool.url=jdbc:db2://db2.uat.internal:50000/OMDB',
    );
  });
});

describe('gating and roles', () => {
  const full = render(fullProps({ healthMonitor: { resources } }));
  const pod = (name: string) => byName(full, 'Deployment', name).spec.template.spec;

  test('app servers wait for the data setup marker on their own image, with no database client', () => {
    const [wait] = pod('app-server').initContainers;
    expect(wait.name).toBe('wait-for-data-setup');
    expect(wait.image).toBe(APP);
    expect(wait.command.slice(3)).toEqual(['wait-for-data-setup', 'datasetup.10.0.1-abc1234.complete']);
    expect(pod('app-server').volumes).toContainEqual({ name: 'mediator', configMap: { name: 'oms-mediator', optional: true } });
    expect(JSON.stringify(pod('app-server'))).not.toMatch(/psql|db2 |sqlplus/);
  });

  test('agents wait for the marker (on om-agent), then for the app server heartbeat', () => {
    expect(pod('schedule').initContainers.map((c: any) => [c.name, c.image])).toEqual([
      ['wait-for-data-setup', AGENT],
      ['wait-for-http', TOOLS],
    ]);
    expect(pod('schedule').initContainers[1].command.slice(-1)).toEqual(['http://app-server:9080/smcfs/heartbeat/heartbeat.jsp']);
    const appIngress = byName(full, 'NetworkPolicy', 'app-server').spec.ingress;
    expect(appIngress[1].from[0].podSelector.matchLabels['app.kubernetes.io/name']).toBe('schedule');
  });

  test('each role runs its IBM image: om-app for app servers, om-agent for agents and the health monitor', () => {
    expect(pod('app-server').containers[0].image).toBe(APP);
    expect(pod('schedule').containers[0].image).toBe(AGENT);
    const monitor = pod('health-monitor').containers[0];
    expect(monitor.image).toBe(AGENT);
    expect(monitor.command[2]).toContain('exec "/opt/ssfs/runtime/bin/startHealthMonitor.sh" -jvmargs "$1 ');
    expect(monitor.readinessProbe.exec.command).toContain('HealthMonitor--HealthMonitor_*');
  });
});

describe('validation', () => {
  const cases: [string, FullTestEnvironmentProps, 'branch' | 'uat' | 'prod', string][] = [
    [
      'the app image in the agent role',
      fullProps({ images: { app: APP, agent: APP } }),
      'branch',
      'images.agent must be the om-agent image (received "registry.example.com/oms/om-app:10.0.1-abc1234"). Fix: use om-agent for agents, the health monitor and data setup',
    ],
    [
      'a smoke test that writes',
      fullProps({ smokeTest: { apis: ['changeOrder'], credentials: { secretName: 'oms-smoke-user' } } }),
      'branch',
      'smokeTest.apis must be read-only OMS APIs (get..., find..., list..., check...): a test must not write data (received "changeOrder"). Fix: call a read API such as "getOrderList"',
    ],
    [
      'a database created here without data setup',
      fullProps({ dataSetup: undefined }),
      'branch',
      "dataSetup is required for a database created here: data setup creates its schema and factory data (received undefined). Fix: set dataSetup: { kubernetesApi: [...] } (the API server's addresses, for the completion marker)",
    ],
    [
      'a drop job for a non-disposable environment',
      fullProps({ dropDatabaseOnUninstall: true }),
      'prod',
      'dropDatabaseOnUninstall must not be set for a prod environment: only disposable environments drop their database (received true). Fix: remove it; data of non-disposable environments is retained',
    ],
    [
      'a phase name that does not exist',
      fullProps({ phases: ['install', 'deploy' as any] }),
      'branch',
      'phases must name Job phases (install, upgrade, rollback, test, uninstall); drain and rollout come from the gateway\'s addTrafficPhases (received "deploy"). Fix: remove or correct the phase name',
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

  test('OMS on the in-cluster PostgreSQL needs images built for it', () => {
    expect(() => render(fullProps({ images: { app: APP, agent: AGENT } }))).toThrow(
      "imageSupportsPostgresql must be true to run OMS on PostgreSQL: IBM's images ship for Db2 and Oracle",
    );
  });
});

// The rules of the rule table that the cases above leave out, and the order messages list them in.
describe('validation, every rule', () => {
  const cases: [string, FullTestEnvironmentProps, string[]][] = [
    [
      'an unpinned app image, a release that is no id and an unpinned tools image, in rule order',
      fullProps({
        toolsImage: 'registry.example.com/platform/db-tools',
        release: '-x',
        images: { app: `${APP.split(':')[0]}:latest`, agent: AGENT },
      }),
      [
        'images.app must not use the mutable "latest" tag (received "registry.example.com/oms/om-app:latest"). Fix: pin the om-app image of the release',
        'release must be a release id (letters, digits, ".", "_", "-", at most 41) (received "-x"). Fix: use the version and commit, e.g. "10.0.2409.1-4f2a9c1"',
        'toolsImage must be pinned to a tag or digest (an untagged image means "latest") (received "registry.example.com/platform/db-tools"). Fix: pin an image with psql, pg_dump and curl',
      ],
    ],
    [
      'a database and a broker not made by their factories',
      fullProps({ database: { mode: 'in-cluster' } as any, broker: { mode: 'existing' } as any }),
      [
        'database must be made by DatabaseProvisioning (received {"mode":"in-cluster"}). Fix: use DatabaseProvisioning.inCluster(...) or DatabaseProvisioning.existing(...)',
        'broker must be made by BrokerProvisioning (received {"mode":"existing"}). Fix: use BrokerProvisioning.inCluster(...) or BrokerProvisioning.existing(...)',
      ],
    ],
    [
      'agents that do not wait on a new database, and data setup that cannot write its marker',
      fullProps({ agentsWaitForApp: false, dataSetup: { kubernetesApi: [] } }),
      [
        'agentsWaitForApp must stay on when agents install on a new, empty database: OMS needs the app server to configure it before agents run (received false). Fix: remove agentsWaitForApp: false',
        "dataSetup.kubernetesApi must list where the Kubernetes API servers are: the data setup Job writes its completion marker through the API, and every server waits for that marker (received []). Fix: on EKS use eksApiEgress(vpcCidr); on OpenShift give the API servers' addresses on 6443, e.g. [{ cidr: '10.30.0.0/24', ports: [6443] }]",
      ],
    ],
    [
      'data setup of a reused database in a disposable environment',
      partialProps({ dataSetup: { kubernetesApi: [{ cidr: '10.20.0.0/18', ports: [443] }], manageExistingDatabase: true } }),
      [
        "dataSetup.manageExistingDatabase must not be set in a disposable (branch) environment: a reused database belongs to the environment that created it, and data setup here would create or upgrade its schema under that environment's servers (received true). Fix: remove it: the owner's data setup runs there, and this environment's servers can wait for its marker (OmsDataLifecycle.gateFor(owner, version))",
      ],
    ],
    [
      'a smoke test with no API and no credentials',
      fullProps({ smokeTest: { apis: [], credentials: {} as any } }),
      [
        'smokeTest.apis must name at least one API for the test phase (received []). Fix: list read-only APIs to call through the entry point, e.g. ["getOrderList"]',
        "smokeTest.credentials must name the Secret with the OMS user (REST calls log in) (received {}). Fix: set credentials: { secretName: 'oms-smoke-user' }",
      ],
    ],
  ];
  test.each(cases)('%s', (_name, props, expected) => {
    expect(() => render(props)).toThrow(`tst/oms: invalid configuration\n${expected.map((l) => `  - ${l}`).join('\n')}`);
  });
});

test('the volume claim templates carry no version label, so an image bump is not a forbidden template change', () => {
  const a = render(fullProps());
  const b = render(
    fullProps({ database: DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.5', credentialsSecret: 'test-db' }) }),
  );
  const vct = (r: Rendered) => byName(r, 'StatefulSet', 'oms-db').spec.volumeClaimTemplates;
  expect(vct(a)[0].metadata.labels).not.toHaveProperty('app.kubernetes.io/version');
  expect(vct(a)).toEqual(vct(b));
  expect(byName(a, 'StatefulSet', 'oms-db').metadata.labels['app.kubernetes.io/version']).toBe('16.4');
});

describe('the smoke test reaches OMS the way callers do, through the entry point', () => {
  const smokeOf = (r: Rendered) => ({
    args: jobLike(r, 'smoke-test').spec.template.spec.containers[0].command.slice(4),
    egress: byName(r, 'NetworkPolicy', jobLike(r, 'smoke-test').metadata.name).spec.egress,
  });

  test.each<[string, Partial<FullTestEnvironmentProps>, GatewayImplementation, 'eks' | 'openshift', unknown]>([
    [
      'internal AWS load balancer with TLS: HTTPS to the host, egress to the load balancer subnets on 443',
      {},
      GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }),
      'eks',
      {
        args: ['https://oms.test.example.com', '', 'standard', 'getOrderList'],
        egress: [{ to: [{ ipBlock: { cidr: '10.20.48.0/20' } }], ports: [{ protocol: 'TCP', port: 443 }] }],
      },
    ],
    [
      'internal AWS load balancer, plain HTTP asked for: HTTP on 80',
      { routing: { plainHttp: true } },
      GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }),
      'eks',
      {
        args: ['http://oms.test.example.com', '', 'standard', 'getOrderList'],
        egress: [{ to: [{ ipBlock: { cidr: '10.20.48.0/20' } }], ports: [{ protocol: 'TCP', port: 80 }] }],
      },
    ],
    [
      'OpenShift router: HTTPS (Routes redirect plain HTTP) to the host, connected to the internal router Service',
      { routing: undefined },
      GatewayImplementation.openShiftRouter(),
      'openshift',
      {
        args: [
          'https://oms.test.example.com',
          'oms.test.example.com:443:router-internal-default.openshift-ingress.svc:443',
          'standard',
          'getOrderList',
        ],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } } }],
            ports: [{ protocol: 'TCP', port: 443 }],
          },
        ],
      },
    ],
    [
      'Istio with its Gateway in the namespace: connected to the Gateway Service, egress to its pods',
      { routing: { tlsSecretName: 'oms-tls' } },
      GatewayImplementation.istio(),
      'eks',
      {
        args: ['https://oms.test.example.com', 'oms.test.example.com:443:gateway-istio.tst.svc:443', 'standard', 'getOrderList'],
        egress: [
          {
            to: [{ podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'gateway' } } }],
            ports: [{ protocol: 'TCP', port: 443 }],
          },
        ],
      },
    ],
  ])('%s', (_name, overrides, gateway, platform, expected) => {
    expect(smokeOf(render(partialProps(overrides), 'branch', gateway, platform))).toEqual(expected);
  });

  test('the route serves what the smoke test calls: the router ends TLS (re-encrypting to the app server) and redirects plain HTTP', () => {
    const r = render(partialProps({ routing: undefined }), 'branch', GatewayImplementation.openShiftRouter(), 'openshift');
    expect(byName(r, 'Route', 'gateway-default').spec.tls).toEqual({ termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' });
  });

  test('Envoy Gateway without an in-cluster address fails, naming the setting', () => {
    expect(() => render(partialProps({ routing: { tlsSecretName: 'oms-tls' } }), 'branch', GatewayImplementation.envoyGateway())).toThrow(
      'tst/oms/gateway: invalid configuration\n  - inClusterAddress is required for clients inside the cluster (smoke tests) with the Envoy Gateway: Envoy Gateway names the Service of its proxies with a generated hash (received undefined)',
    );
  });

  test("a CA bundle: the ConfigMap is mounted and curl trusts it through CURL_CA_BUNDLE (the OpenShift router's own CA)", () => {
    const smokeTest = {
      apis: ['getOrderList'],
      credentials: { secretName: 'oms-smoke-user' },
      caBundle: { configMap: 'ingress-ca', key: 'ca.crt' },
    };
    const r = render(partialProps({ smokeTest }), 'branch', GatewayImplementation.openShiftRouter(), 'openshift');
    const pod = jobLike(r, 'smoke-test').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'entry-point-ca', configMap: { name: 'ingress-ca' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'entry-point-ca', mountPath: '/etc/oms-entry-point-ca' });
    expect(pod.containers[0].env).toContainEqual({ name: 'CURL_CA_BUNDLE', value: '/etc/oms-entry-point-ca/ca.crt' });
    // Without one, nothing is mounted and curl uses the image's trust store.
    const plain = jobLike(render(partialProps(), 'branch', GatewayImplementation.openShiftRouter(), 'openshift'), 'smoke-test');
    expect(plain.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['tmp']);
  });

  test.each<[string, Record<string, unknown>, Partial<FullTestEnvironmentProps>, string]>([
    ['a ConfigMap name that is not one', { configMap: 'Ingress_CA' }, {}, 'smokeTest.caBundle.configMap must be a DNS-1123 subdomain'],
    ['a key with a slash', { configMap: 'ingress-ca', key: 'certs/ca.crt' }, {}, 'smokeTest.caBundle.key must be a ConfigMap key'],
    [
      'a CA with plain HTTP',
      { configMap: 'ingress-ca' },
      { routing: { plainHttp: true } },
      'smokeTest.caBundle has no use with plainHttp routing: there is no certificate to check (received {"configMap":"ingress-ca"}). Fix: remove caBundle, or serve the host over HTTPS',
    ],
  ])('caBundle: %s fails', (_name, caBundle, overrides, expected) => {
    const smokeTest = { apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' }, caBundle: caBundle as any };
    expect(() =>
      render(partialProps({ ...overrides, smokeTest }), 'branch', GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC })),
    ).toThrow(expected);
  });

  test('without the test phase, no in-cluster address is needed', () => {
    const r = render(
      partialProps({ routing: { tlsSecretName: 'oms-tls' }, phases: ['install'] }),
      'branch',
      GatewayImplementation.envoyGateway(),
    );
    expect(r.files.map((f) => f.path).filter((p) => p.startsWith('phases/'))).toEqual([]);
  });
});
