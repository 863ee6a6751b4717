import { App } from 'cdk8s';
import { AwsConnection, EnvironmentMonitoring, GatewayImplementation, Microservice, OmsApiGateway, OmsEnvironment } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, stateOf } from './config/aws';
import { POLLS, POLLS_STAGING_CERTIFICATE, POLLS_STAGING_VPC, pollsApi, pollsMonitoring, pollsReleaseImage } from './config/polls';

// The polls team's staging, in the staging account: the release image production will run, on its own cluster,
// PostgreSQL and Redis.
const env = new OmsEnvironment(new App(), 'polls-staging', {
  stage: 'staging',
  platform: 'eks',
  budget: { cpu: '16', memory: '16Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: POLLS_STAGING_VPC }),
  product: POLLS,
});
const backing = new AwsConnection(env, 'aws', { vpcCidr: POLLS_STAGING_VPC, region: ACCOUNTS.staging.region, toolsImage: DB_TOOLS_IMAGE });
const api = new Microservice(env, 'polls-api', {
  ...pollsApi(pollsReleaseImage('staging', '1.5.0-rc.1-5d8e2a7')),
  connections: [backing.database, backing.cache],
});
new OmsApiGateway(env, 'gateway', {
  host: 'polls.staging.example.com',
  defaultBackend: api,
  services: [api],
  certificateArn: POLLS_STAGING_CERTIFICATE,
});
new EnvironmentMonitoring(env, 'monitoring', pollsMonitoring(ACCOUNTS.staging.region, 'polls-staging'));

const aws = OmsAwsStack.standalone({
  environment: 'polls-staging',
  stage: 'staging',
  account: ACCOUNTS.staging,
  state: stateOf('staging', POLLS),
  product: POLLS,
  ...EKS_ACCESS.staging,
  network: { cidr: POLLS_STAGING_VPC, avoidCidrs: ['10.0.0.0/16'] },
});

export default { k8s: env, aws };
