import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  ALB_GATEWAY_CONTROLLER,
  ARGO_ROLLOUTS_CHART,
  AwsAccount,
  CLUSTER_SECRET_STORE,
  GATEWAY_CLASS,
  EXTERNAL_SECRETS_CHART,
  GATEWAY_API_CRDS_CHART,
  KEDA_CHART,
  LOAD_BALANCER_CONTROLLER_CHART,
  PLATFORM_OBJECTS_CHART,
  PlatformChart,
  kedaSqsRoleName,
  podRoleName,
  PropKinds,
  throwIfProblems,
  validateAwsAccount,
} from '../core';
import { OmsEksCluster } from './eks-cluster';
import {
  arnProblems,
  checkBlockProps,
  environmentProblems,
  instanceProblems,
  isReference,
  problemIf,
  regionProblems,
} from './validate-block-props';
import { PolicyStatement, PodIdentityRole } from './pod-identity-role';
import { planAccessObjects } from './plan-access';

/** Properties of an {@link OmsEksPlatform}. */
export interface OmsEksPlatformProps {
  readonly environment: string;
  readonly account: AwsAccount;
  readonly cluster: OmsEksCluster;
  /** The VPC id (the load balancer controller cannot read it from instance metadata: the hop limit is 1). */
  readonly vpcId: string;
  /** KMS keys that encrypt the secrets External Secrets reads. */
  readonly secretKeyArns: readonly string[];
  /** SQS queues whose depth KEDA reads. @default none */
  readonly sqsQueueArns?: readonly string[];
  /** Install Argo Rollouts (for blue-green pairs rendered as Rollouts). @default false */
  readonly argoRollouts?: boolean;
}

const OMS_EKS_PLATFORM_PROP_KINDS: PropKinds = {
  environment: 'string',
  account: { accountId: 'string', region: 'string' },
  cluster: 'object',
  vpcId: 'string',
  secretKeyArns: 'string[]',
  sqsQueueArns: 'string[]',
  argoRollouts: 'boolean',
};
const OMS_EKS_PLATFORM_REQUIRED = ['environment', 'account', 'cluster', 'vpcId', 'secretKeyArns'];

/**
 * What the environment's manifests need from the cluster, installed by the
 * stack at pinned chart versions through the Helm provider: KEDA, External
 * Secrets with its ClusterSecretStore, the Gateway API CRDs and the AWS Load
 * Balancer Controller with its GatewayClass, and Argo Rollouts when asked for.
 * Each controller that calls AWS gets its own role through Pod Identity.
 *
 * Terraform reaches the Kubernetes API with `aws eks get-token`, as the CI
 * role that has an access entry: the runner needs the AWS CLI and a network
 * path to the API endpoint.
 */
export class OmsEksPlatform extends Construct {
  public readonly releases: Record<string, Release> = {};
  /** The charts installed, in order. */
  private readonly charts: PlatformChart[] = [];
  /** The role KEDA assumes to read SQS depth (the `roleArn` of SQS TriggerAuthentications). */
  public readonly kedaSqsRole?: IamRole;

