import { App } from 'cdk8s';
import {
  AwsConnection,
  BlueGreenPair,
  DataBackup,
  cloudWatchDashboardUrl,
  EnvironmentMonitoring,
  GatewayImplementation,
  OmsApiGateway,
  OmsDataLifecycle,
  OmsEnvironment,
  OmsMicroservice,
  awsApiEgress,
  eksApiEgress,
} from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { OmsDataSnapshotRole } from '../lib/aws/data-snapshot-role';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, STATE } from './config/aws';
import { APP_SERVER, NEXT_IMAGES, ORDER_CAPTURE, PRODUCTION_CERTIFICATE, PRODUCTION_VPC, RESERVE } from './config/production';
import { APP_SECRET } from './config/oms';

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
// Green (10.0.2412.0, schema 42) needs the shared data upgraded from 10.0.2409.1: an RDS snapshot, awaited, first.
// The database was set up before this lifecycle: `--phase adopt` records 10.0.2409.1 once, before the apply.
new OmsDataLifecycle(env, 'data', {
  version: '10.0.2412.0',
  installed: '10.0.2409.1',
  adoptInstalled: true,
  image: NEXT_IMAGES.agent,
  database: backing.database,
  backup: DataBackup.rdsSnapshot({
    instance: 'oms-production',
    region: ACCOUNTS.production.region,
    image: DB_TOOLS_IMAGE,
    apiEgress: awsApiEgress(PRODUCTION_VPC),
  }),
  kubernetesApi: eksApiEgress(PRODUCTION_VPC),
  appSecret: APP_SECRET,
  imageSupportsPostgresql: true,
});
const appServer = new OmsMicroservice(env, 'app-server', { ...APP_SERVER, connections });
const reserve = new OmsMicroservice(env, 'reserve', { ...RESERVE, connections });
// The servers of 10.0.2409.1 run on the upgraded data too (green accepts schema 41: an expansion); they wait for 10.0.2409.1's marker.
for (const server of [appServer, reserve]) server.addWaitCondition(OmsDataLifecycle.gateFor('production', '10.0.2409.1'));
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

// The data setup pods take the RDS snapshot before the upgrade with this role.
new OmsDataSnapshotRole(aws, 'data-snapshot', { stack: aws, account: ACCOUNTS.production });

export default { k8s: env, aws };
