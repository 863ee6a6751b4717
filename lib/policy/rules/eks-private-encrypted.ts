import { PolicyRule, resourcesOf } from '../types';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** EKS: private endpoint (or an explicit allow-list), Secrets encrypted with KMS, all control-plane logs. */
export const eksPrivateEncrypted: PolicyRule = {
  id: 'eks-private-encrypted',
  description: 'EKS: private API endpoint or explicit allow-list, KMS secrets encryption, control-plane logs',
  fix: 'keep the API endpoint private (or list narrow clusterPublicAccessCidrs), with KMS secrets encryption and control-plane logs',
  check(tf) {
    return resourcesOf(tf, 'aws_eks_cluster').flatMap(([name, c]) => {
      const problems: string[] = [];
      const vpc = c.vpc_config ?? {};
      if (vpc.endpoint_private_access !== true) problems.push('private endpoint disabled');
      if (
        vpc.endpoint_public_access !== false &&
        (!(vpc.public_access_cidrs?.length > 0) || vpc.public_access_cidrs.includes('0.0.0.0/0'))
      ) {
        problems.push('public endpoint open without an allow-list');
      }
      if (!(c.encryption_config?.resources ?? []).includes('secrets') || !c.encryption_config?.provider?.key_arn)
        problems.push('secrets not encrypted with KMS');
      const logs: string[] = c.enabled_cluster_log_types ?? [];
      if (!LOG_TYPES.every((t) => logs.includes(t))) problems.push('control-plane logs missing');
      return problems.map((message) => ({ rule: this.id, resource: `aws_eks_cluster.${name}`, message }));
    });
  },
};
