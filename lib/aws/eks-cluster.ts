import type { KindsOf } from '../core';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  AWS_ACCOUNT_KINDS,
  AwsAccount,
  AwsStageProfile,
  EKS_KUBERNETES_VERSION,
  Problem,
  Stage,
  eksClusterName,
  isProtectedStage,
  podRoleName,
  validateAwsAccount,
  Product,
} from '../core';
import { validateAddonVersions, validateApiAccessCidrs, validateClusterAccess, validateKubernetesVersion } from './validate-aws-props';
import { checkBlockProps, environmentProblems, instanceProblems, stageProblems, stageProfileProblems } from './validate-block-props';
import { encryptionKey } from './kms';
import { pinnedAddonVersion } from './eks-addon-versions';
import { OmsNetwork } from './network';
import { PodIdentityRole } from './pod-identity-role';
import { PLAN_READERS_GROUP } from './plan-access';

/** Who may use the Kubernetes API: EKS access entries (there is no aws-auth ConfigMap and no implicit creator admin). */
export interface ClusterAccess {
  /** IAM roles of the platform administrators (cluster admin). */
  readonly adminRoleArns: readonly string[];
  /** The IAM role CI assumes to apply manifests and Helm releases (cluster admin: it installs CRDs and cluster-wide objects). */
  readonly ciRoleArn: string;
  /**
   * Read-only IAM roles of plans, drift checks and pull-request plans: an access entry in the
   * Kubernetes group `oms-plan-readers` and no access policy, so they read what plans read and make
   * dry runs only (see `planAccessObjects`).
   * @default none
   */
  readonly planRoleArns?: readonly string[];
}

/** Properties of an {@link OmsEksCluster}. */
export interface OmsEksClusterProps {
  /** Prefix of resource names; also the cluster name. */
  readonly name: string;
  /** The environment (for role names shared with other stacks). */
  readonly environment: string;
  /** The estate's product, which names the cluster. @default Product.OMS */
  readonly product?: Product;
  readonly account: AwsAccount;
  readonly stage: Stage;
  readonly profile: AwsStageProfile;
  readonly network: OmsNetwork;
  readonly access: ClusterAccess;
  /** Kubernetes version. @default EKS_KUBERNETES_VERSION */
  readonly kubernetesVersion?: string;
  /** Networks allowed to reach the API endpoint from outside the VPC. @default none (private endpoint only) */
  readonly publicAccessCidrs?: readonly string[];
  /** Private networks (a CI runner subnet in this or a peered VPC) allowed to reach the private endpoint on 443. @default none */
  readonly privateAccessCidrs?: readonly string[];
  /** Add-on versions by add-on name. @default EKS_ADDON_VERSIONS for the Kubernetes version, else EKS's default version for it */
  readonly addonVersions?: Readonly<Record<string, string>>;
}

const assume = (service: string, actions: string[] = ['sts:AssumeRole']) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }] });

const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

const OMS_EKS_CLUSTER_PROP_KINDS = {
  name: 'string',
  environment: 'string',
  product: 'object',
  account: AWS_ACCOUNT_KINDS,
  stage: 'string',
  profile: 'object',
  network: 'object',
  access: { adminRoleArns: 'string[]', ciRoleArn: 'string', planRoleArns: 'string[]' },
  kubernetesVersion: 'string',
  publicAccessCidrs: 'string[]',
  privateAccessCidrs: 'string[]',
  addonVersions: 'record',
} satisfies KindsOf<OmsEksClusterProps>;
const OMS_EKS_CLUSTER_REQUIRED = ['name', 'environment', 'account', 'stage', 'profile', 'network', 'access'];

/** The rules of an {@link OmsEksCluster}'s props: the stack's cluster rules, and the name Pod Identity trust policies expect. */
function validateEksClusterBlock(props: OmsEksClusterProps): Problem[] {
  const environment = environmentProblems('environment', props.environment);
  const productName = (props.product ?? Product.OMS).name;
  const expected = environment.length === 0 ? eksClusterName(props.environment, productName) : undefined;
  return [
    ...environment,
    ...(expected !== undefined && props.name !== expected
      ? [
          {
            property: 'name',
            rule: `must be the environment's cluster name "${expected}" (Pod Identity trust policies name the cluster by its environment)`,
            value: props.name,
            fix: `use eksClusterName("${props.environment}", "${productName}")`,
          },
        ]
      : []),
    ...validateAwsAccount('account', props.account),
    ...stageProblems('stage', props.stage),
    ...stageProfileProblems('profile', props.profile),
    ...instanceProblems('network', props.network, OmsNetwork, 'an OmsNetwork'),
    ...validateClusterAccess('access', props.access, props.account),
    ...validateKubernetesVersion('kubernetesVersion', props.kubernetesVersion),
    ...validateApiAccessCidrs('publicAccessCidrs', props.publicAccessCidrs, 'privateAccessCidrs', props.privateAccessCidrs),
    ...validateAddonVersions('addonVersions', props.addonVersions),
  ];
}

/**
 * An EKS cluster that works on the first apply: private API endpoint (public
 * only for an explicit CIDR allow-list), Secrets encrypted with its own KMS
 * key, every control-plane log type kept, access through EKS access entries
 * for the admin and CI roles only, standard support only (no extended-support
 * charge: EKS upgrades the cluster at the end of standard support), the
 * managed add-ons the workloads need (VPC CNI with network policies,
 * kube-proxy, CoreDNS, Pod Identity agent, metrics-server, EBS CSI), and a
 * node group whose launch template requires IMDSv2 with a hop limit of 1, so
 * pods cannot take the node's credentials.
 */
