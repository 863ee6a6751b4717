import { App } from 'cdk8s';
import { AwsConnection, DatabaseUser, OmsApiGateway, OmsEnvironment, OmsMicroservice, databaseAdminEgress } from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, STATE } from './config/aws';
import { APP_SERVER, RESERVE, STAGING_VPC } from './config/staging';

// Staging: the tagged release candidate on production-like data, in the staging account.
const env = new OmsEnvironment(new App(), 'staging', { stage: 'staging', platform: 'eks', budget: { cpu: '80', memory: '200Gi' } });
new AwsConnection(env, 'aws');
new DatabaseUser(env, 'database-user', {
  image: DB_TOOLS_IMAGE,
  region: ACCOUNTS.staging.region,
  egress: databaseAdminEgress(STAGING_VPC),
});
const appServer = new OmsMicroservice(env, 'app-server', APP_SERVER);
const reserve = new OmsMicroservice(env, 'reserve', RESERVE);
new OmsApiGateway(env, 'gateway', {
  host: 'oms.staging.example.com',
  defaultBackend: appServer,
  services: [reserve],
  tlsSecretName: 'oms-staging-tls',
});

const aws = OmsAwsStack.standalone({
  environment: 'staging',
  stage: 'staging',
  account: ACCOUNTS.staging,
  state: STATE.staging,
  ...EKS_ACCESS.staging,
  network: { cidr: STAGING_VPC, avoidCidrs: ['10.0.0.0/16'] },
});

export default { k8s: env, aws };
