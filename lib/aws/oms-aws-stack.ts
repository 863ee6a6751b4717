import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsAccount,
  AwsStageProfile,
  Product,
  Stage,
  awsEndpoints,
  awsStageProfile,
  databaseEndpointParameter,
  dbAdminRoleName,
  ecsClusterName,
  eksClusterName,
  isProtectedStage,
  masterSecretParameter,
  podRoleName,
  terraformStateKey,
  privateZoneName,
  secretsKeyAlias,
  throwIfProblems,
} from '../core';
import { RemoteState, bindToAccount } from './account-binding';
import { CacheSecretRotation } from './cache-secret-rotation';
import { OmsEcrRepositories } from './ecr-repositories';
import { EcrCrossAccountPull } from './ecr-cross-account-pull';
import { OmsFargateService } from './ecs-fargate-service';
import { ClusterAccess, OmsEksCluster } from './eks-cluster';
import { OmsEksPlatform } from './eks-platform';
import { GeneratedSecret } from './generated-secret';
import { encryptionKey } from './kms';
import { OmsNetwork } from './network';
import { OmsObservability, stackObservabilityProps } from './observability';
import { PodIdentityRole } from './pod-identity-role';
import { OmsPrivateDns } from './private-dns';
import { OmsPostgres } from './rds-postgres';
import { OmsRedis } from './redis-cache';
import { PostgresSecretRotation } from './secret-rotation';
import { OmsQueues, QueueInput } from './sqs-queues';
import { DatabaseInput, NetworkInput, validateAwsStackInput } from './validate-aws-props';
import { FargateServiceInput, addFargateServices, fargateServiceName } from './stack-fargate-services';
import { validateOmsAwsStackProps } from './validate-oms-aws-stack-props';

// The stack's rules and its Fargate wiring have their own files; their public names are exported from here.
export type { FargateServiceInput } from './stack-fargate-services';
export { validateOmsAwsStackProps } from './validate-oms-aws-stack-props';

/** Properties of an {@link OmsAwsStack}. */
export interface OmsAwsStackProps {
  /** The environment name (same as its Kubernetes namespace). */
  readonly environment: string;
  readonly stage: Stage;
  /** The account and region of the stage. */
  readonly account: AwsAccount;
  readonly state: RemoteState;
  /** The VPC block and the networks it must not overlap. */
  readonly network: NetworkInput;
  /** The compute target: an EKS cluster, ECS Fargate only, or none (the cluster is managed elsewhere). @default 'eks' */
  readonly compute?: 'eks' | 'ecs' | 'none';
  /** Who may use the Kubernetes API (required with EKS). */
  readonly clusterAccess?: ClusterAccess;
  /** Kubernetes version of the EKS cluster. @default EKS_KUBERNETES_VERSION */
  readonly kubernetesVersion?: string;
  /** Networks allowed to reach the EKS API from outside the VPC. @default none (private only) */
  readonly clusterPublicAccessCidrs?: readonly string[];
  /** Private networks (CI runners in this or a peered VPC) allowed to reach the private EKS API endpoint. @default none */
  readonly clusterPrivateAccessCidrs?: readonly string[];
  /** EKS add-on versions by add-on name. @default EKS's default version for the cluster's Kubernetes version */
  readonly eksAddonVersions?: Readonly<Record<string, string>>;
  /** Install Argo Rollouts on the cluster. @default false */
  readonly argoRollouts?: boolean;
  /** Database overrides. @default the stage's profile */
  readonly database?: DatabaseInput;
  /** Days between rotations of the application database password. @default 30 */
  readonly databaseRotationDays?: number;
  /** Days between rotations of the cache password (the previous one stays valid for one more period). @default 30 */
  readonly cacheRotationDays?: number;
  /** ECR repositories to create (usually in one account only). @default none */
  readonly repositories?: readonly string[];
  /**
   * Accounts whose clusters and tasks pull this stack's `repositories` (staging, production): each gets a
   * pull-only repository policy, so one build runs in every stage. Their node and task execution roles
   * already hold `ecr:GetAuthorizationToken` (AmazonEC2ContainerRegistryReadOnly, AmazonECSTaskExecutionRolePolicy).
   * @default none
   */
  readonly pullAccounts?: readonly string[];
  /** SQS queues of the environment; their consumers get roles through Pod Identity, KEDA reads their depth. @default none */
  readonly queues?: readonly QueueInput[];
  /** Plain microservices on ECS Fargate (one ECS cluster per environment). @default none */
  readonly fargateServices?: readonly FargateServiceInput[];
  /**
   * A pinned image with `psql`, `jq` and the AWS CLI v2: the scheduled task that rotates the cache
   * password runs it, and so does the task that creates the database user of Fargate services.
   */
  readonly databaseToolsImage: string;
  /**
   * The estate's product: the private DNS zone, secret and parameter paths, log groups, the database and its
   * users, and the database administration ServiceAccount. The environment's Kubernetes side takes the same one.
   * @default Product.OMS
   */
  readonly product?: Product;
}