  constructor(scope: Construct, id: string, props: OmsEksPlatformProps) {
    checkBlockProps(scope, id, 'OmsEksPlatformProps', props, OMS_EKS_PLATFORM_PROP_KINDS, OMS_EKS_PLATFORM_REQUIRED, (p) => [
      ...environmentProblems('environment', p.environment),
      ...validateAwsAccount('account', p.account),
      ...instanceProblems('cluster', p.cluster, OmsEksCluster, 'an OmsEksCluster'),
      ...(isReference(p.vpcId)
        ? []
        : problemIf(
            'vpcId',
            p.vpcId,
            /^vpc-[0-9a-f]{8,17}$/.test(p.vpcId) ? undefined : 'must be a VPC id (vpc-<hex>)',
            'pass network.vpc.id',
          )),
      ...p.secretKeyArns.flatMap((arn, i) =>
        arnProblems(`secretKeyArns[${i}]`, arn, 'kms', 'give the ARN of a KMS key, e.g. cache.key.arn'),
      ),
      ...(p.sqsQueueArns ?? []).flatMap((arn, i) =>
        arnProblems(`sqsQueueArns[${i}]`, arn, 'sqs', 'give the ARN of a queue, e.g. queues.queues[0].queue.arn'),
      ),
    ]);
    super(scope, id);
    const { account, environment } = props;
    const eks = props.cluster.cluster;
    new HelmProvider(this, 'helm', {
      kubernetes: {
        host: eks.endpoint,
        clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data),
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: ['eks', 'get-token', '--cluster-name', eks.name, '--region', account.region, '--output', 'json'],
        },
      },
    });
    const role = (chart: PlatformChart, statements: PolicyStatement[]) =>
      new PodIdentityRole(this, `${chart.release}-identity`, {
        roleName: podRoleName(environment, chart.namespace, chart.serviceAccount!),
        account,
        clusterEnvironment: environment,
        clusterName: eks.name,
        namespace: chart.namespace,
        serviceAccount: chart.serviceAccount!,
        statements,
      });
    // The CI role's access entry is not enough: its access policy must be associated before Helm can install anything.
    const base: ITerraformDependable[] = [...props.cluster.ready, ...props.cluster.access];

    const lbcRole = role(LOAD_BALANCER_CONTROLLER_CHART, loadBalancerControllerStatements(account, props.vpcId));
    const esoRole = role(EXTERNAL_SECRETS_CHART, externalSecretsStatements(account, props.secretKeyArns));
    const queues = props.sqsQueueArns ?? [];
    const kedaRole = role(KEDA_CHART, []);
    if (queues.length > 0) {
      this.kedaSqsRole = new IamRole(this, 'keda-sqs-role', {
        name: kedaSqsRoleName(environment),
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: kedaRole.role.arn }, Action: 'sts:AssumeRole' }],
        }),
      });
      new IamRolePolicy(this, 'keda-sqs-policy', {
        role: this.kedaSqsRole.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sqs:GetQueueAttributes'], Resource: [...queues] }],
        }),
      });
      new IamRolePolicy(this, 'keda-assume', {
        role: kedaRole.role.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [this.kedaSqsRole.arn] }],
        }),
      });
    }

    const crds = this.release(GATEWAY_API_CRDS_CHART, base, {
      crds: { gatewayAPI: { enabled: true, channel: 'standard' }, envoyGateway: { enabled: false } },
    });
    const lbc = this.release(LOAD_BALANCER_CONTROLLER_CHART, [...base, crds, lbcRole.association], {
      clusterName: eks.name,
      region: account.region,
      vpcId: props.vpcId,
      serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_CHART.serviceAccount },
      controllerConfig: { featureGates: { ALBGatewayAPI: true } },
      enableShield: false,
      enableWaf: false,
      enableWafv2: false,
    });
    // The load balancer controller's webhook sees every Service created after it: the others install once it is ready.
    const eso = this.release(EXTERNAL_SECRETS_CHART, [...base, lbc, esoRole.association], {
      installCRDs: true,
      serviceAccount: { create: true, name: EXTERNAL_SECRETS_CHART.serviceAccount },
    });
    this.release(KEDA_CHART, [...base, lbc, kedaRole.association], {
      serviceAccount: { operator: { create: true, name: KEDA_CHART.serviceAccount } },
    });
    if (props.argoRollouts) this.release(ARGO_ROLLOUTS_CHART, [...base, lbc], { installCRDs: true });

    // The ClusterSecretStore and GatewayClass need the CRDs and webhooks above, so they come last. Helm installs them
    // at apply time; Terraform's own Kubernetes manifests would need the CRDs to exist already at plan time.
    // Helm keeps each release's records in the release's namespace: the plan group reads them there.
    const helmNamespaces = [...this.charts.map((c) => c.namespace), PLATFORM_OBJECTS_CHART.namespace];
    this.release(PLATFORM_OBJECTS_CHART, [eso, lbc], {
      resources: [...platformObjects(account.region), ...planAccessObjects(helmNamespaces)],
    });
  }

  private release(chart: PlatformChart, dependsOn: ITerraformDependable[], values: Record<string, unknown>): Release {
    const release = new Release(this, chart.release, {
      name: chart.release,
      namespace: chart.namespace,
      createNamespace: chart.namespace !== 'kube-system',
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      values: [JSON.stringify(values)],
      atomic: true,
      timeout: 900,
      dependsOn,
    });
    this.releases[chart.release] = release;
    this.charts.push(chart);
    return release;
  }
}

