import { App } from 'cdk8s';
import {
  AwsConnection,
  BlueGreenPair,
  cloudWatchDashboardUrl,
  EnvironmentMonitoring,
  GatewayImplementation,
  OmsApiGateway,
  OmsEnvironment,
  OmsMicroservice,
} from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, STATE } from './config/aws';
import { APP_SERVER, ORDER_CAPTURE, PRODUCTION_CERTIFICATE, PRODUCTION_VPC, RESERVE } from './config/production';

// Production: the tagged release, in the production account.
const budget = { cpu: '240', memory: '480Gi' };
const env = new OmsEnvironment(new App(), 'production', {
  stage: 'prod',
  platform: 'eks',
  budget,
  containerCeiling: { cpu: '4', memory: '16Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: PRODUCTION_VPC }),
});
const backing = new AwsConnection(env, 'aws', { vpcCidr: PRODUCTION_VPC, region: ACCOUNTS.production.region, toolsImage: DB_TOOLS_IMAGE });
const connections = [backing.database];
const appServer = new OmsMicroservice(env, 'app-server', { ...APP_SERVER, connections });
const reserve = new OmsMicroservice(env, 'reserve', { ...RESERVE, connections });
const capture = new BlueGreenPair(env, 'order-capture', { ...ORDER_CAPTURE, service: { ...ORDER_CAPTURE.service, connections } });
new OmsApiGateway(env, 'gateway', {
  host: 'oms.example.com',
  defaultBackend: appServer,
  services: [reserve, capture],
  certificateArn: PRODUCTION_CERTIFICATE,
});
new EnvironmentMonitoring(env, 'monitoring', {
  objectives: { default: { availabilityPercent: 99.95 } },
  dashboard: { grafanaUrl: 'https://grafana.example.com', dataStoresUrl: cloudWatchDashboardUrl(ACCOUNTS.production.region, 'production') },
});

const aws = OmsAwsStack.standalone({
  environment: 'production',
  stage: 'prod',
  account: ACCOUNTS.production,
  state: STATE.production,
  ...EKS_ACCESS.production,
  network: { cidr: PRODUCTION_VPC, avoidCidrs: ['10.0.0.0/16'] },
  database: { instanceClass: 'db.r6g.2xlarge', engineVersion: '16' },
});

export default { k8s: env, aws };
