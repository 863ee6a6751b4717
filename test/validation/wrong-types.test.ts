/**
 * No TypeError from the public API: every prop of every construct, replaced
 * by a value of the WRONG_VALUE type (numbers for strings, null, arrays, objects,
 * booleans, strings for numbers), fails with the library's validation error
 * (construct path, property, value, rule and fix), never with a crash inside
 * the construct or the renderer.
 */
import { App } from 'cdk8s';
import fc from 'fast-check';
import { WRONG_VALUE, crash as crashOf } from '../support/wrong-values';
import {
  AgentPool,
  BlueGreenPair,
  BrokerProvisioning,
  CacheConnection,
  DatabaseConnection,
  DatabaseProvisioning,
  FullTestEnvironment,
  MessageBroker,
  Microservice,
  OmsConfigError,
  OmsDataSetup,
  OmsEnvironment,
  OmsHealthMonitor,
  OmsMicroservice,
  OmsSynthError,
  renderEnvironment,
} from '../../lib';
import {
  AGENT_IMAGE,
  IMAGE,
  SMALL_RESOURCES,
  TEST_DB,
  dataSetupProps,
  newEnv,
  omsProps,
  pairProps,
  serviceProps,
} from '../support/fixtures';

/** A crash: an error other than the library's own. */
const crash = (attempt: () => unknown) => crashOf(attempt, [OmsConfigError, OmsSynthError]);

const resources = SMALL_RESOURCES;
const mqProps = () => ({
  name: 'mq',
  adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
  credentials: { secretName: 'mq-admin' },
  queues: ['OMS.SCHEDULE'],
  egress: [{ cidr: '10.1.0.0/24', ports: [1414, 9443] }],
});

/** Every prop path of `props`: its keys and, one level down, the keys of its plain-object values. */
function propPaths(props: Record<string, unknown>): string[][] {
  return Object.entries(props).flatMap(([k, v]) => [
    [k],
    ...(v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
      ? Object.keys(v).map((n) => [k, n])
      : []),
  ]);
}

function withValue(props: Record<string, any>, path: string[], value: unknown): Record<string, any> {
  if (path.length === 1) return { ...props, [path[0]]: value };
  return { ...props, [path[0]]: withValue(props[path[0]], path.slice(1), value) };
}

interface Subject {
  readonly name: string;
  readonly props: () => Record<string, any>;
  readonly build: (props: any) => unknown;
}

const k8s = (make: (env: OmsEnvironment, props: any) => unknown) => (props: any) => {
  const env = newEnv();
  make(env, props);
  return renderEnvironment(env);
};

const SUBJECTS: Subject[] = [
  {
    name: 'OmsEnvironment',
    props: () => ({ stage: 'uat', platform: 'eks', budget: { cpu: '100', memory: '400Gi' } }),
    build: (props) => renderEnvironment(new OmsEnvironment(new App(), 'test-env', props)),
  },
  { name: 'Microservice', props: () => serviceProps({ port: 8080 }), build: k8s((env, p) => new Microservice(env, 'api', p)) },
  { name: 'OmsMicroservice', props: () => omsProps({ apis: ['createOrder'] }), build: k8s((env, p) => new OmsMicroservice(env, 'oms', p)) },
  {
    name: 'AgentPool',
    props: () => ({
      image: AGENT_IMAGE,
      servers: ['ScheduleOrderServer'],
      connections: [TEST_DB],
      resources,
      minReplicas: 1,
      maxReplicas: 3,
    }),
    build: k8s((env, p) => new AgentPool(env, 'agents', p)),
  },
  {
    name: 'OmsHealthMonitor',
    props: () => ({ image: AGENT_IMAGE, connections: [TEST_DB], resources, restartAfterMinutes: 10 }),
    build: k8s((env, p) => new OmsHealthMonitor(env, 'monitor', p)),
  },
  {
    name: 'OmsDataSetup',
    props: () => dataSetupProps(),
    build: k8s((env, p) => new OmsDataSetup(env, 'setup', p)),
  },
  {
    name: 'BlueGreenPair',
    props: () => pairProps(),
    build: k8s((env, p) => new BlueGreenPair(env, 'capture', p)),
  },
  {
    name: 'FullTestEnvironment',
    props: () => ({
      release: '10.0.1-abc1234',
      images: { app: IMAGE, agent: AGENT_IMAGE, supportPostgresql: true },
      toolsImage: 'registry.example.com/platform/db-tools:1.4.0',
      database: DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.4', credentialsSecret: 'test-db' }),
      broker: BrokerProvisioning.inCluster({
        image: 'docker.io/apache/activemq-artemis:2.38.0',
        credentialsSecret: 'test-broker',
        queues: ['OMS.SCHEDULE'],
      }),
      dataSetup: { kubernetesApi: [{ cidr: '10.20.0.0/18', ports: [443] }] },
      host: 'oms.test.example.com',
      appServer: { resources },
      agents: { schedule: { servers: ['ScheduleOrderServer'], resources, queue: 'OMS.SCHEDULE', minReplicas: 1, maxReplicas: 2 } },
      smokeTest: { apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
    }),
    build: (p) => {
      const env = newEnv({ stage: 'branch', budget: { cpu: '100', memory: '200Gi' } }, 'tst');
      new FullTestEnvironment(env, 'oms', p);
      return renderEnvironment(env);
    },
  },
  {
    name: 'DatabaseConnection.existing',
    props: () => ({
      host: 'db.uat.internal',
      database: 'oms',
      credentials: { secretName: 'oms-db' },
      egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
    }),
    build: (p) => DatabaseConnection.existing(p),
  },
  {
    name: 'CacheConnection.existing',
    props: () => ({ host: 'cache.uat.internal', tls: true, egress: [{ cidr: '10.20.64.0/20', ports: [6379] }] }),
    build: (p) => CacheConnection.existing(p),
  },
  { name: 'MessageBroker.ibmMq', props: mqProps, build: (p) => MessageBroker.ibmMq(p) },
];

/**
 * Crashes still reachable, in code this suite does not own: each is one value
 * that still crashes. The test is marked failing, so the fix turns it red
 * until its line here is removed; its prop is left out of the random search.
 */
const KNOWN_CRASHES: readonly (readonly [subject: string, path: string, value: unknown])[] = [];

const isKnown = (subject: string, path: string) => KNOWN_CRASHES.some(([s, p]) => s === subject && p === path);

describe.each(SUBJECTS)('$name', ({ name, props, build }) => {
  test('its valid props build', () => expect(crash(() => build(props()))).toBeUndefined());

  const paths = propPaths(props()).filter((p) => !isKnown(name, p.join('.')));
  test.each(paths.map((p) => [p.join('.'), p] as const))('%s of the WRONG_VALUE type fails validation, never crashes', (_name, path) => {
    fc.assert(
      fc.property(WRONG_VALUE, (value) => {
        const error = crash(() => build(withValue(props(), path, value)));
        if (error) throw new Error(`${path.join('.')} = ${JSON.stringify(value)} crashed: ${error.name}: ${error.message}`);
      }),
      { numRuns: 15 },
    );
  });

  const known = KNOWN_CRASHES.filter(([s]) => s === name);
  if (known.length > 0)
    test.failing.each(known.map(([, path, value]) => [path, value] as const))('known crash: %s = %j', (path, value) => {
      expect(crash(() => build(withValue(props(), path.split('.'), value)))).toBeUndefined();
    });
});
