import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressRule } from '../../core';
import { k8s } from '../primitives/kube';
import { egressEntries, tcpPorts } from '../primitives/network-rules';

/** Pods on one side of a call (by their labels), and the ports called. */
export interface WorkloadPeer {
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: number[];
}

/**
 * A workload's NetworkPolicy: ingress and egress of its pods only, both
 * rendered at synthesis so peers and connections added later are included.
 */
export function workloadNetworkPolicy(
  scope: Construct,
  metadata: k8s.ObjectMeta,
  selector: Readonly<Record<string, string>>,
  render: { ingress: () => k8s.NetworkPolicyIngressRule[]; egress: () => k8s.NetworkPolicyEgressRule[] },
): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata,
    spec: {
      podSelector: { matchLabels: { ...selector } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: Lazy.any({ produce: () => nonEmpty(render.ingress()) }),
      egress: Lazy.any({ produce: () => nonEmpty(render.egress()) }),
    },
  });
}

/** Ingress: the variant's own sources, then each caller on its ports. */
export function workloadIngress(own: k8s.NetworkPolicyIngressRule[], callers: readonly WorkloadPeer[]): k8s.NetworkPolicyIngressRule[] {
  return [...own, ...callers.map((c) => ({ from: [{ podSelector: { matchLabels: c.selector } }], ports: tcpPorts(c.ports) }))];
}

/** Egress: the workloads it calls, then its connections' and its own rules, each distinct rule once. */
export function workloadEgress(callees: readonly WorkloadPeer[], rules: readonly EgressRule[]): k8s.NetworkPolicyEgressRule[] {
  const peers = callees.map((c) => ({
    to: [{ podSelector: { matchLabels: { ...c.selector } } }],
    ports: tcpPorts(c.ports),
  }));
  const seen = new Set<string>();
  const unique = rules.filter((r) => {
    const key = JSON.stringify([r.cidr, r.podLabels, r.namespaceLabels, r.ports]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return [...peers, ...egressEntries(unique)];
}

/** An empty list as `undefined`, so it is left out of the output. */
function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
