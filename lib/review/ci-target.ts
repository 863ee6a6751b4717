import { Stage, branchEnvironmentName, isCandidateTag, isReleaseTag } from '../core';

/** What CI is building: a tag or a branch. */
export interface BuildRef {
  readonly tag?: string;
  readonly branch?: string;
}

/** One environment a pipeline deploys, and the CI environment (approvals, roles, cluster) it deploys with. */
export interface DeployEnvironment {
  readonly name: string;
  readonly ciEnvironment: string;
}

/** What a pipeline deploys for a ref, and why. */
export interface DeployTarget {
  readonly deploy: boolean;
  readonly stage?: Stage;
  readonly environments: DeployEnvironment[];
  /** The concurrency group: one deployment (or teardown) per environment at a time. */
  readonly group: string;
  readonly reason: string;
}

/** The concurrency group of a branch environment, the same for its deploys and its teardown. */
export const branchGroup = (branch: string) => `deploy-branch-${branch}`;

/**
 * The release-tag rules of `lib/core/release.ts` applied to deployment: a release-candidate tag
 * deploys staging, a release tag production, the main branch UAT, any other branch its own
 * environment. Any other tag deploys nothing.
 */
export function deployTarget(ref: BuildRef, mainBranch = 'main'): DeployTarget {
  if (ref.tag !== undefined) {
    if (isCandidateTag(ref.tag)) {
      return {
        deploy: true,
        stage: 'staging',
        environments: [{ name: 'staging', ciEnvironment: 'staging' }],
        group: 'deploy-staging',
        reason: `release candidate ${ref.tag}`,
      };
    }
    if (isReleaseTag(ref.tag)) {
      return {
        deploy: true,
        stage: 'prod',
        environments: [{ name: 'production', ciEnvironment: 'production' }],
        group: 'deploy-production',
        reason: `release ${ref.tag}`,
      };
    }
    return {
      deploy: false,
      environments: [],
      group: `deploy-none-${ref.tag}`,
      reason: `tag ${ref.tag} is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N): nothing is deployed`,
    };
  }
  const branch = ref.branch;
  if (branch === undefined || branch.length === 0) {
    return {
      deploy: false,
      environments: [],
      group: 'deploy-none',
      reason: 'neither a tag nor a branch is being built: nothing is deployed',
    };
  }
  if (branch === mainBranch) {
    return {
      deploy: true,
      stage: 'uat',
      environments: [
        { name: 'uat-eks', ciEnvironment: 'uat-eks' },
        { name: 'uat-openshift', ciEnvironment: 'uat-openshift' },
      ],
      group: 'deploy-uat',
      reason: `branch ${branch}`,
    };
  }
  return {
    deploy: true,
    stage: 'branch',
    environments: [{ name: branchEnvironmentName(branch), ciEnvironment: 'development' }],
    group: branchGroup(branch),
    reason: `branch ${branch}`,
  };
}

/** The ref being built, from GitHub Actions (`GITHUB_REF_TYPE`, `GITHUB_REF_NAME`) or Jenkins (`TAG_NAME`, `BRANCH_NAME`). */
export function buildRefFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): BuildRef {
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME) return { tag: env.GITHUB_REF_NAME };
  if (env.TAG_NAME) return { tag: env.TAG_NAME };
  if (env.GITHUB_REF_TYPE === 'branch' && env.GITHUB_REF_NAME) return { branch: env.GITHUB_REF_NAME };
  return { branch: env.BRANCH_NAME ?? env.GITHUB_REF_NAME };
}

/** The target as `key=value` lines (the format of `$GITHUB_OUTPUT`). */
export function formatTarget(t: DeployTarget): string {
  const matrix = { include: t.environments.map((e) => ({ env: e.name, ci_environment: e.ciEnvironment })) };
  return (
    [
      `deploy=${t.deploy}`,
      `stage=${t.stage ?? ''}`,
      `group=${t.group}`,
      `environments=${t.environments.map((e) => e.name).join(' ')}`,
      `matrix=${JSON.stringify(matrix)}`,
      `reason=${t.reason}`,
    ].join('\n') + '\n'
  );
}
