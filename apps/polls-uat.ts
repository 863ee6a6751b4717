import { App } from 'cdk8s';
import { AwsConnection, Microservice, OmsApiGateway, OmsEnvironment } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, STATE } from './config/aws';
import { POLLS_UAT_VPC, pollsApi } from './config/polls';
import { DEV_EKS_CLUSTER } from './config/clusters';

// The polls team's UAT on EKS: its API behind one host, with its PostgreSQL and Redis from AWS.
const env = new OmsEnvironment(new App(), 'polls-uat', {
  stage: 'uat',
  platform: 'eks',
  budget: { cpu: '16', memory: '16Gi' },
  cluster: DEV_EKS_CLUSTER,
});
const backing = new AwsConnection(env, 'aws', {
  vpcCidr: POLLS_UAT_VPC,
  region: ACCOUNTS.development.region,
  toolsImage: DB_TOOLS_IMAGE,
  hostsBranchDatabases: true,
});
const api = new Microservice(env, 'polls-api', {
  ...pollsApi('registry.example.com/polls/polls-api:1.4.2-main-3c9e1f0'),
  connections: [backing.database, backing.cache],
});
new OmsApiGateway(env, 'gateway', { host: 'polls.uat.example.com', defaultBackend: api, services: [api], tlsSecretName: 'polls-uat-tls' });

const aws = OmsAwsStack.standalone({
  environment: 'polls-uat',
  stage: 'uat',
  account: ACCOUNTS.development,
  state: STATE.development,
  ...EKS_ACCESS.development,
  network: { cidr: POLLS_UAT_VPC, avoidCidrs: ['10.0.0.0/16'] },
  repositories: ['polls/polls-api'],
});

export default { k8s: env, aws };
