import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsAccount, EKS_KUBERNETES_VERSION, Product, Stage, podRoleName } from '../core';
import { cloudWatchDashboardName, cloudWatchDashboardUrl } from '../core/monitoring';
import { OmsAlarmTopic, renderAlarms } from './alarms';
import { pinnedAddonVersion } from './eks-addon-versions';
import { PodIdentityRole } from './pod-identity-role';
import { alarmSpecs } from './observability-alarms';

// The alarms of an environment live beside this file; their public name stays here.
export { alarmSpecs } from './observability-alarms';

/** The EKS add-on that ships container logs and Container Insights metrics. */
export const CLOUDWATCH_OBSERVABILITY_ADDON = 'amazon-cloudwatch-observability';

/** Properties of an {@link OmsObservability}. */
export interface OmsObservabilityProps {
  readonly environment: string;
  /** The estate's product, which names its IAM roles. @default Product.OMS */
  readonly product?: Product;
  readonly stage: Stage;
  readonly account: AwsAccount;
  /** Days CloudWatch keeps the container logs (the stage's, as for every other log group of the stack). */
  readonly logRetentionDays: number;
  readonly keyDeletionWindowDays: number;
  /** The RDS instance: identifier, class and allocated storage; read replicas get a lag alarm. */
  readonly database: {
    readonly identifier: string;
    readonly instanceClass: string;
    readonly allocatedStorageGb: number;
    readonly replicaIdentifiers?: readonly string[];
  };
  /** The ElastiCache replication group and its number of nodes (`<id>-001`, `-002`...). */
  readonly cache: { readonly replicationGroupId: string; readonly nodes: number };
  /** SQS queues with their dead-letter queues, by name. */
  readonly queues: readonly { readonly name: string; readonly deadLetters: string }[];
  /** ECS services of the environment's cluster, with their load balancer's ARN suffix. */
  readonly ecs: {
    readonly clusterName: string;
    readonly services: readonly { readonly name: string; readonly loadBalancerArnSuffix: string }[];
  };
  /** The EKS cluster, when the environment has one: container logs and node health through the add-on. */
  readonly eks?: {
    readonly clusterName: string;
    /** The cluster's name as a reference (orders the add-on after the cluster). */
    readonly clusterNameRef: string;
    /** The Kubernetes version the add-on pins are looked up for. @default EKS_KUBERNETES_VERSION */
    readonly kubernetesVersion?: string;
    /** The cluster's version as a reference, for EKS's default add-on version. @default `kubernetesVersion` */
    readonly kubernetesVersionRef?: string;
    readonly addonVersion?: string;
    /** What must exist before the add-on (nodes, for its pods). */
    readonly dependsOn: readonly ITerraformDependable[];
  };
}

/**
 * What the environment's AWS side reports: an SNS topic (`<product>-<env>-alarms`) and CloudWatch alarms notifying it
 * for the database (CPU, free storage, connections, replica lag), the cache (memory, evictions, CPU, per node),
 * each queue (age of the oldest message, dead letters), each ECS service (running tasks below desired, 5xx
 * answers of its load balancer) and the EKS nodes (failed nodes), with thresholds by stage
 * ({@link alarmThresholds}); a CloudWatch dashboard of the same; and on EKS the `amazon-cloudwatch-observability`
 * add-on (Fluent Bit ships container logs to `/aws/containerinsights/<cluster>/application`), whose log groups
 * are created here first so they keep the stage's retention (the add-on creates missing groups with no expiry:
 * AWS "Container Insights: set up Fluent Bit" notes retention is set on the log groups).
 */
export class OmsObservability extends Construct {
  public readonly topic: OmsAlarmTopic;
  public readonly alarms: CloudwatchMetricAlarm[];
  public readonly dashboard: CloudwatchDashboard;
  /** The dashboard in the CloudWatch console. */
  public readonly dashboardUrl: string;
  public readonly addon?: EksAddon;
  public readonly logGroups: CloudwatchLogGroup[] = [];

