import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { AppautoscalingScheduledAction } from '@cdktf/provider-aws/lib/appautoscaling-scheduled-action';
import { Construct } from 'constructs';
import { Problem, problemIf, timeZoneViolation } from '../core';

/** Application Auto Scaling of the task count. */
export interface FargateAutoscaling {
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Average CPU the tasks are kept at. @default 60 */
  readonly cpuPercent?: number;
  /** Also keep the visible messages per running task at `messagesPerTask`. @default CPU only */
  readonly queue?: { readonly queueName: string; readonly messagesPerTask: number };
  /** Also keep the load balancer requests per task (per target, per minute) at this number. @default not on requests */
  readonly requestsPerTarget?: number;
  /** Task ranges on a schedule (e.g. more tasks in business hours). @default none */
  readonly schedules?: readonly FargateScalingSchedule[];
}

/** A scheduled change of the task range. */
export interface FargateScalingSchedule {
  /** Short name (letters, digits, "-"). */
  readonly name: string;
  /** When: `cron(0 7 ? * MON-FRI *)`, `rate(1 day)` or `at(2026-12-24T18:00:00)`, as Application Auto Scaling takes it. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default 'UTC' */
  readonly timezone?: string;
  readonly minTasks: number;
  readonly maxTasks: number;
}

/** Every problem with the request-count and scheduled scaling; `p` prefixes a property. */
export function validateScalingExtras(p: (name: string) => string, a: FargateAutoscaling): Problem[] {
  const problems: Problem[] = [];
  if (a.requestsPerTarget !== undefined && !(Number.isInteger(a.requestsPerTarget) && a.requestsPerTarget >= 1))
    problems.push({
      property: p('autoscaling.requestsPerTarget'),
      rule: 'must be a whole number of at least 1 (requests per task per minute)',
      value: a.requestsPerTarget,
      fix: 'use e.g. 1000',
    });
  const names = new Set<string>();
  (a.schedules ?? []).forEach((s, i) => {
    const at = (k: string) => p(`autoscaling.schedules[${i}].${k}`);
    if (typeof s.name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(s.name) || names.has(s.name))
      problems.push({
        property: at('name'),
        rule: 'must be a unique short name (lower-case letters, digits and "-")',
        value: s.name,
        fix: 'use e.g. "business-hours"',
      });
    names.add(s.name);
    if (
      typeof s.schedule !== 'string' ||
      !/^(cron\([^()]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/.test(s.schedule)
    )
      problems.push({
        property: at('schedule'),
        rule: 'must be cron(...), rate(<n> <unit>) or at(yyyy-mm-ddThh:mm:ss)',
        value: s.schedule,
        fix: 'use e.g. "cron(0 7 ? * MON-FRI *)"',
      });
    else
      problems.push(
        ...problemIf(at('schedule'), s.schedule, scheduleExpressionViolation(s.schedule), 'use e.g. "cron(0 7 ? * MON-FRI *)"'),
      );
    problems.push(
      ...problemIf(
        at('timezone'),
        s.timezone,
        s.timezone === undefined ? undefined : timeZoneViolation(s.timezone),
        'use e.g. "Europe/Amsterdam", or leave it out for UTC',
      ),
    );
    if (!Number.isInteger(s.minTasks) || !Number.isInteger(s.maxTasks) || s.minTasks < 0 || s.maxTasks < s.minTasks)
      problems.push({
        property: at('maxTasks'),
        rule: 'must be whole numbers with 0 <= minTasks <= maxTasks',
        value: { minTasks: s.minTasks, maxTasks: s.maxTasks },
        fix: 'set the range the schedule applies',
      });
  });
  return problems;
}

/**
 * The rule a well-shaped schedule breaks, or `undefined`. Application Auto Scaling (PutScheduledAction, Schedule):
 * a cron expression has six fields, [Minutes] [Hours] [Day_of_Month] [Month] [Day_of_Week] [Year]; a rate's value is a
 * positive integer; an at() time is a date and time that exist.
 */
export function scheduleExpressionViolation(schedule: string): string | undefined {
  const cron = /^cron\((.+)\)$/.exec(schedule);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/).length;
    return fields === 6
      ? undefined
      : `must have 6 cron fields (minutes hours day-of-month month day-of-week year), has ${fields}: Application Auto Scaling's cron is not crontab's`;
  }
  const rate = /^rate\((\d+) /.exec(schedule);
  if (rate) return Number(rate[1]) >= 1 ? undefined : 'must have a rate of at least 1';
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(schedule);
  if (at) {
    const [y, mo, d, h, mi, se] = at.slice(1).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
    const exists = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && se < 60;
    return exists ? undefined : 'must be a date and time that exist (month 01-12, a day of that month, hh 00-23, mm and ss 00-59)';
  }
  return undefined;
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
  /** The load balancer's and target group's ARN suffixes, for request-count scaling. */
  requestLabel?: string,
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
  if (scaling.requestsPerTarget !== undefined && requestLabel !== undefined)
    new AppautoscalingPolicy(scope, 'scale-on-requests', {
      ...common,
      name: `${serviceName}-requests`,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: scaling.requestsPerTarget,
        predefinedMetricSpecification: { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: requestLabel },
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      },
    });
  for (const s of scaling.schedules ?? [])
    new AppautoscalingScheduledAction(scope, `schedule-${s.name}`, {
      name: `${serviceName}-${s.name}`,
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      schedule: s.schedule,
      timezone: s.timezone ?? 'UTC',
      scalableTargetAction: { minCapacity: String(s.minTasks), maxCapacity: String(s.maxTasks) },
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