/**
 * The load balancer controller's permissions: the statements of the controller's published reference
 * policy (kubernetes-sigs/aws-load-balancer-controller, `docs/install/iam_policy.json`, unchanged
 * from v2.12 to v3.5.0, the chart pinned here), expressed here with three narrowings:
 * - WAF, Shield and Cognito actions are left out (the chart runs with WAF, WAFv2 and Shield off, and no
 *   listener authenticates with Cognito);
 * - the reference's unconditioned writes on `*` are scoped: security group rules and new security
 *   groups to this VPC (`ec2:Vpc`), listeners, rules and target registration to this account's and
 *   region's load balancer ARNs;
 * - every other write keeps the reference's condition: only resources tagged (or being created with
 *   the tag) `elbv2.k8s.aws/cluster`, which the controller puts on everything it creates, so it can
 *   neither delete nor change another load balancer, target group or security group.
 */
function loadBalancerControllerStatements(account: AwsAccount, vpcId: string): PolicyStatement[] {
  const elb = (resource: string) => `arn:aws:elasticloadbalancing:${account.region}:${account.accountId}:${resource}`;
  const securityGroups = `arn:aws:ec2:${account.region}:${account.accountId}:security-group/*`;
  const vpc = `arn:aws:ec2:${account.region}:${account.accountId}:vpc/${vpcId}`;
  const loadBalancers = [elb('loadbalancer/app/*/*'), elb('loadbalancer/net/*/*')];
  const listeners = [elb('listener/app/*/*/*'), elb('listener/net/*/*/*'), elb('listener-rule/app/*/*/*'), elb('listener-rule/net/*/*/*')];
  const targetGroups = elb('targetgroup/*/*');
  const tagged = { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
  const creatingTagged = { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } };
  // Tags of a resource the controller owns, in a request that does not set the cluster tag itself.
  const retagging = { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
  return [
    {
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
      ],
      Resource: '*',
    },
    // The controller opens the nodes' security groups to its load balancers: only in this VPC.
    {
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: securityGroups,
      Condition: { ArnEquals: { 'ec2:Vpc': vpc } },
    },
    { Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: vpc },
    { Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: securityGroups, Condition: creatingTagged },
    {
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: securityGroups,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, ...creatingTagged },
    },
    { Effect: 'Allow', Action: ['ec2:CreateTags', 'ec2:DeleteTags'], Resource: securityGroups, Condition: retagging },
    {
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: securityGroups,
      Condition: tagged,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: [...loadBalancers, targetGroups],
      Condition: creatingTagged,
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      Resource: [...loadBalancers, ...listeners],
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [targetGroups, ...loadBalancers],
      Condition: retagging,
    },
    { Effect: 'Allow', Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], Resource: listeners },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      Resource: [...loadBalancers, targetGroups, ...listeners],
      Condition: tagged,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags'],
      Resource: [targetGroups, ...loadBalancers],
      Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, ...creatingTagged },
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: targetGroups,
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      Resource: listeners,
    },
  ];
}

/** External Secrets reads the platform's secrets (`oms/...`) and decrypts them through Secrets Manager only. */
function externalSecretsStatements(account: AwsAccount, keyArns: readonly string[]): PolicyStatement[] {
  return [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: `arn:aws:secretsmanager:${account.region}:${account.accountId}:secret:oms/*`,
    },
    {
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [...keyArns],
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${account.region}.amazonaws.com` } },
    },
  ];
}

/** The cluster-wide objects: the ClusterSecretStore every ExternalSecret names, and the ALB GatewayClass. */
export function platformObjects(region: string): Record<string, unknown>[] {
  throwIfProblems('platformObjects', regionProblems('region', region));
  return [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: CLUSTER_SECRET_STORE },
      // No auth block: the controller uses its own Pod Identity role.
      spec: { provider: { aws: { service: 'SecretsManager', region } } },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: GATEWAY_CLASS },
      spec: { controllerName: ALB_GATEWAY_CONTROLLER },
    },
  ];
}
