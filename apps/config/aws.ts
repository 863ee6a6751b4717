import { AwsAccounts } from '../../lib';

/** The AWS accounts of each stage and the state bucket in each (created once per account). */
export const ACCOUNTS: AwsAccounts = {
  development: { accountId: '111122223333', region: 'eu-west-1' },
  staging: { accountId: '444455556666', region: 'eu-west-1' },
  production: { accountId: '777788889999', region: 'eu-west-1' },
};

/** Remote state: one bucket and lock table per account; one key per environment. */
export const STATE = {
  development: { bucket: 'oms-terraform-state-111122223333', lockTable: 'oms-terraform-locks' },
  staging: { bucket: 'oms-terraform-state-444455556666', lockTable: 'oms-terraform-locks' },
  production: { bucket: 'oms-terraform-state-777788889999', lockTable: 'oms-terraform-locks' },
};

/** The image database administration Jobs run (psql, jq, AWS CLI). */
export const DB_TOOLS_IMAGE = 'registry.example.com/platform/db-tools:1.4.0';
