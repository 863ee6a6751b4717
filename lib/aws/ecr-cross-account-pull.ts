import type { KindsOf } from '../core';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct } from 'constructs';
import { Problem } from '../core';
import { checkBlockProps } from './validate-block-props';

/** Properties of {@link EcrCrossAccountPull}. */
export interface EcrCrossAccountPullProps {
  /**
   * The repositories: those `OmsEcrRepositories` creates (`.repositories`; the policy then waits for each), or the
   * names of repositories that already exist, e.g. `oms/om-app`.
   */
  readonly repositories: readonly (string | EcrRepository)[];
  /** The 12-digit ids of the accounts whose clusters and tasks pull from them (staging, production). */
  readonly pullAccounts: readonly string[];
}

const PROP_KINDS = { repositories: 'array', pullAccounts: 'string[]' } satisfies KindsOf<EcrCrossAccountPullProps>;

function problems(props: EcrCrossAccountPullProps): Problem[] {
  const found: Problem[] = [];
  for (const account of props.pullAccounts)
    if (!/^\d{12}$/.test(account))
      found.push({
        property: 'pullAccounts',
        rule: 'must be 12-digit AWS account ids',
        value: account,
        fix: 'use the account id, e.g. "444455556666"',
      });
  if (props.pullAccounts.length === 0)
    found.push({
      property: 'pullAccounts',
      rule: 'must name at least one account',
      value: [],
      fix: 'list the staging and production account ids',
    });
  return found;
}

/** The pull-only statement: what a node or task role of another account needs to pull (and nothing that writes). */
export const CROSS_ACCOUNT_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;

/**
 * Lets other accounts pull from this account's repositories, so an image is built once, in one place, and
 * every stage runs those bytes: a repository policy granting the three pull actions to the listed accounts'
 * root principals (each account then decides, in its own IAM, which roles may use it: the EKS node role or
 * the ECS task execution role also needs `ecr:GetAuthorizationToken`, on `*`, in its own account). Amazon ECR
 * documents this as the way to allow cross-account pulls (ECR User Guide, "Private repository policy
 * examples": allow another account to pull).
 */
export class EcrCrossAccountPull extends Construct {
  public readonly policies: EcrRepositoryPolicy[] = [];

  constructor(scope: Construct, id: string, props: EcrCrossAccountPullProps) {
    checkBlockProps(scope, id, 'EcrCrossAccountPullProps', props, PROP_KINDS, ['repositories', 'pullAccounts'], problems);
    super(scope, id);
    const principals = [...props.pullAccounts].sort().map((a) => `arn:aws:iam::${a}:root`);
    for (const repository of props.repositories) {
      // A repository object's name is a reference, so Terraform creates the repository before its policy.
      const id = (typeof repository === 'string' ? repository : repository.node.id).replace(/[^a-zA-Z0-9]+/g, '-');
      this.policies.push(
        new EcrRepositoryPolicy(this, id, {
          repository: typeof repository === 'string' ? repository : repository.name,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'PullFromStageAccounts', Effect: 'Allow', Principal: { AWS: principals }, Action: [...CROSS_ACCOUNT_PULL_ACTIONS] },
            ],
          }),
        }),
      );
    }
  }
}
