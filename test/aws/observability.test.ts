import { Testing } from 'cdktf';
import { Stage } from '../../lib/core';
import { OmsAwsStack, OmsAwsStackProps } from '../../lib/aws';
import { alarmThresholds, postgresMaxConnections } from '../../lib/core/monitoring';
import { alarmSpecs, OmsObservabilityProps } from '../../lib/aws/observability';

function props(stage: Stage, overrides: Partial<OmsAwsStackProps> = {}): OmsAwsStackProps {
  return {
    environment: `env-${stage}`,
    stage,
    account: { accountId: '111122223333', region: 'eu-west-1' },
    state: { bucket: 'state-bucket' },
    network: { cidr: '10.20.0.0/16' },
    clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
    databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
    ...overrides,
  };
}
const parsed = (stage: Stage, overrides: Partial<OmsAwsStackProps> = {}) =>
  JSON.parse(Testing.synth(new OmsAwsStack(Testing.app(), 'stack', props(stage, overrides))));
const alarms = (tf: any) => Object.values<any>(tf.resource.aws_cloudwatch_metric_alarm ?? {});
const byName = (tf: any, suffix: string) => alarms(tf).find((a) => a.alarm_name.endsWith(suffix));

describe('an EKS stack with a queue (production)', () => {
  const tf = parsed('prod', { queues: [{ name: 'events', consumers: ['agents'] }] });

  test('every alarm notifies the environment topic when it fires and when it recovers', () => {
    const topic = Object.keys(tf.resource.aws_sns_topic)[0];
    expect(alarms(tf).length).toBeGreaterThan(0);
    for (const a of alarms(tf)) {
      expect(a.alarm_actions).toEqual([`\${aws_sns_topic.${topic}.arn}`]);
      expect(a.ok_actions).toEqual(a.alarm_actions);
    }
  });

  test('the topic is encrypted with a key CloudWatch may use, for this account only', () => {
    const topic = Object.values<any>(tf.resource.aws_sns_topic)[0];
    expect(topic.name).toBe('oms-env-prod-alarms');
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    const key = Object.values<any>(tf.resource.aws_kms_key).find((k) => k.description === 'OMS alarm topic env-prod');
    const statement = JSON.parse(key.policy).Statement.find((s: any) => s.Sid === 'CloudWatchAlarms');
    expect(statement).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
  });

  test("production's thresholds: database CPU, storage, connections; each cache node; the queue and its dead letters; failed nodes", () => {
    const t = alarmThresholds('prod');
    expect(byName(tf, '-rds-cpu')).toMatchObject({
      metric_name: 'CPUUtilization',
      threshold: t.cpuPercent,
      dimensions: { DBInstanceIdentifier: 'oms-env-prod' },
    });
    expect(byName(tf, '-rds-free-storage').threshold).toBe(Math.round((1000 * 1024 ** 3 * 20) / 100));
    // db.r6g.2xlarge: 64 GiB gives min(7209, 5000) connections by RDS's formula; the alarm is at 80%.
    expect(byName(tf, '-rds-connections').threshold).toBe(4000);
    expect(
      alarms(tf)
        .filter((a) => a.namespace === 'AWS/ElastiCache')
        .map((a) => `${a.dimensions.CacheClusterId} ${a.metric_name}`)
        .sort(),
    ).toEqual(
      ['oms-env-prod-001', 'oms-env-prod-002', 'oms-env-prod-003'].flatMap((n) =>
        ['DatabaseMemoryUsagePercentage', 'EngineCPUUtilization', 'Evictions'].map((m) => `${n} ${m}`),
      ),
    );
    expect(byName(tf, '-sqs-age-oms-env-prod-events')).toMatchObject({ metric_name: 'ApproximateAgeOfOldestMessage', threshold: 600 });
    expect(byName(tf, '-sqs-dead-letters-oms-env-prod-events')).toMatchObject({
      threshold: 0,
      dimensions: { QueueName: 'oms-env-prod-events-dlq' },
    });
    expect(byName(tf, '-eks-failed-nodes')).toMatchObject({ namespace: 'ContainerInsights', metric_name: 'cluster_failed_node_count' });
  });

  test('container logs: the CloudWatch observability add-on, its log groups kept for the stage, its agent with its own role', () => {
    const addon = Object.values<any>(tf.resource.aws_eks_addon).find((a) => a.addon_name === 'amazon-cloudwatch-observability');
    expect(addon).toBeDefined();
    const groups = Object.values<any>(tf.resource.aws_cloudwatch_log_group).filter((g) => g.name.startsWith('/aws/containerinsights/'));
    expect(groups.map((g) => [g.name, g.retention_in_days])).toEqual(
      ['application', 'dataplane', 'host', 'performance'].map((k) => [`/aws/containerinsights/oms-env-prod/${k}`, 365]),
    );
    const association = Object.values<any>(tf.resource.aws_eks_pod_identity_association).find((a) => a.namespace === 'amazon-cloudwatch');
    expect(association.service_account).toBe('cloudwatch-agent');
  });

  test('a CloudWatch dashboard of the same', () => {
    const dashboard = Object.values<any>(tf.resource.aws_cloudwatch_dashboard)[0];
    expect(dashboard.dashboard_name).toBe('oms-env-prod');
    const titles = JSON.parse(dashboard.dashboard_body).widgets.map((w: any) => w.properties.title);
    expect(titles).toEqual([
      'RDS: CPU and connections',
      'RDS: free storage',
      'ElastiCache: memory and CPU',
      'SQS: age of oldest message',
      'EKS: nodes',
    ]);
  });
});

