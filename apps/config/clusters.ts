import { OmsCluster, awsStageProfile } from '../../lib';
import { UAT_VPC } from './uat';

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
 * The development EKS cluster (UAT, the test environments and branch environments): the managed node
 * group the AWS stack creates for UAT, so the ceiling is its maximum size times what one m6i.2xlarge
 * node can allocate (8 vCPU and 32 GiB, less the kubelet and system reservations and daemonsets).
 * It sits in UAT's VPC: environments on it route through an internal AWS load balancer there unless
 * they choose another gateway.
 */
export const DEV_EKS_CLUSTER = new OmsCluster({
  name: 'dev-eks',
  platform: 'eks',
  enforcement: {
    kind: 'node-group',
    maxNodes: awsStageProfile('uat').nodes.max,
    allocatablePerNode: { cpu: '7500m', memory: '27Gi' },
  },
  owner: 'uat-eks',
  environments: {
    'uat-eks': { cpu: '100', memory: '320Gi' },
    'test-full': { cpu: '40', memory: '80Gi' },
    'test-partial': { cpu: '40', memory: '80Gi' },
  },
  branches: { count: 4, each: { cpu: '16', memory: '32Gi' } },
  vpcCidr: UAT_VPC,
});
