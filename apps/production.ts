import { App } from 'cdk8s';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, STATE } from './config/aws';
import { AwsConnection, BlueGreenPair, OmsApiGateway, OmsEnvironment, OmsMicroservice } from '../lib';

// Production: the tagged release, in the production account.
const image = 'registry.example.com/oms/om-app:10.0.2409.1-4f2a9c1';
const next = 'registry.example.com/oms/om-app:10.0.2412.0-9b1e7d2';
const db = { cidr: '10.60.64.0/20', ports: [5432] };
const dbPassword = { secretName: 'oms-db', key: 'password' };
const resources = { cpu: { request: '2', limit: '4' }, memory: { request: '6Gi', limit: '8Gi' } };

const env = new OmsEnvironment(new App(), 'production', {
  stage: 'prod',
  platform: 'eks',
  budget: { cpu: '240', memory: '480Gi' },
  containerCeiling: { cpu: '4', memory: '16Gi' },
});
new AwsConnection(env, 'aws');
const appServer = new OmsMicroservice(env, 'app-server', { image, resources, egress: [db], secretEnv: { DB_PASSWORD: dbPassword } });
const reserve = new OmsMicroservice(env, 'reserve', {
  image,
  resources,
  apis: ['reserveAvailableInventory', 'getATP'],
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
const capture = new BlueGreenPair(env, 'order-capture', {
  active: 'blue',
  blue: { image, version: '10.0.2409.1', schemaVersion: 41 },
  green: { image: next, version: '10.0.2412.0', schemaVersion: 42, oldestSchemaVersion: 41 },
  apis: ['createOrder', 'changeOrder'],
  service: { resources, egress: [db], secretEnv: { DB_PASSWORD: dbPassword } },
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['changeOrder'], credentials: { secretName: 'oms-smoke-user' } },
});
new OmsApiGateway(env, 'gateway', {
  host: 'oms.example.com',
  defaultBackend: appServer,
  services: [reserve, capture],
  tlsSecretName: 'oms-tls',
});

const aws = OmsAwsStack.standalone({
  environment: 'production',
  stage: 'prod',
  account: ACCOUNTS.production,
  state: STATE.production,
  network: { cidr: '10.60.0.0/16', avoidCidrs: ['10.0.0.0/16'] },
  database: { instanceClass: 'db.r6g.2xlarge', engineVersion: '16.4' },
});

export default { k8s: env, aws };
