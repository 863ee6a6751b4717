/**
 * Builders for the tables of bad inputs (test/validation/bad-inputs*.test.ts): each builds one construct from valid
 * props with the row's overrides, in an environment or stack, and renders or synthesizes it, where some checks run.
 */
import { App } from 'cdk8s';
import { Testing } from 'cdktf';
import {
  AgentPool,
  AwsConnection,
  BlueGreenPair,
  BlueGreenPairProps,
  BranchDatabase,
  CacheConnection,
  CacheConnectionProps,
  DatabaseConnection,
  DatabaseConnectionProps,
  DatabaseVendor,
  EnvironmentMonitoring,
  FullTestEnvironment,
  GatewayImplementation,
  MessageBroker,
  Microservice,
  MicroserviceProps,
  OmsApiGateway,
  OmsApiGatewayProps,
  OmsCluster,
  OmsEnvironment,
  OmsMicroservice,
  ScheduleTrigger,
  renderEnvironment,
} from '../../lib';
import type {
  AgentPoolProps,
  AwsConnectionProps,
  BranchDatabaseProps,
  CronScheduleProps,
  EnvironmentMonitoringProps,
  FullTestEnvironmentProps,
  IbmMqBrokerProps,
  OmsClusterProps,
  OmsEnvironmentProps,
  OmsMicroserviceProps,
} from '../../lib';
import { OmsAwsStack, OmsAwsStackProps } from '../../lib/aws';
import { AGENT_IMAGE, ECS_STACK, SMALL_RESOURCES, fullTestProps, TEST_DB, newEnv, omsProps, pairProps, serviceProps } from './fixtures';
import { messageOf } from './errors';

export const PAIR = pairProps();

/** A plain service in a rendered environment. */
export function service(props: Partial<MicroserviceProps> & Record<string, unknown>, id = 'svc'): void {
  const env = newEnv();
  new Microservice(env, id, serviceProps(props as Partial<MicroserviceProps>));
  renderEnvironment(env);
}

/** An OMS app server in a rendered environment. */
export function appServer(props: Partial<OmsMicroserviceProps> & Record<string, unknown>): void {
  const env = newEnv();
  new OmsMicroservice(env, 'app', omsProps(props as Partial<OmsMicroserviceProps>));
  renderEnvironment(env);
}

/** An agent pool in a rendered environment. */
export function pool(props: Partial<AgentPoolProps> & Record<string, unknown>): void {
  const env = newEnv();
  new AgentPool(env, 'agents', {
    image: AGENT_IMAGE,
    servers: ['ScheduleOrderServer'],
    connections: [TEST_DB],
    resources: SMALL_RESOURCES,
    ...props,
  } as AgentPoolProps);
  renderEnvironment(env);
}

/** An IBM MQ broker with `overrides`. */
export const mq = (overrides: Record<string, unknown> = {}) =>
  MessageBroker.ibmMq({
    name: 'mq',
    adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
    credentials: { secretName: 'mq-admin' },
    queues: ['OMS.SCHEDULE'],
    egress: [{ cidr: '10.1.0.0/24', ports: [1414] }],
    ...overrides,
  } as IbmMqBrokerProps);

/** A pool that scales on the broker built from `overrides`. */
export const scaledBy = (broker: MessageBroker, queue = 'OMS.SCHEDULE') =>
  pool({ scaling: broker.queueDepth(queue), minReplicas: 0, maxReplicas: 2 });

/** An SQS broker with `overrides`. */
export const sqs = (overrides: Record<string, unknown>) =>
  MessageBroker.sqs({
    name: 'sqs',
    region: 'eu-west-1',
    accountId: '111122223333',
    roleArn: 'arn:aws:iam::111122223333:role/keda',
    queues: ['events'],
    ...overrides,
  });

/** A pool with a cron schedule built from `overrides`. */
export const scheduled = (overrides: Partial<CronScheduleProps> & Record<string, unknown>) =>
  pool({
    schedule: ScheduleTrigger.cron({ timezone: 'Europe/London', start: '0 8 * * *', end: '0 18 * * *', ...overrides } as CronScheduleProps),
  });

/** A Db2 database connection with `overrides`. */
export const database = (overrides: Record<string, unknown>) =>
  DatabaseConnection.existing({
    vendor: DatabaseVendor.DB2,
    host: 'db2.test.internal',
    database: 'OMDB',
    credentials: { secretName: 'oms-db' },
    egress: [{ cidr: '10.20.64.0/20', ports: [50000] }],
    ...overrides,
  } as DatabaseConnectionProps);

/** A cache connection with `overrides`. */
export const cache = (overrides: Record<string, unknown>) =>
  CacheConnection.existing({
    host: 'redis.test.internal',
    egress: [{ cidr: '10.20.64.0/20', ports: [6379] }],
    ...overrides,
  } as CacheConnectionProps);

