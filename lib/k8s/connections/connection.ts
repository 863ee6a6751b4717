import { EgressRule, SecretKeyReference } from '../../core';

/** What a workload gets from one connection: settings, credentials by reference, and the network path. */
export interface ConnectionBinding {
  /** Plain settings (host, port, database name), as environment variables. */
  readonly env: Readonly<Record<string, string>>;
  /** Credentials, as environment variables read from Secrets. */
  readonly secretEnv: Readonly<Record<string, SecretKeyReference>>;
  /** Where the workload must be allowed to connect. */
  readonly egress: readonly EgressRule[];
}

/** The kinds of backing service a workload connects to. */
export type ConnectionKind = 'database' | 'cache' | 'broker';

/**
 * Something a workload connects to: a database, a cache or a message broker,
 * made by the AWS layer, created in the cluster, or existing elsewhere. It
 * carries its non-secret settings, its secret references and its egress rules,
 * so `workload.connectTo(db, cache, broker)` wires all three in one call.
 */
export interface IConnection {
  /** A short name for reviewers and messages, e.g. `database`. */
  readonly connectionName: string;
  /** What kind of service it is. */
  readonly kind: ConnectionKind;
  /**
   * The environment (namespace) whose Secrets and pods the connection refers
   * to; a workload of another environment cannot use it.
   * `undefined` when it refers to nothing namespaced beyond Secrets the user provides.
   */
  readonly environment?: string;
  /** The host clients connect to, for reviewers (topology). */
  readonly host: string;
  /** The environment variables and egress a generic workload gets. */
  binding(): ConnectionBinding;
}

const CONNECTION = Symbol.for('oms-platform-constructs.Connection');

/** Marks an object as a connection, so `connectTo` can tell a connection from a mistake. */
export function markConnection(c: IConnection): void {
  Object.defineProperty(c, CONNECTION, { value: true });
}

/** Whether `x` is a connection. */
export function isConnection(x: unknown): x is IConnection {
  return x !== null && typeof x === 'object' && CONNECTION in x;
}
