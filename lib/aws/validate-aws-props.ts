import {
  AwsAccount,
  EKS_MINIMUM_KUBERNETES_VERSION,
  Problem,
  PropKinds,
  Stage,
  cidrBreadthViolation,
  cidrsOverlap,
  awsAccountIdViolation,
  awsEndpoints,
  compareVersions,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  sqsQueueName,
  unpinnedImageViolation,
  elastiCacheIdViolation,
  keepsDataOnDelete,
  kmsAliasViolation,
  logGroupNameViolation,
  parseCidr,
  propKindProblems,
  rdsIdentifierViolation,
  s3BucketNameViolation,
  secretsKeyAlias,
  secretsManagerNameViolation,
  securityGroupNameViolation,
} from '../core';
import type { RemoteState } from './account-binding';
import type { ClusterAccess } from './eks-cluster';
import type { QueueInput } from './sqs-queues';

/**
 * PostgreSQL versions RDS offers that we accept: a major version (RDS applies
 * minor upgrades itself) or a specific minor version.
 */
export const POSTGRES_VERSIONS: readonly string[] = ['14', '15', '16', '17', '14.13', '14.15', '15.8', '15.10', '16.4', '16.6', '17.2'];
/** Instance classes RDS offers for PostgreSQL that this library allows. */
export const POSTGRES_INSTANCE_CLASSES: readonly string[] = [
  'db.t4g.medium',
  'db.t4g.large',
  'db.m6g.large',
  'db.m6g.xlarge',
  'db.m6g.2xlarge',
  'db.m6i.large',
  'db.m6i.xlarge',
  'db.m6i.2xlarge',
  'db.r6g.large',
  'db.r6g.xlarge',
  'db.r6g.2xlarge',
  'db.r6g.4xlarge',
  'db.r6i.xlarge',
  'db.r6i.2xlarge',
  'db.r6i.4xlarge',
];

/** `property.prop`, or `prop` alone when a building block checks its own props (property ''). */
const at = (property: string, prop: string): string => (property === '' ? prop : `${property}.${prop}`);

/** Network inputs. */
export interface NetworkInput {
  readonly cidr: string;
  readonly avoidCidrs?: readonly string[];
}

/** Checks the VPC block: valid, between /16 and /20 (room for nine /24+ subnets), not overlapping peered networks. */
export function validateNetwork(property: string, input: NetworkInput): Problem[] {
  const problems: Problem[] = [];
  const r = parseCidr(input.cidr ?? '');
  if (r === undefined) {
    problems.push({
      property: at(property, 'cidr'),
      rule: 'must be a valid IPv4 CIDR block with no host bits set',
      value: input.cidr,
      fix: "use e.g. '10.20.0.0/16'",
    });
    return problems;
  }
  if (r.prefix < 16 || r.prefix > 20) {
    problems.push({
      property: at(property, 'cidr'),
      rule: 'must be between /16 and /20 (nine subnets of a sixteenth each)',
      value: input.cidr,
      fix: 'use a /16 to /20 block',
    });
  }
  for (const other of Array.isArray(input.avoidCidrs) ? input.avoidCidrs : []) {
    if (parseCidr(other) === undefined) {
      problems.push({
        property: at(property, 'avoidCidrs'),
        rule: 'must be valid IPv4 CIDR blocks',
        value: other,
        fix: "use e.g. '10.0.0.0/16'",
      });
    } else if (cidrsOverlap(input.cidr, other)) {
      problems.push({
        property: at(property, 'cidr'),
        rule: `must not overlap ${other}, a network this VPC must reach (peering and routing would break)`,
        value: input.cidr,
        fix: 'pick a block that overlaps none of avoidCidrs',
      });
    }
  }
  return problems;
}

/** Database inputs. */
export interface DatabaseInput {
  readonly engineVersion?: string;
  readonly instanceClass?: string;
  readonly deletionProtection?: boolean;
  readonly publiclyAccessible?: boolean;
  readonly masterPassword?: string;
  readonly backupRetentionDays?: number;
}

