import { App } from 'cdk8s';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, STATE } from './config/aws';
import { AwsConnection, OmsApiGateway, OmsEnvironment, OmsMicroservice } from '../lib';

// Staging: the tagged release candidate on production-like data, in the staging account.
const image = 'registry.example.com/oms/om-app:10.0.2412.0-rc.1-9b1e7d2';
const db = { cidr: '10.40.64.0/20', ports: [5432] };
const dbPassword = { secretName: 'oms-db', key: 'password' };
const resources = { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } };

const env = new OmsEnvironment(new App(), 'staging', { stage: 'staging', platform: 'eks', budget: { cpu: '80', memory: '200Gi' } });
new AwsConnection(env, 'aws');
const appServer = new OmsMicroservice(env, 'app-server', { image, resources, egress: [db], secretEnv: { DB_PASSWORD: dbPassword } });
const reserve = new OmsMicroservice(env, 'reserve', {
  image,
  resources,
  apis: ['reserveAvailableInventory', 'getATP'],
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
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
  network: { cidr: '10.40.0.0/16', avoidCidrs: ['10.0.0.0/16'] },
});

export default { k8s: env, aws };
