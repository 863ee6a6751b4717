import type { KindsOf } from '../core';
import type { OmsAwsStackProps } from './oms-aws-stack';
import {
  AWS_ACCOUNT_KINDS,
  Problem,
  Product,
  dns1123LabelViolation,
  awsEndpoints,
  elastiCacheIdViolation,
  kmsAliasViolation,
  logGroupNameViolation,
  propKindProblems,
  rdsIdentifierViolation,
  s3BucketNameViolation,
  secretsKeyAlias,
  secretsManagerNameViolation,
  securityGroupNameViolation,
} from '../core';
import type { RemoteState } from './account-binding';

// Each part of the stack (network, database, cluster, queues) has its rules in its own file; this module exports them all.
export * from './validate-network-props';
export * from './validate-database-props';
export * from './validate-cluster-props';
export * from './validate-queue-props';

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
export function validateAwsResourceNames(property: string, environment: string, product: Product = Product.OMS): Problem[] {
  if (typeof environment !== 'string' || dns1123LabelViolation(environment) !== undefined) return [];
  const name = product.resourcePrefix(environment);
  const endpoints = awsEndpoints(environment, environment, product);
  const flowLogs = product.logGroup(`${name}/vpc-flow-logs`);
  const derived: [string, string, string | undefined][] = [
    ['RDS instance', name, rdsIdentifierViolation(name)],
    ['ElastiCache replication group', name, elastiCacheIdViolation(name)],
    ['KMS alias', secretsKeyAlias(environment, product), kmsAliasViolation(secretsKeyAlias(environment, product))],
    ['database secret', endpoints.databaseSecretName, secretsManagerNameViolation(endpoints.databaseSecretName)],
    ['cache secret', endpoints.cacheSecretName, secretsManagerNameViolation(endpoints.cacheSecretName)],
    ['database security group', `${name}-db`, securityGroupNameViolation(`${name}-db`)],
    ['flow log group', flowLogs, logGroupNameViolation(flowLogs)],
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

/** The JavaScript kind of every prop of an {@link OmsAwsStack}, checked before its rules. */
export const OMS_AWS_STACK_PROP_KINDS = {
  environment: 'string',
  stage: 'string',
  account: AWS_ACCOUNT_KINDS,
  state: { bucket: 'string' },
  network: { cidr: 'string', avoidCidrs: 'string[]' },
  compute: 'string',
  clusterAccess: { adminRoleArns: 'string[]', ciRoleArn: 'string', planRoleArns: 'string[]' },
  kubernetesVersion: 'string',
  clusterPublicAccessCidrs: 'string[]',
  clusterPrivateAccessCidrs: 'string[]',
  eksAddonVersions: 'record',
  argoRollouts: 'boolean',
  database: 'object',
  databaseRotationDays: 'number',
  cacheRotationDays: 'number',
  repositories: 'string[]',
  pullAccounts: 'string[]',
  queues: 'object[]',
  fargateServices: 'object[]',
  databaseToolsImage: 'string',
  product: 'object',
} satisfies KindsOf<OmsAwsStackProps>;

/**
 * What a stack's props must satisfy before its detailed rules run: every
 * prop of its declared kind and the required ones present (reported alone,
 * since the rules read inside them), then a state bucket S3 accepts and
 * names AWS accepts for everything derived from the environment.
 */
export function validateAwsStackInput(props: {
  readonly environment: string;
  readonly state: RemoteState;
  readonly product?: Product;
}): Problem[] {
  const kinds = propKindProblems('OmsAwsStackProps', props, OMS_AWS_STACK_PROP_KINDS, [
    'environment',
    'stage',
    'account',
    'state',
    'network',
  ]);
  if (kinds.length > 0) return kinds;
  const product = productProblems(props.product);
  if (product.length > 0) return product;
  return [...validateRemoteState('state', props.state), ...validateAwsResourceNames('environment', props.environment, props.product)];
}

/** The product, when given, is a Product: every resource name is derived with it (an object literal has no methods). */
export function productProblems(product: unknown): Problem[] {
  return product === undefined || product instanceof Product
    ? []
    : [{ property: 'product', rule: 'must be a Product', value: typeof product, fix: "use Product.OMS or Product.of({ name: '...' })" }];
}
