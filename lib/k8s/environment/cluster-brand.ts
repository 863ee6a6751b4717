import type { OmsCluster } from './oms-cluster';

/** Label on the namespace of every environment placed on a cluster; the ClusterResourceQuota selects by it. */
export const CLUSTER_LABEL = 'oms.platform/cluster';

// A registered symbol rather than `instanceof`: an app that loads a second copy of the library still
// recognises the cluster definitions of the first.
const OMS_CLUSTER = Symbol.for('oms-platform-constructs.OmsCluster');

/** Marks an object as a cluster definition (called by OmsCluster's constructor). */
export function markOmsCluster(cluster: object): void {
  Object.defineProperty(cluster, OMS_CLUSTER, { value: true });
}

/** Whether `value` is a cluster definition made by OmsCluster. */
export function isOmsClusterDefinition(value: unknown): value is OmsCluster {
  return value !== null && typeof value === 'object' && OMS_CLUSTER in value;
}
