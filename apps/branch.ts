import { App } from 'cdk8s';
import { AwsConnection, GatewayImplementation, OmsApiGateway, OmsDataLifecycle, OmsEnvironment, OmsMicroservice } from '../lib';
import { eksApiEgress } from '../lib';
import { branchEnvironmentName, branchFromEnvironment, commitFromEnvironment, imageTag } from '../lib';
import { OmsBranchAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, STATE } from './config/aws';
import { APP_SECRET, omsImages } from './config/oms';
import { UAT_VPC } from './config/uat';
import { DEV_EKS_CLUSTER } from './config/clusters';

// A branch environment in the development account, named after the branch (BRANCH_NAME in CI, "local"
// otherwise), running the image built from this branch and commit, on its own database on UAT's instance.
const branch = branchFromEnvironment();
const name = branchEnvironmentName(branch);
const images = omsImages(imageTag({ ref: branch, commit: commitFromEnvironment() }));
const resources = { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } };

const env = new OmsEnvironment(new App(), name, {
  stage: 'branch',
  platform: 'eks',
  budget: { cpu: '16', memory: '32Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: UAT_VPC }),
  cluster: DEV_EKS_CLUSTER,
  branch,
});
const backing = new AwsConnection(env, 'aws', {
  vpcCidr: UAT_VPC,
  region: ACCOUNTS.development.region,
  toolsImage: DB_TOOLS_IMAGE,
  databaseEnvironment: 'uat-eks',
});
// The branch's own new database: IBM's create (schema and factory data), then the servers start.
const data = new OmsDataLifecycle(env, 'data', {
  version: '10.0.2409.1',
  image: images.agent,
  database: backing.database,
  kubernetesApi: eksApiEgress(UAT_VPC),
  appSecret: APP_SECRET,
  imageSupportsPostgresql: true,
});
const server = {
  image: images.app,
  resources,
  connections: [backing.database],
  appSecret: APP_SECRET,
  imageSupportsPostgresql: true,
  waitFor: [data.gate],
};
const appServer = new OmsMicroservice(env, 'app-server', server);
const search = new OmsMicroservice(env, 'order-search', { ...server, apis: ['getOrderList', 'getOrderDetails'] });
// A disposable environment on an internal load balancer: plain HTTP is allowed here.
new OmsApiGateway(env, 'gateway', { host: `${name}.dev.example.com`, defaultBackend: appServer, services: [search], plainHttp: true });

const aws = OmsBranchAwsStack.standalone({
  environment: name,
  hostEnvironment: 'uat-eks',
  account: ACCOUNTS.development,
  state: STATE.development,
});

export default { k8s: env, aws };
