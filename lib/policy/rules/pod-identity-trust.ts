import { PolicyRule, trustStatementsOf } from '../types';

const REQUIRED = [
  'aws:SourceAccount',
  'aws:RequestTag/eks-cluster-arn',
  'aws:RequestTag/kubernetes-namespace',
  'aws:RequestTag/kubernetes-service-account',
];

/** Roles EKS Pod Identity may assume name their account, cluster, namespace and ServiceAccount in the trust policy. */
export const podIdentityTrust: PolicyRule = {
  id: 'pod-identity-trust',
  description: 'Pod Identity roles: trust bound to the source account, cluster ARN, namespace and ServiceAccount',
  fix: 'create Pod Identity roles with PodIdentityRole, which binds trust to the account, cluster, namespace and ServiceAccount',
  check(tf) {
    return trustStatementsOf(tf)
      .filter(([, s]) => [s.Principal?.Service].flat().includes('pods.eks.amazonaws.com'))
      .flatMap(([name, s]) =>
        REQUIRED.filter((k) => s.Condition?.StringEquals?.[k] === undefined).map((key) => ({
          rule: this.id,
          resource: `aws_iam_role.${name}`,
          message: `trust policy has no ${key} condition`,
        })),
      );
  },
};
