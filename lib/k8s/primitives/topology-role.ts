import { IConstruct } from 'constructs';

/**
 * What the topology picture needs to know about a place a workload connects to. Structural, so a
 * connection made by another copy of the library is drawn the same way.
 */
export interface TopologyStore {
  readonly kind: string;
  readonly connectionName: string;
  readonly host: string;
  /** Databases: the database name. */
  readonly database?: string;
  /** Databases: the vendor, named for people. */
  readonly vendor?: { readonly displayName: string };
}

/** Every role of a workload: its name, its replica range and the stores it connects to (read when the picture is drawn). */
interface WorkloadLines {
  readonly name: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly connections: () => readonly TopologyStore[];
}

/** The part of a workload's role every workload kind shares. */
export function drawnWorkload(w: {
  readonly name: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly connections: readonly TopologyStore[];
}): WorkloadLines {
  return { name: w.name, minReplicas: w.minReplicas, maxReplicas: w.maxReplicas, connections: () => w.connections };
}

/** A workload with no role of its own (a health monitor, a data setup job, a cron job): one box, with its store lines. */
export interface WorkloadRole extends WorkloadLines {
  readonly role: 'workload';
}

/** A Service-fronted workload: one box named after its Service. */
export interface ServiceRole extends WorkloadLines {
  readonly role: 'service';
  readonly serviceName: string;
}

/** An agent pool: one box, with the queues that scale it pointing at it. */
export interface PoolRole extends WorkloadLines {
  readonly role: 'pool';
  /** The KEDA object whose triggers name the queues. */
  readonly scaling?: IConstruct;
}

/** A blue-green pair: one box holding its Service, its colours (members) and, with Argo Rollouts, the Rollout. */
export interface PairRole {
  readonly role: 'pair';
  readonly serviceName: string;
  readonly previewServiceName: string;
  readonly active: string;
  /** Colour to the member workload (which has a {@link ServiceRole}). */
  readonly colours: Readonly<Record<string, IConstruct | undefined>>;
  /** With Argo Rollouts, the member that is the Rollout. */
  readonly rolloutService?: IConstruct;
  /** The agent pools of both colours (each has a {@link PoolRole}), drawn inside the pair's box. */
  readonly pools: readonly IConstruct[];
}

/** An entry point: the host, and the APIs routed to each Service (`undefined`: every other path). */
export interface GatewayRole {
  readonly role: 'gateway';
  readonly host: string;
  readonly routes: () => readonly { readonly serviceName: string; readonly api?: string }[];
}

/** A cache the environment has even when no workload draws a line to it. */
export interface CacheRole {
  readonly role: 'cache';
  readonly host: string;
}

/** How a construct is drawn in the topology picture. */
export type TopologyRole = WorkloadRole | ServiceRole | PoolRole | PairRole | GatewayRole | CacheRole;

// A global symbol, so a construct made by a second copy of the library (an app loading its own
// module copy) carries the same key, where an `instanceof` check would fail.
const ROLE = Symbol.for('oms-platform-constructs.TopologyRole');

/**
 * Gives a construct its role in the topology picture. Evaluated when the picture is drawn, so
 * what is added after construction (connections, routes) is drawn too. A later registration
 * replaces an earlier one: a subclass refines the role its base class registered.
 */
export function registerTopologyRole(construct: IConstruct, role: () => TopologyRole): void {
  Object.defineProperty(construct, ROLE, { value: role, configurable: true, enumerable: false, writable: false });
}

/** The role a construct was given, if any. */
export function topologyRoleOf(construct: IConstruct): TopologyRole | undefined {
  const role = (construct as unknown as Record<symbol, (() => TopologyRole) | undefined>)[ROLE];
  return typeof role === 'function' ? role() : undefined;
}
