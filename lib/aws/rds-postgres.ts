import type { KindsOf } from '../core';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { AwsStageProfile, Problem, Product, Stage, isProtectedStage, keepsDataOnDelete, rdsIdentifierViolation } from '../core';
import { validateDatabase } from './validate-aws-props';
import {
  checkBlockProps,
  instanceProblems,
  problemIf,
  resourcePrefixProblems,
  stageProblems,
  stageProfileProblems,
} from './validate-block-props';
import { encryptionKey } from './kms';
import { OmsNetwork } from './network';

/** Properties of an {@link OmsPostgres}. */
export interface OmsPostgresProps {
  readonly name: string;
  readonly stage: Stage;
  readonly profile: AwsStageProfile;
  readonly network: OmsNetwork;
  /** PostgreSQL version: a major version, which RDS keeps on its latest minor. @default '16' */
  readonly engineVersion?: string;
  /** Instance class. @default the stage's */
  readonly instanceClass?: string;
  /** Days of automated backups. @default the stage's */
  readonly backupRetentionDays?: number;
  /** The estate's product: names the database and its master user. @default Product.OMS */
  readonly product?: Product;
}

const OMS_POSTGRES_PROP_KINDS = {
  name: 'string',
  stage: 'string',
  profile: 'object',
  network: 'object',
  engineVersion: 'string',
  instanceClass: 'string',
  backupRetentionDays: 'number',
  product: 'object',
} satisfies KindsOf<OmsPostgresProps>;

/** The rules of an {@link OmsPostgres}'s props: the stack's database rules, and an instance identifier RDS accepts. */
function validatePostgresBlock(props: OmsPostgresProps): Problem[] {
  const prefix = resourcePrefixProblems('name', props.name);
  return [
    ...(prefix.length > 0 ? prefix : problemIf('name', props.name, rdsIdentifierViolation(props.name), 'use e.g. "oms-uat-eks"')),
    ...stageProblems('stage', props.stage),
    ...stageProfileProblems('profile', props.profile),
    ...instanceProblems('network', props.network, OmsNetwork, 'an OmsNetwork'),
    ...validateDatabase('', props, props.stage),
  ];
}

/**
 * RDS PostgreSQL, secure by default: encrypted with its own KMS key, in the
 * data subnets, reachable only from the workload subnets on 5432, TLS
 * enforced, master password managed by RDS in Secrets Manager, IAM database
 * authentication, backups and logs. Every stage but branches (UAT hosts the
 * branch databases) keeps its data through a mistake: deletion protection, a
 * final snapshot, automated backups kept after deletion and `prevent_destroy`;
 * the stage's profile decides multi-AZ.
 */
export class OmsPostgres extends Construct {
  public readonly instance: DbInstance;
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: OmsPostgresProps) {
    checkBlockProps(
      scope,
      id,
      'OmsPostgresProps',
      props,
      OMS_POSTGRES_PROP_KINDS,
      ['name', 'stage', 'profile', 'network'],
      validatePostgresBlock,
    );
    super(scope, id);
    const protectedStage = isProtectedStage(props.stage);
    const keepsData = keepsDataOnDelete(props.stage);
    const version = props.engineVersion ?? '16';
    // A pinned minor version drifts once RDS upgrades it; Terraform must not try to downgrade.
    const pinnedMinor = version.includes('.');
    const key = encryptionKey(this, 'key', `${props.name}-rds`, `RDS ${props.name}`, protectedStage ? 30 : 7);
    const subnets = new DbSubnetGroup(this, 'subnets', { name: `${props.name}-db`, subnetIds: props.network.dataSubnets.map((s) => s.id) });
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${props.name}-db`,
      description: 'PostgreSQL from the workload subnets only',
      vpcId: props.network.vpc.id,
      ingress: [
        {
          description: 'PostgreSQL from workloads',
          protocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
          cidrBlocks: props.network.workloadCidrs,
        },
      ],
      egress: [],
    });
    const params = new DbParameterGroup(this, 'params', {
      name: `${props.name}-pg${version.split('.')[0]}`,
      family: `postgres${version.split('.')[0]}`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_min_duration_statement', value: '1000' },
      ],
    });
    this.instance = new DbInstance(this, 'db', {
      identifier: props.name,
      engine: 'postgres',
      engineVersion: version,
      instanceClass: props.instanceClass ?? props.profile.dbInstanceClass,
      allocatedStorage: props.profile.dbAllocatedStorageGb,
      maxAllocatedStorage: props.profile.dbAllocatedStorageGb * 2,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: key.arn,
      dbName: (props.product ?? Product.OMS).databaseName,
      username: (props.product ?? Product.OMS).masterUser,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key.arn,
      iamDatabaseAuthenticationEnabled: true,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: params.name,
      publiclyAccessible: false,
      multiAz: props.profile.dbMultiAz,
      backupRetentionPeriod: props.backupRetentionDays ?? props.profile.dbBackupRetentionDays,
      deleteAutomatedBackups: !keepsData,
      deletionProtection: props.profile.deletionProtection,
      skipFinalSnapshot: !keepsData,
      finalSnapshotIdentifier: keepsData ? `${props.name}-final` : undefined,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.arn,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      lifecycle:
        keepsData || pinnedMinor
          ? { preventDestroy: keepsData || undefined, ignoreChanges: pinnedMinor ? ['engine_version'] : undefined }
          : undefined,
    });
  }
}
