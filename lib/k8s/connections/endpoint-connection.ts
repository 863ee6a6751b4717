import {
  CONNECTION_VARIABLES,
  ConnectionVariableKind,
  EgressRule,
  Problem,
  SecretKeyReference,
  connectionVariables,
  envPrefixViolation,
  hostnameViolation,
  isIpAddress,
  portViolation,
  validateEgress,
  problemIf,
} from '../../core';
import { ConnectionBinding, ConnectionKind, IConnection, markConnection } from './connection';

/** What every host-and-port connection takes. */
export interface EndpointConnectionProps {
  /** The host clients connect to (a DNS name). */
  readonly host: string;
  /** The port. @default the product's */
  readonly port?: number;
  /** How workloads reach it (NetworkPolicy egress). */
  readonly egress: readonly EgressRule[];
  /**
   * Prefix of the environment variables a generic workload gets (`<prefix>_HOST`, `<prefix>_PORT`, ...), the same
   * contract as on ECS (`CONNECTION_VARIABLES`). @default `DB` for a database, `CACHE` for a cache
   */
  readonly envPrefix?: string;
  /** A short name for reviewers and messages. @default the kind */
  readonly name?: string;
  /** The environment whose namespace holds the Secrets and pods it refers to. @default none (usable anywhere) */
  readonly environment?: string;
}

/** Every problem with the host, port, egress and prefix of a connection to `what` (e.g. "database"). */
export function validateEndpointProps(props: EndpointConnectionProps, what: string, defaultPort: number): Problem[] {
  const example = `${what === 'cache' ? 'cache' : 'db'}.uat.oms.internal`;
  const hostFix = isIpAddress(props.host)
    ? `use the ${what}'s DNS name (e.g. "${example}"): TLS clients check the certificate against it`
    : `use e.g. "${example}"`;
  const portRule = props.port === undefined ? undefined : portViolation(props.port);
  const problems: Problem[] = [
    ...problemIf('host', props.host, hostnameViolation(props.host), hostFix),
    ...problemIf('port', props.port, portRule, `use the port the ${what} listens on`),
  ];
  if (!props.egress || props.egress.length === 0)
    problems.push({
      property: 'egress',
      rule: `must say how workloads reach the ${what}`,
      value: props.egress,
      fix: `add { cidr: '10.20.64.0/20', ports: [${defaultPort}] }`,
    });
  problems.push(...validateEgress('egress', props.egress));
  // Clients connect to the port; a NetworkPolicy that opens other ports blocks every connection at run time.
  const port = props.port ?? defaultPort;
  const opened = Array.isArray(props.egress) ? props.egress.flatMap((e) => (Array.isArray(e?.ports) ? e.ports : [])) : [];
  if (opened.length > 0 && portViolation(port) === undefined && !opened.includes(port))
    problems.push({
      property: 'egress[*].ports',
      rule: `must include the ${what}'s port ${port}: clients connect there, and a NetworkPolicy without it blocks every connection`,
      value: [...new Set(opened)],
      fix: `add ${port} to the ports of the egress rule that reaches the ${what}, or set port to the one it listens on`,
    });
  const prefixRule = props.envPrefix === undefined ? undefined : envPrefixViolation(props.envPrefix);
  problems.push(...problemIf('envPrefix', props.envPrefix, prefixRule, 'use e.g. "DB"'));
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
  /** Prefix of the variables a generic workload gets. */
  public readonly envPrefix: string;
  private readonly variables: ConnectionVariableKind;

  protected constructor(
    props: EndpointConnectionProps,
    defaults: { readonly name: string; readonly port: number; readonly variables: ConnectionVariableKind },
  ) {
    this.connectionName = props.name ?? defaults.name;
    this.environment = props.environment;
    this.host = props.host;
    this.port = props.port ?? defaults.port;
    this.egress = [...props.egress];
    this.variables = defaults.variables;
    this.envPrefix = props.envPrefix ?? CONNECTION_VARIABLES[defaults.variables].prefix;
    markConnection(this);
  }

  /** The variables a generic workload gets, by the contract shared with ECS (`CONNECTION_VARIABLES`). */
  public binding(): ConnectionBinding {
    const p = this.envPrefix;
    const extra = this.productBinding();
    return {
      env: connectionVariables(this.variables, { HOST: this.host, PORT: String(this.port), ...extra.env }, p),
      secretEnv: connectionVariables(this.variables, extra.secretEnv, p),
      egress: this.egress,
    };
  }

  /** The product's own variables, without the prefix (e.g. `NAME`, `PASSWORD`). */
  protected abstract productBinding(): { env: Record<string, string>; secretEnv: Record<string, SecretKeyReference> };
}
