import { App } from 'cdk8s';
import { AwsConnection, EnvironmentMonitoring, GatewayImplementation, Microservice, OmsApiGateway, OmsEnvironment } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, stateOf } from './config/aws';
import { POLLS, POLLS_PRODUCTION_CERTIFICATE, POLLS_PRODUCTION_VPC, pollsApi, pollsMonitoring, pollsReleaseImage } from './config/polls';

// The polls team's production, in the production account: the release image staging ran, promoted unchanged.
const env = new OmsEnvironment(new App(), 'polls-production', {
  stage: 'prod',
  platform: 'eks',
  budget: { cpu: '32', memory: '32Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: POLLS_PRODUCTION_VPC }),
  product: POLLS,
});
const backing = new AwsConnection(env, 'aws', {
  vpcCidr: POLLS_PRODUCTION_VPC,
  region: ACCOUNTS.production.region,
  toolsImage: DB_TOOLS_IMAGE,
});
const api = new Microservice(env, 'polls-api', {
  ...pollsApi(pollsReleaseImage('prod', '1.5.0-5d8e2a7')),
  connections: [backing.database, backing.cache],
});
new OmsApiGateway(env, 'gateway', {
  host: 'polls.example.com',
  defaultBackend: api,
  services: [api],
  certificateArn: POLLS_PRODUCTION_CERTIFICATE,
});
new EnvironmentMonitoring(env, 'monitoring', pollsMonitoring(ACCOUNTS.production.region, 'polls-production'));

const aws = OmsAwsStack.standalone({
  environment: 'polls-production',
  stage: 'prod',
  account: ACCOUNTS.production,
  state: stateOf('production', POLLS),
  product: POLLS,
  ...EKS_ACCESS.production,
  network: { cidr: POLLS_PRODUCTION_VPC, avoidCidrs: ['10.0.0.0/16'] },
});

export default { k8s: env, aws };
