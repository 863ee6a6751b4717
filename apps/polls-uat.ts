import { App } from 'cdk8s';
import { AwsConnection, EnvironmentMonitoring, GatewayImplementation, Microservice, OmsApiGateway, OmsEnvironment } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, stateOf } from './config/aws';
import { POLLS, POLLS_UAT_CERTIFICATE, POLLS_UAT_VPC, pollsApi, pollsMonitoring, pollsBuildImage } from './config/polls';

// The polls team's UAT on its own EKS cluster: its API behind one host on a private load balancer (a stable
// internal DNS name), with its PostgreSQL and Redis from AWS.
const env = new OmsEnvironment(new App(), 'polls-uat', {
  stage: 'uat',
  platform: 'eks',
  budget: { cpu: '16', memory: '16Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: POLLS_UAT_VPC }),
  product: POLLS,
});
const backing = new AwsConnection(env, 'aws', {
  vpcCidr: POLLS_UAT_VPC,
  region: ACCOUNTS.development.region,
  toolsImage: DB_TOOLS_IMAGE,
  hostsBranchDatabases: true,
});
const api = new Microservice(env, 'polls-api', {
  ...pollsApi(pollsBuildImage()),
  connections: [backing.database, backing.cache],
});
new OmsApiGateway(env, 'gateway', {
  host: 'polls.uat.example.com',
  defaultBackend: api,
  services: [api],
  certificateArn: POLLS_UAT_CERTIFICATE,
});
new EnvironmentMonitoring(env, 'monitoring', pollsMonitoring(ACCOUNTS.development.region, 'polls-uat'));

const aws = OmsAwsStack.standalone({
  environment: 'polls-uat',
  stage: 'uat',
  account: ACCOUNTS.development,
  state: stateOf('development', POLLS),
  product: POLLS,
  ...EKS_ACCESS.development,
  network: { cidr: POLLS_UAT_VPC, avoidCidrs: ['10.0.0.0/16'] },
  repositories: ['polls/polls-api'],
  pullAccounts: [ACCOUNTS.staging.accountId, ACCOUNTS.production.accountId],
});

export default { k8s: env, aws };
