import { App } from 'cdk8s';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, STATE } from './config/aws';
import { UAT_DB_EGRESS, UAT_IMAGE, UAT_MQ } from './config/uat';
import {
  AgentPool,
  AwsConnection,
  BlueGreenPair,
  MessageBroker,
  OmsApiGateway,
  OmsEnvironment,
  OmsMicroservice,
  ScheduleTrigger,
} from '../lib';

// UAT on Amazon EKS: the current main branch, behind one host.
const image = UAT_IMAGE;
const db = UAT_DB_EGRESS;
const dbPassword = { secretName: 'oms-db', key: 'password' };
const agentResources = { cpu: { request: '500m', limit: '1' }, memory: { request: '2Gi', limit: '2Gi' } };
const ibmMq = UAT_MQ;
const sqs = MessageBroker.sqs({
  name: 'sqs',
  region: 'eu-west-1',
  accountId: '111122223333',
  roleArn: 'arn:aws:iam::111122223333:role/uat-keda-sqs-reader',
  queues: ['uat-oms-shipment-events'],
  egress: [{ cidr: '10.20.0.0/16', ports: [443], description: 'SQS VPC endpoint' }],
});

const env = new OmsEnvironment(new App(), 'uat-eks', {
  stage: 'uat',
  platform: 'eks',
  budget: { cpu: '100', memory: '320Gi', pods: 100 },
});

new AwsConnection(env, 'aws');
const appServer = new OmsMicroservice(env, 'app-server', {
  image,
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } },
  egress: [db, ...ibmMq.egress],
  secretEnv: { DB_PASSWORD: dbPassword },
});
const reserve = new OmsMicroservice(env, 'reserve', {
  image,
  apis: ['reserveAvailableInventory', 'getATP', 'findInventory'],
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  maxReplicas: 6,
  pools: { dbPoolMax: 80 },
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
const search = new OmsMicroservice(env, 'order-search', {
  image,
  apis: ['getOrderList', 'getOrderDetails'],
  resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  propertyOverrides: { 'yfs.yfs.ui.queryTimeout': '60' },
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
reserve.allowFrom(appServer);

new AgentPool(env, 'schedule-order', {
  image,
  servers: ['ScheduleOrderServer', 'ReleaseOrderServer'],
  timeTriggered: true,
  resources: agentResources,
  scaling: ibmMq.queueDepth('OMS.SCHEDULE.ORDER', { target: 20 }),
  schedule: ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', start: '0 6 * * *', end: '0 22 * * *' }),
  minReplicas: 0,
  maxReplicas: 4,
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
new AgentPool(env, 'create-order', {
  image,
  servers: ['CreateOrderIntegServer'],
  resources: agentResources,
  scaling: ibmMq.queueDepth('OMS.CREATE.ORDER', { target: 50, activation: 1 }),
  minReplicas: 0,
  maxReplicas: 3,
  runToCompletion: true,
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
new AgentPool(env, 'shipment-events', {
  image,
  servers: ['ShipmentEventsIntegServer'],
  resources: agentResources,
  scaling: sqs.queueDepth('uat-oms-shipment-events', { target: 100 }),
  minReplicas: 0,
  maxReplicas: 3,
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});

const capture = new BlueGreenPair(env, 'order-capture', {
  active: 'blue',
  blue: { image, version: '10.0.2409.1', schemaVersion: 41 },
  green: {
    image: 'registry.example.com/oms/om-app:10.0.2412.0-main-9b1e7d2',
    version: '10.0.2412.0',
    schemaVersion: 42,
    oldestSchemaVersion: 41,
  },
  apis: ['createOrder', 'changeOrder'],
  service: {
    resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
    maxReplicas: 3,
    egress: [db],
    secretEnv: { DB_PASSWORD: dbPassword },
  },
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['changeOrder'], credentials: { secretName: 'oms-smoke-user' } },
});

new OmsApiGateway(env, 'gateway', {
  host: 'oms.uat.example.com',
  defaultBackend: appServer,
  services: [reserve, search, capture],
  tlsSecretName: 'oms-uat-tls',
});

const aws = OmsAwsStack.standalone({
  environment: 'uat-eks',
  stage: 'uat',
  account: ACCOUNTS.development,
  state: STATE.development,
  network: { cidr: '10.20.0.0/16', avoidCidrs: ['10.0.0.0/16'] },
  repositories: ['oms/om-app', 'oms/om-agent'],
  hostsBranchDatabases: true,
});

export default { k8s: env, aws };
