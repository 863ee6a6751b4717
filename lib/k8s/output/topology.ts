import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { OmsEnvironment } from '../environment/oms-environment';
import { EnvironmentMonitoring } from '../monitoring/environment-monitoring';
import { PairRole, PoolRole, ServiceRole, TopologyRole, TopologyStore, WorkloadRole, topologyRoleOf } from '../primitives/topology-role';
import { topologySvg } from './topology-svg';

/** How a node is drawn: entry point, service, agent pool, queue or broker, data store. */
export type TopologyShape = 'entry' | 'service' | 'pool' | 'queue' | 'store';

/** One box of the diagram. */
export interface TopologyNode {
  readonly id: string;
  /** Lines of text. */
  readonly label: readonly string[];
  readonly shape: TopologyShape;
  /** The box the node is drawn in (a blue-green pair, the data stores), if any. */
  readonly group?: string;
}

/** One arrow. Dotted arrows are traffic that is not live (preview) or asynchronous (queues). */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly dotted?: boolean;
}

/** The diagram of one environment, drawn as Mermaid ({@link topologyOf}) and SVG ({@link topologySvg}). */
export interface Topology {
  readonly title: string;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  /** Box id to its title. */
  readonly groups: Readonly<Record<string, string>>;
  /** Node id to the URL it links to (the dashboard). @default none */
  readonly links?: Readonly<Record<string, string>>;
}

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
const text = (s: string) => s.replace(/"/g, "'");
const DATA = 'data';

/**
 * What an environment looks like to a reviewer: the routing entry point, each microservice with the
 * APIs routed to it, blue-green pairs (the active colour behind an "active" arrow, the other behind a
 * dotted "preview" one), agent pools with the queues they consume, and the data stores and brokers
 * with an arrow from every workload that connects to them. `rendered` gives an object's JSON when it
 * is rendered already (the topology reads a pool's triggers from its ScaledObject), so it is not
 * rendered twice; `constructs` is the environment's `node.findAll()` when the caller has walked the
 * tree already (one walk of a large estate costs as much as drawing it).
 */
export function topologyModel(
  env: OmsEnvironment,
  rendered: RenderedJson = (obj) => obj.toJson(),
  constructs: readonly IConstruct[] = env.node.findAll(),
): Topology {
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const node = (n: TopologyNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  // Node ids hold no spaces, so "from to" names an arrow.
  const edge = (e: TopologyEdge) => {
    if (!edges.has(`${e.from} ${e.to}`)) edges.set(`${e.from} ${e.to}`, e);
  };
  const groups: Record<string, string> = {};
  // Each construct is drawn by the role it registered (see topology-role.ts), not by its class, so a new
  // workload kind is drawn without a change here, and so are constructs made by another copy of the library.
  const roles = constructs
    .map((construct) => ({ construct, role: topologyRoleOf(construct) }))
    .filter((x): x is { construct: IConstruct; role: TopologyRole } => x.role !== undefined);
  const having = <R extends TopologyRole['role']>(r: R) =>
    roles.filter((x): x is { construct: IConstruct; role: Extract<TopologyRole, { role: R }> } => x.role.role === r);
  const pairs = having('pair').map((x) => x.role);
  const inPair = new Set(
    pairs.flatMap((p) => [...Object.values(p.colours), p.rolloutService].filter((s): s is IConstruct => s !== undefined)),
  );
  const memberOf = (c: IConstruct) => topologyRoleOf(c) as ServiceRole;

  for (const { construct, role: gw } of having('gateway')) {
    const gwId = id(`gw_${construct.node.path}`);
    node({ id: gwId, label: [gw.host], shape: 'entry' });
    const apisBy = new Map<string, string[]>();
    for (const route of gw.routes()) {
      const target = route.serviceName;
      apisBy.set(target, [...(apisBy.get(target) ?? []), route.api ?? '*']);
    }
    for (const [target, apis] of apisBy) {
      edge({ from: gwId, to: id(`svc_${target}`), label: apis.includes('*') ? 'every other path' : apis.join(', ') });
    }
  }
  for (const { role: svc } of having('service').filter((x) => !inPair.has(x.construct))) {
    node({ id: id(`svc_${svc.serviceName}`), label: [svc.name, `${svc.minReplicas}..${svc.maxReplicas} pods`], shape: 'service' });
  }
  for (const pair of pairs) drawPair(pair, memberOf, node, edge, groups);
  const poolGroup = new Map(pairs.flatMap((p) => p.pools.map((pool) => [pool, id(`pair_${p.serviceName}`)] as const)));
  for (const { construct, role: pool } of having('pool')) drawPool(pool, poolGroup.get(construct), node, edge, rendered);
  for (const { role: w } of having('workload')) {
    node({ id: id(`workload_${w.name}`), label: [w.name, `${w.minReplicas}..${w.maxReplicas} pods`], shape: 'service' });
  }
  // Data stores and brokers: what each workload connects to, with an arrow from the workload.
  const rollouts = new Map(pairs.filter((p) => p.rolloutService).map((p) => [p.rolloutService!, id(`rollout_${p.serviceName}`)]));
  const workloadNode = (c: IConstruct, w: ServiceRole | PoolRole | WorkloadRole): string =>
    w.role === 'service'
      ? (rollouts.get(c) ?? id(`svc_${w.serviceName}`))
      : w.role === 'pool'
        ? id(`pool_${w.name}`)
        : id(`workload_${w.name}`);
  const storeEdges = new Map<string, TopologyEdge>();
  const storeHosts = new Set<string>();
  for (const { construct, role: w } of roles.filter(
    (x): x is { construct: IConstruct; role: ServiceRole | PoolRole | WorkloadRole } =>
      x.role.role === 'service' || x.role.role === 'pool' || x.role.role === 'workload',
  )) {
    const from = workloadNode(construct, w);
    for (const conn of w.connections()) {
      const db = databaseOf(conn);
      const store = id(`${conn.kind}_${conn.host}_${db ? db.database : conn.connectionName}`);
      const label = db ? [db.vendor.displayName, `${db.host} / ${db.database}`] : [`${conn.kind}: ${conn.connectionName}`, conn.host];
      node({ id: store, label, shape: conn.kind === 'broker' ? 'queue' : 'store', group: DATA });
      storeHosts.add(conn.host);
      if (nodes.has(from) && !storeEdges.has(`${from} ${store}`)) storeEdges.set(`${from} ${store}`, { from, to: store });
    }
  }
  for (const { construct, role: cache } of having('cache')) {
    if (!storeHosts.has(cache.host))
      node({ id: id(`cache_${construct.node.path}`), label: ['Redis', cache.host], shape: 'store', group: DATA });
  }
  for (const obj of constructs.filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'StatefulSet')) {
    // An in-cluster store a workload connects to is drawn once, under the host the workload uses.
    if (![...storeHosts].some((h) => h === obj.name || h.startsWith(`${obj.name}.`)))
      node({ id: id(`sts_${obj.name}`), label: [obj.name, 'in-cluster'], shape: 'store', group: DATA });
  }
  if ([...nodes.values()].some((n) => n.group === DATA)) groups[DATA] = 'data stores and brokers';
  // EnvironmentMonitoring.of(env), from the walk above.
  const monitoring = constructs.find((c): c is EnvironmentMonitoring => c instanceof EnvironmentMonitoring);
  if (monitoring)
    node({
      id: 'dashboard',
      label: ['Grafana dashboard', monitoring.dashboardUrl ?? `ConfigMap ${monitoring.dashboard.name}`],
      shape: 'entry',
    });
  return {
    title: `${env.environmentName} (${env.config.stage}, ${env.config.platform})`,
    nodes: [...nodes.values()],
    edges: [...edges.values(), ...storeEdges.values()],
    groups,
    links: monitoring?.dashboardUrl ? { dashboard: monitoring.dashboardUrl } : undefined,
  };
}

type Draw<T> = (x: T) => void;

/** An object's JSON, as its `toJson()` gives it (read, never changed). */
export type RenderedJson = (obj: ApiObject) => any;

/** A database connection (it names its database and vendor), told apart by shape, not by class. */
function databaseOf(conn: TopologyStore): (TopologyStore & { database: string; vendor: { displayName: string } }) | undefined {
  return conn.kind === 'database' && typeof conn.database === 'string' && conn.vendor !== undefined
    ? (conn as TopologyStore & { database: string; vendor: { displayName: string } })
    : undefined;
}

/**
 * A blue-green pair as one box: its Service, the active colour behind an "active" arrow and the other
 * behind a dotted "preview" one; with Argo Rollouts, the Rollout behind the active and preview Services.
 */
function drawPair(
  pair: PairRole,
  memberOf: (c: IConstruct) => ServiceRole,
  node: Draw<TopologyNode>,
  edge: Draw<TopologyEdge>,
  groups: Record<string, string>,
): void {
  const group = id(`pair_${pair.serviceName}`);
  groups[group] = `${pair.serviceName}: blue-green`;
  const svcId = id(`svc_${pair.serviceName}`);
  node({ id: svcId, label: [pair.serviceName, `active: ${pair.active}`], shape: 'service', group });
  if (pair.rolloutService) {
    // Argo Rollouts: the active Service sends traffic to the active ReplicaSet; the preview Service, to the new one.
    const rollout = id(`rollout_${pair.serviceName}`);
    node({ id: rollout, label: ['Argo Rollout', `active: ${pair.active}`], shape: 'service', group });
    edge({ from: svcId, to: rollout, label: 'active' });
    const preview = id(`preview_${pair.serviceName}`);
    node({ id: preview, label: [pair.previewServiceName, 'preview'], shape: 'service', group });
    edge({ from: preview, to: rollout, label: 'preview', dotted: true });
  }
  for (const [colour, member] of Object.entries(pair.colours)) {
    const svc = memberOf(member!);
    const role = colour === pair.active ? 'active' : 'preview';
    const colourId = id(`svc_${svc.serviceName}`);
    node({ id: colourId, label: [svc.name, role], shape: 'service', group });
    edge({ from: svcId, to: colourId, label: role, dotted: role === 'preview' });
  }
}

/** An agent pool (in its blue-green pair's box, if it has one), with a dotted arrow from every queue that scales it. */
function drawPool(
  pool: PoolRole,
  group: string | undefined,
  node: Draw<TopologyNode>,
  edge: Draw<TopologyEdge>,
  rendered: RenderedJson,
): void {
  const poolId = id(`pool_${pool.name}`);
  node({ id: poolId, label: [pool.name, `agents ${pool.minReplicas}..${pool.maxReplicas}`], shape: 'pool', group });
  const triggers: { type: string; metadata: Record<string, string> }[] = pool.scaling
    ? (rendered(ApiObject.of(pool.scaling)).spec.triggers ?? [])
    : [];
  for (const t of triggers.filter((x) => x.type !== 'cron')) {
    const queue = t.metadata.queueName ?? t.metadata.queueURL?.split('/').pop() ?? t.type;
    node({ id: id(`queue_${queue}`), label: [queue], shape: 'queue' });
    edge({ from: id(`queue_${queue}`), to: poolId, dotted: true });
  }
}

function mermaidNode(n: TopologyNode): string {
  const label = text(n.label.join('<br/>'));
  switch (n.shape) {
    case 'entry':
      return `${n.id}(["${label}"])`;
    case 'pool':
      return `${n.id}[["${label}"]]`;
    case 'queue':
      return `${n.id}>"${label}"]`;
    case 'store':
      return `${n.id}[("${label}")]`;
    default:
      return `${n.id}["${label}"]`;
  }
}

function mermaidEdge(e: TopologyEdge): string {
  if (e.dotted) return e.label ? `${e.from} -. "${text(e.label)}" .-> ${e.to}` : `${e.from} -.-> ${e.to}`;
  return e.label ? `${e.from} -- "${text(e.label)}" --> ${e.to}` : `${e.from} --> ${e.to}`;
}

/**
 * A Mermaid flowchart of a topology: nodes first (those in a box inside their `subgraph`), then
 * every arrow after all boxes, so no arrow is declared inside a box it only ends in.
 */
export function topologyMermaid(t: Topology): string {
  const lines = ['flowchart LR', `  %% ${t.title}`];
  for (const n of t.nodes.filter((x) => x.group === undefined)) lines.push(`  ${mermaidNode(n)}`);
  for (const [group, title] of Object.entries(t.groups)) {
    lines.push(`  subgraph ${group}["${text(title)}"]`);
    for (const n of t.nodes.filter((x) => x.group === group)) lines.push(`    ${mermaidNode(n)}`);
    lines.push('  end');
  }
  for (const e of t.edges) lines.push(`  ${mermaidEdge(e)}`);
  for (const [node, url] of Object.entries(t.links ?? {})) lines.push(`  click ${node} "${text(url)}" _blank`);
  return `${lines.join('\n')}\n`;
}

/** A topology as Markdown: the Mermaid diagram in a fenced block (GitHub and GitLab render it) and the SVG. */
export function topologyMarkdownOf(environment: string, t: Topology): string {
  return markdown(environment, topologyMermaid(t));
}

function markdown(environment: string, mmd: string): string {
  return `# Topology of ${environment}\n\n\`\`\`mermaid\n${mmd}\`\`\`\n\n![topology of ${environment}](topology.svg)\n`;
}

/**
 * The Mermaid flowchart of an environment ({@link topologyModel}). Written as `topology.mmd`, and
 * inside `topology.md`, which pull requests render.
 */
export function topologyOf(env: OmsEnvironment): string {
  return topologyMermaid(topologyModel(env));
}

/** The topology of an environment as Markdown ({@link topologyMarkdownOf}). */
export function topologyMarkdown(env: OmsEnvironment): string {
  return topologyMarkdownOf(env.environmentName, topologyModel(env));
}

/** The topology as a standalone SVG image. */
export function topologySvgOf(env: OmsEnvironment): string {
  return topologySvg(topologyModel(env));
}

/**
 * `topology.mmd`, `topology.md` and `topology.svg`, from one model of the environment (see
 * {@link topologyModel} for `rendered` and `constructs`).
 */
export function topologyFiles(
  env: OmsEnvironment,
  rendered?: RenderedJson,
  constructs?: readonly IConstruct[],
): { path: string; content: string }[] {
  const t = topologyModel(env, rendered, constructs);
  const mmd = topologyMermaid(t);
  return [
    { path: 'topology.mmd', content: mmd },
    { path: 'topology.md', content: markdown(env.environmentName, mmd) },
    { path: 'topology.svg', content: topologySvg(t) },
  ];
}