/**
 * The AWS backing services of one environment, in its stage's account: the
 * network, the EKS cluster with its platform controllers (or an ECS cluster
 * for Fargate services), RDS PostgreSQL, ElastiCache Redis, SQS queues, ECR
 * repositories, a private DNS zone with stable endpoint names, and the
 * application's database credentials generated into Secrets Manager under a
 * deterministic name and rotated. State lives in S3, one key per environment.
 */
export class OmsAwsStack extends TerraformStack {
  /**
   * A stack in its own cdktf app, named after the environment, so apps never
   * touch cdktf directly. Nothing is written until `npm run synth` renders it.
   */
  public static standalone(props: OmsAwsStackProps): OmsAwsStack {
    return new OmsAwsStack(new App({ skipValidation: true, outdir: 'cdktf.out' }), props.environment, props);
  }

  public readonly environment: string;
  public readonly stage: Stage;
  public readonly profile: AwsStageProfile;
  public readonly network: OmsNetwork;
  public readonly database: OmsPostgres;
  public readonly cache: OmsRedis;
  public readonly cluster?: OmsEksCluster;
  public readonly platform?: OmsEksPlatform;
  /** The environment's ECS cluster: its Fargate services and its scheduled tasks (the cache password rotation). */
  public readonly ecsCluster: EcsCluster;
  /** Fargate and Fargate Spot offered by the ECS cluster (when a service runs on Spot). */
  public readonly ecsCapacity?: EcsClusterCapacityProviders;
  public readonly queues?: OmsQueues;
  public readonly fargateServices: OmsFargateService[] = [];
  public readonly dns: OmsPrivateDns;
  public readonly databaseCredentials: GeneratedSecret;
  /** The estate's product. */
  public readonly product: Product;
  /** Alarms to the environment's topic, its CloudWatch dashboard and, on EKS, container logs. */
  public readonly observability: OmsObservability;

