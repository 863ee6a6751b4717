import {
  EgressRule,
  POD_IDENTITY_AGENT_CIDR,
  Problem,
  cronViolation,
  dns1123LabelViolation,
  queueNameViolation,
  timeZoneViolation,
} from '../../core';
import { ConnectionBinding, IConnection, markConnection } from './connection';

/** Where a broker's credentials are: keys of an existing Secret (never literals). */
export interface BrokerCredentials {
  /** The Secret, in the environment's namespace. */
  readonly secretName: string;
  /** Key of the user name. @default 'username' */
  readonly usernameKey?: string;
  /** Key of the password. @default 'password' */
  readonly passwordKey?: string;
}

/** Common properties of every broker. */
export interface BrokerBaseProps {
  /** A short name, used in object names (DNS-1123 label). */
  readonly name: string;
  /** The queues this broker serves; triggers may name only these. */
  readonly queues: readonly string[];
  /** How workloads reach the broker, for their NetworkPolicies. @default none (add it to the pool's egress) */
  readonly egress?: readonly EgressRule[];
}

/** IBM MQ, scaled through the queue manager's mqweb administrative REST API. */
export interface IbmMqBrokerProps extends BrokerBaseProps {
  /** The mqweb MQSC endpoint, e.g. `https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/OMSQM/mqsc`. */
  readonly adminUrl: string;
  /** The mqweb administrator, from a Secret. */
  readonly credentials: BrokerCredentials;
}

/** Amazon SQS; KEDA reads queue depth with an IAM role (pod identity), never with access keys in the manifests. */
export interface SqsBrokerProps extends BrokerBaseProps {
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The 12-digit account that owns the queues. */
  readonly accountId: string;
  /** The IAM role KEDA assumes to read the queues. */
  readonly roleArn: string;
}

/** RabbitMQ; the connection URL (it embeds credentials) comes from a Secret. */
export interface RabbitMqBrokerProps extends BrokerBaseProps {
  /** Secret key holding the AMQP or management-API URL. */
  readonly connection: { readonly secretName: string; readonly key: string };
  /** Whether the URL is AMQP or the HTTP management API. @default 'amqp' */
  readonly protocol?: 'amqp' | 'http';
  /** The virtual host. @default the URL's */
  readonly vhost?: string;
}

/** ActiveMQ Artemis, scaled through its Jolokia management endpoint. */
export interface ArtemisBrokerProps extends BrokerBaseProps {
  /** `host:port` of the management console. */
  readonly managementEndpoint: string;
  /** The broker name. */
  readonly brokerName: string;
  /** The address the queues belong to. */
  readonly brokerAddress: string;
  /** The management user, from a Secret. */
  readonly credentials: BrokerCredentials;
}

/** KEDA `TriggerAuthentication` spec contents. */
export interface TriggerAuthSpec {
  readonly secretTargetRef?: { parameter: string; name: string; key: string }[];
  readonly podIdentity?: { provider: string; roleArn?: string };
}

/** Options of a queue-depth trigger. */
export interface QueueDepthOptions {
  /** Messages per replica KEDA aims for. @default 10 */
  readonly target?: number;
  /** Messages at which KEDA wakes the pool from zero. @default 0 (any message) */
  readonly activation?: number;
  /** More KEDA trigger metadata (e.g. `operation`); credentials are refused. @default none */
  readonly extraMetadata?: Readonly<Record<string, string>>;
}

const SECRET_KEY = /(password|passwd|secret|token|credential|api[._-]?key|access[._-]?key|connection|host)/i;
const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+:[^/@\s]*@/i;

function credentialRefs(c: BrokerCredentials): { parameter: string; name: string; key: string }[] {
  return [
    { parameter: 'username', name: c.secretName, key: c.usernameKey ?? 'username' },
    { parameter: 'password', name: c.secretName, key: c.passwordKey ?? 'password' },
  ];
}

type BrokerKind = 'ibmmq' | 'sqs' | 'rabbitmq' | 'artemis';

/**
 * A message broker the agents consume from, with the queues it serves. It
 * knows how KEDA measures its queues (trigger type and metadata) and how KEDA
 * authenticates (a `TriggerAuthentication` from a Secret or an IAM role).
 */
export class MessageBroker implements IConnection {
  /** IBM MQ. */
  public static ibmMq(props: IbmMqBrokerProps): MessageBroker {
    return new MessageBroker(
      'ibmmq',
      props,
      (queue, o) => ({ host: props.adminUrl, queueName: queue, queueDepth: o.target, activationQueueDepth: o.activation }),
      {
        secretTargetRef: props.credentials ? credentialRefs(props.credentials) : [],
      },
      [['adminUrl', props.adminUrl]],
    );
  }

