import { EgressRule } from '../../core';
import { k8s } from './kube';

/** TCP ports as NetworkPolicy ports. */
export function tcpPorts(ports: readonly number[]): k8s.NetworkPolicyPort[] {
  return ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));
}

/** Egress rules as NetworkPolicy egress entries: a CIDR becomes an ipBlock, labels a pod (and namespace) selector. */
export function egressEntries(rules: readonly EgressRule[]): k8s.NetworkPolicyEgressRule[] {
  return rules.map((rule) => {
    const peer: k8s.NetworkPolicyPeer =
      rule.cidr !== undefined
        ? { ipBlock: { cidr: rule.cidr } }
        : {
            podSelector: { matchLabels: { ...rule.podLabels } },
            namespaceSelector: rule.namespaceLabels ? { matchLabels: { ...rule.namespaceLabels } } : undefined,
          };
    return { to: [peer], ports: tcpPorts(rule.ports) };
  });
}
