import { App } from 'cdk8s';
import { AgentPool, BlueGreenPair, EnvironmentMonitoring, OmsApiGateway, OmsEnvironment, OmsMicroservice } from '../lib';
import { APP_SERVER, AVAILABILITY, INVENTORY_SYNC, ORDER_CAPTURE, ORDER_SEARCH, SCHEDULE_ORDER } from './config/uat-openshift';
import { UAT_OPENSHIFT_CLUSTER } from './config/clusters';

// UAT on Red Hat OpenShift: the same estate as on EKS, routed by the OpenShift router; order capture
// runs as an Argo Rollout (OpenShift GitOps).
const env = new OmsEnvironment(new App(), 'uat-openshift', {
  stage: 'uat',
  platform: 'openshift',
  budget: { cpu: '72', memory: '240Gi' },
  cluster: UAT_OPENSHIFT_CLUSTER,
});
const appServer = new OmsMicroservice(env, 'app-server', APP_SERVER);
const availability = new OmsMicroservice(env, 'availability', AVAILABILITY);
const orders = new OmsMicroservice(env, 'order-search', ORDER_SEARCH);
new AgentPool(env, 'schedule-order', SCHEDULE_ORDER);
new AgentPool(env, 'inventory-sync', INVENTORY_SYNC);
const capture = new BlueGreenPair(env, 'order-capture', ORDER_CAPTURE);
new OmsApiGateway(env, 'gateway', {
  host: 'oms-uat.apps.openshift.example.com',
  defaultBackend: appServer,
  services: [availability, orders, capture],
});
// User workload monitoring scrapes; OpenShift Logging forwards the namespace's logs to its LokiStack.
new EnvironmentMonitoring(env, 'monitoring', { dashboard: { grafanaUrl: 'https://grafana.apps.openshift.example.com' } });

export default env;
