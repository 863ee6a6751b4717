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
// them, and data setup stays with UAT, which owns the database.
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
  appServer: { resources },
  agents: { schedule: { servers: ['ScheduleOrderServer'], resources, queue: 'OMS.SCHEDULE.ORDER', minReplicas: 1, maxReplicas: 2 } },
  smokeTest: { apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
});

export default env;
