import { App } from 'cdk8s';
import { BrokerProvisioning, DatabaseProvisioning, FullTestEnvironment, OmsEnvironment, eksApiEgress } from '../lib';
import { APP_SECRET, omsImages, releaseImageTag } from './config/oms';
import { UAT_VPC } from './config/uat';
import { DEV_EKS_CLUSTER } from './config/clusters';

// A disposable, fully provisioned test instance on the development cluster: its own PostgreSQL and
// Artemis in the namespace, IBM's data setup on install and upgrade, and the health monitor. It routes
// through the cluster's default, an internal AWS load balancer in UAT's VPC; being disposable and
// internal, it asks for plain HTTP.
const resources = { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } };
const env = new OmsEnvironment(new App(), 'test-full', {
  stage: 'branch',
  platform: 'eks',
  budget: { cpu: '40', memory: '80Gi' },
  cluster: DEV_EKS_CLUSTER,
});

// The release under test: on a release or release-candidate tag that tag's images, so the upgrade test
// installs the previous release's and upgrades to the candidate's.
const release = releaseImageTag('10.0.2409.1-4f2a9c1');
new FullTestEnvironment(env, 'oms', {
  release,
  images: omsImages(release),
  appSecret: APP_SECRET,
  toolsImage: 'registry.example.com/platform/db-tools:1.4.0',
  database: DatabaseProvisioning.inCluster({ image: 'docker.io/library/postgres:16.4', storage: '50Gi', credentialsSecret: 'oms-test-db' }),
  broker: BrokerProvisioning.inCluster({
    image: 'docker.io/apache/activemq-artemis:2.38.0',
    credentialsSecret: 'oms-test-broker',
    queues: ['OMS.SCHEDULE.ORDER', 'OMS.CREATE.ORDER'],
  }),
  dataSetup: { kubernetesApi: eksApiEgress(UAT_VPC) },
  host: 'oms.test-full.dev.example.com',
  routing: { plainHttp: true },
  appServer: { resources },
  services: { 'order-search': { resources, apis: ['getOrderList', 'getOrderDetails'] } },
  agents: { schedule: { servers: ['ScheduleOrderServer'], resources, queue: 'OMS.SCHEDULE.ORDER', minReplicas: 1, maxReplicas: 2 } },
  healthMonitor: { resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } } },
  smokeTest: { apis: ['getOrderList'], credentials: { secretName: 'oms-smoke-user' } },
});

export default env;
