import { App } from 'cdk8s';
import {
  AwsConnection,
  cloudWatchDashboardUrl,
  EnvironmentMonitoring,
  GatewayImplementation,
  OmsApiGateway,
  OmsEnvironment,
  OmsMicroservice,
} from '../lib';
import { OmsAwsStack } from '../lib/aws';
import { ACCOUNTS, DB_TOOLS_IMAGE, EKS_ACCESS, STATE } from './config/aws';
import { APP_SERVER, RESERVE, STAGING_CERTIFICATE, STAGING_VPC } from './config/staging';

// Staging: the tagged release candidate on production-like data, in the staging account.
const env = new OmsEnvironment(new App(), 'staging', {
  stage: 'staging',
  platform: 'eks',
  budget: { cpu: '80', memory: '200Gi' },
  gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: STAGING_VPC }),
});
const backing = new AwsConnection(env, 'aws', { vpcCidr: STAGING_VPC, region: ACCOUNTS.staging.region, toolsImage: DB_TOOLS_IMAGE });
const appServer = new OmsMicroservice(env, 'app-server', { ...APP_SERVER, connections: [backing.database] });
const reserve = new OmsMicroservice(env, 'reserve', { ...RESERVE, connections: [backing.database] });
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

export default { k8s: env, aws };
