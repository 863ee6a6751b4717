import { AgentPoolProps, BlueGreenPairProps, MessageBroker, OmsMicroserviceProps, ScheduleTrigger, workloadSubnetsCidr } from '../../lib';

/** UAT's VPC in the development account. */
export const UAT_VPC = '10.20.0.0/16';

// UAT on EKS runs the current main branch in the development account; other environments reuse its
// database and queue manager. Everything here is data: the app composes it.

export const UAT_IMAGE = 'registry.example.com/oms/om-app:10.0.2409.1-main-4f2a9c1';
/** UAT's IBM MQ queue manager. */
export const UAT_MQ = MessageBroker.ibmMq({
  name: 'mq',
  adminUrl: 'https://mq.uat.internal:9443/ibmmq/rest/v2/admin/action/qmgr/OMSUAT/mqsc',
  credentials: { secretName: 'mq-admin' },
  queues: ['OMS.SCHEDULE.ORDER', 'OMS.RELEASE.ORDER', 'OMS.CREATE.ORDER'],
  egress: [{ cidr: '10.20.80.0/24', ports: [1414, 9443], description: 'IBM MQ listener and mqweb admin API' }],
});
const SQS = MessageBroker.sqs({
  name: 'sqs',
  region: 'eu-west-1',
  accountId: '111122223333',
  roleArn: 'arn:aws:iam::111122223333:role/uat-keda-sqs-reader',
  queues: ['uat-oms-shipment-events'],
  egress: [{ cidr: workloadSubnetsCidr(UAT_VPC), ports: [443], description: 'SQS interface endpoint' }],
});

const image = UAT_IMAGE;
const agentResources = { cpu: { request: '500m', limit: '1' }, memory: { request: '2Gi', limit: '2Gi' } };

export const APP_SERVER: OmsMicroserviceProps = {
  image,
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } },
  connections: [UAT_MQ],
};
export const RESERVE: OmsMicroserviceProps = {
  image,
  apis: ['reserveAvailableInventory', 'getATP', 'findInventory'],
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  maxReplicas: 6,
  pools: { dbPoolMax: 80 },
};
export const ORDER_SEARCH: OmsMicroserviceProps = {
  image,
  apis: ['getOrderList', 'getOrderDetails'],
  resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  propertyOverrides: { 'yfs.yfs.ui.queryTimeout': '60' },
};
export const AGENT_POOLS: Record<string, AgentPoolProps> = {
  'schedule-order': {
    image,
    servers: ['ScheduleOrderServer', 'ReleaseOrderServer'],
    timeTriggered: true,
    resources: agentResources,
    scaling: UAT_MQ.queueDepth('OMS.SCHEDULE.ORDER', { target: 20 }),
    schedule: ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', start: '0 6 * * *', end: '0 22 * * *' }),
    minReplicas: 0,
    maxReplicas: 4,
  },
  'create-order': {
    image,
    servers: ['CreateOrderIntegServer'],
    resources: agentResources,
    scaling: UAT_MQ.queueDepth('OMS.CREATE.ORDER', { target: 50, activation: 1 }),
    minReplicas: 0,
    maxReplicas: 3,
    runToCompletion: true,
  },
  'shipment-events': {
    image,
    servers: ['ShipmentEventsIntegServer'],
    resources: agentResources,
    scaling: SQS.queueDepth('uat-oms-shipment-events', { target: 100 }),
    minReplicas: 0,
    maxReplicas: 3,
  },
};
export const ORDER_CAPTURE: BlueGreenPairProps = {
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
  },
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['changeOrder'], credentials: { secretName: 'oms-smoke-user' } },
};
