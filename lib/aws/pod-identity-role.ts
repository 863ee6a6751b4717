import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { AwsAccount, eksClusterArn } from '../core';

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
export function podIdentityTrustPolicy(account: AwsAccount, clusterEnvironment: string, namespace: string, serviceAccount: string): string {
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
            'aws:RequestTag/eks-cluster-arn': eksClusterArn(account, clusterEnvironment),
            'aws:RequestTag/kubernetes-namespace': namespace,
            'aws:RequestTag/kubernetes-service-account': serviceAccount,
          },
        },
      },
    ],
  });
}

/**
 * An IAM role for the pods of one ServiceAccount, its permissions, and the
 * EKS Pod Identity association that hands it to them. The trust policy is
 * bound to the account, the cluster, the namespace and the ServiceAccount.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  public readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: podIdentityTrustPolicy(props.account, props.clusterEnvironment, props.namespace, props.serviceAccount),
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
  }
}