/** Checks the database settings against the stage. */
export function validateDatabase(property: string, input: DatabaseInput, stage: Stage): Problem[] {
  const problems: Problem[] = [];
  if (input.engineVersion !== undefined && !POSTGRES_VERSIONS.includes(input.engineVersion)) {
    problems.push({
      property: at(property, 'engineVersion'),
      rule: `must be a PostgreSQL version RDS offers (${POSTGRES_VERSIONS.join(', ')})`,
      value: input.engineVersion,
      fix: 'pick one of the listed versions',
    });
  }
  if (input.instanceClass !== undefined && !POSTGRES_INSTANCE_CLASSES.includes(input.instanceClass)) {
    problems.push({
      property: at(property, 'instanceClass'),
      rule: 'must be an RDS instance class available for PostgreSQL',
      value: input.instanceClass,
      fix: `use one of ${POSTGRES_INSTANCE_CLASSES.join(', ')}`,
    });
  }
  if (input.deletionProtection === false && keepsDataOnDelete(stage)) {
    problems.push({
      property: at(property, 'deletionProtection'),
      rule: `must stay on in ${stage}: a typo must not be able to delete the database`,
      value: false,
      fix: 'remove deletionProtection: false',
    });
  }
  if (input.publiclyAccessible === true) {
    problems.push({
      property: at(property, 'publiclyAccessible'),
      rule: 'must be false: the database is reachable only from the private workload subnets',
      value: true,
      fix: 'remove publiclyAccessible; connect through the VPC',
    });
  }
  if (input.masterPassword !== undefined) {
    problems.push({
      property: at(property, 'masterPassword'),
      rule: 'must not be given: a literal password would be written to the Terraform JSON and state',
      value: '<redacted>',
      fix: 'remove it; RDS manages the master password in Secrets Manager',
    });
  }
  const b = input.backupRetentionDays;
  if (b !== undefined && (!Number.isInteger(b) || b < 1 || b > 35)) {
    problems.push({
      property: at(property, 'backupRetentionDays'),
      rule: 'must be a whole number of days from 1 to 35',
      value: b,
      fix: 'use e.g. 7',
    });
  }
  return problems;
}

/** Checks who may use the Kubernetes API: IAM role ARNs of the stage's account. */
export function validateClusterAccess(property: string, access: ClusterAccess | undefined, account: AwsAccount): Problem[] {
  if (!access) {
    return [
      {
        property,
        rule: 'is required for an EKS cluster: without access entries nobody can use the Kubernetes API',
        value: undefined,
        fix: 'give { adminRoleArns: [...], ciRoleArn: "arn:aws:iam::<account>:role/<ci role>" }',
      },
    ];
  }
  const problems: Problem[] = [];
  // An invalid account id is reported by the account check: the roles are then only held to the shape of a role ARN.
  const knownAccount = awsAccountIdViolation(account?.accountId) === undefined;
  const role = new RegExp(`^arn:aws[a-z-]*:iam::${knownAccount ? account.accountId : '\\d{12}'}:role/[\\w+=,.@/-]+$`);
  const check = (prop: string, arn: string) => {
    if (typeof arn === 'string' && /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\//.test(arn)) {
      problems.push({
        property: prop,
        rule: 'must be the IAM role ARN, not an assumed-role session ARN (access entries match the role)',
        value: arn,
        fix: 'use arn:aws:iam::<account>:role/<name>',
      });
    } else if (typeof arn !== 'string' || !role.test(arn)) {
      problems.push({
        property: prop,
        rule: knownAccount ? `must be an IAM role ARN in account ${account.accountId}` : 'must be an IAM role ARN',
        value: arn,
        fix: `use arn:aws:iam::${knownAccount ? account.accountId : '<account>'}:role/<name>`,
      });
    }
  };
  if (!Array.isArray(access.adminRoleArns) || access.adminRoleArns.length === 0) {
    problems.push({
      property: `${property}.adminRoleArns`,
      rule: 'must name at least one administrator role (there is no implicit creator admin)',
      value: access.adminRoleArns,
      fix: "give the platform administrators' role ARN",
    });
  }
  if (Array.isArray(access.adminRoleArns)) access.adminRoleArns.forEach((arn, i) => check(`${property}.adminRoleArns[${i}]`, arn));
  check(`${property}.ciRoleArn`, access.ciRoleArn);
  return problems;
}

/**
 * Checks the networks allowed to reach the EKS API: valid blocks, and the public ones together narrower than
 * the internet (0.0.0.0/1 plus 128.0.0.0/1 is the whole internet too, so they are judged together).
 */
export function validateApiAccessCidrs(
  publicProperty: string,
  publicCidrs: readonly string[] | undefined,
  privateProperty: string,
  privateCidrs: readonly string[] | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const breadth = publicCidrs === undefined ? undefined : cidrBreadthViolation(publicCidrs, { minPrefix: 16 });
  if (breadth)
    problems.push({
      property: publicProperty,
      rule: `${breadth} (the Kubernetes API is open to every address listed)`,
      value: publicCidrs,
      fix: 'list the office or CI networks that need the API (/16 or narrower), or leave it out and reach the private endpoint',
    });
  (privateCidrs ?? []).forEach((cidr, i) => {
    if (parseCidr(cidr) === undefined)
      problems.push({
        property: `${privateProperty}[${i}]`,
        rule: 'must be a valid IPv4 CIDR block with no host bits set',
        value: cidr,
        fix: 'give the CI runner subnet, e.g. "10.30.4.0/24"',
      });
  });
  return problems;
}

