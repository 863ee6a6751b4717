import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { AwsStageProfile, Stage, isProtectedStage } from '../core';
import { encryptionKey } from './kms';
import { OmsNetwork } from './network';

/** Properties of an {@link OmsEksCluster}. */
export interface OmsEksClusterProps {
  readonly name: string;
  readonly stage: Stage;
  readonly profile: AwsStageProfile;
  readonly network: OmsNetwork;
  /** Kubernetes version. @default '1.33' */
  readonly kubernetesVersion?: string;
  /** Networks allowed to reach the API endpoint from outside the VPC. @default none (private endpoint only) */
  readonly publicAccessCidrs?: readonly string[];
}

/** An IAM policy statement. */
export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: string | string[];
}

const assume = (service: string, actions: string[] = ['sts:AssumeRole']) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }] });

/**
 * An EKS cluster: private API endpoint (public only for an explicit CIDR
 * allow-list), Secrets encrypted with its own KMS key, every control-plane
 * log type kept in CloudWatch, a managed node group in the private workload
 * subnets, and EKS Pod Identity so workloads get IAM roles per service
 * account (see {@link addWorkloadRole}).
 */
export class OmsEksCluster extends Construct {
  public readonly cluster: EksCluster;
  public readonly nodeGroup: EksNodeGroup;
  private readonly props: OmsEksClusterProps;

  constructor(scope: Construct, id: string, props: OmsEksClusterProps) {
    super(scope, id);
    this.props = props;
    const key = encryptionKey(this, 'key', `${props.name}-eks`, `EKS secrets ${props.name}`, isProtectedStage(props.stage) ? 30 : 7);
    const role = new IamRole(this, 'cluster-role', {
      name: `${props.name}-eks-cluster`,
      assumeRolePolicy: assume('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
    });
    // The log group exists before the cluster, so its retention applies from the first log line.
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.profile.logRetentionDays,
    });
    const publicCidrs = [...(props.publicAccessCidrs ?? [])];
    this.cluster = new EksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion ?? '1.33',
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.network.workloadSubnets.map((s) => s.id),
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
      },
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ['secrets'] },
      enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      accessConfig: { authenticationMode: 'API' },
      // The role's policy must be attached before the cluster exists and detached only after it is gone.
      dependsOn: [logs, clusterPolicy],
    });
    new EksAddon(this, 'pod-identity', { clusterName: this.cluster.name, addonName: 'eks-pod-identity-agent' });
    // The VPC CNI enforces NetworkPolicies only when asked: without this, default-deny does nothing.
    new EksAddon(this, 'vpc-cni', {
      clusterName: this.cluster.name,
      addonName: 'vpc-cni',
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
      resolveConflictsOnUpdate: 'OVERWRITE',
    });

    const nodeRole = new IamRole(this, 'node-role', { name: `${props.name}-eks-nodes`, assumeRolePolicy: assume('ec2.amazonaws.com') });
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'].map(
      (p) => new IamRolePolicyAttachment(this, `node-${p}`, { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${p}` }),
    );
    this.nodeGroup = new EksNodeGroup(this, 'nodes', {
      clusterName: this.cluster.name,
      nodeGroupName: `${props.name}-default`,
      nodeRoleArn: nodeRole.arn,
      subnetIds: props.network.workloadSubnets.map((s) => s.id),
      instanceTypes: [...props.profile.nodeInstanceTypes],
      scalingConfig: { minSize: props.profile.nodes.min, desiredSize: props.profile.nodes.min, maxSize: props.profile.nodes.max },
      updateConfig: { maxUnavailable: 1 },
      dependsOn: nodePolicies,
    });
  }

  /**
   * An IAM role for the pods of one service account (EKS Pod Identity), with
   * the given permissions.
   */
  public addWorkloadRole(id: string, namespace: string, serviceAccount: string, statements: readonly PolicyStatement[]): IamRole {
    const role = new IamRole(this, `${id}-role`, {
      name: `${this.props.name}-${id}`.slice(0, 64),
      assumeRolePolicy: assume('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
    });
    new IamRolePolicy(this, `${id}-policy`, { role: role.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
    new EksPodIdentityAssociation(this, `${id}-association`, {
      clusterName: this.cluster.name,
      namespace,
      serviceAccount,
      roleArn: role.arn,
    });
    return role;
  }
}