  constructor(scope: Construct, id: string, props: OmsObservabilityProps) {
    super(scope, id);
    const env = props.environment;
    this.topic = new OmsAlarmTopic(this, 'alarm-topic', {
      environment: env,
      product: props.product,
      account: props.account,
      keyDeletionWindowDays: props.keyDeletionWindowDays,
    });
    const specs = alarmSpecs(props);
    this.alarms = renderAlarms(this, env, props.stage, this.topic.topic.arn, specs, props.product);
    const dashboardName = cloudWatchDashboardName(env, props.product);
    // The URL names the dashboard as cloudWatchDashboardUrl does, so the Kubernetes dashboard can link to it.
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName, dashboardBody: dashboardBody(props) });
    this.dashboardUrl = cloudWatchDashboardUrl(props.account.region, env, props.product);

    if (props.eks) {
      const eks = props.eks;
      for (const kind of ['application', 'dataplane', 'host', 'performance'])
        this.logGroups.push(
          new CloudwatchLogGroup(this, `container-logs-${kind}`, {
            name: `/aws/containerinsights/${eks.clusterName}/${kind}`,
            retentionInDays: props.logRetentionDays,
          }),
        );
      // The add-on's agent and Fluent Bit run as cloudwatch-agent in amazon-cloudwatch (AWS EKS user guide, "Amazon CloudWatch Observability").
      const role = new PodIdentityRole(this, 'cloudwatch-agent', {
        roleName: podRoleName(env, 'amazon-cloudwatch', 'cloudwatch-agent', props.product),
        account: props.account,
        clusterEnvironment: env,
        clusterName: eks.clusterNameRef,
        namespace: 'amazon-cloudwatch',
        serviceAccount: 'cloudwatch-agent',
        managedPolicyArns: ['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy'],
      });
      const pinned =
        eks.addonVersion ?? pinnedAddonVersion(eks.kubernetesVersion ?? EKS_KUBERNETES_VERSION, CLOUDWATCH_OBSERVABILITY_ADDON);
      this.addon = new EksAddon(this, 'cloudwatch-observability', {
        clusterName: eks.clusterNameRef,
        addonName: CLOUDWATCH_OBSERVABILITY_ADDON,
        addonVersion:
          pinned ??
          new DataAwsEksAddonVersion(this, 'cloudwatch-observability-version', {
            addonName: CLOUDWATCH_OBSERVABILITY_ADDON,
            kubernetesVersion: eks.kubernetesVersionRef ?? eks.kubernetesVersion ?? EKS_KUBERNETES_VERSION,
            mostRecent: false,
          }).version,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        dependsOn: [...eks.dependsOn, role.association, ...this.logGroups],
      });
    }
  }
}

