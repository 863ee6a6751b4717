import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup, SecurityGroupEgress } from '@cdktf/provider-aws/lib/security-group';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { OmsNetwork } from './network';

/**
 * The trust policy of a role that ECS tasks assume: only ECS, and only for tasks of this account
 * and region (`aws:SourceAccount`, and `aws:SourceArn` on ECS ARNs), as the ECS developer guide's
 * task role and execution role pages recommend against the confused deputy problem.
 * `accountId` may be a Terraform expression ({@link accountIdOf}).
 */
export function ecsTasksTrust(region: string, accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${region}:${accountId}:*` },
        },
      },
    ],
  });
}

/** The account id in an ARN (the fifth field), as a Terraform expression when the ARN is one. */
export function accountIdOf(arn: string): string {
  return Fn.element(Fn.split(':', arn), 4);
}

/** What a shell task's execution needs: its name, its logs, the secrets ECS injects and the keys that encrypt them. */
export interface ShellTaskExecutionInput {
  /** `<stack name>-<purpose>`: names the log group and the execution role. */
  readonly name: string;
  readonly logRetentionDays: number;
  readonly secretArns: readonly string[];
  readonly keyArns: readonly string[];
  readonly region: string;
  /** The account the tasks run in (a Terraform expression is fine). */
  readonly accountId: string;
}

/**
 * The log group and the execution role of a shell task: ECS pulls the image, writes the logs and
 * reads the task's secrets (decrypting them only through Secrets Manager) with it.
 */
export function shellTaskExecution(scope: Construct, input: ShellTaskExecutionInput): { logs: CloudwatchLogGroup; executionRole: IamRole } {
  const logs = new CloudwatchLogGroup(scope, 'logs', { name: `/oms/ecs/${input.name}`, retentionInDays: input.logRetentionDays });
  const executionRole = new IamRole(scope, 'execution-role', {
    name: `${input.name}-exec`,
    assumeRolePolicy: ecsTasksTrust(input.region, input.accountId),
  });
  new IamRolePolicyAttachment(scope, 'execution-policy', {
    role: executionRole.name,
    policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  });
  new IamRolePolicy(scope, 'read-secrets', {
    role: executionRole.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [...input.secretArns] },
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: [...input.keyArns],
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${input.region}.amazonaws.com` } },
        },
      ],
    }),
  });
  return { logs, executionRole };
}

/**
 * The security group of a shell task: the AWS APIs through the VPC endpoints and S3 (image
 * layers), after whatever else the task reaches (`egress`).
 */
export function shellTaskSecurityGroup(
  scope: Construct,
  input: {
    readonly name: string;
    readonly description: string;
    readonly network: OmsNetwork;
    readonly egress?: readonly SecurityGroupEgress[];
  },
): SecurityGroup {
  return new SecurityGroup(scope, 'sg', {
    name: input.name,
    description: input.description,
    vpcId: input.network.vpc.id,
    egress: [
      ...(input.egress ?? []),
      { description: 'AWS APIs through the VPC endpoints', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [input.network.cidr] },
      { description: 'S3 (image layers)', protocol: 'tcp', fromPort: 443, toPort: 443, prefixListIds: [input.network.s3PrefixListId] },
    ],
  });
}

/** What a one-container shell task on Fargate runs, and as whom. */
export interface ShellTaskInput {
  /** The task family (also the container's purpose in the logs). */
  readonly family: string;
  /** The container's name and its log stream prefix. */
  readonly container: string;
  readonly image: string;
  /** The POSIX shell script; values reach it as environment variables, never in its text. */
  readonly script: string;
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /** Secrets Manager values by reference (`<arn>:<json key>::`). */
  readonly secrets: readonly { readonly name: string; readonly valueFrom: string }[];
  readonly executionRoleArn: string;
  /** The role the script's AWS calls run as. @default none (the script calls no AWS API) */
  readonly taskRoleArn?: string;
  readonly logGroup: string;
  readonly region: string;
}

/**
 * A Fargate task definition for a small shell tool (the database user task, the cache password
 * rotation): non-root, read-only root filesystem, every capability dropped, logs to CloudWatch.
 */
export function shellTaskDefinition(scope: Construct, id: string, input: ShellTaskInput): EcsTaskDefinition {
  return new EcsTaskDefinition(scope, id, {
    family: input.family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: input.executionRoleArn,
    taskRoleArn: input.taskRoleArn,
    containerDefinitions: JSON.stringify([
      {
        name: input.container,
        image: input.image,
        essential: true,
        user: '10001',
        readonlyRootFilesystem: true,
        command: ['/bin/sh', '-c', input.script],
        environment: input.environment,
        secrets: input.secrets,
        linuxParameters: { capabilities: { drop: ['ALL'] } },
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': input.logGroup, 'awslogs-region': input.region, 'awslogs-stream-prefix': input.container },
        },
      },
    ]),
  });
}
