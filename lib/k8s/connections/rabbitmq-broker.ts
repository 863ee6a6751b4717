import { Problem, configMapKeyViolation, dns1123SubdomainViolation, oneOfProblems, problemIf } from '../../core';
import { BrokerBaseProps, BrokerDefinition } from './broker-definition';

/** RabbitMQ; the connection URL (it embeds credentials) comes from a Secret. */
export interface RabbitMqBrokerProps extends BrokerBaseProps {
  /** Secret key holding the AMQP or management-API URL. */
  readonly connection: { readonly secretName: string; readonly key: string };
  /** Whether the URL is AMQP or the HTTP management API. @default 'amqp' */
  readonly protocol?: 'amqp' | 'http';
  /** The virtual host. @default the URL's */
  readonly vhost?: string;
}

/** RabbitMQ as KEDA's `rabbitmq` scaler reads it. */
export function rabbitMqDefinition(props: RabbitMqBrokerProps): BrokerDefinition {
  return {
    product: 'rabbitmq',
    base: props,
    metadataFor: (queue, o) => ({
      protocol: props.protocol ?? 'amqp',
      queueName: queue,
      mode: 'QueueLength',
      value: o.target,
      activationValue: o.activation,
      ...(props.vhost ? { vhostName: props.vhost } : {}),
    }),
    auth: {
      secretTargetRef: props.connection ? [{ parameter: 'host', name: props.connection.secretName, key: props.connection.key }] : [],
    },
    urls: [],
    problems: (property) => rabbitMqProblems(property, props),
  };
}

/** The rules of RabbitMQ brokers only. */
function rabbitMqProblems(property: string, p: RabbitMqBrokerProps): Problem[] {
  if (!p.connection || !p.connection.secretName || !p.connection.key)
    return [
      {
        property: `${property}.connection`,
        rule: 'must name the Secret key holding the connection URL',
        value: p.connection,
        fix: "set connection: { secretName: 'rabbitmq', key: 'url' }",
      },
    ];
  return [
    ...problemIf(
      `${property}.connection.secretName`,
      p.connection.secretName,
      dns1123SubdomainViolation(p.connection.secretName),
      'name the Secret as Kubernetes has it, e.g. "rabbitmq"',
    ),
    ...problemIf(
      `${property}.connection.key`,
      p.connection.key,
      configMapKeyViolation(p.connection.key),
      'use the key as it is in the Secret, e.g. "url"',
    ),
    // KEDA's rabbitmq scaler reads the queue over AMQP or the management API's HTTP, nothing else.
    ...oneOfProblems(
      `${property}.protocol`,
      p.protocol ?? 'amqp',
      ['amqp', 'http'],
      'use "amqp" (the default) or "http" (the management API)',
    ),
  ];
}