/** The CloudWatch dashboard: one graph per data store, queue, service and the cluster. */
function dashboardBody(props: OmsObservabilityProps): string {
  const region = props.account.region;
  const widget = (title: string, metrics: unknown[][], i: number) => ({
    type: 'metric',
    x: (i % 2) * 12,
    y: Math.floor(i / 2) * 6,
    width: 12,
    height: 6,
    properties: { title, region, view: 'timeSeries', stat: 'Average', period: 300, metrics },
  });
  const db = ['DBInstanceIdentifier', props.database.identifier];
  const nodes = Array.from({ length: props.cache.nodes }, (_, i) => `${props.cache.replicationGroupId}-${String(i + 1).padStart(3, '0')}`);
  const graphs: [string, unknown[][]][] = [
    [
      'RDS: CPU and connections',
      [
        ['AWS/RDS', 'CPUUtilization', ...db],
        ['AWS/RDS', 'DatabaseConnections', ...db, { yAxis: 'right' }],
      ],
    ],
    ['RDS: free storage', [['AWS/RDS', 'FreeStorageSpace', ...db]]],
    [
      'ElastiCache: memory and CPU',
      nodes.flatMap((n) => [
        ['AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', 'CacheClusterId', n],
        ['AWS/ElastiCache', 'EngineCPUUtilization', 'CacheClusterId', n],
      ]),
    ],
    ['SQS: age of oldest message', props.queues.map((q) => ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', q.name])],
    [
      'ECS: running tasks',
      props.ecs.services.map((s) => [
        'ECS/ContainerInsights',
        'RunningTaskCount',
        'ClusterName',
        props.ecs.clusterName,
        'ServiceName',
        s.name,
      ]),
    ],
    [
      'ALB: 5xx answers',
      props.ecs.services.map((s) => [
        'AWS/ApplicationELB',
        'HTTPCode_Target_5XX_Count',
        'LoadBalancer',
        s.loadBalancerArnSuffix,
        { stat: 'Sum' },
      ]),
    ],
    [
      'EKS: nodes',
      props.eks
        ? [
            ['ContainerInsights', 'cluster_node_count', 'ClusterName', props.eks.clusterName],
            ['ContainerInsights', 'cluster_failed_node_count', 'ClusterName', props.eks.clusterName],
          ]
        : [],
    ],
  ];
  return JSON.stringify({ widgets: graphs.filter(([, m]) => m.length > 0).map(([title, m], i) => widget(title, m, i)) });
}

/** The observability of a whole environment stack, read from what the stack created (names as configured). */
export function stackObservabilityProps(
  stack: {
    readonly environment: string;
    readonly product: Product;
    readonly stage: Stage;
    readonly profile: { readonly logRetentionDays: number };
    readonly database: { readonly instance: import('@cdktf/provider-aws/lib/db-instance').DbInstance };
    readonly cache: {
      readonly replicationGroup: import('@cdktf/provider-aws/lib/elasticache-replication-group').ElasticacheReplicationGroup;
    };
    readonly queues?: {
      readonly queues: readonly {
        readonly queue: { readonly nameInput?: string };
        readonly deadLetters: { readonly nameInput?: string };
      }[];
    };
    readonly ecsCluster: { readonly nameInput?: string };
    readonly fargateServices: readonly {
      readonly service: { readonly nameInput?: string };
      readonly loadBalancer: { readonly arnSuffix: string };
    }[];
    readonly cluster?: {
      readonly cluster: { readonly name: string; readonly nameInput?: string; readonly version: string };
      readonly nodeGroup: ITerraformDependable;
    };
  },
  props: {
    readonly account: AwsAccount;
    readonly kubernetesVersion?: string;
    readonly eksAddonVersions?: Readonly<Record<string, string>>;
  },
  keyDeletionWindowDays: number,
): OmsObservabilityProps {
  const db = stack.database.instance;
  const cache = stack.cache.replicationGroup;
  return {
    environment: stack.environment,
    product: stack.product,
    stage: stack.stage,
    account: props.account,
    logRetentionDays: stack.profile.logRetentionDays,
    keyDeletionWindowDays,
    database: { identifier: db.identifierInput!, instanceClass: db.instanceClassInput!, allocatedStorageGb: db.allocatedStorageInput! },
    cache: { replicationGroupId: cache.replicationGroupIdInput!, nodes: cache.numCacheClustersInput! },
    queues: (stack.queues?.queues ?? []).map((q) => ({ name: q.queue.nameInput!, deadLetters: q.deadLetters.nameInput! })),
    ecs: {
      clusterName: stack.ecsCluster.nameInput!,
      services: stack.fargateServices.map((s) => ({ name: s.service.nameInput!, loadBalancerArnSuffix: s.loadBalancer.arnSuffix })),
    },
    eks: stack.cluster && {
      clusterName: stack.cluster.cluster.nameInput!,
      clusterNameRef: stack.cluster.cluster.name,
      kubernetesVersion: props.kubernetesVersion,
      kubernetesVersionRef: stack.cluster.cluster.version,
      addonVersion: props.eksAddonVersions?.[CLOUDWATCH_OBSERVABILITY_ADDON],
      dependsOn: [stack.cluster.nodeGroup],
    },
  };
}
