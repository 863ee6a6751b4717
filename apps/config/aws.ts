import { AwsAccounts, Product, terraformStateBucketName } from '../../lib';
import { ClusterAccess, RemoteState } from '../../lib/aws';

/** The AWS accounts of each stage and the state bucket in each (created once per account). */
export const ACCOUNTS: AwsAccounts = {
  development: { accountId: '111122223333', region: 'eu-west-1' },
  staging: { accountId: '444455556666', region: 'eu-west-1' },
  production: { accountId: '777788889999', region: 'eu-west-1' },
};

/**
 * Remote state: one bucket per account and product (S3-native locking, no lock table), named after the product
 * (`oms-terraform-state-<account>`, `polls-terraform-state-<account>`); one key per environment.
 */
export function stateOf(account: keyof AwsAccounts, product: Product = Product.OMS): RemoteState {
  return { bucket: terraformStateBucketName(ACCOUNTS[account], product) };
}

/** The OMS estate's state buckets. */
export const STATE = { development: stateOf('development'), staging: stateOf('staging'), production: stateOf('production') };

/**
 * Who may use each account's EKS API: the administrators' role, the role CI deploys with, and the
 * read-only plan roles (dry runs only). Pull-request plans use `oms-ci-pr-plan`, which production
 * does not accept; production is planned only after merge, with `oms-ci-plan`. All exist before the
 * first apply.
 */
export const CLUSTER_ACCESS: Record<keyof AwsAccounts, ClusterAccess> = {
  development: {
    adminRoleArns: ['arn:aws:iam::111122223333:role/platform-admin'],
    ciRoleArn: 'arn:aws:iam::111122223333:role/oms-ci-deploy',
    planRoleArns: ['arn:aws:iam::111122223333:role/oms-ci-plan', 'arn:aws:iam::111122223333:role/oms-ci-pr-plan'],
  },
  staging: {
    adminRoleArns: ['arn:aws:iam::444455556666:role/platform-admin'],
    ciRoleArn: 'arn:aws:iam::444455556666:role/oms-ci-deploy',
    planRoleArns: ['arn:aws:iam::444455556666:role/oms-ci-plan', 'arn:aws:iam::444455556666:role/oms-ci-pr-plan'],
  },
  production: {
    adminRoleArns: ['arn:aws:iam::777788889999:role/platform-admin'],
    ciRoleArn: 'arn:aws:iam::777788889999:role/oms-ci-deploy',
    planRoleArns: ['arn:aws:iam::777788889999:role/oms-ci-plan'],
  },
};

/** The CI runners' subnet in each account's shared-services VPC (peered): it reaches the private EKS API endpoints. */
export const CI_RUNNER_CIDRS = {
  development: ['10.0.8.0/22'],
  staging: ['10.0.8.0/22'],
  production: ['10.0.8.0/22'],
};

/** The image database administration Jobs and the stacks' own tasks (cache password rotation, database user) run: psql, jq, AWS CLI. */
export const DB_TOOLS_IMAGE = 'registry.example.com/platform/db-tools:1.4.0';

/**
 * What every EKS stack of an account shares: access entries, the runner network allowed to the private endpoint,
 * and the tools image of the stack's scheduled tasks.
 */
export const EKS_ACCESS = {
  development: {
    clusterAccess: CLUSTER_ACCESS.development,
    clusterPrivateAccessCidrs: CI_RUNNER_CIDRS.development,
    databaseToolsImage: DB_TOOLS_IMAGE,
  },
  staging: {
    clusterAccess: CLUSTER_ACCESS.staging,
    clusterPrivateAccessCidrs: CI_RUNNER_CIDRS.staging,
    databaseToolsImage: DB_TOOLS_IMAGE,
  },
  production: {
    clusterAccess: CLUSTER_ACCESS.production,
    clusterPrivateAccessCidrs: CI_RUNNER_CIDRS.production,
    databaseToolsImage: DB_TOOLS_IMAGE,
  },
};