export class OmsEksCluster extends Construct {
  public readonly cluster: EksCluster;
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;
  /** Add-ons by name. */
  public readonly addons: Record<string, EksAddon> = {};
  /** What workloads must wait for before they start: nodes, DNS and the Pod Identity agent. */
  public readonly ready: ITerraformDependable[] = [];
  /** The access entries (admins, then CI) and their policy associations: Kubernetes access exists once all are created. */
  public readonly access: ITerraformDependable[] = [];
  private readonly props: OmsEksClusterProps;

  constructor(scope: Construct, id: string, props: OmsEksClusterProps) {
    checkBlockProps(scope, id, 'OmsEksClusterProps', props, OMS_EKS_CLUSTER_PROP_KINDS, OMS_EKS_CLUSTER_REQUIRED, validateEksClusterBlock);
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
    const privateCidrs = [...(props.privateAccessCidrs ?? [])];
    // EKS adds its own cluster security group; this one only opens the private endpoint to the listed networks.
    const apiSg =
      privateCidrs.length > 0
        ? new SecurityGroup(this, 'api-sg', {
            name: `${props.name}-eks-api`,
            description: 'Kubernetes API (private endpoint) from CI and admin networks',
            vpcId: props.network.vpc.id,
            ingress: [{ description: 'Kubernetes API', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: privateCidrs }],
            egress: [],
          })
        : undefined;
    this.cluster = new EksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion ?? EKS_KUBERNETES_VERSION,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.network.workloadSubnets.map((s) => s.id),
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
        securityGroupIds: apiSg ? [apiSg.id] : undefined,
      },
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ['secrets'] },
      enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      // Access only through the entries below: whoever runs the first apply gets no hidden admin grant.
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: 'STANDARD' },
      // The role's policy must be attached before the cluster exists and detached only after it is gone.
      dependsOn: [logs, clusterPolicy],
    });
    this.grantAccess(props.access);

    // Before nodes: networking (with NetworkPolicy enforcement), kube-proxy and the Pod Identity agent.
    const early = [
      this.addon('vpc-cni', { configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }) }),
      this.addon('kube-proxy'),
      this.addon('eks-pod-identity-agent'),
    ];
    this.launchTemplate = new LaunchTemplate(this, 'node-template', {
      name: `${props.name}-nodes`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } },
      ],
      tagSpecifications: [{ resourceType: 'instance', tags: { Name: `${props.name}-node` } }],
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
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      scalingConfig: { minSize: props.profile.nodes.min, desiredSize: props.profile.nodes.min, maxSize: props.profile.nodes.max },
      updateConfig: { maxUnavailable: 1 },
      // The cluster autoscaler or a human changes the desired size; Terraform must not reset it.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: [...nodePolicies, ...early],
    });

    // After nodes: these run as pods and report degraded until they are scheduled.
    const ebsRole = new PodIdentityRole(this, 'ebs-csi', {
      roleName: podRoleName(props.environment, 'kube-system', 'ebs-csi-controller-sa', props.product),
      account: props.account,
      clusterEnvironment: props.environment,
      clusterName: this.cluster.name,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
    });
    const late = [
      this.addon('coredns', { dependsOn: [this.nodeGroup] }),
      this.addon('metrics-server', { dependsOn: [this.nodeGroup] }),
      this.addon('aws-ebs-csi-driver', { dependsOn: [this.nodeGroup, ebsRole.association] }),
    ];
    this.ready.push(this.nodeGroup, ...early, ...late);
  }

  /**
   * The cluster's managed add-on `name`: at the version the props pin, else the one pinned for the cluster's
   * Kubernetes version ({@link EKS_ADDON_VERSIONS}), else EKS's default for that Kubernetes version.
   */
  private addon(name: string, options: { configurationValues?: string; dependsOn?: ITerraformDependable[] } = {}): EksAddon {
    const pinned = this.props.addonVersions?.[name] ?? pinnedAddonVersion(this.props.kubernetesVersion ?? EKS_KUBERNETES_VERSION, name);
    const version =
      pinned ??
      new DataAwsEksAddonVersion(this, `${name}-version`, {
        addonName: name,
        kubernetesVersion: this.cluster.version,
        mostRecent: false,
      }).version;
    const addon = new EksAddon(this, name, {
      clusterName: this.cluster.name,
      addonName: name,
      addonVersion: version,
      configurationValues: options.configurationValues,
      // The add-on owns its objects: self-managed copies EKS installed at creation are taken over.
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: options.dependsOn,
    });
    this.addons[name] = addon;
    return addon;
  }

  /** Cluster-admin access entries for the admin roles and the CI role; plan roles join the read-only plan group. */
  private grantAccess(access: ClusterAccess): void {
    (access.planRoleArns ?? []).forEach((principalArn, i) => {
      this.access.push(
        new EksAccessEntry(this, `plan-${i}-access`, {
          clusterName: this.cluster.name,
          principalArn,
          type: 'STANDARD',
          kubernetesGroups: [PLAN_READERS_GROUP],
        }),
      );
    });
    const principals = [...access.adminRoleArns.map((arn, i) => [`admin-${i}`, arn] as const), ['ci', access.ciRoleArn] as const];
    for (const [id, principalArn] of principals) {
      const entry = new EksAccessEntry(this, `${id}-access`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      const policy = new EksAccessPolicyAssociation(this, `${id}-admin-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: CLUSTER_ADMIN_POLICY,
        accessScope: { type: 'cluster' },
      });
      this.access.push(entry, policy);
    }
  }
}
