import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { Construct } from 'constructs';
import { AwsAccount, Product, Stage } from '../core';
import { AlarmThresholds, alarmThresholds } from '../core/monitoring';

/** Properties of an {@link OmsAlarmTopic}. */
export interface OmsAlarmTopicProps {
  readonly environment: string;
  /** The estate's product, which names the topic and its key. @default Product.OMS */
  readonly product?: Product;
  readonly account: AwsAccount;
  /** Days before a deleted key is gone. */
  readonly keyDeletionWindowDays: number;
}

/**
 * The environment's alarm topic (`<product>-<env>-alarms`; `oms-<env>-alarms` for OMS), encrypted with its own KMS key. CloudWatch may use the key
 * and publish to the topic, for alarms of this account only: AWS's "Amazon SNS security best practices" and the
 * CloudWatch user guide say an alarm cannot publish to a topic encrypted with the AWS-managed SNS key, and that a
 * customer key's policy must let `cloudwatch.amazonaws.com` call `kms:Decrypt` and `kms:GenerateDataKey*`.
 * Subscriptions (e-mail, a chat or paging integration) are the team's to add.
 */
export class OmsAlarmTopic extends Construct {
  public readonly topic: SnsTopic;
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: OmsAlarmTopicProps) {
    super(scope, id);
    const product = props.product ?? Product.OMS;
    const name = `${product.resourcePrefix(props.environment)}-alarms`;
    const root = `arn:aws:iam::${props.account.accountId}:root`;
    this.key = new KmsKey(this, 'key', {
      description: `${product.name.toUpperCase()} alarm topic ${props.environment}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Account', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'CloudWatchAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': props.account.accountId } },
          },
        ],
      }),
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${name}`, targetKeyId: this.key.keyId });
    this.topic = new SnsTopic(this, 'topic', { name, kmsMasterKeyId: this.key.arn });
    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CloudWatchAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: `arn:aws:sns:${props.account.region}:${props.account.accountId}:${name}`,
            Condition: { StringEquals: { 'aws:SourceAccount': props.account.accountId } },
          },
        ],
      }),
    });
  }
}

/** One alarm before rendering: a metric (or metric math) and its threshold. */
export interface AlarmSpec {
  /** Unique within the environment; the alarm is `<product>-<env>-<id>` (`oms-<env>-<id>` for OMS). */
  readonly id: string;
  readonly description: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly statistic?: 'Average' | 'Sum' | 'Maximum' | 'Minimum';
  /** Metric math instead of one metric: the queries, the last one returning the value. */
  readonly queries?: readonly CloudwatchMetricAlarmMetricQuery[];
  readonly comparison: 'GreaterThanThreshold' | 'LessThanThreshold' | 'GreaterThanOrEqualToThreshold';
  readonly threshold: number;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** @default the stage's */
  readonly evaluationPeriods?: number;
  /** @default 'notBreaching' (no data: nothing happens, e.g. no requests) */
  readonly treatMissingData?: 'notBreaching' | 'breaching' | 'missing';
}

/** Renders alarms that notify `topicArn` when they fire and when they recover. */
export function renderAlarms(
  scope: Construct,
  environment: string,
  stage: Stage,
  topicArn: string,
  specs: readonly AlarmSpec[],
  product: Product = Product.OMS,
): CloudwatchMetricAlarm[] {
  const t: AlarmThresholds = alarmThresholds(stage);
  return specs.map(
    (s) =>
      new CloudwatchMetricAlarm(scope, `alarm-${s.id}`, {
        alarmName: `${product.resourcePrefix(environment)}-${s.id}`,
        alarmDescription: s.description,
        namespace: s.queries ? undefined : s.namespace,
        metricName: s.queries ? undefined : s.metricName,
        dimensions: s.queries ? undefined : { ...s.dimensions },
        statistic: s.queries ? undefined : (s.statistic ?? 'Average'),
        period: s.queries ? undefined : (s.periodSeconds ?? 300),
        metricQuery: s.queries ? [...s.queries] : undefined,
        comparisonOperator: s.comparison,
        threshold: s.threshold,
        evaluationPeriods: s.evaluationPeriods ?? t.evaluationPeriods,
        treatMissingData: s.treatMissingData ?? 'notBreaching',
        alarmActions: [topicArn],
        okActions: [topicArn],
      }),
  );
}
