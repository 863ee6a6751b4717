import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import { AWS_ACCOUNT_KINDS, AwsAccount, Problem, Stage, propKindProblems, throwIfProblems, validateAwsAccount } from '../core';
import { validateRemoteState } from './validate-aws-props';
import { environmentProblems, stageProblems } from './validate-block-props';

/** Where Terraform keeps this environment's state: one S3 key per environment, encrypted, locked by S3 itself. */
export interface RemoteState {
  /** The state bucket (versioned, encrypted; created once per account, before the first apply). */
  readonly bucket: string;
}

/** The oldest Terraform that understands the synthesized backend (S3-native locking, `use_lockfile`). */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.11.0';

/**
 * Binds a stack to its account: state in S3 under `stateKey`, encrypted and
 * locked with a lock file next to the state (S3 conditional writes: no
 * DynamoDB table), and an AWS provider that refuses credentials of any other
 * account, so staging can never touch production by mistake; every resource
 * is tagged with its environment and stage.
 */
export function bindToAccount(
  stack: TerraformStack,
  props: { environment: string; stage: Stage; account: AwsAccount; state: RemoteState; stateKey: string },
): void {
  throwIfProblems(`${stack.node.path} (bindToAccount)`, bindingProblems(props));
  const backend = new S3Backend(stack, {
    bucket: props.state.bucket,
    key: props.stateKey,
    region: props.account.region,
    encrypt: true,
  });
  // cdktf 0.21's S3Backend has no use_lockfile option; Terraform 1.10 added it and 1.11 deprecated DynamoDB locking.
  backend.addOverride('use_lockfile', true);
  stack.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
  new AwsProvider(stack, 'aws', {
    region: props.account.region,
    allowedAccountIds: [props.account.accountId],
    defaultTags: [{ tags: { 'oms:environment': props.environment, 'oms:stage': props.stage, 'managed-by': 'oms-platform-constructs' } }],
  });
}

/** The rules of {@link bindToAccount}'s props: the stack validates the same values, so they hold here when it calls it. */
function bindingProblems(props: {
  environment: string;
  stage: Stage;
  account: AwsAccount;
  state: RemoteState;
  stateKey: string;
}): Problem[] {
  const kinds = propKindProblems(
    'the bindToAccount props',
    props,
    {
      environment: 'string',
      stage: 'string',
      account: AWS_ACCOUNT_KINDS,
      state: { bucket: 'string' },
      stateKey: 'string',
    },
    ['environment', 'stage', 'account', 'state', 'stateKey'],
  );
  if (props === null || typeof props !== 'object')
    return [{ property: 'props', rule: 'is required', value: props, fix: 'pass { environment, stage, account, state, stateKey }' }];
  if (kinds.length > 0) return kinds;
  const problems = [
    ...environmentProblems('environment', props.environment),
    ...stageProblems('stage', props.stage),
    ...validateAwsAccount('account', props.account),
    ...validateRemoteState('state', props.state),
  ];
  // An S3 object key of the state: no leading "/" or empty segment (Terraform would write a different key than the one read).
  if (
    !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(props.stateKey) ||
    props.stateKey.split('/').some((s) => s === '.' || s === '..')
  )
    problems.push({
      property: 'stateKey',
      rule: 'must be an S3 object key of "/"-separated segments of letters, digits and !_.*\'()- (no leading, trailing or double "/", no "." or ".." segment)',
      value: props.stateKey,
      fix: 'use e.g. "oms/uat-eks/terraform.tfstate"',
    });
  return problems;
}
