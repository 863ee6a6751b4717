import { Problem } from './errors';
import { checkArguments, environmentArgument, productArgument } from './arguments';
import { STAGES, Stage } from './environment';
import { oneOfProblems } from './errors';
import { gitBranchNameViolation } from './branch';
import { stableHash } from './hash';
import { dns1123LabelViolation } from './naming';
import { Product } from './product';
import type { KindsOf } from './prop-types';
import { awsAccountIdViolation, awsRegionViolation } from './validators';

/** The AWS account and region an environment lives in. */
export interface AwsAccount {
  /** 12-digit account id. */
  readonly accountId: string;
  /** Region, e.g. `eu-west-1`. */
  readonly region: string;
}

/** The kinds of an {@link AwsAccount}, for the prop-kind tables of every construct that takes one. */
export const AWS_ACCOUNT_KINDS = { accountId: 'string', region: 'string' } satisfies KindsOf<AwsAccount>;

/** Accounts per stage: development (branch and UAT), staging and production are separate. */
export interface AwsAccounts {
  readonly development: AwsAccount;
  readonly staging: AwsAccount;
  readonly production: AwsAccount;
}

/** The account of a stage. */
export function accountFor(accounts: AwsAccounts, stage: Stage): AwsAccount {
  return stage === 'prod' ? accounts.production : stage === 'staging' ? accounts.staging : accounts.development;
}

/** How many NAT gateways: none (no internet egress), one shared, or one per availability zone. */
export type NatMode = 'none' | 'single' | 'per-az';

/** Sizes and safety settings of an environment's AWS resources, by stage. */
export interface AwsStageProfile {
  readonly nat: NatMode;
  readonly availabilityZones: number;
  readonly dbInstanceClass: string;
  readonly dbAllocatedStorageGb: number;
  readonly dbMultiAz: boolean;
  readonly dbBackupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly cacheNodeType: string;
  readonly cacheNodes: number;
  readonly logRetentionDays: number;
  readonly nodeInstanceTypes: readonly string[];
  readonly nodes: { readonly min: number; readonly max: number };
}

const AWS_PROFILES: Record<Stage, AwsStageProfile> = {
  branch: {
    nat: 'single',
    availabilityZones: 2,
    dbInstanceClass: 'db.t4g.medium',
    dbAllocatedStorageGb: 20,
    dbMultiAz: false,
    dbBackupRetentionDays: 1,
    deletionProtection: false,
    cacheNodeType: 'cache.t4g.small',
    cacheNodes: 1,
    logRetentionDays: 7,
    nodeInstanceTypes: ['m6i.xlarge'],
    nodes: { min: 1, max: 3 },
  },
  uat: {
    nat: 'single',
    availabilityZones: 2,
    dbInstanceClass: 'db.m6g.large',
    dbAllocatedStorageGb: 100,
    dbMultiAz: false,
    dbBackupRetentionDays: 7,
    // UAT's instance hosts every branch database: protected like staging's.
    deletionProtection: true,
    cacheNodeType: 'cache.t4g.medium',
    cacheNodes: 1,
    logRetentionDays: 30,
    nodeInstanceTypes: ['m6i.2xlarge'],
    // UAT's cluster also runs the test and branch environments: its node maximum covers their shares.
    nodes: { min: 2, max: 36 },
  },
  staging: {
    nat: 'per-az',
    availabilityZones: 3,
    dbInstanceClass: 'db.r6g.xlarge',
    dbAllocatedStorageGb: 500,
    dbMultiAz: true,
    dbBackupRetentionDays: 14,
    deletionProtection: true,
    cacheNodeType: 'cache.r6g.large',
    cacheNodes: 2,
    logRetentionDays: 90,
    nodeInstanceTypes: ['m6i.2xlarge'],
    nodes: { min: 3, max: 9 },
  },
  prod: {
    nat: 'per-az',
    availabilityZones: 3,
    dbInstanceClass: 'db.r6g.2xlarge',
    dbAllocatedStorageGb: 1000,
    dbMultiAz: true,
    dbBackupRetentionDays: 35,
    deletionProtection: true,
    cacheNodeType: 'cache.r6g.large',
    cacheNodes: 3,
    logRetentionDays: 365,
    nodeInstanceTypes: ['m6i.4xlarge'],
    nodes: { min: 3, max: 20 },
  },
};