/** Checks the Kubernetes version: a minor version inside EKS standard support. */
export function validateKubernetesVersion(property: string, version: string | undefined): Problem[] {
  if (version === undefined) return [];
  if (!/^1\.\d{2}$/.test(version) || compareVersions(version, EKS_MINIMUM_KUBERNETES_VERSION) < 0) {
    return [
      {
        property,
        rule: `must be a Kubernetes minor version of at least ${EKS_MINIMUM_KUBERNETES_VERSION} (older ones are past standard support and bill extended support)`,
        value: version,
        fix: `use "${EKS_MINIMUM_KUBERNETES_VERSION}" or later`,
      },
    ];
  }
  return [];
}

/** Checks the Terraform state bucket: a bucket name S3 accepts. */
export function validateRemoteState(property: string, state: RemoteState | undefined): Problem[] {
  const bucket: unknown = state?.bucket;
  const rule = s3BucketNameViolation(bucket);
  return rule
    ? [{ property: `${property}.bucket`, rule, value: bucket, fix: 'give the name of the existing state bucket of this account' }]
    : [];
}

/**
 * The longest environment name an {@link OmsAwsStack} takes: its ElastiCache
 * replication group id is `oms-<environment>`, and ElastiCache allows 40
 * characters. A longer name would be cut, and two environments sharing their
 * first 36 characters would share one cache.
 */
export const AWS_ENVIRONMENT_NAME_MAX = 36;

/**
 * Checks the names a stack derives from its environment name against the
 * rules of each AWS service, so a name AWS refuses fails synthesis instead
 * of `terraform apply`. Names that are not DNS-1123 labels are left to the
 * environment check.
 */
export function validateAwsResourceNames(property: string, environment: string): Problem[] {
  if (typeof environment !== 'string' || dns1123LabelViolation(environment) !== undefined) return [];
  const name = `oms-${environment}`;
  const endpoints = awsEndpoints(environment);
  const derived: [string, string, string | undefined][] = [
    ['RDS instance', name, rdsIdentifierViolation(name)],
    ['ElastiCache replication group', name, elastiCacheIdViolation(name)],
    ['KMS alias', secretsKeyAlias(environment), kmsAliasViolation(secretsKeyAlias(environment))],
    ['database secret', endpoints.databaseSecretName, secretsManagerNameViolation(endpoints.databaseSecretName)],
    ['cache secret', endpoints.cacheSecretName, secretsManagerNameViolation(endpoints.cacheSecretName)],
    ['database security group', `${name}-db`, securityGroupNameViolation(`${name}-db`)],
    ['flow log group', `/oms/${name}/vpc-flow-logs`, logGroupNameViolation(`/oms/${name}/vpc-flow-logs`)],
  ];
  return derived
    .filter(([, , rule]) => rule !== undefined)
    .map(([what, value, rule]) => ({
      property,
      rule: `must give names AWS accepts: the ${what} "${value}" ${rule}`,
      value: environment,
      fix:
        value.length > 40 && what.startsWith('ElastiCache')
          ? `shorten the environment name to at most ${AWS_ENVIRONMENT_NAME_MAX} characters`
          : 'use single "-" between words, e.g. "uat-eks"',
    }));
}

/** Checks the environment a branch stack shares (its database and cluster): a name an environment could have. */
export function validateHostEnvironment(property: string, hostEnvironment: string): Problem[] {
  const rule =
    typeof hostEnvironment === 'string'
      ? (dns1123LabelViolation(hostEnvironment, AWS_ENVIRONMENT_NAME_MAX) ?? rdsIdentifierViolation(`oms-${hostEnvironment}`))
      : 'must be the name of an environment';
  return rule === undefined
    ? []
    : [
        {
          property,
          rule,
          value: hostEnvironment,
          fix: 'give the environment whose database and cluster the branch shares, e.g. "uat-eks"',
        },
      ];
}

/** The longest visibility timeout SQS allows: 12 hours. */
const SQS_VISIBILITY_TIMEOUT_MAX = 43200;
/** The largest maxReceiveCount an SQS redrive policy allows. */
const SQS_MAX_RECEIVES_MAX = 1000;

