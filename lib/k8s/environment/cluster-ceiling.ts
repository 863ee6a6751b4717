import { Construct, IConstruct } from 'constructs';
import { Problem, checkNewConstruct, childPath, formatCpu, formatMemory, throwIfProblems } from '../../core';
import { ClusterResourceQuota } from '../crds/cluster-resource-quota';
import { KarpenterNodePool } from '../crds/karpenter-node-pool';
import { CLUSTER_LABEL, isOmsClusterDefinition } from './cluster-brand';
import type { OmsCluster } from './oms-cluster';

/** Properties of a {@link ClusterCeiling}. */
export interface ClusterCeilingProps {
  /** The cluster whose hard ceiling is rendered. */
  readonly cluster: OmsCluster;
}

const LEAVE_IT = 'leave the ceiling to OmsCluster: creating the owner environment with cluster: <the cluster> renders it';

/**
 * The rendered ceiling of a cluster, in its owner environment (`k8s/cluster.yaml`). Its objects are
 * cluster-scoped and named after the cluster, so exactly one ceiling may exist, inside the owner
 * environment placed on the cluster (`OmsCluster` renders it there); any other would make two apps
 * apply, and prune, the same object.
 */
export class ClusterCeiling extends Construct {
  constructor(scope: Construct, id: string, props: ClusterCeilingProps) {
    checkNewConstruct(scope, id, props);
    throwIfProblems(childPath(scope.node.path, id), clusterCeilingProblems(scope, props));
    super(scope, id);
    const c = props.cluster;
    const labels = { 'app.kubernetes.io/managed-by': 'oms-platform-constructs', [CLUSTER_LABEL]: c.name };
    const e = c.enforcement;
    if (e.kind === 'openshift-quota') {
      const cpu = formatCpu(c.ceiling.cpuMillis);
      const memory = formatMemory(c.ceiling.memoryBytes);
      const hard: Record<string, string | number> = {
        'requests.cpu': cpu,
        'limits.cpu': cpu,
        'requests.memory': memory,
        'limits.memory': memory,
      };
      if (c.ceiling.pods !== undefined) hard.pods = c.ceiling.pods;
      new ClusterResourceQuota(this, 'quota', { name: c.name, labels, namespaceLabels: { [CLUSTER_LABEL]: c.name }, hard });
    } else if (e.kind === 'karpenter') {
      // Node capacity, not pods: a pod count here would cap the nodes' summed pod capacity, so it is left out.
      const limits = { cpu: formatCpu(c.ceiling.cpuMillis), memory: formatMemory(c.ceiling.memoryBytes) };
      new KarpenterNodePool(this, 'node-pool', {
        name: c.name,
        labels,
        nodeClassName: e.nodeClassName,
        requirements: e.requirements,
        limits,
      });
    }
  }
}

/** The cluster must be an OmsCluster, the scope inside its placed owner environment, and that environment without a ceiling yet. */
function clusterCeilingProblems(scope: IConstruct, props: ClusterCeilingProps): Problem[] {
  const cluster: unknown = props.cluster;
  if (!isOmsClusterDefinition(cluster))
    return [
      { property: 'cluster', rule: 'must be an OmsCluster', value: cluster, fix: 'pass the cluster definition: new OmsCluster({ ... })' },
    ];
  const owner = cluster.ownerEnvironment;
  if (owner === undefined || !scope.node.scopes.includes(owner))
    return [
      {
        property: 'scope',
        rule: `must be inside the environment that owns cluster ${cluster.name} ("${cluster.owner}"), placed on the cluster`,
        value: scope.node.path,
        fix: LEAVE_IT,
      },
    ];
  const existing = owner.node.findAll().find((c) => c instanceof ClusterCeiling);
  if (existing !== undefined)
    return [
      {
        property: 'cluster',
        rule: `must have one ceiling: ${existing.node.path} renders it already (its objects are cluster-wide)`,
        value: cluster.name,
        fix: LEAVE_IT,
      },
    ];
  return [];
}
