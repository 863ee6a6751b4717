import { App } from 'cdk8s';
import {
  AgentPool,
  AwsConnection,
  BlueGreenPair,
  cloudWatchDashboardUrl,
  EnvironmentMonitoring,
  GatewayImplementation,
  OmsApiGateway,
  OmsDataLifecycle,
  OmsEnvironment,
  OmsMicroservice,
  eksApiEgress,
} from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, STATE } from './config/aws';
import { DEV_EKS_CLUSTER } from './config/clusters';
import { AGENT_POOLS, APP_SERVER, ORDER_CAPTURE, ORDER_SEARCH, RESERVE, UAT_CERTIFICATE, UAT_IMAGES, UAT_VPC } from './config/uat';
import { APP_SECRET } from './config/oms';

// UAT on Amazon EKS: the current main branch, behind one host, in the development account.
// The entry point is an internal ALB (AWS Load Balancer Controller) sending straight to pod IPs.
const env = new OmsEnvironment(new App(), 'uat-eks', {
  stage: 'uat',
  platform: 'eks',
  budget: { cpu: '100', memory: '320Gi', pods: 100 },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: UAT_VPC }),
  cluster: DEV_EKS_CLUSTER,
});
const backing = new AwsConnection(env, 'aws', {
  vpcCidr: UAT_VPC,
  region: ACCOUNTS.development.region,
  toolsImage: DB_TOOLS_IMAGE,
  hostsBranchDatabases: true,
});
const db = [backing.database];
// UAT's database holds 10.0.2409.1 already: data setup adopts it (marker only); servers wait for the marker.
const data = new OmsDataLifecycle(env, 'data', {
  version: '10.0.2409.1',
  installed: '10.0.2409.1',
  image: UAT_IMAGES.agent,
  database: backing.database,
  kubernetesApi: eksApiEgress(UAT_VPC),
  appSecret: APP_SECRET,
  imageSupportsPostgresql: true,
});
const appServer = new OmsMicroservice(env, 'app-server', { ...APP_SERVER, connections: [...db, ...(APP_SERVER.connections ?? [])] });
const reserve = new OmsMicroservice(env, 'reserve', { ...RESERVE, connections: db });
const search = new OmsMicroservice(env, 'order-search', { ...ORDER_SEARCH, connections: db });
reserve.allowFrom(appServer);
const agents = ['schedule-order', 'create-order', 'shipment-events'].map(
  (name) => new AgentPool(env, name, { ...AGENT_POOLS[name], connections: db }),
);
data.waitedForBy(appServer, reserve, search, ...agents);
const capture = new BlueGreenPair(env, 'order-capture', { ...ORDER_CAPTURE, service: { ...ORDER_CAPTURE.service, connections: db } });
const gateway = new OmsApiGateway(env, 'gateway', {
  host: 'oms.uat.example.com',
  defaultBackend: appServer,
  services: [reserve, search, capture],
  certificateArn: UAT_CERTIFICATE,
});
// Drain (backend weights to 0, the app server takes the APIs), update, roll out: phases/drain and phases/rollout.
gateway.addTrafficPhases('traffic', {
  services: [reserve, search],
  kubectlImage: 'registry.example.com/tools/kubectl:1.35.3',
  kubernetesApi: eksApiEgress(UAT_VPC),
});

new EnvironmentMonitoring(env, 'monitoring', {
  objectives: { routes: { reserveAvailableInventory: { latencyP99Ms: 500 } } },
  dashboard: {
    grafanaUrl: 'https://grafana.uat.example.com',
    dataStoresUrl: cloudWatchDashboardUrl(ACCOUNTS.development.region, 'uat-eks'),
  },
});

const aws = OmsAwsStack.standalone({
  environment: 'uat-eks',
  stage: 'uat',
  account: ACCOUNTS.development,
  state: STATE.development,
  ...EKS_ACCESS.development,
  network: { cidr: UAT_VPC, avoidCidrs: ['10.0.0.0/16'] },
  repositories: ['oms/om-app', 'oms/om-agent'],
  pullAccounts: [ACCOUNTS.staging.accountId, ACCOUNTS.production.accountId],
  queues: [{ name: 'shipment-events', consumers: ['shipment-events'] }],
});

export default { k8s: env, aws };
