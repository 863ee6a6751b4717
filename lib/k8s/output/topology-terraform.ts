import type { Topology, TopologyEdge, TopologyNode } from './topology';

// The topology of an environment that runs on ECS Fargate only: it has no Kubernetes objects, so
// the diagram is read from its synthesized Terraform JSON (plain data; no cdktf import here).

type Resources = Readonly<Record<string, Readonly<Record<string, Record<string, any>>>>>;

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
const DATA = 'data';

/** `${aws_x.name.attr}` to `aws_x.name`; anything else to undefined. */
function target(ref: unknown): string | undefined {
  const m = typeof ref === 'string' ? /^\$\{([a-z0-9_]+\.[^.}]+)\.[a-z_]+\}$/.exec(ref) : null;
  return m?.[1];
}

/**
 * What an ECS Fargate environment looks like to a reviewer, from its Terraform JSON: each load
 * balancer with the service it forwards to, each service with its task range (autoscaling bounds,
 * or the fixed count), the SQS queues it scales on, and the databases and caches its tasks'
 * security group lets it reach. Same shapes and boxes as the Kubernetes topology.
 */
export function terraformTopology(title: string, terraform: { readonly resource?: Resources }): Topology {
  const res = terraform.resource ?? {};
  const of = (type: string) => Object.entries(res[type] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const groups: Record<string, string> = {};

  // Stores first, by the security groups that guard them.
  const storeBySg = new Map<string, string>();
  for (const [key, db] of of('aws_db_instance')) {
    const node = id(`database_${db.identifier ?? key}`);
    const engine = db.engine === 'postgres' ? 'PostgreSQL' : String(db.engine ?? 'database');
    nodes.push({ id: node, label: [engine, String(db.identifier ?? key)], shape: 'store', group: DATA });
    for (const sg of db.vpc_security_group_ids ?? []) if (target(sg)) storeBySg.set(target(sg)!, node);
  }
  for (const [key, cache] of of('aws_elasticache_replication_group')) {
    const node = id(`cache_${cache.replication_group_id ?? key}`);
    const engine = String(cache.engine ?? 'redis');
    nodes.push({
      id: node,
      label: [engine === 'valkey' ? 'Valkey' : 'Redis', String(cache.replication_group_id ?? key)],
      shape: 'store',
      group: DATA,
    });
    for (const sg of cache.security_group_ids ?? []) if (target(sg)) storeBySg.set(target(sg)!, node);
  }

  // A reference to an attribute the configuration sets (`${aws_sqs_queue.x.name}`) reads as its value.
  const literal = (value: unknown): unknown => {
    const m = typeof value === 'string' ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$/.exec(value) : null;
    return m ? res[m[1]]?.[m[2]]?.[m[3]] : value;
  };
  const lbOfTargetGroup = new Map<string, string>();
  for (const [, listener] of of('aws_lb_listener')) {
    const lb = target(listener.load_balancer_arn);
    for (const action of listener.default_action ?? []) {
      const tg = target(action.target_group_arn);
      if (lb && tg) lbOfTargetGroup.set(tg, lb);
    }
  }
  const scaling = of('aws_appautoscaling_target');
  const policies = Object.values(res.aws_appautoscaling_policy ?? {});
  for (const [key, svc] of of('aws_ecs_service')) {
    const name = String(svc.name ?? key);
    const svcId = id(`svc_${name}`);
    // The scaling target names the service by reference (service/<cluster>/<service>), or by name when written by hand.
    const [boundsKey, bounds] = scaling.find(
      ([, t]) =>
        typeof t.resource_id === 'string' && (t.resource_id.includes(`\${aws_ecs_service.${key}.`) || t.resource_id.endsWith(`/${name}`)),
    ) ?? [undefined, undefined];
    const tasks = bounds ? `${bounds.min_capacity}..${bounds.max_capacity} tasks` : `${svc.desired_count ?? 1} tasks`;
    nodes.push({ id: svcId, label: [name, `Fargate, ${tasks}`], shape: 'service' });
    for (const lbRef of svc.load_balancer ?? []) {
      const lbKey = lbOfTargetGroup.get(target(lbRef.target_group_arn) ?? '');
      const lb = lbKey ? res.aws_lb?.[lbKey.split('.')[1]] : undefined;
      if (!lb) continue;
      const lbId = id(`lb_${lb.name ?? lbKey}`);
      if (!nodes.some((n) => n.id === lbId))
        nodes.push({ id: lbId, label: [String(lb.name ?? lbKey), lb.internal === false ? 'internet-facing' : 'internal'], shape: 'entry' });
      edges.push({ from: lbId, to: svcId, label: `port ${lbRef.container_port}` });
    }
    // A policy names its target's resource by reference, or repeats it.
    const scalesThis = (x: Record<string, any>) =>
      bounds !== undefined &&
      (x.resource_id === bounds.resource_id || String(x.resource_id).includes(`\${aws_appautoscaling_target.${boundsKey}.`));
    for (const p of policies.filter(scalesThis)) {
      const metrics: any[] = p.target_tracking_scaling_policy_configuration?.customized_metric_specification?.metrics ?? [];
      for (const m of metrics) {
        const queue = literal(m.metric_stat?.metric?.dimensions?.find((d: any) => d.name === 'QueueName')?.value);
        if (typeof queue !== 'string') continue;
        const queueId = id(`queue_${queue}`);
        if (!nodes.some((n) => n.id === queueId)) nodes.push({ id: queueId, label: [queue], shape: 'queue' });
        edges.push({ from: queueId, to: svcId, dotted: true });
      }
    }
    for (const sgRef of svc.network_configuration?.security_groups ?? []) {
      const sg = res.aws_security_group?.[(target(sgRef) ?? '').split('.')[1] ?? ''];
      for (const rule of sg?.egress ?? []) {
        for (const dest of rule.security_groups ?? []) {
          const store = storeBySg.get(target(dest) ?? '');
          if (store && !edges.some((e) => e.from === svcId && e.to === store)) edges.push({ from: svcId, to: store });
        }
      }
    }
  }
  if (nodes.some((n) => n.group === DATA)) groups[DATA] = 'data stores and brokers';
  for (const [, d] of of('aws_cloudwatch_dashboard'))
    nodes.push({ id: 'dashboard', label: ['CloudWatch dashboard', String(d.dashboard_name)], shape: 'entry' });
  // Arrows to the stores last, as in the Kubernetes topology.
  const toStores = edges.filter((e) => nodes.find((n) => n.id === e.to)?.group === DATA);
  return { title, nodes, edges: [...edges.filter((e) => !toStores.includes(e)), ...toStores], groups };
}
