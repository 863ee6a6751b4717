import { App, TerraformStack } from 'cdktf';
import { RemoteState, bindToAccount } from './account-binding';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { Construct } from 'constructs';
import {
  AwsAccount,
  AwsStageProfile,
  Problem,
  Stage,
  DB_ADMIN_SERVICE_ACCOUNT,
  awsEndpoints,
  databaseEndpointParameter,
  dbAdminRoleName,
  masterSecretParameter,
  awsStageProfile,
  isProtectedStage,
  privateZoneName,
  throwIfProblems,
  unpinnedImageViolation,
  validateAwsAccount,
  validateEnvironmentConfig,
} from '../core';
import { OmsEcrRepositories } from './ecr-repositories';
import { OmsEksCluster } from './eks-cluster';
import { OmsFargateService, OmsFargateServiceProps } from './ecs-fargate-service';
import { GeneratedSecret } from './generated-secret';
import { encryptionKey } from './kms';
import { OmsNetwork } from './network';
import { OmsPostgres } from './rds-postgres';
import { OmsPrivateDns } from './private-dns';
import { OmsRedis } from './redis-cache';
import { DatabaseInput, NetworkInput, validateDatabase, validateNetwork } from './validate-aws-props';

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
  /** The compute target: an EKS cluster, or none (the cluster is shared or managed elsewhere). @default 'eks' */
  readonly compute?: 'eks' | 'none';
  /** Networks allowed to reach the EKS API from outside the VPC. @default none (private only) */
  readonly clusterPublicAccessCidrs?: readonly string[];
  /** Database overrides. @default the stage's profile */
  readonly database?: DatabaseInput;
  /** ECR repositories to create (usually in one account only). @default none */
  readonly repositories?: readonly string[];
  /** Plain microservices on ECS Fargate. @default none */
  readonly fargateServices?: readonly Omit<OmsFargateServiceProps, 'network' | 'vpcCidr' | 'logRetentionDays' | 'region'>[];
}

