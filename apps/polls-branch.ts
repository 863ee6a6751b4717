import { App } from 'cdk8s';
import { AwsConnection, GatewayImplementation, Microservice, OmsApiGateway, OmsEnvironment } from '../lib';
import { branchEnvironmentName, branchFromEnvironment } from '../lib';
import { OmsBranchAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, stateOf } from './config/aws';
import { POLLS, POLLS_UAT_VPC, pollsApi, pollsBuildImage } from './config/polls';

// A polls branch environment: the branch's image, its own database on the polls UAT instance, UAT's Redis.
const branch = branchFromEnvironment();
const name = branchEnvironmentName(`polls/${branch}`);
const image = pollsBuildImage();

const env = new OmsEnvironment(new App(), name, {
  stage: 'branch',
  platform: 'eks',
  budget: { cpu: '4', memory: '4Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: POLLS_UAT_VPC }),
  product: POLLS,
});
const backing = new AwsConnection(env, 'aws', {
  vpcCidr: POLLS_UAT_VPC,
  region: ACCOUNTS.development.region,
  toolsImage: DB_TOOLS_IMAGE,
  databaseEnvironment: 'polls-uat',
});
const api = new Microservice(env, 'polls-api', { ...pollsApi(image), connections: [backing.database, backing.cache] });
new OmsApiGateway(env, 'gateway', { host: `${name}.dev.example.com`, defaultBackend: api, services: [api], plainHttp: true });

const aws = OmsBranchAwsStack.standalone({
  environment: name,
  hostEnvironment: 'polls-uat',
  account: ACCOUNTS.development,
  state: stateOf('development', POLLS),
  product: POLLS,
});

export default { k8s: env, aws };
