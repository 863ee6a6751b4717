import { App } from 'cdk8s';
import { GatewayImplementation } from '../../lib/k8s/platform/gateway-implementation';
import { DatabaseVendor } from '../../lib/core';
import { DatabaseConnection } from '../../lib/k8s/connections/database-connection';
import { OmsEnvironment, OmsEnvironmentProps } from '../../lib/k8s/environment/oms-environment';
import { OmsMicroserviceProps } from '../../lib/k8s/workloads/oms-microservice';
import type { BlueGreenPairProps } from '../../lib/k8s/release/blue-green-pair';
import type { OmsDataSetupProps } from '../../lib/k8s/workloads/oms-data-setup';
import type { OmsAwsStackProps } from '../../lib/aws/oms-aws-stack';
import type { FullTestEnvironmentProps } from '../../lib/environments/full-test-environment';
import { BrokerProvisioning, DatabaseProvisioning } from '../../lib/k8s/connections/test-data-services';
import { MicroserviceProps } from '../../lib/k8s/workloads/microservice';
import { renderEnvironment } from '../../lib/k8s/output/render';

/** A pinned image for tests. */
export const IMAGE = 'registry.example.com/oms/om-app:10.0.2409.1-abc1234';

/**
 * A fresh environment named `test-env` (UAT on EKS unless overridden). On EKS, where an environment
 * must now choose its gateway, it keeps the Ingress for ingress-nginx these tests were written
 * against unless `gateway` is given (even as undefined, to test the environment's own default).
 */
export function newEnv(overrides: Partial<OmsEnvironmentProps> = {}, name = 'test-env'): OmsEnvironment {
  const eks = (overrides.platform ?? 'eks') === 'eks';
  return new OmsEnvironment(new App(), name, {
    stage: 'uat',
    platform: 'eks',
    budget: { cpu: '100', memory: '400Gi' },
    ...(eks && !('gateway' in overrides) ? { gateway: GatewayImplementation.ingressNginx() } : {}),
    ...overrides,
  });
}

/** Valid microservice properties (they suit both a plain service and an OMS app server). */
export function serviceProps<T extends MicroserviceProps | OmsMicroserviceProps>(overrides: Partial<T> = {}): T {
  return {
    image: IMAGE,
    resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
    ...overrides,
  } as T;
}

/** A Db2 database for OMS servers in tests. */
export const TEST_DB = DatabaseConnection.existing({
  vendor: DatabaseVendor.DB2,
  host: 'db2.test.internal',
  database: 'OMDB',
  credentials: { secretName: 'oms-db' },
  egress: [{ cidr: '10.20.64.0/20', ports: [50000] }],
});
/** IBM's agent image for tests. */
export const AGENT_IMAGE = 'registry.example.com/oms/om-agent:10.0.2409.1-abc1234';

/** Valid OMS app server properties: the microservice's, with its database. */
export function omsProps(overrides: Partial<OmsMicroserviceProps> = {}): OmsMicroserviceProps {
  return serviceProps<OmsMicroserviceProps>({ connections: [TEST_DB], ...overrides });
}

/** The rendered manifests of an environment. */
export function manifestsOf(env: OmsEnvironment): Record<string, any>[] {
  return renderEnvironment(env).manifests;
}

/** The one manifest of `kind` (and `name`, when given); throws when there is not exactly one. */
export function only(manifests: Record<string, any>[], kind: string, name?: string): Record<string, any> {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
  return found[0];
}

/** Small container resources for workloads whose size the test does not care about. */
export const SMALL_RESOURCES = { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } };

/** Valid blue-green pair properties: blue on 10.0.2409.1 (schema 41), green on 10.0.2412.0 (schema 42, reads 41). */
export function pairProps(overrides: Partial<BlueGreenPairProps> = {}): BlueGreenPairProps {
  return {
    active: 'blue',
    blue: { image: IMAGE, agentImage: AGENT_IMAGE, version: '10.0.2409.1', schemaVersion: 41 },
    green: {
      image: 'registry.example.com/oms/om-app:10.0.2412.0-def5678',
      agentImage: 'registry.example.com/oms/om-agent:10.0.2412.0-def5678',
      version: '10.0.2412.0',
      schemaVersion: 42,
      oldestSchemaVersion: 41,
    },
    apis: ['createOrder'],
    service: { resources: SMALL_RESOURCES, connections: [TEST_DB] },
    smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'smoke-user' } },
    ...overrides,
  };
}

/** Valid data setup properties: IBM's `create` of release 10.0.1 on the test database. */
export function dataSetupProps(overrides: Partial<OmsDataSetupProps> = {}): OmsDataSetupProps {
  return {
    image: AGENT_IMAGE,
    connections: [TEST_DB],
    resources: SMALL_RESOURCES,
    mode: 'create',
    release: '10.0.1',
    mediator: 'oms-setup',
    kubernetesApi: [{ cidr: '10.20.0.0/18', ports: [443] }],
    ...overrides,
  } as OmsDataSetupProps;
}

/** The base of an ECS (Fargate) stack: `uat-services` in one account, before its services. */
export const ECS_STACK: Pick<
  OmsAwsStackProps,
  'environment' | 'stage' | 'account' | 'state' | 'network' | 'compute' | 'databaseToolsImage'
> = {
  environment: 'uat-services',
  stage: 'uat',
  account: { accountId: '111122223333', region: 'eu-west-1' },
  state: { bucket: 'state' },
  network: { cidr: '10.24.0.0/16' },
  compute: 'ecs',
  databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
};

/** Valid full test environment properties: release 10.0.1 with an in-cluster PostgreSQL and Artemis, one agent pool. */
export function fullTestProps(overrides: Partial<FullTestEnvironmentProps> = {}): FullTestEnvironmentProps {
  return {
    release: '10.0.1-abc1234',
    images: {
      app: 'registry.example.com/oms/om-app:10.0.1-abc1234',
      agent: 'registry.example.com/oms/om-agent:10.0.1-abc1234',
      supportPostgresql: true,
    },
    toolsImage: 'registry.example.com/platform/db-tools:1.4.0',
    database: DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.4', credentialsSecret: 'test-db' }),
    broker: BrokerProvisioning.inCluster({
      image: 'docker.io/apache/activemq-artemis:2.38.0',
      credentialsSecret: 'test-broker',
      queues: ['OMS.SCHEDULE'],
    }),
    dataSetup: { kubernetesApi: [{ cidr: '10.20.0.0/18', ports: [443] }] },
    host: 'oms.test.example.com',
    routing: { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b' },
    appServer: { resources: SMALL_RESOURCES },
    agents: {
      schedule: { servers: ['ScheduleOrderServer'], resources: SMALL_RESOURCES, queue: 'OMS.SCHEDULE', minReplicas: 1, maxReplicas: 2 },
    },
    smokeTest: { apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
    ...overrides,
  };
}
