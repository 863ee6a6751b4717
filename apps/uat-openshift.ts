import { App } from 'cdk8s';
import { AgentPool, BlueGreenPair, EnvironmentMonitoring, OmsApiGateway, OmsDataLifecycle, OmsEnvironment, OmsMicroservice } from '../lib';
import {
  AGENT_IMAGE,
  APP_SERVER,
  AVAILABILITY,
  INVENTORY_SYNC,
  ORDER_CAPTURE,
  ORDER_SEARCH,
  SCHEDULE_ORDER,
  UAT_DB2,
} from './config/uat-openshift';
import { UAT_OPENSHIFT_CLUSTER } from './config/clusters';

// UAT on Red Hat OpenShift: the same estate as on EKS, routed by the OpenShift router; order capture
// runs as an Argo Rollout (OpenShift GitOps).
const env = new OmsEnvironment(new App(), 'uat-openshift', {
  stage: 'uat',
  platform: 'openshift',
  budget: { cpu: '72', memory: '240Gi' },
  cluster: UAT_OPENSHIFT_CLUSTER,
});
// UAT's Db2 holds 10.0.2409.1 already: data setup adopts it (marker only); the servers wait for the marker.
const data = new OmsDataLifecycle(env, 'data', {
  version: '10.0.2409.1',
  installed: '10.0.2409.1',
  image: AGENT_IMAGE,
  database: UAT_DB2,
  kubernetesApi: [{ cidr: '10.30.0.0/24', ports: [6443], description: 'the OpenShift API servers' }],
  appSecret: { secretName: 'oms-app-secret' },
  imagePullSecrets: ['ibm-entitlement-key'],
});
const appServer = new OmsMicroservice(env, 'app-server', APP_SERVER);
const availability = new OmsMicroservice(env, 'availability', AVAILABILITY);
const orders = new OmsMicroservice(env, 'order-search', ORDER_SEARCH);
const schedule = new AgentPool(env, 'schedule-order', SCHEDULE_ORDER);
const inventory = new AgentPool(env, 'inventory-sync', INVENTORY_SYNC);
data.waitedForBy(appServer, availability, orders, schedule, inventory);
const capture = new BlueGreenPair(env, 'order-capture', ORDER_CAPTURE);
const gateway = new OmsApiGateway(env, 'gateway', {
  host: 'oms-uat.apps.openshift.example.com',
  defaultBackend: appServer,
  services: [availability, orders, capture],
});
// Drain (Route weights to 0, the app server takes the APIs), update, roll out: phases/drain and phases/rollout.
gateway.addTrafficPhases('traffic', {
  services: [availability, orders],
  kubectlImage: 'registry.example.com/tools/kubectl:1.35.3',
  kubernetesApi: [{ cidr: '10.30.0.0/24', ports: [6443], description: 'the OpenShift API servers' }],
});

// User workload monitoring scrapes; OpenShift Logging forwards the namespace's logs to its LokiStack.
new EnvironmentMonitoring(env, 'monitoring', { dashboard: { grafanaUrl: 'https://grafana.apps.openshift.example.com' } });

export default env;
