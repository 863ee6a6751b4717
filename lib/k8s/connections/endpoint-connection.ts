import { EgressRule, Problem, SecretKeyReference, hostnameViolation, isIpAddress, portViolation, validateEgress } from '../../core';
import { ConnectionBinding, ConnectionKind, IConnection, markConnection } from './connection';

/** What every host-and-port connection takes. */
export interface EndpointConnectionProps {
  /** The host clients connect to (a DNS name). */
  readonly host: string;
  /** The port. @default the product's */
  readonly port?: number;
  /** How workloads reach it (NetworkPolicy egress). */
  readonly egress: readonly EgressRule[];
  /** Prefix of the environment variables a generic workload gets (`<prefix>_HOST`, `<prefix>_PORT`, ...). @default the product's */
  readonly envPrefix?: string;
  /** A short name for reviewers and messages. @default the kind */
  readonly name?: string;
  /** The environment whose namespace holds the Secrets and pods it refers to. @default none (usable anywhere) */
  readonly environment?: string;
}

/** Every problem with the host, port, egress and prefix of a connection to `what` (e.g. "database"). */
export function validateEndpointProps(props: EndpointConnectionProps, what: string, defaultPort: number): Problem[] {
  const problems: Problem[] = [];
  const hostRule = hostnameViolation(props.host);
  if (hostRule)
    problems.push({
      property: 'host',
      rule: hostRule,
      value: props.host,
      fix: isIpAddress(props.host)
        ? `use the ${what}'s DNS name (e.g. "${what === 'cache' ? 'cache' : 'db'}.uat.oms.internal"): TLS clients check the certificate against it`
        : `use e.g. "${what === 'cache' ? 'cache' : 'db'}.uat.oms.internal"`,
    });
  const portRule = props.port === undefined ? undefined : portViolation(props.port);
  if (portRule) problems.push({ property: 'port', rule: portRule, value: props.port, fix: `use the port the ${what} listens on` });
  if (!props.egress || props.egress.length === 0)
    problems.push({
      property: 'egress',
      rule: `must say how workloads reach the ${what}`,
      value: props.egress,
      fix: `add { cidr: '10.20.64.0/20', ports: [${defaultPort}] }`,
    });
  problems.push(...validateEgress('egress', props.egress));
  if (props.envPrefix !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(props.envPrefix))
    problems.push({
      property: 'envPrefix',
      rule: 'must be upper-case letters, digits and "_"',
      value: props.envPrefix,
      fix: 'use e.g. "DB"',
    });
  return problems;
}

/**
 * A backing service reached at a host and port: the common half of the
 * database and cache connections. A generic workload gets `<prefix>_HOST`,
 * `<prefix>_PORT` and whatever the product adds.
 */
export abstract class EndpointConnection implements IConnection {
  public abstract readonly kind: ConnectionKind;
  public readonly connectionName: string;
  public readonly environment?: string;
  public readonly host: string;
  public readonly port: number;
  public readonly egress: readonly EgressRule[];
  protected readonly envPrefix: string;

  protected constructor(
    props: EndpointConnectionProps,
    defaults: { readonly name: string; readonly port: number; readonly envPrefix: string },
  ) {
    this.connectionName = props.name ?? defaults.name;
    this.environment = props.environment;
    this.host = props.host;
    this.port = props.port ?? defaults.port;
    this.egress = [...props.egress];
    this.envPrefix = props.envPrefix ?? defaults.envPrefix;
    markConnection(this);
  }

  public binding(): ConnectionBinding {
    const p = this.envPrefix;
    const extra = this.productBinding();
    return {
      env: { [`${p}_HOST`]: this.host, [`${p}_PORT`]: String(this.port), ...prefixed(p, extra.env) },
      secretEnv: prefixed(p, extra.secretEnv),
      egress: this.egress,
    };
  }

  /** The product's own variables, without the prefix (e.g. `NAME`, `PASSWORD`). */
  protected abstract productBinding(): { env: Record<string, string>; secretEnv: Record<string, SecretKeyReference> };
}

function prefixed<T>(prefix: string, vars: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [`${prefix}_${k}`, v]));
}
