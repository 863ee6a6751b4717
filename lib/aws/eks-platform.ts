import type { KindsOf } from '../core';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AWS_ACCOUNT_KINDS,
  ALB_GATEWAY_CONTROLLER,
  ARGO_ROLLOUTS_CHART,
  AwsAccount,
  Product,
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
import { externalSecretsStatements, loadBalancerControllerStatements } from './platform-policies';

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
  /** The estate's product: External Secrets may read the secrets under its prefix only. @default Product.OMS */
  readonly product?: Product;
}

const OMS_EKS_PLATFORM_PROP_KINDS = {
  environment: 'string',
  account: AWS_ACCOUNT_KINDS,
  cluster: 'object',
  vpcId: 'string',
  secretKeyArns: 'string[]',
  sqsQueueArns: 'string[]',
  argoRollouts: 'boolean',
  product: 'object',
} satisfies KindsOf<OmsEksPlatformProps>;
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
        roleName: podRoleName(environment, chart.namespace, chart.serviceAccount!, props.product),
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
    const esoRole = role(EXTERNAL_SECRETS_CHART, externalSecretsStatements(account, props.secretKeyArns, props.product ?? Product.OMS));
    const queues = props.sqsQueueArns ?? [];
    const kedaRole = role(KEDA_CHART, []);
    if (queues.length > 0) {
      this.kedaSqsRole = new IamRole(this, 'keda-sqs-role', {
        name: kedaSqsRoleName(environment, props.product),
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