  /** Amazon SQS. */
  public static sqs(props: SqsBrokerProps): MessageBroker {
    // Consumers get their IAM role's credentials from the EKS Pod Identity agent, on a link-local address.
    const egress = [...(props.egress ?? []), { cidr: POD_IDENTITY_AGENT_CIDR, ports: [80], description: 'EKS Pod Identity agent' }];
    return new MessageBroker(
      'sqs',
      { ...props, egress },
      (queue, o) => ({
        queueURL: `https://sqs.${props.region}.amazonaws.com/${props.accountId}/${queue}`,
        awsRegion: props.region,
        queueLength: o.target,
        activationQueueLength: o.activation,
      }),
      { podIdentity: { provider: 'aws', roleArn: props.roleArn } },
      [],
    );
  }

  /** RabbitMQ. */
  public static rabbitMq(props: RabbitMqBrokerProps): MessageBroker {
    return new MessageBroker(
      'rabbitmq',
      props,
      (queue, o) => ({
        protocol: props.protocol ?? 'amqp',
        queueName: queue,
        mode: 'QueueLength',
        value: o.target,
        activationValue: o.activation,
        ...(props.vhost ? { vhostName: props.vhost } : {}),
      }),
      { secretTargetRef: props.connection ? [{ parameter: 'host', name: props.connection.secretName, key: props.connection.key }] : [] },
      [],
    );
  }

  /** ActiveMQ Artemis. */
  public static artemis(props: ArtemisBrokerProps): MessageBroker {
    return new MessageBroker(
      'artemis',
      props,
      (queue, o) => ({
        managementEndpoint: props.managementEndpoint,
        brokerName: props.brokerName,
        brokerAddress: props.brokerAddress,
        queueName: queue,
        queueLength: o.target,
        activationQueueLength: o.activation,
      }),
      { secretTargetRef: props.credentials ? credentialRefs(props.credentials) : [] },
      [['managementEndpoint', props.managementEndpoint]],
    );
  }

  public readonly kind = 'broker' as const;
  /** The broker's short name. */
  public readonly name: string;
  /** The queues it serves. */
  public readonly queues: readonly string[];
  /** How workloads reach it. */
  public readonly egress: readonly EgressRule[];

  private constructor(
    /** Which broker product. */
    public readonly product: BrokerKind,
    private readonly props: BrokerBaseProps & Record<string, any>,
    private readonly metadataFor: (queue: string, o: { target: string; activation: string }) => Record<string, string>,
    /** How KEDA authenticates to the broker. */
    public readonly auth: TriggerAuthSpec,
    private readonly urls: [string, string | undefined][],
  ) {
    this.name = props.name;
    this.queues = props.queues ?? [];
    this.egress = props.egress ?? [];
    markConnection(this);
  }

  public get connectionName(): string {
    return this.name;
  }

