import * as fs from 'node:fs';
import * as path from 'node:path';
import { STAGES, Stage, isCandidateTag, isReleaseTag } from '../core';
import { looksLikeReleaseTag } from '../core/release';

/** What CI is building: a tag or a branch. */
export interface BuildRef {
  readonly tag?: string;
  readonly branch?: string;
}

/**
 * One synthesized app as CI sees it, read from its `dist/<env>/apply-plan.json`: the apps themselves
 * say which stage they run as, so adding an app needs no edit to a pipeline.
 */
export interface AppTarget {
  /** The environment (the folder of `dist/`). */
  readonly name: string;
  readonly stage: Stage;
  /** Whether the app has Kubernetes output (`k8s/`): only then does a job need a kube context. */
  readonly kubernetes: boolean;
  /** Whether the app has Terraform (`aws/`). */
  readonly terraform: boolean;
}

/** The role an app plays for CI, derived from its stage and its name. */
export type AppKind = 'branch' | 'test' | 'long-lived';

/** The prefix `branchEnvironmentName()` gives every branch environment. */
export const BRANCH_ENVIRONMENT_PREFIX = 'br-';

/**
 * A branch-stage app named by `branchEnvironmentName()` (`br-...`) is a branch app, deployed by
 * every branch push and torn down with its branch; another branch-stage app is a disposable test
 * environment that a job uses on purpose (the upgrade test's `test-full`); every other stage is a
 * long-lived environment, deployed by its ref and checked for drift.
 */
export function appKind(app: AppTarget): AppKind {
  if (app.stage !== 'branch') return 'long-lived';
  return app.name.startsWith(BRANCH_ENVIRONMENT_PREFIX) ? 'branch' : 'test';
}

/** One environment a pipeline job handles, and the CI environment (approvals, roles, cluster) it uses. */
export interface DeployEnvironment {
  readonly name: string;
  readonly ciEnvironment: string;
  readonly stage: Stage;
  readonly kubernetes: boolean;
  readonly terraform: boolean;
  /** The lock: one deployment or teardown of this environment at a time (GitHub concurrency group, Jenkins lock). */
  readonly group: string;
}

/** What a pipeline deploys for a ref, and why. */
export interface DeployTarget {
  readonly deploy: boolean;
  readonly stage?: Stage;
  readonly environments: DeployEnvironment[];
  readonly reason: string;
}

/** The lock of an environment, the same for its plan, apply and teardown in both pipelines. */
export const environmentLock = (env: string) => `deploy-${env}`;

/** A ref CI cannot deploy because its tag looks like a release but does not parse. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/** Reads every `dist/<env>/apply-plan.json`, in name order. */
export function readAppTargets(dist: string): AppTarget[] {
  if (!fs.existsSync(dist)) {
    throw new TargetError(
      `target: ${dist} not found, so no app can be targeted. Fix: run \`npm run synth\` first (CI: download the dist artifact)`,
    );
  }
  const apps: AppTarget[] = [];
  for (const name of fs.readdirSync(dist).sort()) {
    const planFile = path.join(dist, name, 'apply-plan.json');
    if (!fs.existsSync(planFile)) continue;
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as { environment?: string; stage?: string };
    if (!STAGES.includes(plan.stage as Stage)) {
      throw new TargetError(
        `target: ${planFile} has no stage (received ${JSON.stringify(plan.stage)}), so CI cannot tell where it deploys. Fix: give the app's environment or AWS stack a stage (${STAGES.join(', ')})`,
      );
    }
    apps.push({
      name,
      stage: plan.stage as Stage,
      kubernetes: fs.existsSync(path.join(dist, name, 'k8s')),
      terraform: fs.existsSync(path.join(dist, name, 'aws')),
    });
  }
  if (apps.length === 0)
    throw new TargetError(`target: ${dist} holds no synthesized app (no */apply-plan.json). Fix: run \`npm run synth\` first`);
  return apps;
}

const toEnvironment = (app: AppTarget): DeployEnvironment => ({
  name: app.name,
  ciEnvironment: appKind(app) === 'long-lived' ? app.name : 'development',
  stage: app.stage,
  kubernetes: app.kubernetes,
  terraform: app.terraform,
  group: environmentLock(app.name),
});

function target(stage: Stage, apps: readonly AppTarget[], kind: AppKind, reason: string): DeployTarget {
  const chosen = apps.filter((a) => a.stage === stage && appKind(a) === kind);
  if (chosen.length === 0) {
    return { deploy: false, stage, environments: [], reason: `${reason}: no ${kind} app of stage ${stage} in dist/, nothing is deployed` };
  }
  return { deploy: true, stage, environments: chosen.map(toEnvironment), reason };
}

