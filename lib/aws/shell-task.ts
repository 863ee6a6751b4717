import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Construct } from 'constructs';

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
