import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import { AwsAccount, Stage } from '../core';

/** Where Terraform keeps this environment's state: one S3 key per environment, encrypted and locked. */
export interface RemoteState {
  /** The state bucket (versioned, encrypted; created once per account). */
  readonly bucket: string;
  /** The DynamoDB table used for locking. */
  readonly lockTable: string;
}

/**
 * Binds a stack to its account: state in S3 under `stateKey` (encrypted,
 * locked) and an AWS provider that refuses credentials of any other account,
 * so staging can never touch production by mistake; every resource is tagged
 * with its environment and stage.
 */
export function bindToAccount(
  stack: TerraformStack,
  props: { environment: string; stage: Stage; account: AwsAccount; state: RemoteState; stateKey: string },
): void {
  new S3Backend(stack, {
    bucket: props.state.bucket,
    key: props.stateKey,
    region: props.account.region,
    encrypt: true,
    dynamodbTable: props.state.lockTable,
  });
  new AwsProvider(stack, 'aws', {
    region: props.account.region,
    allowedAccountIds: [props.account.accountId],
    defaultTags: [{ tags: { 'oms:environment': props.environment, 'oms:stage': props.stage, 'managed-by': 'oms-platform-constructs' } }],
  });
}
