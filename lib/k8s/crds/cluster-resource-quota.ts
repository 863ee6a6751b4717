import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';

/** The parts of an OpenShift `ClusterResourceQuota` spec this library uses. */
export interface ClusterResourceQuotaProps {
  readonly name: string;
  readonly labels?: Record<string, string>;
  /** Namespaces whose labels match are counted together. */
  readonly namespaceLabels: Record<string, string>;
  /** Hard limits over all selected namespaces together, e.g. `{ 'requests.cpu': '128' }`. */
  readonly hard: Record<string, string | number>;
}

/**
 * OpenShift `ClusterResourceQuota` (quota.openshift.io/v1): one quota over every
 * namespace its selector matches, enforced together. Cluster-scoped, so it
 * carries no namespace. Written by hand (a few fields); the test suite validates
 * every instance against the shared CRD schema.
 */
export class ClusterResourceQuota extends ApiObject {
  constructor(scope: Construct, id: string, props: ClusterResourceQuotaProps) {
    super(scope, id, {
      apiVersion: 'quota.openshift.io/v1',
      kind: 'ClusterResourceQuota',
      metadata: { name: props.name, labels: props.labels },
      spec: {
        selector: { labels: { matchLabels: { ...props.namespaceLabels } } },
        quota: { hard: { ...props.hard } },
      },
    });
    // Cluster-scoped: the chart would otherwise stamp its namespace on it.
    this.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