/** Checks an environment's queues: short names SQS accepts with the environment prefix, each once, and SQS's limits. */
export function queueInputProblems(property: string, environment: string, queues: readonly QueueInput[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  queues.forEach((q, i) => {
    const at = `${property}[${i}]`;
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(q.name ?? '')) {
      problems.push({
        property: `${at}.name`,
        rule: 'must be 1-40 lower-case letters, digits or "-"',
        value: q.name,
        fix: 'use e.g. "shipment-events"',
      });
    } else if (sqsQueueName(environment, q.name).length > 76) {
      problems.push({
        property: `${at}.name`,
        rule: 'is too long with the environment prefix (76 characters, the dead-letter queue adds 4)',
        value: q.name,
        fix: 'shorten it',
      });
    } else if (seen.has(q.name)) {
      problems.push({
        property: `${at}.name`,
        rule: 'must be unique among the queues',
        value: q.name,
        fix: 'give each queue its own name',
      });
    }
    seen.add(q.name);
    const timeout = q.visibilityTimeoutSeconds;
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 0 && timeout <= SQS_VISIBILITY_TIMEOUT_MAX))
      problems.push({
        property: `${at}.visibilityTimeoutSeconds`,
        rule: `must be a whole number of seconds from 0 to ${SQS_VISIBILITY_TIMEOUT_MAX} (SQS's limit, 12 hours)`,
        value: timeout,
        fix: 'use a little more than the longest job, e.g. 300',
      });
    const receives = q.maxReceives;
    if (receives !== undefined && !(Number.isInteger(receives) && receives >= 1 && receives <= SQS_MAX_RECEIVES_MAX))
      problems.push({
        property: `${at}.maxReceives`,
        rule: `must be a whole number from 1 to ${SQS_MAX_RECEIVES_MAX} (SQS's limit)`,
        value: receives,
        fix: 'use e.g. 5',
      });
    (q.consumers ?? []).forEach((sa, j) => {
      const rule = dns1123SubdomainViolation(sa);
      if (rule)
        problems.push({
          property: `${at}.consumers[${j}]`,
          rule,
          value: sa,
          fix: 'give the name of a ServiceAccount, e.g. "order-events"',
        });
    });
  });
  return problems;
}

/** Checks days between password rotations: 1 to 365. */
export function rotationDaysProblems(property: string, days: number | undefined): Problem[] {
  return days === undefined || (Number.isInteger(days) && days >= 1 && days <= 365)
    ? []
    : [{ property, rule: 'must be a whole number of days from 1 to 365', value: days, fix: 'use e.g. 30' }];
}

/** Checks the database tools image: pinned (the cache password rotation and the database user task run it). */
export function toolsImageProblems(property: string, image: string | undefined): Problem[] {
  return unpinnedImageViolation(image ?? '') === undefined
    ? []
    : [
        {
          property,
          rule: 'must be a pinned image with psql, jq and the AWS CLI (the cache password rotation and the database user task run it)',
          value: image,
          fix: 'give e.g. "registry.example.com/platform/db-tools:1.4.0"',
        },
      ];
}

/** The JavaScript kind of every prop of an {@link OmsAwsStack}, checked before its rules. */
export const OMS_AWS_STACK_PROP_KINDS: PropKinds = {
  environment: 'string',
  stage: 'string',
  account: { accountId: 'string', region: 'string' },
  state: { bucket: 'string' },
  network: { cidr: 'string', avoidCidrs: 'string[]' },
  compute: 'string',
  clusterAccess: { adminRoleArns: 'string[]', ciRoleArn: 'string' },
  kubernetesVersion: 'string',
  clusterPublicAccessCidrs: 'string[]',
  clusterPrivateAccessCidrs: 'string[]',
  eksAddonVersions: 'record',
  argoRollouts: 'boolean',
  database: 'object',
  databaseRotationDays: 'number',
  repositories: 'string[]',
  queues: 'object[]',
  fargateServices: 'object[]',
  databaseToolsImage: 'string',
};

/**
 * What a stack's props must satisfy before its detailed rules run: every
 * prop of its declared kind and the required ones present (reported alone,
 * since the rules read inside them), then a state bucket S3 accepts and
 * names AWS accepts for everything derived from the environment.
 */
export function validateAwsStackInput(props: { readonly environment: string; readonly state: RemoteState }): Problem[] {
  const kinds = propKindProblems('OmsAwsStackProps', props, OMS_AWS_STACK_PROP_KINDS, [
    'environment',
    'stage',
    'account',
    'state',
    'network',
  ]);
  if (kinds.length > 0) return kinds;
  return [...validateRemoteState('state', props.state), ...validateAwsResourceNames('environment', props.environment)];
}
