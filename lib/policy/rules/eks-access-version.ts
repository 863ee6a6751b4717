import { PolicyRule, compareMinor, resourcesOf } from '../types';

const MINIMUM_VERSION = '1.35';

/** EKS: access entries only (no creator admin), at least one entry, a Kubernetes version in standard support, no extended support. */
export const eksAccessVersion: PolicyRule = {
  id: 'eks-access-version',
  description: 'EKS: API access entries with no creator admin, Kubernetes 1.35 or later, upgrade policy STANDARD',
  fix: 'use authentication mode API with access entries, Kubernetes 1.35 or later and upgrade policy STANDARD (the OmsEksCluster defaults)',
  check(tf) {
    const entries = resourcesOf(tf, 'aws_eks_access_entry').map(([, e]) => String(e.cluster_name));
    return resourcesOf(tf, 'aws_eks_cluster').flatMap(([name, c]) => {
      const problems: string[] = [];
      const access = c.access_config ?? {};
      if (access.authentication_mode !== 'API') problems.push('authentication mode is not API (access entries only)');
      if (access.bootstrap_cluster_creator_admin_permissions !== false) problems.push('the creator gets hidden admin permissions');
      if (!entries.some((e) => e.includes(`aws_eks_cluster.${name}.`))) problems.push('no access entry: nobody can use the API');
      if (typeof c.version !== 'string' || compareMinor(c.version, MINIMUM_VERSION) < 0)
        problems.push(`Kubernetes version is older than ${MINIMUM_VERSION}`);
      if (c.upgrade_policy?.support_type !== 'STANDARD') problems.push('upgrade policy is not STANDARD (extended support is billed)');
      return problems.map((message) => ({ rule: this.id, resource: `aws_eks_cluster.${name}`, message }));
    });
  },
};