/**
 * What a ref deploys, from the apps: a release-candidate tag every staging app, a release tag every
 * production app, the main branch every UAT app, any other branch every branch app (synthesized for
 * that branch). Any other tag deploys nothing; a tag that looks like a release but does not parse is
 * an error, so a mistyped release tag never passes silently.
 */
export function deployTarget(ref: BuildRef, apps: readonly AppTarget[], mainBranch = 'main'): DeployTarget {
  if (ref.tag !== undefined) {
    if (isCandidateTag(ref.tag)) return target('staging', apps, 'long-lived', `release candidate ${ref.tag}`);
    if (isReleaseTag(ref.tag)) return target('prod', apps, 'long-lived', `release ${ref.tag}`);
    if (looksLikeReleaseTag(ref.tag)) {
      throw new TargetError(
        `target: tag ${ref.tag} looks like a release but is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N); nothing is deployed. Fix: delete the tag and push it as e.g. 10.0.2501.0-rc.1 or 10.0.2501.0`,
      );
    }
    return {
      deploy: false,
      environments: [],
      reason: `tag ${ref.tag} is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N): nothing is deployed`,
    };
  }
  const branch = ref.branch;
  if (branch === undefined || branch.length === 0) {
    return { deploy: false, environments: [], reason: 'neither a tag nor a branch is being built: nothing is deployed' };
  }
  if (branch === mainBranch) return target('uat', apps, 'long-lived', `branch ${branch}`);
  return target('branch', apps, 'branch', `branch ${branch}`);
}

/** Every long-lived environment, for the drift check. */
export function driftTarget(apps: readonly AppTarget[]): DeployTarget {
  const envs = apps.filter((a) => appKind(a) === 'long-lived').map(toEnvironment);
  return { deploy: envs.length > 0, environments: envs, reason: 'every long-lived environment' };
}

/**
 * The environments a pull request is planned against: every long-lived environment outside
 * production. Pull-request code never gets a production role, not even a read-only one: it could read
 * production's state; production's plan is made on the release tag, by a trusted ref.
 */
export function pullRequestPlanTarget(apps: readonly AppTarget[]): DeployTarget {
  const envs = apps.filter((a) => appKind(a) === 'long-lived' && a.stage !== 'prod' && a.terraform).map(toEnvironment);
  return { deploy: envs.length > 0, environments: envs, reason: 'every long-lived environment with Terraform, production excepted' };
}

/** Every branch app's environment of the branch dist/ was synthesized for, for its teardown. */
export function teardownTarget(apps: readonly AppTarget[], branch: string): DeployTarget {
  const envs = apps.filter((a) => appKind(a) === 'branch').map(toEnvironment);
  return { deploy: envs.length > 0, stage: 'branch', environments: envs, reason: `the environments of branch ${branch}` };
}

/** The ref being built, from GitHub Actions (`GITHUB_REF_TYPE`, `GITHUB_REF_NAME`) or Jenkins (`TAG_NAME`, `BRANCH_NAME`). */
export function buildRefFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): BuildRef {
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME) return { tag: env.GITHUB_REF_NAME };
  if (env.TAG_NAME) return { tag: env.TAG_NAME };
  if (env.GITHUB_REF_TYPE === 'branch' && env.GITHUB_REF_NAME) return { branch: env.GITHUB_REF_NAME };
  return { branch: env.BRANCH_NAME ?? env.GITHUB_REF_NAME };
}

/**
 * The target as `key=value` lines (the format of `$GITHUB_OUTPUT`, and Jenkins' `readProperties`):
 * `environments` space-separated, `matrix` a GitHub strategy matrix, and `kube_environments` the
 * environments that need a kube context; then any `extra` keys.
 */
export function formatTarget(t: DeployTarget, extra: Readonly<Record<string, string>> = {}): string {
  const matrix = {
    include: t.environments.map((e) => ({
      env: e.name,
      ci_environment: e.ciEnvironment,
      stage: e.stage,
      kubernetes: e.kubernetes,
      terraform: e.terraform,
      group: e.group,
    })),
  };
  return (
    [
      `deploy=${t.deploy}`,
      `stage=${t.stage ?? ''}`,
      `environments=${t.environments.map((e) => e.name).join(' ')}`,
      `kube_environments=${t.environments
        .filter((e) => e.kubernetes)
        .map((e) => e.name)
        .join(' ')}`,
      `matrix=${JSON.stringify(matrix)}`,
      `reason=${t.reason}`,
      ...Object.entries(extra).map(([k, v]) => `${k}=${v}`),
    ].join('\n') + '\n'
  );
}