  /** The broker's address, for reviewers. */
  public get host(): string {
    const url = this.urls.find(([, u]) => u !== undefined)?.[1];
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
      ...this.metadataFor(trigger.queue, { target: String(trigger.target), activation: String(trigger.activation) }),
      ...trigger.extraMetadata,
    };
  }

  /** Every problem with the broker definition; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    const p = this.props;
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
    const seen = new Set<string>();
    for (const q of this.queues) {
      const rule =
        typeof q !== 'string' || q.trim().length === 0 ? 'must not contain an empty queue name' : queueNameViolation(this.product, q);
      if (rule)
        problems.push({
          property: `${property}.queues`,
          rule,
          value: q,
          fix: q ? 'use the queue name as the broker knows it' : 'remove the empty entry',
        });
      else if (seen.has(q))
        problems.push({ property: `${property}.queues`, rule: 'must not list a queue twice', value: q, fix: `remove the second "${q}"` });
      seen.add(q);
    }
    for (const [field, url] of this.urls) {
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
    if (
      this.product === 'ibmmq' &&
      typeof p.adminUrl === 'string' &&
      !URL_WITH_CREDENTIALS.test(p.adminUrl) &&
      !/^https:\/\/[^/]+\/ibmmq\/rest\/v\d\/admin\/action\/qmgr\/[^/]+\/mqsc$/.test(p.adminUrl)
    ) {
      problems.push({
        property: `${property}.adminUrl`,
        rule: 'must be the https mqweb MQSC endpoint of the queue manager',
        value: p.adminUrl,
        fix: 'use https://<host>:<port>/ibmmq/rest/v2/admin/action/qmgr/<QMGR>/mqsc',
      });
    }
    if (
      this.product === 'artemis' &&
      typeof p.managementEndpoint === 'string' &&
      !/^[a-z0-9.-]+:\d{1,5}$/i.test(p.managementEndpoint) &&
      !URL_WITH_CREDENTIALS.test(p.managementEndpoint)
    ) {
      problems.push({
        property: `${property}.managementEndpoint`,
        rule: 'must be host:port',
        value: p.managementEndpoint,
        fix: 'use e.g. "artemis.oms-broker.svc:8161"',
      });
    }
    if (this.product === 'sqs') {
      if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(p.region ?? ''))
        problems.push({ property: `${property}.region`, rule: 'must be an AWS region', value: p.region, fix: 'use e.g. "eu-west-1"' });
      if (!/^\d{12}$/.test(p.accountId ?? ''))
        problems.push({
          property: `${property}.accountId`,
          rule: 'must be a 12-digit AWS account id',
          value: p.accountId,
          fix: 'use the account that owns the queues',
        });
      if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(p.roleArn ?? '')) {
        problems.push({
          property: `${property}.roleArn`,
          rule: 'must be an IAM role ARN',
          value: p.roleArn,
          fix: 'use e.g. "arn:aws:iam::123456789012:role/keda-sqs-reader"',
        });
      }
    }
    if (this.product === 'ibmmq' || this.product === 'artemis') {
      const c = p.credentials as BrokerCredentials | undefined;
      if (!c || !c.secretName)
        problems.push({
          property: `${property}.credentials`,
          rule: 'must name the Secret with the user and password',
          value: c,
          fix: "set credentials: { secretName: 'mq-admin' }",
        });
    }
    if (this.product === 'rabbitmq' && (!p.connection || !p.connection.secretName || !p.connection.key)) {
      problems.push({
        property: `${property}.connection`,
        rule: 'must name the Secret key holding the connection URL',
        value: p.connection,
        fix: "set connection: { secretName: 'rabbitmq', key: 'url' }",
      });
    }
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
    const extra: unknown = this.extraMetadata;
    if (extra === null || typeof extra !== 'object' || Object.values(extra).some((v) => typeof v !== 'string')) {
      problems.push({
        property: `${property}.extraMetadata`,
        rule: 'must be a map of strings to strings (KEDA reads every value as a string)',
        value: extra,
        fix: 'quote numbers, e.g. { unsafeSsl: "false" }',
      });
      return problems;
    }
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

/** Options of a schedule trigger. */
export interface CronScheduleProps {
  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  readonly timezone: string;
  /** Cron expression (5 fields) when the window opens. */
  readonly start: string;
  /** Cron expression (5 fields) when the window closes. */
  readonly end: string;
  /** Replicas during the window. @default 1 */
  readonly desiredReplicas?: number;
}

/** A time window during which KEDA keeps replicas running (KEDA `cron` trigger). */
export class ScheduleTrigger {
  /** Keeps `desiredReplicas` running between `start` and `end`. */
  public static cron(props: CronScheduleProps): ScheduleTrigger {
    return new ScheduleTrigger(props);
  }

  private constructor(private readonly props: CronScheduleProps) {}

  /** Replicas during the window. */
  public get desiredReplicas(): number {
    return this.props.desiredReplicas ?? 1;
  }

  /** The KEDA metadata. */
  public metadata(): Record<string, string> {
    return { timezone: this.props.timezone, start: this.props.start, end: this.props.end, desiredReplicas: String(this.desiredReplicas) };
  }

  /** Every problem with the schedule; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    const tz = timeZoneViolation(this.props.timezone);
    if (tz)
      problems.push({
        property: `${property}.timezone`,
        rule: tz,
        value: this.props.timezone,
        fix: 'use e.g. "Europe/Amsterdam" or "UTC"',
      });
    for (const field of ['start', 'end'] as const) {
      const rule = cronViolation(this.props[field]);
      if (rule) problems.push({ property: `${property}.${field}`, rule, value: this.props[field], fix: 'use e.g. "0 6 * * 1-5"' });
    }
    if (!Number.isInteger(this.desiredReplicas) || this.desiredReplicas < 1) {
      problems.push({
        property: `${property}.desiredReplicas`,
        rule: 'must be a whole number of at least 1',
        value: this.desiredReplicas,
        fix: 'keep at least one agent running during the window',
      });
    }
    return problems;
  }
}
