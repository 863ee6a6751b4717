import { EgressRule, Problem, configMapKeyViolation, dns1123SubdomainViolation, problemIf } from '../../core';

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

/** KEDA `TriggerAuthentication` spec contents. */
export interface TriggerAuthSpec {
  readonly secretTargetRef?: { parameter: string; name: string; key: string }[];
  readonly podIdentity?: { provider: string; roleArn?: string };
}

/** The broker products a `MessageBroker` can be. */
export type BrokerKind = 'ibmmq' | 'sqs' | 'rabbitmq' | 'artemis';

/**
 * What one broker product brings to a `MessageBroker`: how KEDA measures a
 * queue, how KEDA authenticates, which props hold URLs, and the product's own
 * rules (checked after the rules every broker shares).
 */
export interface BrokerDefinition {
  /** Which broker product. */
  readonly product: BrokerKind;
  /** The props every broker has (name, queues, egress), as the product resolved them. */
  readonly base: BrokerBaseProps;
  /** The KEDA trigger metadata of one queue. */
  readonly metadataFor: (queue: string, o: { readonly target: string; readonly activation: string }) => Record<string, string>;
  /** How KEDA authenticates to the broker. */
  readonly auth: TriggerAuthSpec;
  /** The props that hold URLs, by name, with their values (checked for presence and embedded credentials). */
  readonly urls: readonly (readonly [property: string, url: string | undefined])[];
  /** The product's own rules; `property` prefixes the messages. */
  readonly problems: (property: string) => Problem[];
}

/** A URL with a user (and maybe a password) before the host. */
export const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+:[^/@\s]*@/i;

/** KEDA authentication by a user and password from a Secret (none while the credentials are missing, which the rules report). */
export function credentialsAuth(c: BrokerCredentials | undefined): TriggerAuthSpec {
  return {
    secretTargetRef: c
      ? [
          { parameter: 'username', name: c.secretName, key: c.usernameKey ?? 'username' },
          { parameter: 'password', name: c.secretName, key: c.passwordKey ?? 'password' },
        ]
      : [],
  };
}

/** The problem with a broker's missing credentials Secret, if any. */
export function credentialsProblems(property: string, c: BrokerCredentials | undefined): Problem[] {
  if (!c || !c.secretName)
    return [
      {
        property: `${property}.credentials`,
        rule: 'must name the Secret with the user and password',
        value: c,
        fix: "set credentials: { secretName: 'mq-admin' }",
      },
    ];
  // KEDA's TriggerAuthentication reads them by name and key: a Secret name and Secret keys.
  return [
    ...problemIf(
      `${property}.credentials.secretName`,
      c.secretName,
      dns1123SubdomainViolation(c.secretName),
      'name the Secret as Kubernetes has it, e.g. "mq-admin"',
    ),
    ...(['usernameKey', 'passwordKey'] as const).flatMap((key) =>
      c[key] === undefined
        ? []
        : problemIf(
            `${property}.credentials.${key}`,
            c[key],
            configMapKeyViolation(c[key]),
            'use the key as it is in the Secret, e.g. "username"',
          ),
    ),
  ];
}

/**
 * The parts of a broker KEDA reaches at one URL with a user and password from a Secret (IBM MQ, Artemis): how KEDA
 * authenticates, the URL, and the rules (the product's own, then those of the credentials).
 */
export function reachedWithCredentials(
  credentials: BrokerCredentials | undefined,
  url: readonly [property: string, url: string | undefined],
  productProblems: (property: string) => Problem[],
): Pick<BrokerDefinition, 'auth' | 'urls' | 'problems'> {
  return {
    auth: credentialsAuth(credentials),
    urls: [url],
    problems: (property) => [...productProblems(property), ...credentialsProblems(property, credentials)],
  };
}
