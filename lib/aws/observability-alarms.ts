import { alarmThresholds, postgresMaxConnections } from '../core/monitoring';
import { AlarmSpec } from './alarms';
import type { OmsObservabilityProps } from './observability';

/** Every alarm of the environment, from its parts and its stage's thresholds. */
export function alarmSpecs(props: OmsObservabilityProps): AlarmSpec[] {
  const t = alarmThresholds(props.stage);
  const db = { DBInstanceIdentifier: props.database.identifier };
  const maxConnections = postgresMaxConnections(props.database.instanceClass);
  const specs: AlarmSpec[] = [
    {
      id: 'rds-cpu',
      description: `RDS ${props.database.identifier}: CPU above ${t.cpuPercent}%`,
      namespace: 'AWS/RDS',
      metricName: 'CPUUtilization',
      dimensions: db,
      comparison: 'GreaterThanThreshold',
      threshold: t.cpuPercent,
    },
    {
      id: 'rds-free-storage',
      description: `RDS ${props.database.identifier}: free storage below ${t.freeStoragePercent}% of ${props.database.allocatedStorageGb} GiB`,
      namespace: 'AWS/RDS',
      metricName: 'FreeStorageSpace',
      dimensions: db,
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: Math.round((props.database.allocatedStorageGb * 1024 ** 3 * t.freeStoragePercent) / 100),
    },
    {
      id: 'rds-connections',
      description: `RDS ${props.database.identifier}: connections above ${t.connectionsPercent}% of max_connections`,
      namespace: 'AWS/RDS',
      metricName: 'DatabaseConnections',
      dimensions: db,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      // An unknown class gets PostgreSQL's own default of 100 connections.
      threshold: Math.floor(((maxConnections ?? 100) * t.connectionsPercent) / 100),
    },
    ...(props.database.replicaIdentifiers ?? []).map((replica): AlarmSpec => ({
      id: `rds-replica-lag-${replica}`,
      description: `RDS replica ${replica}: lag above ${t.replicaLagSeconds} s`,
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: replica },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: t.replicaLagSeconds,
    })),
  ];
  for (let i = 1; i <= props.cache.nodes; i++) {
    // Member clusters of a replication group are named <group>-001, -002... (ElastiCache user guide, "Replication").
    const node = `${props.cache.replicationGroupId}-${String(i).padStart(3, '0')}`;
    const dims = { CacheClusterId: node };
    specs.push(
      {
        id: `cache-memory-${i}`,
        description: `ElastiCache ${node}: memory use above ${t.cacheMemoryPercent}%`,
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        dimensions: dims,
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: t.cacheMemoryPercent,
      },
      {
        id: `cache-evictions-${i}`,
        description: `ElastiCache ${node}: more than ${t.evictionsPer5Minutes} evictions in 5 minutes`,
        namespace: 'AWS/ElastiCache',
        metricName: 'Evictions',
        dimensions: dims,
        statistic: 'Sum',
        comparison: 'GreaterThanThreshold',
        threshold: t.evictionsPer5Minutes,
      },
      {
        id: `cache-cpu-${i}`,
        description: `ElastiCache ${node}: engine CPU above ${t.cpuPercent}%`,
        namespace: 'AWS/ElastiCache',
        metricName: 'EngineCPUUtilization',
        dimensions: dims,
        comparison: 'GreaterThanThreshold',
        threshold: t.cpuPercent,
      },
    );
  }
  for (const q of props.queues)
    specs.push(
      {
        id: `sqs-age-${q.name}`,
        description: `SQS ${q.name}: oldest message older than ${t.oldestMessageSeconds} s`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: q.name },
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: t.oldestMessageSeconds,
      },
      {
        id: `sqs-dead-letters-${q.name}`,
        description: `SQS ${q.deadLetters}: messages that failed processing`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: q.deadLetters },
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        evaluationPeriods: 1,
      },
    );
  for (const s of props.ecs.services) {
    const dims = { ClusterName: props.ecs.clusterName, ServiceName: s.name };
    specs.push(
      {
        id: `ecs-running-${s.name}`,
        description: `ECS ${s.name}: fewer tasks running than desired`,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        // Container Insights (enabled on the cluster) publishes both counts per service.
        queries: [
          {
            id: 'desired',
            metric: { namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', dimensions: dims, period: 300, stat: 'Average' },
          },
          {
            id: 'running',
            metric: { namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensions: dims, period: 300, stat: 'Average' },
          },
          { id: 'missing', expression: 'desired - running', label: 'tasks missing', returnData: true },
        ],
      },
      {
        id: `alb-5xx-${s.name}`,
        description: `ALB of ${s.name}: more than ${t.http5xxPer5Minutes} 5xx answers in 5 minutes (load balancer and targets)`,
        comparison: 'GreaterThanThreshold',
        threshold: t.http5xxPer5Minutes,
        queries: [
          {
            id: 'elb',
            metric: {
              namespace: 'AWS/ApplicationELB',
              metricName: 'HTTPCode_ELB_5XX_Count',
              dimensions: { LoadBalancer: s.loadBalancerArnSuffix },
              period: 300,
              stat: 'Sum',
            },
          },
          {
            id: 'targets',
            metric: {
              namespace: 'AWS/ApplicationELB',
              metricName: 'HTTPCode_Target_5XX_Count',
              dimensions: { LoadBalancer: s.loadBalancerArnSuffix },
              period: 300,
              stat: 'Sum',
            },
          },
          { id: 'errors', expression: 'FILL(elb, 0) + FILL(targets, 0)', label: '5xx answers', returnData: true },
        ],
      },
    );
  }
  if (props.eks)
    specs.push({
      id: 'eks-failed-nodes',
      description: `EKS ${props.eks.clusterName}: nodes failed (Container Insights)`,
      namespace: 'ContainerInsights',
      metricName: 'cluster_failed_node_count',
      dimensions: { ClusterName: props.eks.clusterName },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
    });
  return specs;
}
