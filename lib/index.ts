// The package root: the public API (see docs/public-api.md). Values are listed by name, so nothing
// becomes public by being added to a module; types are exported whole, since they cost nothing at run time.

// Errors a caller may catch.
export { OmsConfigError } from './core';
export { OmsSynthError } from './k8s/output/render';

// What apps call: names and tags from CI, stage profiles, the AWS wiring apps pass to Kubernetes.
// (Named from lib/core's barrel, so moving a function inside lib/core does not change the API.)
export {
  DatabaseVendor,
  PLATFORMS,
  Product,
  STAGES,
  awsEndpoints,
  awsStageProfile,
  branchEnvironmentName,
  branchFromEnvironment,
  commitFromEnvironment,
  dataSubnetsEgress,
  eksApiEgress,
  imageTag,
  isCandidateTag,
  isReleaseTag,
  kedaSqsRoleArn,
  pinnedByDigest,
  sqsQueueName,
  stageProfile,
  stageRelease,
  tagFromEnvironment,
  terraformStateBucketName,
  workloadSubnetsCidr,
} from './core';

export { PHASES } from './core/phases';

// The environment and its cluster.
export { OmsEnvironment } from './k8s/environment/oms-environment';
export { ClusterCeiling, OmsCluster } from './k8s/environment/oms-cluster';
export { GatewayImplementation } from './k8s/platform/gateway-implementation';
export { synthesisWarnings } from './k8s/platform/synthesis-warnings';

// Connections: databases, caches, brokers.
export { DatabaseConnection } from './k8s/connections/database-connection';
export { CacheConnection } from './k8s/connections/cache-connection';
export { EndpointConnection } from './k8s/connections/endpoint-connection';
export { MessageBroker, QueueTrigger } from './k8s/connections/message-broker';
export { ScheduleTrigger } from './k8s/connections/schedule-trigger';
export { AwsConnection } from './k8s/connections/aws-connection';
export { BranchDatabase, DatabaseUser } from './k8s/connections/branch-database';
export { BrokerProvisioning, DatabaseProvisioning } from './k8s/connections/test-data-services';

// Workloads.
export { Workload } from './k8s/workloads/workload';
export { Filesystem } from './k8s/workloads/filesystem';
export { Microservice } from './k8s/workloads/microservice';
export { OmsMicroservice } from './k8s/workloads/oms-microservice';
export { AgentPool } from './k8s/workloads/agent-pool';
export { OmsHealthMonitor } from './k8s/workloads/oms-health-monitor';
export { OmsDataSetup } from './k8s/workloads/oms-data-setup';
export { OmsTrustStore, omsReadOnlyFilesystem } from './k8s/workloads/oms-runtime';
export { HealthProbe } from './k8s/primitives/health-probe';
export { WaitCondition } from './k8s/primitives/wait-condition';
export { KedaScaledJob } from './k8s/crds/keda-scaled-job';
export { ExternalSecret } from './k8s/crds/external-secret';

// Routing and release.
export { OmsApiGateway, apiPath } from './k8s/routing/oms-api-gateway';
export { TrafficPhases } from './k8s/routing/traffic-phases';
export { BlueGreenPair } from './k8s/release/blue-green-pair';
export { COLOURS } from './k8s/release/validate-blue-green-pair-props';

// Observability: metrics, objectives, alerts, dashboards, log forwarding.
export { EnvironmentMonitoring } from './k8s/monitoring/environment-monitoring';
export { Scraper } from './k8s/monitoring/scraper';
export { RequestSource } from './k8s/monitoring/request-source';
export { OpenShiftLogForwarding } from './k8s/monitoring/log-forwarding';

// Compositions and synthesis.
export { FullTestEnvironment } from './environments/full-test-environment';
export { OmsDataLifecycle, awsApiEgress } from './environments/oms-data-lifecycle';
export { DataBackup } from './environments/data-backup';
export { renderEnvironment } from './k8s/output/render';
export { cloudWatchDashboardUrl } from './core/monitoring';
export { listApps, renderApp, renderApps } from './synth/synth-apps';

// Types of the props and values above, and of the core they refer to.
export type * from './core';
export type * from './k8s/environment/oms-environment';
export type * from './k8s/environment/oms-cluster';
export type * from './k8s/platform/gateway-implementation';
export type * from './k8s/platform/client-entry-point';
export type * from './k8s/connections/connection';
export type * from './k8s/connections/database-connection';
export type * from './k8s/connections/cache-connection';
export type * from './k8s/connections/endpoint-connection';
export type * from './k8s/connections/message-broker';
export type * from './k8s/connections/aws-connection';
export type * from './k8s/connections/branch-database';
export type * from './k8s/connections/test-data-services';
export type * from './k8s/workloads/workload';
export type * from './k8s/workloads/filesystem';
export type * from './k8s/workloads/microservice';
export type * from './k8s/workloads/oms-microservice';
export type * from './k8s/workloads/agent-pool';
export type * from './k8s/workloads/oms-runtime';
export type * from './k8s/workloads/oms-health-monitor';
export type * from './k8s/workloads/oms-data-setup';
export type * from './k8s/primitives/routable';
export type * from './k8s/primitives/health-probe';
export type * from './k8s/primitives/pod-security';
export type * from './k8s/primitives/wait-condition';
export type * from './k8s/primitives/one-shot-job';
export type * from './k8s/crds/keda-scaled-job';
export type * from './k8s/crds/external-secret';
export type * from './k8s/routing/oms-api-gateway';
export type * from './k8s/routing/traffic-phases';
export type * from './k8s/release/blue-green-pair';
export type * from './k8s/output/render';
export type * from './environments/full-test-environment';
export type * from './environments/oms-data-lifecycle';
export type * from './environments/data-backup';
export type * from './synth/synth-apps';
export type * from './k8s/monitoring/environment-monitoring';
export type * from './k8s/monitoring/scraper';
export type * from './k8s/monitoring/request-source';
export type * from './k8s/monitoring/log-forwarding';
export type * from './core/monitoring';
