import type { KindsOf } from '../core';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';
import { Problem, stableHash } from '../core';
import { checkBlockProps } from './validate-block-props';

/** Properties of {@link OmsEcrRepositories}. */
export interface OmsEcrRepositoriesProps {
  /** Repository names, e.g. `oms/om-app`. */
  readonly repositories: readonly string[];
  /** Release images kept per repository. @default 50 */
  readonly keepReleases?: number;
}

/** ECR repository names: lower-case path components. */
const ECR_NAME = /^([a-z0-9]+([._-][a-z0-9]+)*\/)*[a-z0-9]+([._-][a-z0-9]+)*$/;

const ECR_PROP_KINDS = { repositories: 'string[]', keepReleases: 'number' } satisfies KindsOf<OmsEcrRepositoriesProps>;

/** The rules over valid kinds: names ECR accepts, each once, and a count of releases to keep. */
function ecrRepositoriesProblems(props: OmsEcrRepositoriesProps): Problem[] {
  const problems: Problem[] = props.repositories.flatMap((name, i) =>
    ECR_NAME.test(name) && name.length >= 2 && name.length <= 256
      ? props.repositories.indexOf(name) === i
        ? []
        : [{ property: 'repositories', rule: 'must not list a repository twice', value: name, fix: `remove the second "${name}"` }]
      : [
          {
            property: 'repositories',
            rule: 'must be ECR repository names (lower-case path components of letters and digits separated by ".", "_" or "-", 2 to 256 characters)',
            value: name,
            fix: 'use e.g. "oms/om-app"',
          },
        ],
  );
  // An ECR lifecycle rule's countNumber is a whole number of at least 1.
  if (props.keepReleases !== undefined && !(Number.isInteger(props.keepReleases) && props.keepReleases >= 1))
    problems.push({
      property: 'keepReleases',
      rule: 'must be a whole number of at least 1',
      value: props.keepReleases,
      fix: 'keep at least the current release, e.g. 50',
    });
  return problems;
}

/**
 * ECR repositories: immutable tags (a tag always means the same image), scan
 * on push, KMS encryption, and a lifecycle policy that expires untagged images
 * after a week and keeps the newest releases.
 */
export class OmsEcrRepositories extends Construct {
  public readonly repositories: EcrRepository[] = [];

  constructor(scope: Construct, id: string, props: OmsEcrRepositoriesProps) {
    checkBlockProps(scope, id, 'OmsEcrRepositoriesProps', props, ECR_PROP_KINDS, ['repositories'], ecrRepositoriesProblems);
    super(scope, id);
    const used = new Set<string>();
    for (const name of props.repositories) {
      // Two valid names can sanitize alike ("oms/om-app", "oms-om-app"): the later one gets a stable suffix.
      let safe = name.replace(/[^a-z0-9]+/g, '-');
      if (used.has(safe)) safe = `${safe}-${stableHash(name, 6)}`;
      used.add(safe);
      const repo = new EcrRepository(this, safe, {
        name,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS' }],
      });
      new EcrLifecyclePolicy(this, `${safe}-lifecycle`, {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: 'expire untagged images',
              selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
              action: { type: 'expire' },
            },
            {
              rulePriority: 2,
              description: 'keep the newest releases',
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: props.keepReleases ?? 50 },
              action: { type: 'expire' },
            },
          ],
        }),
      });
      this.repositories.push(repo);
    }
  }
}
