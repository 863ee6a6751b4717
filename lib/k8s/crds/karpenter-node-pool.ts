import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';

/** One Karpenter scheduling requirement (a node selector requirement). */
export interface NodePoolRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

/** The parts of a Karpenter `NodePool` spec this library uses. */
export interface NodePoolProps {
  readonly name: string;
  readonly labels?: Record<string, string>;
  /** The `EC2NodeClass` (karpenter.k8s.aws) the nodes are launched with. */
  readonly nodeClassName: string;
  readonly requirements: readonly NodePoolRequirement[];
  /** The most capacity all nodes of the pool may add up to, e.g. `{ cpu: '288', memory: '704Gi' }`. */
  readonly limits: Record<string, string | number>;
}

/**
 * Karpenter `NodePool` (karpenter.sh/v1): the nodes Karpenter may launch, and
 * `limits`, the ceiling on the summed capacity of all of them. Cluster-scoped.
 * Written by hand (a few fields); the test suite validates every instance
 * against the shared CRD schema.
 */
export class KarpenterNodePool extends ApiObject {
  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id, {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: props.name, labels: props.labels },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: props.nodeClassName },
            requirements: props.requirements.map((r) => ({
              key: r.key,
              operator: r.operator,
              values: r.values ? [...r.values] : undefined,
            })),
          },
        },
        limits: { ...props.limits },
      },
    });
    this.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
