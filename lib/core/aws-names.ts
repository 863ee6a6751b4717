import { accountArgument, checkArguments, environmentArgument, productArgument } from './arguments';
import { AwsAccount } from './aws-config';
import { sqsQueueNameViolation } from './aws-name-rules';
import { stableHash } from './hash';
import { Product } from './product';

/**
 * AWS names shared between stacks and between the AWS and Kubernetes layers.
 * Each side builds them from these functions only, so a role, a cluster or a
 * secret created by one stack is found by name by another without lookups at
 * synthesis.
 */

/** IAM limits role names to 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;

/** An IAM role name: `raw` when short enough, else cut with a stable hash suffix so two long names never collide. */
export function iamRoleName(raw: string): string {
  if (raw.length <= IAM_ROLE_NAME_MAX) return raw;
  return `${raw.slice(0, IAM_ROLE_NAME_MAX - 9).replace(/-+$/, '')}-${stableHash(raw, 8)}`;
}

/**
 * The EKS cluster of the environment `environment` (the host environment for branches), named after the
 * estate's product (`oms-uat-eks`; a polls estate's `polls-polls-uat`), so its Container Insights log groups
 * (`/aws/containerinsights/<cluster>/...`) carry the estate's own name.
 */
export function eksClusterName(environment: string, productName = 'oms'): string {
  return `${productName}-${environment}`;
}

/** The ARN of an environment's EKS cluster (Pod Identity puts it in the `eks-cluster-arn` session tag). */
export function eksClusterArn(account: AwsAccount, environment: string, productName = 'oms'): string {
  return `arn:aws:eks:${account.region}:${account.accountId}:cluster/${eksClusterName(environment, productName)}`;
}

/** The ECS cluster of an environment: one per environment, shared by all its Fargate services. */
export function ecsClusterName(environment: string, product: Product = Product.OMS): string {
  return product.resourcePrefix(environment);
}

/** The alias of the KMS key that encrypts an environment's application secrets. */
export function secretsKeyAlias(environment: string, product: Product = Product.OMS): string {
  return `alias/${product.resourcePrefix(environment)}-secrets`;
}

/**
 * The IAM role of the pods of one ServiceAccount in one namespace (EKS Pod Identity), named after the estate's
 * product: `oms-<env>-...` for OMS, `polls-<env>-...` for a polls estate. The IAM role names of a stack all start
 * with its product's name.
 */
export function podRoleName(environment: string, namespace: string, serviceAccount: string, product: Product = Product.OMS): string {
  return iamRoleName(`${product.resourcePrefix(environment)}-${namespace === environment ? '' : `${namespace}-`}${serviceAccount}`);
}

/** The role a branch environment's database Jobs assume: scoped to that branch's database only. */
export function branchDbAdminRoleName(branchEnvironment: string, product: Product = Product.OMS): string {
  return iamRoleName(`${product.resourcePrefix(branchEnvironment)}-db-branch`);
}

/**
 * The role KEDA assumes to read the depth of an environment's SQS queues
 * (the `roleArn` of the SQS `TriggerAuthentication`).
 */
export function kedaSqsRoleName(environment: string, product: Product = Product.OMS): string {
  return iamRoleName(`${product.resourcePrefix(environment)}-keda-sqs`);
}

/** The ARN of {@link kedaSqsRoleName}. */
export function kedaSqsRoleArn(account: AwsAccount, environment: string, product: Product = Product.OMS): string {
  checkArguments(
    'kedaSqsRoleArn',
    accountArgument('account', account, false),
    environmentArgument('environment', environment),
    productArgument(product),
  );
  return `arn:aws:iam::${account.accountId}:role/${kedaSqsRoleName(environment, product)}`;
}

/**
 * The Terraform state bucket of an estate in an account (created once per account and product, before the first
 * apply): `oms-terraform-state-<account id>` for OMS, `<product>-terraform-state-<account id>` for another estate,
 * so a plain estate's state lives apart from OMS's under its own name.
 */
export function terraformStateBucketName(account: AwsAccount, product: Product = Product.OMS): string {
  checkArguments('terraformStateBucketName', accountArgument('account', account, false), productArgument(product));
  return `${product.name}-terraform-state-${account.accountId}`;
}

/** The state key of an environment's stack in its bucket: `<product>/<env>/terraform.tfstate` (branches under `branches/`). */
export function terraformStateKey(environment: string, product: Product = Product.OMS, branch = false): string {
  return `${product.name}/${branch ? 'branches/' : ''}${environment}/terraform.tfstate`;
}

/**
 * The SQS queue `name` of an environment: queue names are account-wide, so the product and environment prefix them
 * (`oms-<env>-<name>` for OMS).
 */
export function sqsQueueName(environment: string, name: string, product: Product = Product.OMS): string {
  const nameRule = sqsQueueNameViolation(name);
  checkArguments(
    'sqsQueueName',
    environmentArgument('environment', environment),
    nameRule === undefined
      ? []
      : [{ property: 'name', rule: nameRule, value: name, fix: 'name the queue by its work, e.g. "order-events"' }],
    productArgument(product),
  );
  return `${product.resourcePrefix(environment)}-${name}`.slice(0, 80);
}

/** The ARN of an SQS queue. */
export function sqsQueueArn(account: AwsAccount, queueName: string): string {
  return `arn:aws:sqs:${account.region}:${account.accountId}:${queueName}`;
}

/** The OMS estate's PostgreSQL role that creates and drops branch databases on a shared instance: not the master user. */
export const BRANCH_ADMIN_DB_USER = Product.OMS.branchAdminUser;

/** Every OMS branch database and user name starts with this; the drop Job refuses any other name. */
export const BRANCH_DATABASE_PREFIX = Product.OMS.branchDatabasePrefix;

/** Whether `name` is a branch database (or user) name of `product` that a branch Job may drop. */
export function isBranchDatabaseName(name: string, product: Product = Product.OMS): boolean {
  return name.startsWith(product.branchDatabasePrefix) && /^[a-z][a-z0-9_]{0,62}$/.test(name);
}
