import { AgentPoolProps, BlueGreenPairProps, DatabaseConnection, DatabaseVendor, MessageBroker, OmsMicroserviceProps } from '../../lib';

// UAT on OpenShift: data for apps/uat-openshift.ts. IBM's own images from its entitled registry
// (pull secret ibm-entitlement-key), on Db2.
const IBM = 'cp.icr.io/cp/ibm-oms-enterprise';
const app = `${IBM}/om-app@sha256:5f0c1d3e9a7b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d`;
export const AGENT_IMAGE = `${IBM}/om-agent@sha256:7a1e3c5b9d2f4a6c8e0b1d3f5a7c9e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a1c`;
/** The OMS database: Db2, outside the cluster; credentials in the Secret `oms-db` (username, password). */
export const UAT_DB2 = DatabaseConnection.existing({
  vendor: DatabaseVendor.DB2,
  host: 'db2.oms-uat.example.internal',
  database: 'OMDB',
  schema: 'OMS',
  credentials: { secretName: 'oms-db' },
  egress: [{ cidr: '10.30.64.0/18', ports: [50000], description: 'Db2 subnets (every zone)' }],
});
const artemis = MessageBroker.artemis({
  name: 'artemis',
  managementEndpoint: 'artemis-console.oms-broker.svc:8161',
  brokerName: 'oms-broker',
  brokerAddress: 'oms',
  credentials: { secretName: 'artemis-admin' },
  queues: ['OMS.SCHEDULE.ORDER', 'OMS.INVENTORY.SYNC'],
  egress: [{ podLabels: { app: 'artemis' }, namespaceLabels: { 'kubernetes.io/metadata.name': 'oms-broker' }, ports: [61616, 8161] }],
});
/** Settings every OMS server here shares. */
const oms = { connections: [UAT_DB2], imagePullSecrets: ['ibm-entitlement-key'], appSecret: { secretName: 'oms-app-secret' } };

export const APP_SERVER: OmsMicroserviceProps = {
  ...oms,
  image: app,
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } },
};

export const AVAILABILITY: OmsMicroserviceProps = {
  ...oms,
  image: app,
  apis: ['getATP', 'findInventory', 'getAvailableInventory'],
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
};

export const ORDER_SEARCH: OmsMicroserviceProps = {
  ...oms,
  image: app,
  apis: ['getOrderList', 'getOrderDetails'],
  resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  jvm: { maxHeap: '2Gi', extraArgs: ['-Dcom.ibm.jsse2.overrideDefaultTLS=true'] },
};

export const SCHEDULE_ORDER: AgentPoolProps = {
  ...oms,
  image: AGENT_IMAGE,
  servers: ['ScheduleOrderServer'],
  timeTriggered: true,
  resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '2Gi', limit: '2Gi' } },
  scaling: artemis.queueDepth('OMS.SCHEDULE.ORDER'),
  minReplicas: 1,
  maxReplicas: 3,
};

export const INVENTORY_SYNC: AgentPoolProps = {
  ...oms,
  image: AGENT_IMAGE,
  servers: ['InventorySyncServer'],
  resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '1Gi', limit: '1536Mi' } },
  minReplicas: 1,
  maxReplicas: 2,
};

export const ORDER_CAPTURE: BlueGreenPairProps = {
  argoRollouts: true,
  active: 'green',
  blue: { image: app, version: '10.0.2409.1', schemaVersion: 41 },
  green: {
    image: `${IBM}/om-app:10.0.2412.0-amd64`,
    version: '10.0.2412.0',
    schemaVersion: 42,
    oldestSchemaVersion: 41,
  },
  apis: ['createOrder', 'changeOrder'],
  service: {
    ...oms,
    resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
    maxReplicas: 3,
  },
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
};
