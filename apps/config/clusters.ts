import { OmsCluster } from '../../lib';

// The clusters the environments run on, each with its hard ceiling and every environment's share.
// Adding an environment means adding its share here; synthesis fails when the shares no longer fit.

/** The OpenShift instance of UAT: a ClusterResourceQuota over the namespaces of its environments. */
export const UAT_OPENSHIFT_CLUSTER = new OmsCluster({
  name: 'uat-openshift',
  platform: 'openshift',
  enforcement: { kind: 'openshift-quota' },
  ceiling: { cpu: '128', memory: '384Gi' },
  owner: 'uat-openshift',
  environments: {
    'uat-openshift': { cpu: '72', memory: '240Gi' },
    'oms-sample': { cpu: '40', memory: '96Gi' },
  },
});

/**
 * The development EKS cluster (UAT, the test environments and branch environments): nodes launched
 * by Karpenter, capped by the NodePool's limits. Karpenter and its EC2NodeClass "default" are a
 * cluster prerequisite (see the README).
 */
export const DEV_EKS_CLUSTER = new OmsCluster({
  name: 'dev-eks',
  platform: 'eks',
  enforcement: {
    kind: 'karpenter',
    nodeClassName: 'default',
    requirements: [
      { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m6i'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
    ],
    // Kubelet and system reservations plus daemonsets, over the ~36 m6i.2xlarge nodes the limits allow.
    systemReserved: { cpu: '20', memory: '64Gi' },
  },
  ceiling: { cpu: '288', memory: '704Gi' },
  owner: 'uat-eks',
  environments: {
    'uat-eks': { cpu: '100', memory: '320Gi' },
    'test-full': { cpu: '40', memory: '80Gi' },
    'test-partial': { cpu: '40', memory: '80Gi' },
    'polls-uat': { cpu: '16', memory: '16Gi' },
  },
  branches: { count: 4, each: { cpu: '16', memory: '32Gi' } },
});
