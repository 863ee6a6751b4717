import type { KindsOf } from '../core';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CACHE_ROTATION_ENV, cacheRotationScript } from './cache-rotation-script';
import { OmsNetwork } from './network';
import { ecsTasksTrust, shellTaskDefinition, shellTaskExecution, shellTaskSecurityGroup } from './shell-task';
import { Product, awsAccountIdViolation } from '../core';
import { rotationDaysProblems, toolsImageProblems } from './validate-aws-props';
import {
  arnProblems,
  checkBlockProps,
  ecsServiceNameProblems,
  problemIf,
  resourcePrefixProblems,
  taskWiringProblems,
} from './validate-block-props';

/** Properties of a {@link CacheSecretRotation}. */
export interface CacheSecretRotationProps {
  /** Prefix of resource names. */
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  readonly network: OmsNetwork;
  /** The environment's ECS cluster (the task runs there). */
  readonly cluster: EcsCluster;
  /** A pinned image with the AWS CLI v2 and jq. */
  readonly image: string;
  /** The cache password's secret (JSON key `token`) and the KMS key that encrypts it. */
  readonly secretArn: string;
  readonly kmsKeyArn: string;
  /** The ElastiCache user whose password rotates. */
  readonly userId: string;
  /** Days between rotations. @default 30 */
  readonly days?: number;
  /** ECS services (names) that read the password: restarted after each rotation. @default none */
  readonly services?: readonly string[];
  readonly logRetentionDays: number;
  /** What must exist before the first run (the cache user). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** The estate's product: names the log group. @default Product.OMS */
  readonly product?: Product;
}

const CACHE_ROTATION_PROP_KINDS = {
  name: 'string',
  region: 'string',
  accountId: 'string',
  network: 'object',
  cluster: 'object',
  image: 'string',
  secretArn: 'string',
  kmsKeyArn: 'string',
  userId: 'string',
  days: 'number',
  services: 'string[]',
  logRetentionDays: 'number',
  dependsOn: 'array',
  product: 'object',
} satisfies KindsOf<CacheSecretRotationProps>;
const CACHE_ROTATION_REQUIRED = [
  'name',
  'region',
  'accountId',
  'network',
  'cluster',
  'image',
  'secretArn',
  'kmsKeyArn',
  'userId',
  'logRetentionDays',
];

/**
 * Rotates the cache password on a schedule. ElastiCache's AUTH token has no rotation function
 * from AWS; its users (RBAC) can hold two passwords at once. So EventBridge Scheduler runs a
 * Fargate task every `days` that gives the cache's user the new password and the current one,
 * then stores the new one in the secret and restarts the ECS services that read it: clients
 * holding the current password keep working for one more period, and the password before it
 * stops working.
 */
export class CacheSecretRotation extends Construct {
  public readonly schedule: SchedulerSchedule;
  public readonly taskDefinition: EcsTaskDefinition;

  constructor(scope: Construct, id: string, props: CacheSecretRotationProps) {
    checkBlockProps(scope, id, 'CacheSecretRotationProps', props, CACHE_ROTATION_PROP_KINDS, CACHE_ROTATION_REQUIRED, (p) => [
      ...resourcePrefixProblems('name', p.name),
      ...taskWiringProblems(p, OmsNetwork, EcsCluster),
      ...problemIf('accountId', p.accountId, awsAccountIdViolation(p.accountId), 'use the account of this stage'),
      ...toolsImageProblems('image', p.image),
      ...arnProblems('secretArn', p.secretArn, 'secretsmanager', "pass the cache password's secret ARN, e.g. cache.authToken.secret.arn"),
      ...arnProblems('kmsKeyArn', p.kmsKeyArn, 'kms', 'give the ARN of the KMS key that encrypts the secret'),
      ...rotationDaysProblems('days', p.days),
      ...(p.services ?? []).flatMap((name, i) => ecsServiceNameProblems(`services[${i}]`, name)),
    ]);
    super(scope, id);
    const userArn = `arn:aws:elasticache:${props.region}:${props.accountId}:user:${props.userId}`;
    const viaSecretsManager = { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } };

