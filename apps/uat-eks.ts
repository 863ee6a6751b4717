import { App } from 'cdk8s';
import { AgentPool, AwsConnection, BlueGreenPair, OmsApiGateway, OmsEnvironment, OmsMicroservice } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, STATE } from './config/aws';
import { AGENT_POOLS, APP_SERVER, ORDER_CAPTURE, ORDER_SEARCH, RESERVE } from './config/uat';

// UAT on Amazon EKS: the current main branch, behind one host, in the development account.
const env = new OmsEnvironment(new App(), 'uat-eks', { stage: 'uat', platform: 'eks', budget: { cpu: '100', memory: '320Gi', pods: 100 } });
new AwsConnection(env, 'aws');
const appServer = new OmsMicroservice(env, 'app-server', APP_SERVER);
const reserve = new OmsMicroservice(env, 'reserve', RESERVE);
const search = new OmsMicroservice(env, 'order-search', ORDER_SEARCH);
reserve.allowFrom(appServer);
new AgentPool(env, 'schedule-order', AGENT_POOLS['schedule-order']);
new AgentPool(env, 'create-order', AGENT_POOLS['create-order']);
new AgentPool(env, 'shipment-events', AGENT_POOLS['shipment-events']);
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
  network: { cidr: '10.20.0.0/16', avoidCidrs: ['10.0.0.0/16'] },
  repositories: ['oms/om-app', 'oms/om-agent'],
  hostsBranchDatabases: true,
});

export default { k8s: env, aws };