/** The AWS settings of a stage. */
export function awsStageProfile(stage: Stage): AwsStageProfile {
  checkArguments('awsStageProfile', oneOfProblems('stage', stage, STAGES, 'pass the stage the environment runs as'));
  return AWS_PROFILES[stage];
}

/** Whether a stage keeps its data through deletion (staging and production). */
export function isProtectedStage(stage: Stage): boolean {
  return stage === 'staging' || stage === 'prod';
}

/**
 * Whether a stage's database outlives mistakes: deletion protection, a final
 * snapshot, automated backups kept after deletion, `prevent_destroy`. Every
 * stage but disposable branches (UAT's instance hosts the branch databases).
 */
export function keepsDataOnDelete(stage: Stage): boolean {
  return stage !== 'branch';
}

/** The private DNS zone of an environment's AWS endpoints. */
export function privateZoneName(environment: string, product: Product = Product.OMS): string {
  return product.privateZone(environment);
}

/**
 * Where Kubernetes finds an environment's AWS resources, by name only (no
 * lookups at synthesis): private DNS names for the endpoints, and Secrets
 * Manager names for the credentials. Branch environments use the database of
 * the environment that hosts it (`databaseEnvironment`).
 */
export interface AwsEndpoints {
  readonly databaseHost: string;
  readonly databasePort: number;
  readonly databaseName: string;
  /** Secrets Manager secret with the application's database credentials (JSON: username, password). */
  readonly databaseSecretName: string;
  readonly cacheHost: string;
  readonly cachePort: number;
  /** Secrets Manager secret with the cache AUTH token (JSON: token). */
  readonly cacheSecretName: string;
}

/** The endpoints of an environment. */
export function awsEndpoints(environment: string, databaseEnvironment = environment, product: Product = Product.OMS): AwsEndpoints {
  checkArguments(
    'awsEndpoints',
    environmentArgument('environment', environment),
    databaseEnvironment === environment ? [] : environmentArgument('databaseEnvironment', databaseEnvironment),
    productArgument(product),
  );
  return {
    databaseHost: `db.${privateZoneName(databaseEnvironment, product)}`,
    databasePort: 5432,
    databaseName: databaseEnvironment === environment ? product.databaseName : branchDatabaseNames(environment, product).database,
    databaseSecretName: product.secretName(environment, 'database/app'),
    cacheHost: `cache.${privateZoneName(databaseEnvironment, product)}`,
    cachePort: 6379,
    cacheSecretName: product.secretName(databaseEnvironment, 'cache/auth'),
  };
}

/** PostgreSQL's identifier limit, in bytes. */
export const POSTGRES_IDENTIFIER_MAX = 63;

/**
 * Makes a PostgreSQL identifier (database or user name) from any string:
 * lower-case letters, digits and "_", starting with a letter, at most 63
 * bytes; long names keep a stable hash suffix. Throws when nothing usable is left.
 */
export function postgresIdentifier(raw: string): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
  if (cleaned.length === 0) throw new RangeError(`"${raw}" has no letters or digits to make a PostgreSQL identifier from`);
  if (cleaned.length <= POSTGRES_IDENTIFIER_MAX) return cleaned;
  return `${cleaned.slice(0, POSTGRES_IDENTIFIER_MAX - 9).replace(/_+$/, '')}_${stableHash(raw, 8)}`;
}

