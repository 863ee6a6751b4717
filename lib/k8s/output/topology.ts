import { ApiObject } from 'cdk8s';
import { AgentPool } from '../workloads/agent-pool';
import { AwsConnection } from '../connections/aws-connection';
import { BlueGreenPair } from '../release/blue-green-pair';
import { OmsApiGateway } from '../routing/oms-api-gateway';
import { OmsEnvironment } from '../environment/oms-environment';
import { OmsMicroservice } from '../workloads/oms-microservice';
import { Workload } from '../workloads/workload';
import { DatabaseConnection } from '../connections/database-connection';

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
const text = (s: string) => s.replace(/"/g, "'");

/**
 * A Mermaid flowchart of an environment: the routing entry point, each
 * microservice with the APIs routed to it, blue-green pairs with their active
 * colour, agent pools with the queues they consume, and the data stores and
 * brokers with an edge from each workload that connects to them. Written as
 * `topology.mmd`, and as `topology.md` (a Mermaid block pull requests render).
 */
export function topologyOf(env: OmsEnvironment): string {
  const lines = ['flowchart LR', `  %% ${env.environmentName} (${env.config.stage}, ${env.config.platform})`];
  const all = env.node.findAll();
  const pairs = all.filter((c): c is BlueGreenPair => c instanceof BlueGreenPair);
  const inPair = new Set(
    pairs.flatMap((p) => [...Object.values(p.colours), p.rolloutService].filter((s): s is OmsMicroservice => s !== undefined)),
  );

  for (const gw of all.filter((c): c is OmsApiGateway => c instanceof OmsApiGateway)) {
    lines.push(`  ${id(`gw_${gw.node.path}`)}(["${text(gw.host)}"])`);
    const apisBy = new Map<string, string[]>();
    for (const rule of gw.rules) {
      const target = rule.service.serviceName;
      apisBy.set(target, [...(apisBy.get(target) ?? []), rule.api ?? '*']);
    }
    for (const [target, apis] of apisBy) {
      const label = apis.includes('*') ? 'every other path' : apis.join(', ');
      lines.push(`  ${id(`gw_${gw.node.path}`)} -- "${text(label)}" --> ${id(`svc_${target}`)}`);
    }
  }
  for (const svc of all.filter((c): c is OmsMicroservice => c instanceof OmsMicroservice && !inPair.has(c))) {
    lines.push(`  ${id(`svc_${svc.serviceName}`)}["${svc.name}<br/>${svc.minReplicas}..${svc.maxReplicas} pods"]`);
  }
  for (const pair of pairs) {
    lines.push(`  subgraph ${id(`pair_${pair.serviceName}`)}["${pair.serviceName}: blue-green"]`);
    lines.push(`    ${id(`svc_${pair.serviceName}`)}["${pair.serviceName}<br/>active: ${pair.active}"]`);
    if (pair.rolloutService) {
      // Argo Rollouts: the active Service sends traffic to the active ReplicaSet; the preview Service, to the new one.
      lines.push(`    ${id(`rollout_${pair.serviceName}`)}["Argo Rollout<br/>active: ${pair.active}"]`);
      lines.push(`    ${id(`svc_${pair.serviceName}`)} -- "active" --> ${id(`rollout_${pair.serviceName}`)}`);
      lines.push(
        `    ${id(`preview_${pair.serviceName}`)}["${pair.previewServiceName}<br/>preview"] -. "preview" .-> ${id(`rollout_${pair.serviceName}`)}`,
      );
    }
    for (const [colour, svc] of Object.entries(pair.colours)) {
      const role = colour === pair.active ? 'active' : 'preview';
      lines.push(`    ${id(`svc_${svc!.serviceName}`)}["${svc!.name}<br/>${role}"]`);
      if (role === 'active') lines.push(`    ${id(`svc_${pair.serviceName}`)} -- "active" --> ${id(`svc_${svc!.serviceName}`)}`);
      else lines.push(`    ${id(`svc_${pair.serviceName}`)} -. "preview" .-> ${id(`svc_${svc!.serviceName}`)}`);
    }
    lines.push('  end');
  }
  for (const pool of all.filter((c): c is AgentPool => c instanceof AgentPool)) {
    const scaling = pool.scaledObject ?? pool.scaledJob;
    lines.push(`  ${id(`pool_${pool.name}`)}[["${pool.name}<br/>agents ${pool.minReplicas}..${pool.maxReplicas}"]]`);
    const triggers: { type: string; metadata: Record<string, string> }[] = scaling
      ? (ApiObject.of(scaling).toJson().spec.triggers ?? [])
      : [];
    for (const t of triggers.filter((x) => x.type !== 'cron')) {
      const queue = t.metadata.queueName ?? t.metadata.queueURL?.split('/').pop() ?? t.type;
      lines.push(`  ${id(`queue_${queue}`)}>"${text(queue)}"] -.-> ${id(`pool_${pool.name}`)}`);
    }
  }
  // Data stores and brokers come from what each workload connects to, with an edge from the workload.
  // Edges are written after the subgraph, so no edge is declared inside the data-store box.
  const stores = new Map<string, string>();
  const edges: string[] = [];
  const nodeOf = (w: Workload): string | undefined =>
    w instanceof OmsMicroservice ? id(`svc_${w.serviceName}`) : w instanceof AgentPool ? id(`pool_${w.name}`) : undefined;
  for (const w of all.filter((c): c is Workload => c instanceof Workload)) {
    const node = nodeOf(w);
    for (const conn of w.connections) {
      const what =
        conn instanceof DatabaseConnection
          ? `${conn.vendor.displayName}<br/>${conn.host} / ${conn.database}`
          : `${conn.kind}: ${conn.connectionName}<br/>${conn.host}`;
      const store = id(`${conn.kind}_${conn.host}_${conn instanceof DatabaseConnection ? conn.database : conn.connectionName}`);
      stores.set(store, conn.kind === 'broker' ? `    ${store}>"${text(what)}"]` : `    ${store}[("${text(what)}")]`);
      if (node !== undefined && !edges.includes(`  ${node} --> ${store}`)) edges.push(`  ${node} --> ${store}`);
    }
  }
  for (const conn of all.filter((c): c is AwsConnection => c instanceof AwsConnection)) {
    const store = id(`cache_${conn.node.path}`);
    if (![...stores.values()].some((l) => l.includes(conn.endpoints.cacheHost)))
      stores.set(store, `    ${store}[("Redis<br/>${conn.endpoints.cacheHost}")]`);
  }
  for (const obj of all.filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'StatefulSet')) {
    stores.set(id(`sts_${obj.name}`), `    ${id(`sts_${obj.name}`)}[("${obj.name}<br/>in-cluster")]`);
  }
  if (stores.size > 0) lines.push('  subgraph data["data stores and brokers"]', ...stores.values(), '  end', ...edges);
  return `${lines.join('\n')}\n`;
}

/** The topology as Markdown: the Mermaid diagram in a fenced block, which GitHub and GitLab render. */
export function topologyMarkdown(env: OmsEnvironment): string {
  return `# Topology of ${env.environmentName}\n\n\`\`\`mermaid\n${topologyOf(env)}\`\`\`\n`;
}
