import { PolicyRule, trustStatementsOf } from '../types';

/**
 * Service principals whose trust policies cannot carry the source keys: EC2 (an instance profile's
 * role is assumed for the instance, with no source ARN) and EKS's cluster role (the EKS user guide's
 * cluster role trust policy has no conditions). Every other service is held to them.
 */
const EXEMPT = ['ec2.amazonaws.com', 'eks.amazonaws.com'];

/**
 * A role that an AWS service assumes says for whom: `aws:SourceAccount` (this account), and
 * `aws:SourceArn` where the service passes one (all but EKS Pod Identity, whose session tags name
 * the cluster, namespace and ServiceAccount instead). Without them, the service could be made to
 * assume the role on behalf of another account (the confused deputy problem).
 */
export const serviceTrustSource: PolicyRule = {
  id: 'service-trust-source',
  description: 'Service roles: trust bound to the source account and source ARN',
  fix: 'add Condition StringEquals aws:SourceAccount (this account) and ArnLike aws:SourceArn (the resources of this account and region that may use the role)',
  check(tf) {
    return trustStatementsOf(tf).flatMap(([name, s]) => {
      const services = [s?.Principal?.Service ?? []].flat().filter((x: string) => !EXEMPT.includes(x));
      if (s?.Effect !== 'Allow' || services.length === 0) return [];
      const keys = Object.values<Record<string, unknown>>(s.Condition ?? {}).flatMap((c) => Object.keys(c));
      const needed = ['aws:SourceAccount', ...(services.includes('pods.eks.amazonaws.com') ? [] : ['aws:SourceArn'])];
      return needed
        .filter((k) => !keys.includes(k))
        .map((k) => ({
          rule: this.id,
          resource: `aws_iam_role.${name}`,
          message: `trust of ${services.join(', ')} has no ${k} condition`,
        }));
    });
  },
};
