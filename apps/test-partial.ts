import { App } from 'cdk8s';
import {
  BrokerProvisioning,
  DatabaseConnection,
  DatabaseProvisioning,
  FullTestEnvironment,
  OmsEnvironment,
  awsEndpoints,
  dataSubnetsEgress,
} from '../lib';
import { APP_SECRET } from './config/oms';
import { UAT_IMAGES, UAT_MQ, UAT_VPC } from './config/uat';
import { DEV_EKS_CLUSTER } from './config/clusters';

// A test instance that reuses UAT's database and IBM MQ: nothing is created for them, nothing drops
// them, and data setup stays with UAT, which owns the database. It routes through the cluster's
// default, an internal AWS load balancer in UAT's VPC, with TLS: it calls UAT's data.
/** The ACM certificate of the development hosts (*.dev.example.com). */
const DEV_CERTIFICATE = 'arn:aws:acm:eu-west-1:111122223333:certificate/5c1e7a20-0d3b-4c7e-9a51-0a0000000002';
const resources = { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } };
const uat = awsEndpoints('uat-eks');
const env = new OmsEnvironment(new App(), 'test-partial', {
  stage: 'branch',
  platform: 'eks',
  budget: { cpu: '40', memory: '80Gi' },
  cluster: DEV_EKS_CLUSTER,
});

new FullTestEnvironment(env, 'oms', {
  release: '10.0.2409.1-main-4f2a9c1',
  images: UAT_IMAGES,
  appSecret: APP_SECRET,
  toolsImage: 'registry.example.com/platform/db-tools:1.4.0',
  database: DatabaseProvisioning.existing(
    DatabaseConnection.existing({
      host: uat.databaseHost,
      database: uat.databaseName,
      credentials: { secretName: 'oms-db' },
      egress: dataSubnetsEgress(UAT_VPC, uat.databasePort),
    }),
  ),
  broker: BrokerProvisioning.existing(UAT_MQ),
  host: 'oms.test-partial.dev.example.com',
  routing: { certificateArn: DEV_CERTIFICATE },
  appServer: { resources },
  agents: { schedule: { servers: ['ScheduleOrderServer'], resources, queue: 'OMS.SCHEDULE.ORDER', minReplicas: 1, maxReplicas: 2 } },
  smokeTest: { apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
});

export default env;
