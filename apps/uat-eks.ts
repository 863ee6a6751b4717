import { App } from 'cdk8s';
import { AgentPool, AwsConnection, BlueGreenPair, DatabaseUser, OmsApiGateway } from '../lib';
import { OmsEnvironment, OmsMicroservice, databaseAdminEgress } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, STATE } from './config/aws';
import { AGENT_POOLS, APP_SERVER, ORDER_CAPTURE, ORDER_SEARCH, RESERVE, UAT_VPC } from './config/uat';

// UAT on Amazon EKS: the current main branch, behind one host, in the development account.
const env = new OmsEnvironment(new App(), 'uat-eks', { stage: 'uat', platform: 'eks', budget: { cpu: '100', memory: '320Gi', pods: 100 } });
new AwsConnection(env, 'aws');
new DatabaseUser(env, 'database-user', {
  image: DB_TOOLS_IMAGE,
  region: ACCOUNTS.development.region,
  egress: databaseAdminEgress(UAT_VPC),
});
const appServer = new OmsMicroservice(env, 'app-server', APP_SERVER);
const reserve = new OmsMicroservice(env, 'reserve', RESERVE);
const search = new OmsMicroservice(env, 'order-search', ORDER_SEARCH);
reserve.allowFrom(appServer);
for (const name of ['schedule-order', 'create-order', 'shipment-events']) new AgentPool(env, name, AGENT_POOLS[name]);
const capture = new BlueGreenPair(env, 'order-capture', ORDER_CAPTURE);
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
  ...EKS_ACCESS.development,
  network: { cidr: UAT_VPC, avoidCidrs: ['10.0.0.0/16'] },
  repositories: ['oms/om-app', 'oms/om-agent'],
  queues: [{ name: 'shipment-events', consumers: ['shipment-events'] }],
});

export default { k8s: env, aws };
