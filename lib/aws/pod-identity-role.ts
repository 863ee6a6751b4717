import type { KindsOf } from '../core';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { AWS_ACCOUNT_KINDS, AwsAccount, Problem, dns1123LabelViolation, eksClusterArn, throwIfProblems } from '../core';
import {
  arnProblems,
  checkBlockProps,
  isReference,
  podIdentityBindingProblems,
  policyStatementProblems,
  resourcePrefixProblems,
  roleNameProblems,
} from './validate-block-props';

/** An IAM policy statement. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Properties of a {@link PodIdentityRole}. */
export interface PodIdentityRoleProps {
  /** The role name (from `lib/core`, so other stacks and the Kubernetes layer can name it). */
  readonly roleName: string;
  readonly account: AwsAccount;
  /** The environment whose EKS cluster runs the pods. */
  readonly clusterEnvironment: string;
  /** The cluster name, or a reference to it (orders the association after the cluster). */
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /**
   * Further namespaces whose pods of the same ServiceAccount get the role (each its own association),
   * e.g. the namespace a teardown creates when the environment's own is gone. @default none
   */
  readonly additionalNamespaces?: readonly string[];
  /** Inline permissions. @default none */
  readonly statements?: readonly PolicyStatement[];
  /** AWS-managed policies to attach. @default none */
  readonly managedPolicyArns?: readonly string[];
}

/**
 * The trust policy of a role used through EKS Pod Identity: only the Pod
 * Identity service, only from this account, and only for the pods of one
 * ServiceAccount in one namespace of one cluster (Pod Identity passes these as
 * session tags, which the trust policy can require).
 */
export function podIdentityTrustPolicy(
  account: AwsAccount,
  clusterEnvironment: string,
  namespace: string,
  serviceAccount: string,
  clusterName?: string,
  additionalNamespaces: readonly string[] = [],
): string {
  throwIfProblems('podIdentityTrustPolicy', [
    ...podIdentityBindingProblems({ account, clusterEnvironment, namespace, serviceAccount }),
    ...additionalNamespaces.flatMap((ns, i) =>
      podIdentityBindingProblems({ account, clusterEnvironment, namespace: ns, serviceAccount }).map((p) =>
        p.property === 'namespace' ? { ...p, property: `additionalNamespaces[${i}]` } : p,
      ),
    ),
  ]);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:SourceAccount': account.accountId,
            'aws:RequestTag/eks-cluster-arn':
              clusterName === undefined
                ? eksClusterArn(account, clusterEnvironment)
                : `arn:aws:eks:${account.region}:${account.accountId}:cluster/${clusterName}`,
            // A list in StringEquals matches any one of its values.
            'aws:RequestTag/kubernetes-namespace': additionalNamespaces.length === 0 ? namespace : [namespace, ...additionalNamespaces],
            'aws:RequestTag/kubernetes-service-account': serviceAccount,
          },
        },
      },
    ],
  });
}

const POD_IDENTITY_ROLE_PROP_KINDS = {
  roleName: 'string',
  account: AWS_ACCOUNT_KINDS,
  clusterEnvironment: 'string',
  clusterName: 'string',
  namespace: 'string',
  serviceAccount: 'string',
  additionalNamespaces: 'string[]',
  statements: 'object[]',
  managedPolicyArns: 'string[]',
} satisfies KindsOf<PodIdentityRoleProps>;
const POD_IDENTITY_ROLE_REQUIRED = ['roleName', 'account', 'clusterEnvironment', 'clusterName', 'namespace', 'serviceAccount'];

/** The rules of a {@link PodIdentityRole}'s props: a role name IAM accepts, the trust policy's binding, its permissions. */
function validatePodIdentityRole(props: PodIdentityRoleProps): Problem[] {
  const problems: Problem[] = [...roleNameProblems('roleName', props.roleName), ...podIdentityBindingProblems(props)];
  if (!isReference(props.clusterName)) problems.push(...resourcePrefixProblems('clusterName', props.clusterName));
  (props.additionalNamespaces ?? []).forEach((ns, i) => {
    const rule =
      dns1123LabelViolation(ns) ??
      ([props.namespace, ...(props.additionalNamespaces ?? []).slice(0, i)].includes(ns)
        ? 'must differ from namespace and from the others'
        : undefined);
    if (rule)
      problems.push({
        property: `additionalNamespaces[${i}]`,
        rule,
        value: ns,
        fix: 'list each further namespace once, e.g. "br-x-teardown-0a1b2c3d"',
      });
  });
  problems.push(...policyStatementProblems('statements', props.statements));
  (props.managedPolicyArns ?? []).forEach((arn, i) =>
    problems.push(...arnProblems(`managedPolicyArns[${i}]`, arn, 'iam', 'use e.g. "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"')),
  );
  return problems;
}

/**
 * An IAM role for the pods of one ServiceAccount, its permissions, and the
 * EKS Pod Identity association that hands it to them. The trust policy is
 * bound to the account, the cluster, the namespace and the ServiceAccount.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  public readonly association: EksPodIdentityAssociation;
  /** The associations of {@link PodIdentityRoleProps.additionalNamespaces}, in their order. */
  public readonly additionalAssociations: EksPodIdentityAssociation[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    checkBlockProps(
      scope,
      id,
      'PodIdentityRoleProps',
      props,
      POD_IDENTITY_ROLE_PROP_KINDS,
      POD_IDENTITY_ROLE_REQUIRED,
      validatePodIdentityRole,
    );
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: podIdentityTrustPolicy(
        props.account,
        props.clusterEnvironment,
        props.namespace,
        props.serviceAccount,
        props.clusterName,
        props.additionalNamespaces,
      ),
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, 'policy', {
        role: this.role.id,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: props.statements }),
      });
    }
    (props.managedPolicyArns ?? []).forEach(
      (policyArn, i) => new IamRolePolicyAttachment(this, `managed-${i}`, { role: this.role.name, policyArn }),
    );
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.arn,
    });
    this.additionalAssociations = (props.additionalNamespaces ?? []).map(
      (namespace) =>
        new EksPodIdentityAssociation(this, `association-${namespace}`, {
          clusterName: props.clusterName,
          namespace,
          serviceAccount: props.serviceAccount,
          roleArn: this.role.arn,
        }),
    );
  }
}
