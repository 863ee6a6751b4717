import { Testing } from 'cdktf';
import {
  AgentPool,
  BrokerProvisioning,
  DatabaseConnection,
  DatabaseProvisioning,
  GatewayImplementation,
  MessageBroker,
  Microservice,
  OmsApiGateway,
  OmsMicroservice,
} from '../../lib';
import { throwIfProblems } from '../../lib/core';
import { OmsAwsStack } from '../../lib/aws';
import { AGENT_IMAGE, ECS_STACK, TEST_DB, newEnv, omsProps, serviceProps } from '../support/fixtures';

// The bad inputs that used to synthesize silently: each fails with the construct path, the property, the value
// received, the rule and the fix.
const messageOf = (build: () => unknown): string => {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

const VPC = '10.20.0.0/16';
const ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f';

/** A plain service behind an AWS load balancer, with a gateway built from `overrides`. */
function albGateway(id: string, overrides: Record<string, unknown>) {
  const env = newEnv({ gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }) });
  const api = new Microservice(env, 'api', serviceProps({ routes: ['/api'] }));
  return new OmsApiGateway(env, id, { host: 'api.example.com', defaultBackend: api, certificateArn: ARN, ...overrides } as any);
}

function fargate(overrides: Record<string, unknown>) {
  return new OmsAwsStack(Testing.app(), 'stack', {
    ...ECS_STACK,
    fargateServices: [{ name: 'api', image: 'registry.example.com/api:1.0.0', ...overrides }],
  });
}

const artemis = (managementEndpoint: string) =>
  MessageBroker.artemis({
    name: 'artemis',
    managementEndpoint,
    brokerName: 'broker',
    brokerAddress: 'oms',
    credentials: { secretName: 'artemis-admin' },
    queues: ['Q1'],
    egress: [{ cidr: '10.1.0.0/24', ports: [61616, 8161] }],
  });

