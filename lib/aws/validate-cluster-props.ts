import {
  AwsAccount,
  EKS_MINIMUM_KUBERNETES_VERSION,
  Problem,
  awsAccountIdViolation,
  cidrBreadthViolation,
  compareVersions,
  parseCidr,
} from '../core';
import { EKS_MANAGED_ADDONS } from './eks-addon-versions';
import type { ClusterAccess } from './eks-cluster';

/** Checks who may use the Kubernetes API: IAM role ARNs of the stage's account. */
export function validateClusterAccess(property: string, access: ClusterAccess | undefined, account: AwsAccount): Problem[] {
  if (!access) {
    return [
      {
        property,
        rule: 'is required for an EKS cluster: without access entries nobody can use the Kubernetes API',
        value: undefined,
        fix: 'give { adminRoleArns: [...], ciRoleArn: "arn:aws:iam::<account>:role/<ci role>" }',
      },
    ];
  }
  const problems: Problem[] = [];
  // An invalid account id is reported by the account check: the roles are then only held to the shape of a role ARN.
  const knownAccount = awsAccountIdViolation(account?.accountId) === undefined;
  const role = new RegExp(`^arn:aws[a-z-]*:iam::${knownAccount ? account.accountId : '\\d{12}'}:role/[\\w+=,.@/-]+$`);
  const check = (prop: string, arn: string) => {
    if (typeof arn === 'string' && /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\//.test(arn)) {
      problems.push({
        property: prop,
        rule: 'must be the IAM role ARN, not an assumed-role session ARN (access entries match the role)',
        value: arn,
        fix: 'use arn:aws:iam::<account>:role/<name>',
      });
    } else if (typeof arn !== 'string' || !role.test(arn)) {
      problems.push({
        property: prop,
        rule: knownAccount ? `must be an IAM role ARN in account ${account.accountId}` : 'must be an IAM role ARN',
        value: arn,
        fix: `use arn:aws:iam::${knownAccount ? account.accountId : '<account>'}:role/<name>`,
      });
    }
  };
  if (!Array.isArray(access.adminRoleArns) || access.adminRoleArns.length === 0) {
    problems.push({
      property: `${property}.adminRoleArns`,
      rule: 'must name at least one administrator role (there is no implicit creator admin)',
      value: access.adminRoleArns,
      fix: "give the platform administrators' role ARN",
    });
  }
  if (Array.isArray(access.adminRoleArns)) access.adminRoleArns.forEach((arn, i) => check(`${property}.adminRoleArns[${i}]`, arn));
  check(`${property}.ciRoleArn`, access.ciRoleArn);
  if (Array.isArray(access.planRoleArns))
    access.planRoleArns.forEach((arn, i) => {
      check(`${property}.planRoleArns[${i}]`, arn);
      if (arn === access.ciRoleArn || access.adminRoleArns?.includes(arn))
        problems.push({
          property: `${property}.planRoleArns[${i}]`,
          rule: 'must not be the CI deploy role or an administrator role: a plan role is read-only, and one principal has one access entry',
          value: arn,
          fix: 'give the read-only plan role its own IAM role',
        });
    });
  return problems;
}

/**
 * Checks the networks allowed to reach the EKS API: valid blocks, and the public ones together narrower than
 * the internet (0.0.0.0/1 plus 128.0.0.0/1 is the whole internet too, so they are judged together).
 */
export function validateApiAccessCidrs(
  publicProperty: string,
  publicCidrs: readonly string[] | undefined,
  privateProperty: string,
  privateCidrs: readonly string[] | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const breadth = publicCidrs === undefined ? undefined : cidrBreadthViolation(publicCidrs, { minPrefix: 16 });
  if (breadth)
    problems.push({
      property: publicProperty,
      rule: `${breadth} (the Kubernetes API is open to every address listed)`,
      value: publicCidrs,
      fix: 'list the office or CI networks that need the API (/16 or narrower), or leave it out and reach the private endpoint',
    });
  (privateCidrs ?? []).forEach((cidr, i) => {
    if (parseCidr(cidr) === undefined)
      problems.push({
        property: `${privateProperty}[${i}]`,
        rule: 'must be a valid IPv4 CIDR block with no host bits set',
        value: cidr,
        fix: 'give the CI runner subnet, e.g. "10.30.4.0/24"',
      });
  });
  return problems;
}

/** Checks the Kubernetes version: a minor version inside EKS standard support. */
export function validateKubernetesVersion(property: string, version: string | undefined): Problem[] {
  if (version === undefined) return [];
  if (!/^1\.\d{2}$/.test(version) || compareVersions(version, EKS_MINIMUM_KUBERNETES_VERSION) < 0) {
    return [
      {
        property,
        rule: `must be a Kubernetes minor version of at least ${EKS_MINIMUM_KUBERNETES_VERSION} (older ones are past standard support and bill extended support)`,
        value: version,
        fix: `use "${EKS_MINIMUM_KUBERNETES_VERSION}" or later`,
      },
    ];
  }
  return [];
}

/**
 * Pinned add-on versions name add-ons the cluster installs (another key would be ignored) and EKS add-on versions as
 * `aws eks describe-addon-versions` lists them, "v<major>.<minor>.<patch>-eksbuild.<n>".
 */
export function validateAddonVersions(property: string, versions: Readonly<Record<string, string>> | undefined): Problem[] {
  return Object.entries(versions ?? {}).flatMap(([addon, version]) => [
    ...((EKS_MANAGED_ADDONS as readonly string[]).includes(addon)
      ? []
      : [
          {
            property: `${property}["${addon}"]`,
            rule: `must name an add-on the cluster installs (${EKS_MANAGED_ADDONS.join(', ')})`,
            value: addon,
            fix: 'use the add-on name as EKS has it, e.g. "vpc-cni"',
          },
        ]),
    ...(typeof version === 'string' && /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(version)
      ? []
      : [
          {
            property: `${property}["${addon}"]`,
            rule: 'must be an EKS add-on version such as "v1.19.0-eksbuild.1"',
            value: version,
            fix: `use a version listed by aws eks describe-addon-versions --addon-name ${addon}`,
          },
        ]),
  ]);
}
