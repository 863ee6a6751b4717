import { EgressRule, Problem, dns1123LabelViolation, listedOnceProblems, queueNameViolation, validateEgress } from '../../core';
import { artemisDefinition, ArtemisBrokerProps } from './artemis-broker';
import { kedaMetadataProblems } from '../crds/keda-scaled-job';
import { BrokerDefinition, BrokerKind, TriggerAuthSpec, URL_WITH_CREDENTIALS } from './broker-definition';
import { ConnectionBinding, IConnection, markConnection } from './connection';
import { ibmMqDefinition, IbmMqBrokerProps } from './ibm-mq-broker';
import { rabbitMqDefinition, RabbitMqBrokerProps } from './rabbitmq-broker';
import { sqsDefinition, SqsBrokerProps } from './sqs-broker';

// Each product's props and rules live beside it; the public names stay here.
export type { BrokerCredentials, BrokerBaseProps, TriggerAuthSpec } from './broker-definition';
export type { IbmMqBrokerProps } from './ibm-mq-broker';
export type { SqsBrokerProps } from './sqs-broker';
export type { RabbitMqBrokerProps } from './rabbitmq-broker';
export type { ArtemisBrokerProps } from './artemis-broker';
export type { CronScheduleProps } from './schedule-trigger';
export { ScheduleTrigger } from './schedule-trigger';

/** Options of a queue-depth trigger. */
export interface QueueDepthOptions {
  /** Messages per replica KEDA aims for. @default 10 */
  readonly target?: number;
  /** Messages at which KEDA wakes the pool from zero. @default 0 (any message) */
  readonly activation?: number;
  /** More KEDA trigger metadata (e.g. `operation`); credentials are refused. @default none */
  readonly extraMetadata?: Readonly<Record<string, string>>;
}

/** Each broker's queue list as it last passed its checks (the list is the caller's array, which may change). */
const queuesThatPassed = new WeakMap<MessageBroker, readonly string[]>();

const SECRET_KEY = /(password|passwd|secret|token|credential|api[._-]?key|access[._-]?key|connection|host)/i;

/**
 * A message broker the agents consume from, with the queues it serves. It
 * knows how KEDA measures its queues (trigger type and metadata) and how KEDA
 * authenticates (a `TriggerAuthentication` from a Secret or an IAM role).
 */
export class MessageBroker implements IConnection {
  /** IBM MQ. */
  public static ibmMq(props: IbmMqBrokerProps): MessageBroker {
    return new MessageBroker(ibmMqDefinition(props));
  }

  /** Amazon SQS. */
  public static sqs(props: SqsBrokerProps): MessageBroker {
    return new MessageBroker(sqsDefinition(props));
  }

  /** RabbitMQ. */
  public static rabbitMq(props: RabbitMqBrokerProps): MessageBroker {
    return new MessageBroker(rabbitMqDefinition(props));
  }

  /** ActiveMQ Artemis. */
  public static artemis(props: ArtemisBrokerProps): MessageBroker {
    return new MessageBroker(artemisDefinition(props));
  }

  public readonly kind = 'broker' as const;
  /** The broker's short name. */
  public readonly name: string;
  /** The queues it serves. */
  public readonly queues: readonly string[];
  /** How workloads reach it. */
  public readonly egress: readonly EgressRule[];

  /** Which broker product. */
  public readonly product: BrokerKind;
  /** How KEDA authenticates to the broker. */
  public readonly auth: TriggerAuthSpec;
  /** What the product brings (see the static factories, one per product). */
  private readonly definition: BrokerDefinition;

  private constructor(definition: BrokerDefinition) {
    this.definition = definition;
    this.product = definition.product;
    this.auth = definition.auth;
    this.name = definition.base.name;
    this.queues = definition.base.queues ?? [];
    this.egress = definition.base.egress ?? [];
    markConnection(this);
  }

  public get connectionName(): string {
    return this.name;
  }