test('ECS services: running tasks below desired, and 5xx of their load balancer', () => {
  const tf = parsed('uat', {
    compute: 'ecs',
    clusterAccess: undefined,
    fargateServices: [{ name: 'api', image: 'registry.example.com/a/api:1.0.0', containerPort: 8080, cpu: 256, memoryMiB: 512 }],
  });
  const running = byName(tf, '-ecs-running-env-uat-api');
  expect(running.metric_query.map((q: any) => q.expression ?? q.metric.metric_name)).toEqual([
    'DesiredTaskCount',
    'RunningTaskCount',
    'desired - running',
  ]);
  const errors = byName(tf, '-alb-5xx-env-uat-api');
  expect(errors.threshold).toBe(alarmThresholds('uat').http5xxPer5Minutes);
  expect(errors.metric_query[0].metric.dimensions.LoadBalancer).toMatch(/^\$\{aws_lb\..*\.arn_suffix\}$/);
  expect(Object.values<any>(tf.resource.aws_eks_addon ?? {})).toEqual([]);
});

test('thresholds tighten from UAT to production', () => {
  expect([alarmThresholds('uat').cpuPercent, alarmThresholds('staging').cpuPercent, alarmThresholds('prod').cpuPercent]).toEqual([
    90, 80, 75,
  ]);
  expect([alarmThresholds('uat').oldestMessageSeconds, alarmThresholds('prod').oldestMessageSeconds]).toEqual([3600, 600]);
  expect(postgresMaxConnections('db.m6g.large')).toBe(901);
  expect(postgresMaxConnections('db.unknown')).toBeUndefined();
});

test('read replicas get a lag alarm', () => {
  const base: OmsObservabilityProps = {
    environment: 'e',
    stage: 'prod',
    account: { accountId: '111122223333', region: 'eu-west-1' },
    logRetentionDays: 365,
    keyDeletionWindowDays: 30,
    database: { identifier: 'oms-e', instanceClass: 'db.r6g.xlarge', allocatedStorageGb: 100, replicaIdentifiers: ['oms-e-replica'] },
    cache: { replicationGroupId: 'oms-e', nodes: 1 },
    queues: [],
    ecs: { clusterName: 'oms-e', services: [] },
  };
  expect(alarmSpecs(base).find((s) => s.id === 'rds-replica-lag-oms-e-replica')).toMatchObject({ metricName: 'ReplicaLag', threshold: 60 });
  expect(alarmSpecs({ ...base, database: { ...base.database, replicaIdentifiers: [] } }).some((s) => s.metricName === 'ReplicaLag')).toBe(
    false,
  );
});