    const { logs, executionRole: execRole } = shellTaskExecution(this, {
      name: `${props.name}-cache-rotation`,
      logRetentionDays: props.logRetentionDays,
      product: props.product,
      secretArns: [props.secretArn],
      keyArns: [props.kmsKeyArn],
      region: props.region,
      accountId: props.accountId,
    });
    const taskRole = new IamRole(this, 'task-role', {
      name: `${props.name}-cache-rotation`,
      assumeRolePolicy: ecsTasksTrust(props.region, props.accountId),
    });
    const services = props.services ?? [];
    new IamRolePolicy(this, 'rotate', {
      role: taskRole.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'], Resource: [userArn] },
          { Effect: 'Allow', Action: ['secretsmanager:PutSecretValue'], Resource: [props.secretArn] },
          // GetRandomPassword has no resource.
          { Effect: 'Allow', Action: ['secretsmanager:GetRandomPassword'], Resource: ['*'] },
          { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [props.kmsKeyArn], Condition: viaSecretsManager },
          ...(services.length > 0
            ? [
                {
                  Effect: 'Allow',
                  Action: ['ecs:UpdateService'],
                  Resource: services.map((s) => `arn:aws:ecs:${props.region}:${props.accountId}:service/${props.cluster.name}/${s}`),
                },
              ]
            : []),
        ],
      }),
    });
    const e = CACHE_ROTATION_ENV;
    this.taskDefinition = shellTaskDefinition(this, 'task', {
      family: `${props.name}-cache-rotation`,
      container: 'cache-rotation',
      image: props.image,
      script: cacheRotationScript(),
      environment: [
        { name: e.region, value: props.region },
        { name: e.secretId, value: props.secretArn },
        { name: e.userId, value: props.userId },
        { name: e.cluster, value: props.cluster.name },
        { name: e.services, value: services.join(' ') },
      ],
      secrets: [{ name: e.current, valueFrom: `${props.secretArn}:token::` }],
      executionRoleArn: execRole.arn,
      taskRoleArn: taskRole.arn,
      logGroup: logs.name,
      region: props.region,
    });
    const sg = shellTaskSecurityGroup(this, {
      name: `${props.name}-cache-rotation`,
      description: 'Cache password rotation: AWS APIs only',
      network: props.network,
    });
    const schedulerRole = new IamRole(this, 'scheduler-role', {
      name: `${props.name}-cache-rotation-schedule`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // EventBridge Scheduler passes the schedule group's ARN as aws:SourceArn.
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: { 'aws:SourceArn': `arn:aws:scheduler:${props.region}:${props.accountId}:schedule-group/*` },
            },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'run-task', {
      role: schedulerRole.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['ecs:RunTask'],
            Resource: [`arn:aws:ecs:${props.region}:${props.accountId}:task-definition/${props.name}-cache-rotation:*`],
            Condition: { ArnEquals: { 'ecs:cluster': props.cluster.arn } },
          },
          { Effect: 'Allow', Action: ['iam:PassRole'], Resource: [execRole.arn, taskRole.arn] },
        ],
      }),
    });
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name: `${props.name}-cache-rotation`,
      description: 'Rotates the cache password (two valid at a time)',
      scheduleExpression: `rate(${props.days ?? 30} days)`,
      flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 60 },
      target: {
        arn: props.cluster.arn,
        roleArn: schedulerRole.arn,
        ecsParameters: {
          taskDefinitionArn: this.taskDefinition.arn,
          launchType: 'FARGATE',
          taskCount: 1,
          networkConfiguration: {
            subnets: props.network.workloadSubnets.map((s) => s.id),
            securityGroups: [sg.id],
            assignPublicIp: false,
          },
        },
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
