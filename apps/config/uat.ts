import {
  AgentPoolProps,
  BlueGreenPairProps,
  MessageBroker,
  OmsMicroserviceProps,
  ScheduleTrigger,
  kedaSqsRoleArn,
  sqsQueueName,
  workloadSubnetsCidr,
} from '../../lib';
import { ACCOUNTS } from './aws';
import { APP_SECRET, buildImageTag, omsImages } from './oms';

/** UAT's VPC in the development account. */
export const UAT_VPC = '10.20.0.0/16';

/** The ACM certificate of UAT's host (oms.uat.example.com). */
export const UAT_CERTIFICATE = 'arn:aws:acm:eu-west-1:111122223333:certificate/5c1e7a20-0d3b-4c7e-9a51-0a0000000001';

// UAT on EKS runs the current main branch in the development account; other environments reuse its
// database and queue manager. Everything here is data: the app composes it.

/** The images UAT runs: main's build of this commit (CI builds and pushes them before it deploys). */
export const UAT_IMAGES = omsImages(buildImageTag());
/** The preview colour of order capture: an earlier build, declared while a switch is staged. */
const NEXT = omsImages('10.0.2412.0-main-9b1e7d2');
/** UAT's IBM MQ queue manager; the JMS bindings are in the ConfigMap `oms-jms-bindings`. */
export const UAT_MQ = MessageBroker.ibmMq({
  name: 'mq',
  adminUrl: 'https://mq.uat.internal:9443/ibmmq/rest/v2/admin/action/qmgr/OMSUAT/mqsc',
  credentials: { secretName: 'mq-admin' },
  queues: ['OMS.SCHEDULE.ORDER', 'OMS.RELEASE.ORDER', 'OMS.CREATE.ORDER'],
  egress: [{ cidr: '10.20.80.0/24', ports: [1414, 9443], description: 'IBM MQ listener and mqweb admin API' }],
});
const SHIPMENT_EVENTS = sqsQueueName('uat-eks', 'shipment-events');
const SQS = MessageBroker.sqs({
  name: 'sqs',
  region: ACCOUNTS.development.region,
  accountId: ACCOUNTS.development.accountId,
  roleArn: kedaSqsRoleArn(ACCOUNTS.development, 'uat-eks'),
  queues: [SHIPMENT_EVENTS],
  egress: [{ cidr: workloadSubnetsCidr(UAT_VPC), ports: [443], description: 'SQS interface endpoint' }],
});

/** Settings every OMS server in UAT shares. */
const oms = { appSecret: APP_SECRET, imageSupportsPostgresql: true, jmsBindings: 'oms-jms-bindings' };
const agent = {
  ...oms,
  image: UAT_IMAGES.agent,
  resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '2Gi', limit: '2Gi' } },
};

export const APP_SERVER: OmsMicroserviceProps = {
  ...oms,
  image: UAT_IMAGES.app,
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } },
  connections: [UAT_MQ],
};
export const RESERVE: OmsMicroserviceProps = {
  ...oms,
  image: UAT_IMAGES.app,
  apis: ['reserveAvailableInventory', 'getATP', 'findInventory'],
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  maxReplicas: 6,
  pools: { dbPoolMax: 80 },
};
export const ORDER_SEARCH: OmsMicroserviceProps = {
  ...oms,
  image: UAT_IMAGES.app,
  apis: ['getOrderList', 'getOrderDetails'],
  resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  propertyOverrides: { 'yfs.yfs.ui.queryTimeout': '60' },
};
export const AGENT_POOLS: Record<string, AgentPoolProps> = {
  'schedule-order': {
    ...agent,
    servers: ['ScheduleOrderServer', 'ReleaseOrderServer'],
    timeTriggered: true,
    scaling: UAT_MQ.queueDepth('OMS.SCHEDULE.ORDER', { target: 20 }),
    schedule: ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', start: '0 6 * * *', end: '0 22 * * *' }),
    minReplicas: 0,
    maxReplicas: 4,
  },
  'create-order': {
    ...agent,
    servers: ['CreateOrderIntegServer'],
    scaling: UAT_MQ.queueDepth('OMS.CREATE.ORDER', { target: 50, activation: 1 }),
    minReplicas: 0,
    maxReplicas: 3,
    runToCompletion: true,
  },
  'shipment-events': {
    ...agent,
    servers: ['ShipmentEventsIntegServer'],
    scaling: SQS.queueDepth(SHIPMENT_EVENTS, { target: 100 }),
    minReplicas: 0,
    maxReplicas: 3,
  },
};
export const ORDER_CAPTURE: BlueGreenPairProps = {
  active: 'blue',
  blue: { image: UAT_IMAGES.app, version: '10.0.2409.1', schemaVersion: 41 },
  green: { image: NEXT.app, version: '10.0.2412.0', schemaVersion: 42, oldestSchemaVersion: 41 },
  apis: ['createOrder', 'changeOrder'],
  service: {
    ...oms,
    resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
    maxReplicas: 3,
  },
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
};
