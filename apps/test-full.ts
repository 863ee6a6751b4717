import { App } from 'cdk8s';
import { BrokerProvisioning, DatabaseProvisioning, FullTestEnvironment, OmsEnvironment } from '../lib';

// A disposable, fully provisioned test instance: its own PostgreSQL and Artemis in the namespace.
const resources = { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } };
const env = new OmsEnvironment(new App(), 'test-full', { stage: 'branch', platform: 'eks', budget: { cpu: '40', memory: '80Gi' } });

new FullTestEnvironment(env, 'oms', {
  release: '10.0.2409.1-4f2a9c1',
  image: 'registry.example.com/oms/om-app:10.0.2409.1-4f2a9c1',
  toolsImage: 'registry.example.com/platform/db-tools:1.4.0',
  database: DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.4', storage: '50Gi', credentialsSecret: 'oms-test-db' }),
  broker: BrokerProvisioning.inCluster({
    image: 'docker.io/apache/activemq-artemis:2.38.0',
    credentialsSecret: 'oms-test-broker',
    queues: ['OMS.SCHEDULE.ORDER', 'OMS.CREATE.ORDER'],
  }),
  host: 'oms.test-full.dev.example.com',
  appServer: { resources },
  services: { 'order-search': { resources, apis: ['getOrderList', 'getOrderDetails'] } },
  agents: { schedule: { servers: ['ScheduleOrderServer'], resources, queue: 'OMS.SCHEDULE.ORDER', minReplicas: 1, maxReplicas: 2 } },
  smokeTestApis: ['getOrderList'],
});

export default env;
