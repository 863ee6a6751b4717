import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

/** Properties of {@link OmsEcrRepositories}. */
export interface OmsEcrRepositoriesProps {
  /** Repository names, e.g. `oms/om-app`. */
  readonly repositories: readonly string[];
  /** Release images kept per repository. @default 50 */
  readonly keepReleases?: number;
}

/**
 * ECR repositories: immutable tags (a tag always means the same image), scan
 * on push, KMS encryption, and a lifecycle policy that expires untagged images
 * after a week and keeps the newest releases.
 */
export class OmsEcrRepositories extends Construct {
  public readonly repositories: EcrRepository[] = [];

  constructor(scope: Construct, id: string, props: OmsEcrRepositoriesProps) {
    super(scope, id);
    for (const name of props.repositories) {
      const safe = name.replace(/[^a-z0-9]+/g, '-');
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
