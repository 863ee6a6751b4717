import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Construct } from 'constructs';

/** Application Auto Scaling of the task count. */
export interface FargateAutoscaling {
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Average CPU the tasks are kept at. @default 60 */
  readonly cpuPercent?: number;
  /** Also keep the visible messages per running task at `messagesPerTask`. @default CPU only */
  readonly queue?: { readonly queueName: string; readonly messagesPerTask: number };
}

/**
 * Scales the task count of `service` in `scope`: a CPU target-tracking policy,
 * and a backlog-per-task policy when `scaling.queue` is set.
 */
export function addFargateAutoscaling(
  scope: Construct,
  cluster: EcsCluster,
  service: EcsService,
  serviceName: string,
  scaling: FargateAutoscaling,
): AppautoscalingTarget {
  const target = new AppautoscalingTarget(scope, 'scaling-target', {
    serviceNamespace: 'ecs',
    resourceId: `service/${cluster.name}/${service.name}`,
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: scaling.minTasks,
    maxCapacity: scaling.maxTasks,
  });
  const common = {
    serviceNamespace: target.serviceNamespace,
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    policyType: 'TargetTrackingScaling',
  };
  new AppautoscalingPolicy(scope, 'scale-on-cpu', {
    ...common,
    name: `${serviceName}-cpu`,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: scaling.cpuPercent ?? 60,
      predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    },
  });
  if (scaling.queue) {
    // Backlog per task: visible messages divided by running tasks (Container Insights), kept at messagesPerTask.
    new AppautoscalingPolicy(scope, 'scale-on-queue', {
      ...common,
      name: `${serviceName}-queue`,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: scaling.queue.messagesPerTask,
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'visible',
              returnData: false,
              metricStat: {
                stat: 'Sum',
                metric: {
                  namespace: 'AWS/SQS',
                  metricName: 'ApproximateNumberOfMessagesVisible',
                  dimensions: [{ name: 'QueueName', value: scaling.queue.queueName }],
                },
              },
            },
            {
              id: 'tasks',
              returnData: false,
              metricStat: {
                stat: 'Average',
                metric: {
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensions: [
                    { name: 'ClusterName', value: cluster.name },
                    { name: 'ServiceName', value: service.name },
                  ],
                },
              },
            },
            { id: 'backlog', expression: 'visible / tasks', label: 'messages per task', returnData: true },
          ],
        },
      },
    });
  }
  return target;
}
