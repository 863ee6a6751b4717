import { App } from 'cdk8s';
import { OmsBranchAwsStack } from '../lib/aws';
import { ACCOUNTS, STATE } from './config/aws';
import {
  AwsConnection,
  BranchDatabase,
  OmsApiGateway,
  OmsEnvironment,
  OmsMicroservice,
  branchEnvironmentName,
  branchFromEnvironment,
} from '../lib';

// A branch environment in the development account, named after the branch (BRANCH_NAME in CI, "local" otherwise).
// It shares UAT's database instance through its own database and user.
const name = branchEnvironmentName(branchFromEnvironment());
const image = 'registry.example.com/oms/om-app:10.0.2409.1-main-4f2a9c1';
const db = { cidr: '10.20.64.0/20', ports: [5432] };
const dbPassword = { secretName: 'oms-db', key: 'password' };
const resources = { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } };

const env = new OmsEnvironment(new App(), name, { stage: 'branch', platform: 'eks', budget: { cpu: '16', memory: '32Gi' } });
new AwsConnection(env, 'aws', { databaseEnvironment: 'uat-eks' });
new BranchDatabase(env, 'database', {
  hostEnvironment: 'uat-eks',
  image: 'registry.example.com/platform/db-tools:1.4.0',
  region: ACCOUNTS.development.region,
  egress: [db, { cidr: '10.20.0.0/16', ports: [443], description: 'AWS API endpoints in the VPC' }],
});
const appServer = new OmsMicroservice(env, 'app-server', { image, resources, egress: [db], secretEnv: { DB_PASSWORD: dbPassword } });
const search = new OmsMicroservice(env, 'order-search', {
  image,
  resources,
  apis: ['getOrderList', 'getOrderDetails'],
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
new OmsApiGateway(env, 'gateway', { host: `${name}.dev.example.com`, defaultBackend: appServer, services: [search] });

const aws = OmsBranchAwsStack.standalone({
  environment: name,
  hostEnvironment: 'uat-eks',
  account: ACCOUNTS.development,
  state: STATE.development,
});

export default { k8s: env, aws };
