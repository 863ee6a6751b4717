import { App } from 'cdk8s';
import { AwsConnection, BranchDatabase, OmsApiGateway, OmsEnvironment, OmsMicroservice } from '../lib';
import { branchEnvironmentName, branchFromEnvironment, commitFromEnvironment, databaseAdminEgress, imageTag } from '../lib';
import { OmsBranchAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, STATE } from './config/aws';
import { UAT_DB_EGRESS, UAT_VPC } from './config/uat';

// A branch environment in the development account, named after the branch (BRANCH_NAME in CI, "local"
// otherwise), running the image built from this branch and commit, on its own database on UAT's instance.
const branch = branchFromEnvironment();
const name = branchEnvironmentName(branch);
const image = `registry.example.com/oms/om-app:${imageTag({ ref: branch, commit: commitFromEnvironment() })}`;
const server = { image, egress: [UAT_DB_EGRESS], secretEnv: { DB_PASSWORD: { secretName: 'oms-db', key: 'password' } } };
const resources = { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } };

const env = new OmsEnvironment(new App(), name, { stage: 'branch', platform: 'eks', budget: { cpu: '16', memory: '32Gi' } });
new AwsConnection(env, 'aws', { databaseEnvironment: 'uat-eks' });
new BranchDatabase(env, 'database', {
  hostEnvironment: 'uat-eks',
  image: DB_TOOLS_IMAGE,
  region: ACCOUNTS.development.region,
  egress: databaseAdminEgress(UAT_VPC),
});
const appServer = new OmsMicroservice(env, 'app-server', { ...server, resources });
const search = new OmsMicroservice(env, 'order-search', { ...server, resources, apis: ['getOrderList', 'getOrderDetails'] });
new OmsApiGateway(env, 'gateway', { host: `${name}.dev.example.com`, defaultBackend: appServer, services: [search] });

const aws = OmsBranchAwsStack.standalone({
  environment: name,
  hostEnvironment: 'uat-eks',
  account: ACCOUNTS.development,
  state: STATE.development,
});

export default { k8s: env, aws };
