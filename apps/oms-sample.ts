import { App } from 'cdk8s';
import {
  BrokerProvisioning,
  DatabaseConnection,
  DatabaseProvisioning,
  DatabaseVendor,
  FullTestEnvironment,
  MessageBroker,
  OmsEnvironment,
} from '../lib';
import { UAT_OPENSHIFT_CLUSTER } from './config/clusters';

// IBM's sample OMS topology on OpenShift with IBM's images and Db2: one app server, an agent group
// (scheduleOrder and releaseOrder), an integration server group, the health monitor, and data setup
// (create on install, upgrade on a new release), all on one database and one IBM MQ queue manager.
const IBM = 'cp.icr.io/cp/ibm-oms-enterprise';
const release = '10.0.2409.1-amd64';
const env = new OmsEnvironment(new App(), 'oms-sample', {
  stage: 'uat',
  platform: 'openshift',
  budget: { cpu: '40', memory: '96Gi' },
  cluster: UAT_OPENSHIFT_CLUSTER,
});
const db = DatabaseConnection.existing({
  vendor: DatabaseVendor.DB2,
  host: 'db2.oms-sample.example.internal',
  database: 'OMDB',
  schema: 'OMDB',
  credentials: { secretName: 'oms-db' },
  egress: [{ cidr: '10.30.64.0/18', ports: [50000], description: 'Db2' }],
});
const mq = MessageBroker.ibmMq({
  name: 'mq',
  adminUrl: 'https://mq.oms-sample.example.internal:9443/ibmmq/rest/v2/admin/action/qmgr/OMSQM/mqsc',
  credentials: { secretName: 'mq-admin' },
  queues: ['OMS.SCHEDULE.ORDER', 'OMS.CREATE.ORDER'],
  egress: [{ cidr: '10.30.80.0/24', ports: [1414, 9443], description: 'IBM MQ listener and mqweb' }],
});
const agent = {
  resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
  jmsBindings: 'oms-jms-bindings',
  imagePullSecrets: ['ibm-entitlement-key'],
};

new FullTestEnvironment(env, 'oms', {
  release,
  images: { app: `${IBM}/om-app:${release}`, agent: `${IBM}/om-agent:${release}` },
  toolsImage: 'registry.example.com/platform/db-tools:1.4.0',
  database: DatabaseProvisioning.existing(db),
  broker: BrokerProvisioning.existing(mq),
  dataSetup: {
    manageExistingDatabase: true,
    kubernetesApi: [{ cidr: '10.30.0.0/24', ports: [6443], description: 'the OpenShift API servers' }],
  },
  host: 'oms-sample.apps.openshift.example.com',
  appServer: {
    resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2560Mi', limit: '3840Mi' } },
    imagePullSecrets: ['ibm-entitlement-key'],
    jmsBindings: 'oms-jms-bindings',
  },
  agents: {
    'order-agents': {
      ...agent,
      servers: ['ScheduleOrderServer', 'ReleaseOrderServer'],
      timeTriggered: true,
      queue: 'OMS.SCHEDULE.ORDER',
      minReplicas: 1,
      maxReplicas: 2,
    },
    integration: { ...agent, servers: ['CreateOrderIntegServer'], queue: 'OMS.CREATE.ORDER', minReplicas: 1, maxReplicas: 2 },
  },
  healthMonitor: { resources: agent.resources, imagePullSecrets: ['ibm-entitlement-key'] },
  // The router's default certificate is signed by the ingress operator's CA, which the tools image does
  // not trust: a copy of openshift-config-managed/default-ingress-cert sits in the namespace as ingress-ca.
  smokeTest: { apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' }, caBundle: { configMap: 'ingress-ca' } },
  dropDatabaseOnUninstall: false,
});

export default env;
