import { App } from 'cdk8s';
import { BrokerProvisioning, DatabaseProvisioning, FullTestEnvironment, OmsEnvironment, awsEndpoints, dataSubnetsEgress } from '../lib';
import { UAT_IMAGE, UAT_MQ, UAT_VPC } from './config/uat';

// A test instance that reuses UAT's database and IBM MQ: nothing is created for them, nothing drops them.
const resources = { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } };
const uat = awsEndpoints('uat-eks');
const env = new OmsEnvironment(new App(), 'test-partial', { stage: 'branch', platform: 'eks', budget: { cpu: '40', memory: '80Gi' } });

new FullTestEnvironment(env, 'oms', {
  release: '10.0.2409.1-main-4f2a9c1',
  image: UAT_IMAGE,
  toolsImage: 'registry.example.com/platform/db-tools:1.4.0',
  database: DatabaseProvisioning.existing({
    host: uat.databaseHost,
    database: uat.databaseName,
    credentialsSecret: 'oms-db',
    egress: dataSubnetsEgress(UAT_VPC, uat.databasePort),
  }),
  broker: BrokerProvisioning.existing(UAT_MQ),
  host: 'oms.test-partial.dev.example.com',
  appServer: { resources },
  agents: { schedule: { servers: ['ScheduleOrderServer'], resources, queue: 'OMS.SCHEDULE.ORDER', minReplicas: 1, maxReplicas: 2 } },
  smokeTestApis: ['getOrderList'],
});

export default env;
