import { App } from 'cdk8s';
import {
  AwsConnection,
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
import { APP_SERVER, RESERVE, STAGING_CERTIFICATE, STAGING_IMAGES, STAGING_VPC } from './config/staging';
import { APP_SECRET } from './config/oms';

// Staging: the tagged release candidate on production-like data, in the staging account.
const env = new OmsEnvironment(new App(), 'staging', {
  stage: 'staging',
  platform: 'eks',
  budget: { cpu: '80', memory: '200Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: STAGING_VPC }),
});
const backing = new AwsConnection(env, 'aws', { vpcCidr: STAGING_VPC, region: ACCOUNTS.staging.region, toolsImage: DB_TOOLS_IMAGE });
// The release candidate moves staging's data from 10.0.2409.1 to 10.0.2412.0: an RDS snapshot first, then IBM's upgrade.
const data = new OmsDataLifecycle(env, 'data', {
  version: '10.0.2412.0',
  installed: '10.0.2409.1',
  image: STAGING_IMAGES.agent,
  database: backing.database,
  backup: DataBackup.rdsSnapshot({
    instance: 'oms-staging',
    region: ACCOUNTS.staging.region,
    image: DB_TOOLS_IMAGE,
    apiEgress: awsApiEgress(STAGING_VPC),
  }),
  kubernetesApi: eksApiEgress(STAGING_VPC),
  appSecret: APP_SECRET,
  imageSupportsPostgresql: true,
});
const appServer = new OmsMicroservice(env, 'app-server', { ...APP_SERVER, connections: [backing.database] });
const reserve = new OmsMicroservice(env, 'reserve', { ...RESERVE, connections: [backing.database] });
data.waitedForBy(appServer, reserve);
new OmsApiGateway(env, 'gateway', {
  host: 'oms.staging.example.com',
  defaultBackend: appServer,
  services: [reserve],
  certificateArn: STAGING_CERTIFICATE,
});
new EnvironmentMonitoring(env, 'monitoring', {
  dashboard: {
    grafanaUrl: 'https://grafana.staging.example.com',
    dataStoresUrl: cloudWatchDashboardUrl(ACCOUNTS.staging.region, 'staging'),
  },
});

const aws = OmsAwsStack.standalone({
  environment: 'staging',
  stage: 'staging',
  account: ACCOUNTS.staging,
  state: STATE.staging,
  ...EKS_ACCESS.staging,
  network: { cidr: STAGING_VPC, avoidCidrs: ['10.0.0.0/16'] },
});

// The data setup pods take the RDS snapshot before the upgrade with this role.
new OmsDataSnapshotRole(aws, 'data-snapshot', { stack: aws, account: ACCOUNTS.staging });

export default { k8s: env, aws };