/** Checks an account. */
export function validateAwsAccount(property: string, account: AwsAccount | undefined): Problem[] {
  const problems: Problem[] = [];
  if (awsAccountIdViolation(account?.accountId) !== undefined) {
    problems.push({
      property: `${property}.accountId`,
      rule: 'must be a 12-digit AWS account id',
      value: account?.accountId,
      fix: 'use the account of this stage',
    });
  }
  if (awsRegionViolation(account?.region) !== undefined) {
    problems.push({ property: `${property}.region`, rule: 'must be an AWS region', value: account?.region, fix: 'use e.g. "eu-west-1"' });
  }
  return problems;
}

/** The Kubernetes service account of the OMS estate's database administration Jobs ({@link Product.dbAdminServiceAccount}). */
export const DB_ADMIN_SERVICE_ACCOUNT = Product.OMS.dbAdminServiceAccount;

/** SSM parameter holding the ARN of the RDS-managed master secret of the database hosted by `environment`. */
export function masterSecretParameter(environment: string, product: Product = Product.OMS): string {
  return product.parameterName(environment, 'database/master-secret-arn');
}

/** SSM parameter holding the real endpoint address of the database hosted by `environment`. */
export function databaseEndpointParameter(environment: string, product: Product = Product.OMS): string {
  return product.parameterName(environment, 'database/endpoint');
}

/** IAM role assumed by database administration Jobs against the database hosted by `environment`. */
export function dbAdminRoleName(environment: string, product: Product = Product.OMS): string {
  return `${product.resourcePrefix(environment)}-db-admin`.slice(0, 64);
}

/** The database and user of a branch environment on the shared development instance. */
export function branchDatabaseNames(environment: string, product: Product = Product.OMS): { database: string; user: string } {
  const database = postgresIdentifier(`${product.databaseName}_${environment}`);
  return { database, user: database };
}

/**
 * The branch database names of `environment`, or the problem: the environment
 * is a namespace, so anything but a DNS-1123 label is refused before a name is
 * derived from it.
 */
export function checkBranchDatabaseNames(
  environment: string,
  product: Product = Product.OMS,
): { names?: { database: string; user: string }; problems: Problem[] } {
  const rule = dns1123LabelViolation(environment);
  if (rule !== undefined)
    return {
      problems: [
        {
          property: 'environment',
          rule,
          value: environment,
          fix: 'name the environment with branchEnvironmentName(branch), e.g. "br-feature-x-1a2b3c4d"',
        },
      ],
    };
  return { names: branchDatabaseNames(environment, product), problems: [] };
}

/** Longest branch environment name: a namespace and object-name prefix. */
export const BRANCH_ENVIRONMENT_MAX = 40;

/**
 * The environment name of a branch: DNS-1123 safe, at most 40 characters,
 * with a stable hash suffix of the raw branch name, so two branches that
 * sanitize alike never share an environment. Throws when the branch name has
 * nothing usable in it or is no git branch name.
 */
export function branchEnvironmentName(branch: string): string {
  if (typeof branch !== 'string')
    throw new RangeError(
      `branch must be a git branch name (received ${branch === null ? 'null' : typeof branch}). Fix: pass the branch name, e.g. branchFromEnvironment(process.env)`,
    );
  const cleaned = branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (cleaned.length === 0) {
    throw new RangeError(
      `branch must have letters or digits to name an environment after (received "${branch}"). Fix: rename the branch, or set BRANCH_NAME to a name with letters or digits`,
    );
  }
  const invalid = gitBranchNameViolation(branch);
  if (invalid !== undefined)
    throw new RangeError(`branch ${invalid} (received ${JSON.stringify(branch)}). Fix: pass the branch as the Git remote names it`);
  // The hash is of the raw name: "foo", "origin/foo" and "refs/heads/foo" are three environments.
  const suffix = stableHash(branch, 8);
  const head = `br-${cleaned}`.slice(0, BRANCH_ENVIRONMENT_MAX - 9).replace(/-+$/, '');
  return `${head}-${suffix}`;
}
