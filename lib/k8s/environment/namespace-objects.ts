import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { BRANCH_ANNOTATION, CpuQuantity, MemoryQuantity, cpuToString } from '../../core';
import { k8s } from '../primitives/kube';

/**
 * What every environment's namespace gets: the Namespace with the restricted
 * Pod Security admission, the ResourceQuota (the environment's hard
 * ceiling), the LimitRange (the largest container), a default-deny
 * NetworkPolicy and the DNS egress every pod needs.
 */
export function namespaceObjects(
  scope: Construct,
  name: string,
  budget: { readonly cpu: CpuQuantity; readonly memory: MemoryQuantity; readonly pods?: number },
  ceiling: { readonly cpu: CpuQuantity; readonly memory: MemoryQuantity },
  branch?: string,
): { namespace: k8s.KubeNamespace; quota: k8s.KubeResourceQuota; limitRange: k8s.KubeLimitRange } {
  const namespace = new k8s.KubeNamespace(scope, 'namespace', {
    metadata: {
      name,
      labels: {
        // Admission enforces the restricted Pod Security Standard on everything in the namespace.
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
      annotations: branch === undefined ? undefined : { [BRANCH_ANNOTATION]: branch },
    },
  });
  // A Namespace is cluster-scoped; the chart would otherwise stamp its own namespace on it.
  namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));

  const hard: Record<string, k8s.Quantity> = {
    'requests.cpu': k8s.Quantity.fromString(cpuToString(budget.cpu)),
    'limits.cpu': k8s.Quantity.fromString(cpuToString(budget.cpu)),
    'requests.memory': k8s.Quantity.fromString(budget.memory),
    'limits.memory': k8s.Quantity.fromString(budget.memory),
  };
  if (budget.pods !== undefined) hard.pods = k8s.Quantity.fromNumber(budget.pods);
  const quota = new k8s.KubeResourceQuota(scope, 'quota', { metadata: { name: 'budget' }, spec: { hard } });

  const limitRange = new k8s.KubeLimitRange(scope, 'limits', {
    metadata: { name: 'container-limits' },
    spec: {
      limits: [
        {
          type: 'Container',
          max: { cpu: k8s.Quantity.fromString(cpuToString(ceiling.cpu)), memory: k8s.Quantity.fromString(ceiling.memory) },
          // For containers that do not say (e.g. third-party jobs); ours always set their own.
          defaultRequest: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') },
          default: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('512Mi') },
        },
      ],
    },
  });

  new k8s.KubeNetworkPolicy(scope, 'default-deny', {
    metadata: { name: 'default-deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  new k8s.KubeNetworkPolicy(scope, 'allow-dns', {
    metadata: { name: 'allow-dns' },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: {} }],
          // 53 is kube-dns on EKS; OpenShift's DNS pods listen on 5353.
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(5353) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(5353) },
          ],
        },
      ],
    },
  });
  return { namespace, quota, limitRange };
}