test.each<[string, () => unknown, string]>([
  [
    'a gateway id in PascalCase',
    () => albGateway('PublicGateway', {}),
    'test-env/PublicGateway: invalid configuration\n  - id must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (it names the routing objects) (received "PublicGateway"). Fix: use e.g. "publicgateway"',
  ],
  [
    'an IP address as the HTTPRoute hostname',
    () => albGateway('gw', { host: '10.20.1.15' }),
    'test-env/gw: invalid configuration\n  - host must be a DNS host name, not an IP address: Gateway API HTTPRoute hostnames, Ingress hosts and OpenShift Route hosts refuse IP addresses (received "10.20.1.15"). Fix: give the DNS name callers use (a record pointing at the load balancer), e.g. "polls.uat.example.com"',
  ],
  [
    'a PVC size of 50GB',
    () =>
      DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.4', credentialsSecret: 'db', storage: '50GB' }).validate(
        'database',
      ),
    'no error',
  ],
  [
    'a Fargate CPU of 1000',
    () => fargate({ cpu: 1000 }),
    'stack: invalid configuration\n  - fargateServices[0].cpu must be a Fargate task size in CPU units (256, 512, 1024, 2048, 4096, 8192, 16384) (received 1000). Fix: use 1024 (1024 units are one vCPU)',
  ],
  [
    'Fargate memory the CPU size does not allow',
    () => fargate({ cpu: 256, memoryMiB: 4096 }),
    'stack: invalid configuration\n  - fargateServices[0].memoryMiB must be a memory size Fargate allows with cpu 256: 512, 1024, 2048 MiB (received 4096). Fix: use e.g. 2048',
  ],
  [
    'tlsSecretName with the AWS load balancer',
    () => albGateway('gw', { tlsSecretName: 'api-tls' }),
    'test-env/gw: invalid configuration\n  - tlsSecretName is not used by the AWS load balancer: it terminates TLS with an ACM certificate, never a Kubernetes Secret (received "api-tls"). Fix: remove tlsSecretName and give certificateArn (the ACM certificate for host)',
  ],
  [
    'a password inside a JDBC URL env value',
    () =>
      new Microservice(newEnv(), 'api', serviceProps({ env: { DATABASE_URL: 'jdbc:postgresql://db:5432/app?user=app&password=hunter2' } })),
    'test-env/api: invalid configuration\n  - env["DATABASE_URL"] must not carry a credential in plain text (the value holds a JDBC URL with a password) (received "<redacted>"). Fix: move it to secretEnv: { DATABASE_URL: { secretName: \'...\', key: \'...\' } }',
  ],
  [
    "a password in Oracle's thin JDBC URL",
    () => new Microservice(newEnv(), 'api', serviceProps({ env: { JDBC_URL: 'jdbc:oracle:thin:scott/tiger@db:1521/ORCL' } })),
    'test-env/api: invalid configuration\n  - env["JDBC_URL"] must not carry a credential in plain text (the value holds a JDBC URL with a password) (received "<redacted>"). Fix: move it to secretEnv: { JDBC_URL: { secretName: \'...\', key: \'...\' } }',
  ],
  [
    'JVM_ARGS as a plain env var on an OMS server',
    () => new OmsMicroservice(newEnv(), 'app', omsProps({ env: { JVM_ARGS: '-Xmx8g' } })),
    'test-env/app: invalid configuration\n  - env["JVM_ARGS"] must not pass JVM options: the construct renders them from jvm and checks the heap against the memory limit (received "JVM_ARGS"). Fix: move the options to jvm (heap sizes to its heap settings)',
  ],
  [
    'a broker namespace that is not a DNS label',
    () =>
      new AgentPool(newEnv(), 'agents', {
        image: AGENT_IMAGE,
        servers: ['ScheduleOrderServer'],
        connections: [TEST_DB],
        resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
        scaling: artemis('artemis.BrokerNS.svc:8161').queueDepth('Q1'),
      }),
    'test-env/agents: invalid configuration\n  - scaling.broker.managementEndpoint must name the broker\'s Service and namespace as DNS-1123 labels ("<service>.<namespace>.svc:<port>"); the namespace "BrokerNS" must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "artemis.BrokerNS.svc:8161"). Fix: use the names Kubernetes has, e.g. "artemis.brokerns.svc:8161"',
  ],
  [
    'a database connection whose port is not in its egress ports',
    () =>
      DatabaseConnection.existing({
        host: 'db.uat.internal',
        port: 6432,
        database: 'app',
        credentials: { secretName: 'db' },
        egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
      }),
    "DatabaseConnection.existing(database): invalid configuration\n  - egress[*].ports must include the database's port 6432: clients connect there, and a NetworkPolicy without it blocks every connection (received [5432]). Fix: add 6432 to the ports of the egress rule that reaches the database, or set port to the one it listens on",
  ],
  [
    'agent server names that differ only in case',
    () =>
      new AgentPool(newEnv(), 'agents', {
        image: AGENT_IMAGE,
        servers: ['ScheduleOrderServer', 'scheduleorderserver'],
        connections: [TEST_DB],
        resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
      }),
    'test-env/agents: invalid configuration\n  - servers must differ in more than letter case ("ScheduleOrderServer" is listed too): each server\'s container is named after it in lower case (received "scheduleorderserver"). Fix: give the servers names that differ in letters, or list the server once',
  ],
])('%s', (_case, build, expected) => {
  expect(messageOf(build)).toBe(expected);
});

test.each<[string, () => unknown, string]>([
  [
    'an in-cluster broker with a PVC size of 50GB',
    () =>
      throwIfProblems(
        'test-env/oms',
        BrokerProvisioning.inCluster({
          image: 'docker.io/apache/activemq-artemis:2.37.0',
          credentialsSecret: 'b',
          queues: ['Q'],
          storage: '50GB',
        }).validate('broker'),
      ),
    'test-env/oms: invalid configuration\n  - broker.storage must be a Kubernetes storage quantity such as "50Gi" or "50G" (suffixes Ki, Mi, Gi, Ti or k, M, G, T; no "B") (received "50GB"). Fix: use e.g. "50Gi"',
  ],
  [
    'JAVA_TOOL_OPTIONS as a plain env var on an agent pool (jvmOptionVariableProblems)',
    () =>
      new AgentPool(newEnv(), 'agents', {
        image: AGENT_IMAGE,
        servers: ['ScheduleOrderServer'],
        connections: [TEST_DB],
        resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
        env: { JAVA_TOOL_OPTIONS: '-Xmx2g' },
      }),
    'test-env/agents: invalid configuration\n  - env["JAVA_TOOL_OPTIONS"] must not pass JVM options: the construct renders them from jvm and checks the heap against the memory limit (received "JAVA_TOOL_OPTIONS"). Fix: move the options to jvm (heap sizes to its heap settings)',
  ],
  [
    'a plain service may pass its own JVM options',
    () => new Microservice(newEnv(), 'api', serviceProps({ env: { JAVA_TOOL_OPTIONS: '-XX:MaxRAMPercentage=75' } })),
    'no error',
  ],
])('%s', (_case, build, expected) => {
  expect(messageOf(build)).toBe(expected);
});
