import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { Product, sqsQueueName } from '../core';
import { queueInputProblems } from './validate-aws-props';
import { checkBlockProps, environmentProblems } from './validate-block-props';

/** One queue of an environment. */
export interface QueueInput {
  /** Short name; the queue is `<product>-<environment>-<name>` (`oms-<environment>-<name>` for OMS). */
  readonly name: string;
  /** ServiceAccounts (in the environment's namespace) whose pods consume it. @default none */
  readonly consumers?: readonly string[];
  /** Seconds a received message stays invisible: longer than the longest job. @default 300 */
  readonly visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceives?: number;
}

/** A queue and its dead-letter queue. */
export interface OmsQueue {
  readonly input: QueueInput;
  readonly queue: SqsQueue;
  readonly deadLetters: SqsQueue;
}

/**
 * SQS queues of an environment, named deterministically, encrypted
 * (SSE-SQS), each with a dead-letter queue so a poison message cannot loop
 * forever.
 */
export class OmsQueues extends Construct {
  public readonly queues: OmsQueue[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: { readonly environment: string; readonly queues: readonly QueueInput[]; readonly product?: Product },
  ) {
    checkBlockProps(
      scope,
      id,
      'OmsQueuesProps',
      props,
      { environment: 'string', queues: 'object[]', product: 'object' },
      ['environment', 'queues'],
      (p) => [...environmentProblems('environment', p.environment), ...queueInputProblems('queues', p.environment, p.queues, p.product)],
    );
    super(scope, id);
    for (const input of props.queues) {
      const name = sqsQueueName(props.environment, input.name, props.product);
      const deadLetters = new SqsQueue(this, `${input.name}-dlq`, {
        name: `${name.slice(0, 76)}-dlq`,
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: 14 * 24 * 3600,
      });
      const queue = new SqsQueue(this, input.name, {
        name,
        sqsManagedSseEnabled: true,
        visibilityTimeoutSeconds: input.visibilityTimeoutSeconds ?? 300,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: input.maxReceives ?? 5 }),
      });
      this.queues.push({ input, queue, deadLetters });
    }
  }
}
