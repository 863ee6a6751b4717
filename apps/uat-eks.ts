import { App } from 'cdk8s';
import { OmsApiGateway, OmsEnvironment, OmsMicroservice } from '../lib';

// UAT on Amazon EKS: the current main branch, behind one host.
const image = 'registry.example.com/oms/om-app:10.0.2409.1-main-4f2a9c1';
const db = { cidr: '10.20.64.0/20', ports: [5432], description: 'development RDS subnets' };
const mq = { cidr: '10.20.80.0/24', ports: [1414], description: 'IBM MQ' };
const dbPassword = { secretName: 'oms-db', key: 'password' };

const env = new OmsEnvironment(new App(), 'uat-eks', {
  stage: 'uat',
  platform: 'eks',
  budget: { cpu: '60', memory: '240Gi', pods: 60 },
});

const appServer = new OmsMicroservice(env, 'app-server', {
  image,
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } },
  egress: [db, mq],
  secretEnv: { DB_PASSWORD: dbPassword },
});
const reserve = new OmsMicroservice(env, 'reserve', {
  image,
  apis: ['reserveAvailableInventory', 'getATP', 'findInventory'],
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  maxReplicas: 6,
  pools: { dbPoolMax: 80 },
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
const search = new OmsMicroservice(env, 'order-search', {
  image,
  apis: ['getOrderList', 'getOrderDetails'],
  resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  propertyOverrides: { 'yfs.yfs.ui.queryTimeout': '60' },
  egress: [db],
  secretEnv: { DB_PASSWORD: dbPassword },
});
reserve.allowFrom(appServer);

new OmsApiGateway(env, 'gateway', {
  host: 'oms.uat.example.com',
  defaultBackend: appServer,
  services: [reserve, search],
  tlsSecretName: 'oms-uat-tls',
});

export default env;
