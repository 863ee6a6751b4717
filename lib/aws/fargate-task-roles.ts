import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { ResolvedFargateSecret } from './fargate-secret';
import { PolicyStatement } from './pod-identity-role';
import { accountIdOf, ecsTasksTrust } from './shell-task';

/** What a Fargate service's IAM roles depend on. */
export interface FargateTaskRolesInput {
  /** The service name (prefix of the roles' names). */
  readonly name: string;
  readonly region: string;
  /** The ECS cluster's ARN (its account is the one trusted). */
  readonly clusterArn: string;
  /** The secrets the containers read, resolved. */
  readonly secrets: readonly ResolvedFargateSecret[];
  /** What the application itself may call. */
  readonly taskStatements: readonly PolicyStatement[];
}

/**
 * The execution role (pulls the image, writes logs, reads exactly the given
 * secrets and decrypts them with their keys through Secrets Manager only)
 * and the task role (the application's own permissions).
 */
export function fargateTaskRoles(scope: Construct, input: FargateTaskRolesInput): { execution: IamRole; task: IamRole } {
  const { secrets, taskStatements } = input;
  const execRole = new IamRole(scope, 'execution-role', {
    name: `${input.name}-ecs-exec`,
    assumeRolePolicy: ecsTasksTrust(input.region, accountIdOf(input.clusterArn)),
  });
  new IamRolePolicyAttachment(scope, 'execution-policy', {
    role: execRole.name,
    policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  });
  if (secrets.length > 0) {
    const keys = [...new Set(secrets.flatMap((s) => (s.kmsKeyArn ? [s.kmsKeyArn] : [])))];
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [...new Set(secrets.flatMap((s) => s.iamResources))] },
    ];
    if (keys.length > 0) {
      statements.push({
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keys,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${input.region}.amazonaws.com` } },
      });
    }
    new IamRolePolicy(scope, 'read-secrets', {
      role: execRole.id,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
  }
  const taskRole = new IamRole(scope, 'task-role', {
    name: `${input.name}-ecs-task`,
    assumeRolePolicy: ecsTasksTrust(input.region, accountIdOf(input.clusterArn)),
  });
  if (taskStatements.length > 0) {
    new IamRolePolicy(scope, 'task-policy', {
      role: taskRole.id,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: taskStatements }),
    });
  }
  return { execution: execRole, task: taskRole };
}