/**
 * The AWS backing services of one environment, in its stage's account: the
 * network, the EKS cluster, RDS PostgreSQL, ElastiCache Redis, ECR
 * repositories, ECS Fargate services, a private DNS zone with stable endpoint
 * names, and the application's database credentials generated into Secrets
 * Manager under a deterministic name. State lives in S3, one key per environment.
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
  public readonly dns: OmsPrivateDns;
  public readonly databaseCredentials: GeneratedSecret;

  constructor(scope: Construct, id: string, props: OmsAwsStackProps) {
    const problems: Problem[] = [
      ...validateEnvironmentConfig({ name: props.environment, stage: props.stage, platform: 'eks' }),
      ...validateAwsAccount('account', props.account),
      ...validateNetwork('network', props.network ?? ({} as NetworkInput)),
      ...validateDatabase('database', props.database ?? {}, props.stage),
    ];
    for (const cidr of props.clusterPublicAccessCidrs ?? []) {
      if (cidr.endsWith('/0')) {
        problems.push({
          property: 'clusterPublicAccessCidrs',
          rule: 'must not open the Kubernetes API to the whole internet',
          value: cidr,
          fix: 'list the office or CI networks that need the API, or leave it out',
        });
      }
    }
    for (const [i, svc] of (props.fargateServices ?? []).entries()) {
      const rule = unpinnedImageViolation(svc.image ?? '');
      if (rule) problems.push({ property: `fargateServices[${i}].image`, rule, value: svc.image, fix: 'pin the image to a tag or digest' });
      if (svc.public && !svc.certificateArn) {
        problems.push({
          property: `fargateServices[${i}].certificateArn`,
          rule: 'is required for a public load balancer (HTTPS only)',
          value: undefined,
          fix: 'give an ACM certificate ARN, or leave public out',
        });
      }
    }
    const path = scope.node.path === '' ? id : `${scope.node.path}/${id}`;
    throwIfProblems(path, problems);
    super(scope, id);

    this.environment = props.environment;
    this.stage = props.stage;
    const base = awsStageProfile(props.stage);
    this.profile = {
      ...base,
      deletionProtection: props.database?.deletionProtection ?? base.deletionProtection,
    };
    const name = `oms-${props.environment}`;
    const endpoints = awsEndpoints(props.environment);

    bindToAccount(this, { ...props, stateKey: `oms/${props.environment}/terraform.tfstate` });

    this.network = new OmsNetwork(this, 'network', {
      name,
      cidr: props.network.cidr,
      availabilityZones: this.profile.availabilityZones,
      nat: this.profile.nat,
      logRetentionDays: this.profile.logRetentionDays,
      region: props.account.region,
    });
    if ((props.compute ?? 'eks') === 'eks') {
      this.cluster = new OmsEksCluster(this, 'eks', {
        name,
        stage: props.stage,
        profile: this.profile,
        network: this.network,
        publicAccessCidrs: props.clusterPublicAccessCidrs,
      });
    }
    this.database = new OmsPostgres(this, 'database', {
      name,
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
      `${name}-secrets`,
      `OMS application secrets ${props.environment}`,
      isProtectedStage(props.stage) ? 30 : 7,
    );
    this.databaseCredentials = new GeneratedSecret(this, 'database-credentials', {
      name: endpoints.databaseSecretName,
      fields: { username: 'oms_app', host: endpoints.databaseHost, port: endpoints.databasePort, dbname: endpoints.databaseName },
      kmsKeyArn: secretsKey.arn,
      recoveryWindowDays: isProtectedStage(props.stage) ? 30 : 7,
    });
    this.dns = new OmsPrivateDns(this, 'dns', { zoneName: privateZoneName(props.environment), vpc: this.network.vpc });
    this.dns.addAlias('db', endpoints.databaseHost, this.database.instance.address);
    this.dns.addAlias('cache', endpoints.cacheHost, this.cache.replicationGroup.primaryEndpointAddress);
    this.publishDatabaseAdmin(props.environment, secretsKey.arn);
    if (props.repositories && props.repositories.length > 0) new OmsEcrRepositories(this, 'ecr', { repositories: props.repositories });
    for (const svc of props.fargateServices ?? []) {
      new OmsFargateService(this, `fargate-${svc.name}`, {
        ...svc,
        // Names are account-wide: the environment keeps two environments' services apart.
        name: `${props.environment}-${svc.name}`,
        network: this.network,
        vpcCidr: props.network.cidr,
        region: props.account.region,
        logRetentionDays: this.profile.logRetentionDays,
      });
    }
  }

  /**
   * What database administration Jobs need, found by name: SSM parameters with
   * the master secret ARN and the endpoint, and the role the Jobs assume. The
   * role is associated with this environment's namespace here; branch stacks
   * associate it with theirs to manage their databases on this instance.
   */
  private publishDatabaseAdmin(environment: string, secretsKeyArn: string): void {
    const masterSecretArn = this.database.instance.masterUserSecret.get(0).secretArn;
    const arnParam = new SsmParameter(this, 'master-secret-arn', {
      name: masterSecretParameter(environment),
      type: 'String',
      value: masterSecretArn,
    });
    const endpointParam = new SsmParameter(this, 'database-endpoint', {
      name: databaseEndpointParameter(environment),
      type: 'String',
      value: this.database.instance.address,
    });
    const role = new IamRole(this, 'db-admin-role', {
      name: dbAdminRoleName(environment),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      }),
    });
    new IamRolePolicy(this, 'db-admin-policy', {
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [arnParam.arn, endpointParam.arn] },
          { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [masterSecretArn] },
          { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [secretsKeyArn, this.database.instance.kmsKeyId] },
        ],
      }),
    });
    if (this.cluster) {
      new EksPodIdentityAssociation(this, 'db-admin-association', {
        clusterName: this.cluster.cluster.name,
        namespace: environment,
        serviceAccount: DB_ADMIN_SERVICE_ACCOUNT,
        roleArn: role.arn,
      });
    }
  }
}
