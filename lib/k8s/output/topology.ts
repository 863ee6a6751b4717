import { ApiObject } from 'cdk8s';
import { AgentPool } from '../workloads/agent-pool';
import { AwsConnection } from '../connections/aws-connection';
import { BlueGreenPair } from '../release/blue-green-pair';
import { OmsApiGateway } from '../routing/oms-api-gateway';
import { OmsEnvironment } from '../environment/oms-environment';
import { OmsMicroservice } from '../workloads/oms-microservice';

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
const text = (s: string) => s.replace(/"/g, "'");

/**
 * A Mermaid flowchart of an environment: the routing entry point, each
 * microservice with the APIs routed to it, blue-green pairs with their active
 * colour, agent pools with the queues they consume, and the data stores.
 * Written beside the manifests as `topology.mmd`; GitHub and most wikis render it.
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
      lines.push(
        `    ${id(`svc_${pair.serviceName}`)} --> ${id(`rollout_${pair.serviceName}`)}["Argo Rollout<br/>preview: ${pair.previewServiceName}"]`,
      );
    }
    for (const [colour, svc] of Object.entries(pair.colours)) {
      const role = colour === pair.active ? 'active' : 'preview';
      lines.push(`    ${id(`svc_${svc!.serviceName}`)}["${svc!.name}<br/>${role}"]`);
      if (role === 'active') lines.push(`    ${id(`svc_${pair.serviceName}`)} --> ${id(`svc_${svc!.serviceName}`)}`);
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
  const stores: string[] = [];
  for (const conn of all.filter((c): c is AwsConnection => c instanceof AwsConnection)) {
    stores.push(
      `    ${id(`db_${conn.node.path}`)}[("PostgreSQL<br/>${conn.endpoints.databaseHost}")]`,
      `    ${id(`cache_${conn.node.path}`)}[("Redis<br/>${conn.endpoints.cacheHost}")]`,
    );
  }
  for (const obj of all.filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'StatefulSet')) {
    stores.push(`    ${id(`sts_${obj.name}`)}[("${obj.name}<br/>in-cluster")]`);
  }
  if (stores.length > 0) lines.push('  subgraph data["data stores"]', ...stores, '  end');
  return `${lines.join('\n')}\n`;
}