/** A gateway in front of one plain service (ingress-nginx unless `gateway` is given). */
export function gateway(props: Record<string, unknown>, implementation = GatewayImplementation.ingressNginx()): void {
  const env = newEnv({ gateway: implementation });
  const api = new Microservice(env, 'api', serviceProps({ routes: ['/api'] }));
  new OmsApiGateway(env, 'gw', { host: 'api.example.com', defaultBackend: api, tlsSecretName: 'api-tls', ...props } as OmsApiGatewayProps);
  renderEnvironment(env);
}

/** An environment with one service, rendered. */
export function environment(props: Partial<OmsEnvironmentProps> & Record<string, unknown>): void {
  const env = newEnv(props as Partial<OmsEnvironmentProps>);
  new Microservice(env, 'svc', serviceProps());
  renderEnvironment(env);
}

/** A blue-green pair in a rendered environment. */
export function pair(overrides: Record<string, unknown>): void {
  const env = newEnv();
  new BlueGreenPair(env, 'capture', pairProps(overrides as Partial<BlueGreenPairProps>));
  renderEnvironment(env);
}

/** An ECS stack, synthesized. */
export function stack(overrides: Partial<OmsAwsStackProps> & Record<string, unknown>): void {
  const app = Testing.app();
  const s = new OmsAwsStack(app, 'stack', {
    ...ECS_STACK,
    ...overrides,
  } as OmsAwsStackProps);
  Testing.synth(s);
}

/** A stack with one Fargate service built from `overrides`. */
export const fargate = (overrides: Record<string, unknown>) =>
  stack({ fargateServices: [{ name: 'api', image: 'registry.example.com/api:1.0.0', ...overrides } as never] });

/** A full test environment in a branch environment behind an AWS load balancer, rendered. */
export function fullTest(overrides: Record<string, unknown>): void {
  const env = newEnv(
    {
      stage: 'branch',
      budget: { cpu: '100', memory: '200Gi' },
      gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }),
    },
    'tst',
  );
  new FullTestEnvironment(env, 'oms', fullTestProps(overrides as Partial<FullTestEnvironmentProps>));
  renderEnvironment(env);
}

/** An OpenShift cluster with one environment placed on it, rendered. */
export function cluster(overrides: Record<string, unknown>): void {
  const ocp = new OmsCluster({
    name: 'ocp-uat',
    platform: 'openshift',
    enforcement: { kind: 'openshift-quota' },
    ceiling: { cpu: '100', memory: '300Gi', pods: 300 },
    owner: 'uat-a',
    environments: { 'uat-a': { cpu: '60', memory: '200Gi', pods: 200 } },
    ...overrides,
  } as OmsClusterProps);
  renderEnvironment(
    new OmsEnvironment(new App(), 'uat-a', {
      stage: 'uat',
      platform: 'openshift',
      budget: { cpu: '60', memory: '200Gi', pods: 200 },
      cluster: ocp,
    }),
  );
}

/** An environment with an app server behind a gateway and a pool scaling on OMS.SCHEDULE, monitored with `props`. */
export function monitored(props: Record<string, unknown>): void {
  const env = newEnv();
  const app = new OmsMicroservice(env, 'app', omsProps());
  poolOnScheduleQueue(env);
  new OmsApiGateway(env, 'gateway', { host: 'oms.test.example.com', defaultBackend: app, tlsSecretName: 'oms-tls' });
  new EnvironmentMonitoring(env, 'monitoring', props as EnvironmentMonitoringProps);
  renderEnvironment(env);
}
export const poolOnScheduleQueue = (env: OmsEnvironment) =>
  new AgentPool(env, 'agents', {
    image: AGENT_IMAGE,
    servers: ['ScheduleOrderServer'],
    connections: [TEST_DB],
    resources: SMALL_RESOURCES,
    scaling: mq().queueDepth('OMS.SCHEDULE'),
    maxReplicas: 5,
  });

export const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';

/** The AWS backing services of environment `uat-eks` as connections, rendered. */
export function awsConnection(props: Record<string, unknown>): void {
  const env = newEnv({}, 'uat-eks');
  new AwsConnection(env, 'aws', { vpcCidr: '10.20.0.0/16', region: 'eu-west-1', toolsImage: TOOLS, ...props } as AwsConnectionProps);
  renderEnvironment(env);
}

/** A branch environment's own database on the UAT instance, rendered. */
export function branchDatabase(props: Record<string, unknown>): void {
  const env = newEnv({ stage: 'branch' }, 'br-x');
  new BranchDatabase(env, 'database', {
    hostEnvironment: 'uat-eks',
    image: TOOLS,
    region: 'eu-west-1',
    egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
    ...props,
  } as BranchDatabaseProps);
  renderEnvironment(env);
}

/** One row of a table of bad inputs: the construct, what is wrong, how to build it, and the exact problem line. */
export type Row = [construct: string, description: string, build: () => unknown, problem: string];

/** Asserts that `build` fails with the construct path first, then (among its problem lines) exactly `problem`. */
export function expectProblem(build: () => unknown, problem: string): void {
  const message = messageOf(build);
  // The construct path first, then one line per problem.
  expect(message).toMatch(/^[^\n]+: invalid configuration\n/);
  expect(
    message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, '')),
  ).toContain(problem);
}