  /** The broker's address, for reviewers. */
  public get host(): string {
    const url = this.definition.urls.find(([, u]) => u !== undefined)?.[1];
    return url ? url.replace(/^[a-z]+:\/\//i, '').split(/[/:]/)[0] : this.name;
  }

  /** A broker gives its clients only the network path: OMS reads its JMS settings from the bindings, others from their own configuration. */
  public binding(): ConnectionBinding {
    return { env: {}, secretEnv: {}, egress: this.egress };
  }

  /** The KEDA trigger type. */
  public get triggerType(): string {
    return { ibmmq: 'ibmmq', sqs: 'aws-sqs-queue', rabbitmq: 'rabbitmq', artemis: 'artemis-queue' }[this.product];
  }

  /** A trigger that scales on the depth of `queue`. */
  public queueDepth(queue: string, options: QueueDepthOptions = {}): QueueTrigger {
    return new QueueTrigger(this, queue, options.target ?? 10, options.activation ?? 0, options.extraMetadata ?? {});
  }

  /** The KEDA metadata of a trigger on `queue`. */
  public triggerMetadata(trigger: QueueTrigger): Record<string, string> {
    return {
      ...this.definition.metadataFor(trigger.queue, { target: String(trigger.target), activation: String(trigger.activation) }),
      ...trigger.extraMetadata,
    };
  }

  /** The problems of the queue list: each a queue name of the product, listed once. */
  private queueProblems(property: string): Problem[] {
    // Every pool scaling on this broker checks it; a list unchanged since it last passed still passes.
    const queues = this.queues;
    const passed = queuesThatPassed.get(this);
    if (passed !== undefined && passed.length === queues.length && passed.every((q, i) => q === queues[i])) return [];
    const problems = listedOnceProblems(`${property}.queues`, queues, 'a queue', (q) => {
      const rule =
        typeof q !== 'string' || q.trim().length === 0 ? 'must not contain an empty queue name' : queueNameViolation(this.product, q);
      return rule === undefined
        ? undefined
        : {
            property: `${property}.queues`,
            rule,
            value: q,
            fix: q ? 'use the queue name as the broker knows it' : 'remove the empty entry',
          };
    });
    // Only a list of strings is remembered, so a hole or other value never compares equal to a remembered one.
    if (problems.length === 0 && Array.from(queues).every((q) => typeof q === 'string')) queuesThatPassed.set(this, [...queues]);
    else queuesThatPassed.delete(this);
    return problems;
  }

  /** Every problem with the broker definition; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    const p = this.definition.base;
    const nameRule = dns1123LabelViolation(p.name ?? '', 30);
    if (nameRule)
      problems.push({ property: `${property}.name`, rule: nameRule, value: p.name, fix: 'use a short lower-case name such as "mq"' });
    if (this.queues.length === 0)
      problems.push({
        property: `${property}.queues`,
        rule: 'must list at least one queue',
        value: p.queues,
        fix: 'list the queues the agents consume',
      });
    problems.push(...this.queueProblems(property));
    for (const [field, url] of this.definition.urls) {
      if (typeof url !== 'string' || url.length === 0) {
        problems.push({ property: `${property}.${field}`, rule: 'is required', value: url, fix: `set ${field}` });
      } else if (URL_WITH_CREDENTIALS.test(url)) {
        problems.push({
          property: `${property}.${field}`,
          rule: 'must not embed credentials',
          value: '<redacted>',
          fix: 'remove user and password from the URL; give them as credentials from a Secret',
        });
      }
    }
    // The egress goes into the NetworkPolicies of the workloads that use the broker.
    if (p.egress !== undefined) problems.push(...validateEgress(`${property}.egress`, p.egress));
    problems.push(...this.definition.problems(property));
    return problems;
  }
}

/** A queue-depth trigger: scale on the depth of one queue of one broker. */
export class QueueTrigger {
  constructor(
    /** The broker. */
    public readonly broker: MessageBroker,
    /** The queue. */
    public readonly queue: string,
    /** Messages per replica KEDA aims for. */
    public readonly target: number,
    /** Messages at which KEDA wakes the pool from zero. */
    public readonly activation: number,
    /** More KEDA trigger metadata. */
    public readonly extraMetadata: Readonly<Record<string, string>>,
  ) {}

  /** Every problem with the trigger (and its broker); `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    // The constructor is public: a trigger built by hand may hold anything, and must not fail with a TypeError.
    if (!(this.broker instanceof MessageBroker))
      return [
        {
          property: `${property}.broker`,
          rule: 'must be a MessageBroker',
          value: this.broker === null || typeof this.broker !== 'object' ? this.broker : 'an object that is not a MessageBroker',
          fix: 'make the trigger with broker.queueDepth(queue)',
        },
      ];
    const problems = this.broker.validate(`${property}.broker`);
    if (typeof this.queue !== 'string' || this.queue.trim().length === 0) {
      problems.push({
        property: `${property}.queue`,
        rule: 'is required',
        value: this.queue,
        fix: `name one of the broker's queues: ${this.broker.queues.join(', ')}`,
      });
    } else if (!this.broker.queues.includes(this.queue)) {
      problems.push({
        property: `${property}.queue`,
        rule: `must be one of the queues of broker "${this.broker.name}" (${this.broker.queues.join(', ')})`,
        value: this.queue,
        fix: 'fix the queue name, or add the queue to the broker',
      });
    }
    if (!Number.isInteger(this.target) || this.target < 1) {
      problems.push({
        property: `${property}.target`,
        rule: 'must be a whole number of messages of at least 1',
        value: this.target,
        fix: 'set the messages one replica should handle, e.g. 10',
      });
    }
    if (!Number.isInteger(this.activation) || this.activation < 0) {
      problems.push({
        property: `${property}.activation`,
        rule: 'must be a whole number of messages of at least 0',
        value: this.activation,
        fix: 'use 0 to wake on any message',
      });
    }
    const extraProblems = kedaMetadataProblems(
      `${property}.extraMetadata`,
      this.extraMetadata,
      'quote numbers, e.g. { unsafeSsl: "false" }',
    );
    problems.push(...extraProblems);
    if (extraProblems.length > 0) return problems;
    for (const [key, value] of Object.entries(this.extraMetadata)) {
      if (SECRET_KEY.test(key) || URL_WITH_CREDENTIALS.test(value)) {
        problems.push({
          property: `${property}.extraMetadata["${key}"]`,
          rule: 'must not carry a credential or a connection string (it would be written to the ScaledObject in plain text)',
          value: '<redacted>',
          fix: "credentials come from the broker's Secret through the TriggerAuthentication",
        });
      }
    }
    return problems;
  }
}