  constructor(scope: Construct, id: string, props: OmsAwsStackProps) {
    const path = scope.node.path === '' ? id : `${scope.node.path}/${id}`;
    // Prop types first (no TypeError from a wrongly typed prop), then the rules.
    throwIfProblems(path, validateAwsStackInput(props));
    throwIfProblems(path, validateOmsAwsStackProps(props));
    super(scope, id);

    this.environment = props.environment;
    this.stage = props.stage;
    const base = awsStageProfile(props.stage);
    this.profile = { ...base, deletionProtection: props.database?.deletionProtection ?? base.deletionProtection };
    const product = props.product ?? Product.OMS;
    this.product = product;
    const name = product.resourcePrefix(props.environment);
    const endpoints = awsEndpoints(props.environment, props.environment, product);
    const compute = props.compute ?? 'eks';
    const windowDays = isProtectedStage(props.stage) ? 30 : 7;

    bindToAccount(this, { ...props, stateKey: terraformStateKey(props.environment, product) });
    this.network = new OmsNetwork(this, 'network', {
      name,
      cidr: props.network.cidr,
      availabilityZones: this.profile.availabilityZones,
      nat: this.profile.nat,
      logRetentionDays: this.profile.logRetentionDays,
      region: props.account.region,
      product,
      // ECS Exec opens its sessions through Systems Manager's message channels.
      extraInterfaceEndpoints: (props.fargateServices ?? []).some((s) => s.enableExecuteCommand) ? ['ssmmessages'] : undefined,
    });
    this.database = new OmsPostgres(this, 'database', {
      name,
      product,
      stage: props.stage,
      profile: this.profile,
      network: this.network,
      engineVersion: props.database?.engineVersion,
      instanceClass: props.database?.instanceClass,
      backupRetentionDays: props.database?.backupRetentionDays,
    });
    this.cache = new OmsRedis(this, 'cache', {
      name,
      stage: props.stage,
      profile: this.profile,
      network: this.network,
      authSecretName: endpoints.cacheSecretName,
    });
    const secretsKey = encryptionKey(
      this,
      'secrets-key',
      secretsKeyAlias(props.environment, product).replace(/^alias\//, ''),
      `${product.name.toUpperCase()} application secrets ${props.environment}`,
      windowDays,
    );
    this.databaseCredentials = new GeneratedSecret(this, 'database-credentials', {
      name: endpoints.databaseSecretName,
      // The rotation function reads engine, host, port, dbname and username from the secret itself.
      fields: {
        engine: 'postgres',
        username: product.appUser,
        host: endpoints.databaseHost,
        port: endpoints.databasePort,
        dbname: endpoints.databaseName,
      },
      kmsKeyArn: secretsKey.arn,
      recoveryWindowDays: windowDays,
    });
    new PostgresSecretRotation(this, 'database-rotation', {
      name,
      region: props.account.region,
      network: this.network,
      secretId: this.databaseCredentials.secret.id,
      kmsKeyArn: secretsKey.arn,
      days: props.databaseRotationDays,
    });
    this.dns = new OmsPrivateDns(this, 'dns', { zoneName: privateZoneName(props.environment, product), vpc: this.network.vpc });
    this.dns.addAlias('db', endpoints.databaseHost, this.database.instance.address);
    this.dns.addAlias('cache', endpoints.cacheHost, this.cache.replicationGroup.primaryEndpointAddress);
    if (props.queues && props.queues.length > 0)
      this.queues = new OmsQueues(this, 'queues', { environment: props.environment, queues: props.queues, product });
    if (props.repositories && props.repositories.length > 0) {
      const ecr = new OmsEcrRepositories(this, 'ecr', { repositories: props.repositories });
      if (props.pullAccounts && props.pullAccounts.length > 0)
        new EcrCrossAccountPull(this, 'ecr-pull', { repositories: ecr.repositories, pullAccounts: props.pullAccounts });
    }

    if (compute === 'eks') {
      this.cluster = new OmsEksCluster(this, 'eks', {
        name: eksClusterName(props.environment, product.name),
        product,
        environment: props.environment,
        account: props.account,
        stage: props.stage,
        profile: this.profile,
        network: this.network,
        access: props.clusterAccess!,
        kubernetesVersion: props.kubernetesVersion,
        publicAccessCidrs: props.clusterPublicAccessCidrs,
        privateAccessCidrs: props.clusterPrivateAccessCidrs,
        addonVersions: props.eksAddonVersions,
      });
      this.platform = new OmsEksPlatform(this, 'platform', {
        environment: props.environment,
        account: props.account,
        cluster: this.cluster,
        vpcId: this.network.vpc.id,
        secretKeyArns: [secretsKey.arn, this.cache.key.arn],
        sqsQueueArns: this.queues?.queues.map((q) => q.queue.arn),
        argoRollouts: props.argoRollouts,
        product,
      });
      this.addQueueConsumers(props);
    }
    this.publishDatabaseAdmin(props, secretsKey.arn);
    this.ecsCluster = new EcsCluster(this, 'ecs-cluster', {
      name: ecsClusterName(props.environment, product),
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    // Fargate Spot is a capacity provider the cluster must offer before a service's strategy can name it.
    if ((props.fargateServices ?? []).some((s) => s.capacity !== undefined))
      this.ecsCapacity = new EcsClusterCapacityProviders(this, 'ecs-capacity', {
        clusterName: this.ecsCluster.name,
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      });
    addFargateServices(this, props, {
      databaseSecretArn: this.databaseCredentials.secret.arn,
      cacheSecretArn: this.cache.authToken.secret.arn,
      secretsKeyArn: secretsKey.arn,
      cacheKeyArn: this.cache.key.arn,
    });
    new CacheSecretRotation(this, 'cache-rotation', {
      name,
      region: props.account.region,
      accountId: props.account.accountId,
      network: this.network,
      cluster: this.ecsCluster,
      image: props.databaseToolsImage,
      secretArn: this.cache.authToken.secret.arn,
      kmsKeyArn: this.cache.key.arn,
      userId: this.cache.userId,
      dependsOn: [this.cache.user, this.cache.replicationGroup],
      days: props.cacheRotationDays,
      // The services that read the password restart after each rotation.
      services: (props.fargateServices ?? []).filter((s) => s.cache).map((s) => fargateServiceName(props.environment, s.name)),
      logRetentionDays: this.profile.logRetentionDays,
      product,
    });
    this.observability = new OmsObservability(this, 'observability', stackObservabilityProps(this, props, windowDays));
  }

  /** A Pod Identity role per queue consumer: receive, delete and extend the visibility of its own queue's messages. */
  private addQueueConsumers(props: OmsAwsStackProps): void {
    for (const { input, queue } of this.queues?.queues ?? []) {
      for (const serviceAccount of input.consumers ?? []) {
        new PodIdentityRole(this, `queue-${input.name}-${serviceAccount}`, {
          roleName: podRoleName(props.environment, props.environment, serviceAccount, this.product),
          account: props.account,
          clusterEnvironment: props.environment,
          clusterName: this.cluster!.cluster.name,
          namespace: props.environment,
          serviceAccount,
          statements: [
            {
              Effect: 'Allow',
              Action: [
                'sqs:ReceiveMessage',
                'sqs:DeleteMessage',
                'sqs:ChangeMessageVisibility',
                'sqs:GetQueueAttributes',
                'sqs:GetQueueUrl',
              ],
              Resource: [queue.arn],
            },
          ],
        });
      }
    }
  }

  /**
   * What database administration Jobs need, found by name: SSM parameters with
   * the master secret ARN and the endpoint, and the role the environment's own
   * Jobs assume (its namespace only). Branch stacks create their own, narrower
   * role: they never get this one.
   */
  private publishDatabaseAdmin(props: OmsAwsStackProps, secretsKeyArn: string): void {
    const environment = props.environment;
    const masterSecretArn = this.database.instance.masterUserSecret.get(0).secretArn;
    const arnParam = new SsmParameter(this, 'master-secret-arn', {
      name: masterSecretParameter(environment, this.product),
      type: 'String',
      value: masterSecretArn,
    });
    const endpointParam = new SsmParameter(this, 'database-endpoint', {
      name: databaseEndpointParameter(environment, this.product),
      type: 'String',
      value: this.database.instance.address,
    });
    if (!this.cluster) return;
    new PodIdentityRole(this, 'db-admin', {
      roleName: dbAdminRoleName(environment, this.product),
      account: props.account,
      clusterEnvironment: environment,
      clusterName: this.cluster.cluster.name,
      namespace: environment,
      serviceAccount: this.product.dbAdminServiceAccount,
      statements: [
        { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [arnParam.arn, endpointParam.arn] },
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [masterSecretArn] },
        { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [secretsKeyArn, this.database.instance.kmsKeyId] },
      ],
    });
  }
}
