import { App } from 'cdk8s';
import { GatewayImplementation, OmsApiGateway, OmsEnvironment, OmsMicroservice } from '@oms-platform/constructs';
import { SHOP_IMAGE as image, shopDatabase } from '../config/shop';

// A team's own UAT environment, built from the package: one app server and one API service behind a
// gateway, on the team's Db2 database.
const env = new OmsEnvironment(new App(), 'shop-uat', {
  stage: 'uat',
  platform: 'eks',
  budget: { cpu: '20', memory: '64Gi' },
  // An internal AWS load balancer (AWS Load Balancer Controller) sending straight to pod IPs.
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.50.0.0/16' }),
});
const db = shopDatabase();

const appServer = new OmsMicroservice(env, 'app-server', {
  image,
  connections: [db],
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '3Gi', limit: '4Gi' } },
});
const reserve = new OmsMicroservice(env, 'reserve', {
  image,
  connections: [db],
  apis: ['reserveAvailableInventory', 'getATP'],
  resources: { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
  maxReplicas: 4,
});
new OmsApiGateway(env, 'gateway', {
  host: 'shop.uat.example.com',
  defaultBackend: appServer,
  services: [reserve],
  certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/5a1c2e3f-0b4d-4c6e-8f70-000000000001',
});

export default env;
