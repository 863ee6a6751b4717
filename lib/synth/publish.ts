import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toYamlDocuments } from '../core/yaml-emitter';
import { UsageError, parseArgs } from '../review/args';
import { branchApplicationSet } from './argocd-applicationset';

/** What of an environment's folder is published: what Argo CD and Flux read, nothing else (no Terraform, no plans). */
const PUBLISHED = ['kustomization.yaml', 'k8s', 'phases', 'argocd', 'flux'];

/** What `publish` does. */
export interface PublishInput {
  /** The synthesized output (`dist`), one folder per environment. */
  readonly dist: string;
  /** The Git repository to push to (a URL or a path). */
  readonly repo: string;
  /** The rendered-manifests branch. */
  readonly branch: string;
  /** The environments to publish (the others on the branch stay as they are). @default every environment in `dist` with Kubernetes output */
  readonly environments?: readonly string[];
  /** Environments to remove from the branch (a torn-down branch environment). @default none */
  readonly remove?: readonly string[];
  /** The commit message. */
  readonly message: string;
  /** The repository URL Argo CD reads (written into the ApplicationSet). @default `repo` */
  readonly repoUrl?: string;
}

/** The outcome. */
export interface PublishResult {
  /** The commit pushed, or undefined when the branch already held exactly this output. */
  readonly commit?: string;
  readonly environments: readonly string[];
}

const ENV_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function git(cwd: string, args: readonly string[], allowFailure = false): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    // A deterministic identity unless the caller's Git has one; never prompt for credentials.
    env: {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'oms-publish',
      GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'oms-publish@localhost',
      GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'oms-publish',
      GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'oms-publish@localhost',
    },
  });
  if (r.error) throw new Error(`git is not available (${(r.error as NodeJS.ErrnoException).code}). Fix: install git`);
  if (r.status !== 0 && !allowFailure) throw new Error(`git ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function copyTree(from: string, to: string): void {
  const stat = fs.statSync(from);
  if (stat.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const e of fs.readdirSync(from).sort()) copyTree(path.join(from, e), path.join(to, e));
  } else {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}

/** The environments of `dist` that have GitOps output. */
export function publishableEnvironments(dist: string): string[] {
  return fs
    .readdirSync(dist)
    .filter((e) => ENV_NAME.test(e) && fs.existsSync(path.join(dist, e, 'kustomization.yaml')))
    .sort();
}

/**
 * Commits the GitOps output of `dist` to a rendered-manifests branch and pushes it: one top-level
 * folder per environment (its kustomization, `k8s/`, `phases/`, `argocd/` and `flux/`), plus the
 * branch environments' ApplicationSet at `argocd/branch-environments.yaml`. The environments not
 * named stay as the branch has them, so each pipeline publishes its own; a push that lost a race
 * with another is retried on the new tip. Nothing is committed when the branch already holds
 * exactly this output.
 */
export function publish(input: PublishInput): PublishResult {
  const dist = fs.realpathSync(input.dist);
  const environments = [...(input.environments ?? publishableEnvironments(dist))].sort();
  for (const e of [...environments, ...(input.remove ?? [])])
    if (!ENV_NAME.test(e)) throw new UsageError(`"${e}" is not an environment name`);
  for (const e of environments)
    if (!fs.existsSync(path.join(dist, e, 'kustomization.yaml')))
      throw new UsageError(`${e}: ${path.join(input.dist, e)} has no GitOps output (kustomization.yaml). Fix: run npm run synth first`);
  if (environments.length === 0 && (input.remove ?? []).length === 0) throw new UsageError(`nothing to publish in ${input.dist}`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-publish-'));
  try {
    for (let attempt = 1; ; attempt++) {
      fs.rmSync(work, { recursive: true, force: true });
      fs.mkdirSync(work);
      git(work, ['init', '-q']);
      const fetched = git(work, ['fetch', '-q', '--depth', '1', input.repo, `refs/heads/${input.branch}`], true);
      const base = fetched.status === 0 ? git(work, ['rev-parse', 'FETCH_HEAD']).stdout.trim() : undefined;
      if (base) git(work, ['checkout', '-q', '-B', input.branch, base]);
      else git(work, ['checkout', '-q', '--orphan', input.branch]);
      for (const e of [...environments, ...(input.remove ?? [])]) fs.rmSync(path.join(work, e), { recursive: true, force: true });
      for (const e of environments)
        for (const entry of PUBLISHED) {
          const from = path.join(dist, e, entry);
          if (fs.existsSync(from)) copyTree(from, path.join(work, e, entry));
        }
      const appSet = branchApplicationSet({ repoURL: input.repoUrl ?? input.repo, revision: input.branch });
      fs.mkdirSync(path.join(work, 'argocd'), { recursive: true });
      fs.writeFileSync(path.join(work, 'argocd', 'branch-environments.yaml'), toYamlDocuments([appSet]));
      git(work, ['add', '-A']);
      if (base && git(work, ['diff', '--cached', '--quiet'], true).status === 0) return { environments };
      git(work, ['commit', '-q', '-m', input.message]);
      const commit = git(work, ['rev-parse', 'HEAD']).stdout.trim();
      const pushed = git(work, ['push', '-q', input.repo, `HEAD:refs/heads/${input.branch}`], true);
      if (pushed.status === 0) return { commit, environments };
      if (attempt >= 3) throw new Error(`git push to ${input.branch} failed ${attempt} times: ${pushed.stderr.trim()}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const USAGE = `usage: publish --repo <url-or-path> [--branch <name>] [--dist <dir>] [--env <env>]... [--remove <env>]... [--message <text>] [--repo-url <url>]

Commits the GitOps output of dist/ (each environment's kustomization.yaml, k8s/, phases/, argocd/ and
flux/) to a rendered-manifests branch and pushes it, with the branch environments' ApplicationSet at
argocd/branch-environments.yaml. Environments not named stay as the branch has them.
  --repo <url-or-path>  the Git repository to push to (required)
  --branch <name>       the rendered-manifests branch (default: rendered)
  --dist <dir>          the synthesized output (default: dist)
  --env <env>           publish only this environment (repeatable; default: every one in --dist)
  --remove <env>        remove this environment's folder (repeatable; e.g. a torn-down branch)
  --message <text>      the commit message (default: "Publish <envs>")
  --repo-url <url>      the URL Argo CD reads the repository from (default: --repo)
Exit codes: 0 published (or nothing changed), 1 failed, 64 usage error.
`;

/** `publish ...`: the command line. Returns the exit code. */
export function publishCommand(argv: readonly string[], io: { out: (t: string) => void; err: (t: string) => void }): number {
  try {
    const args = parseArgs(
      argv,
      [
        { name: '--repo', value: 'url-or-path' },
        { name: '--branch', value: 'name' },
        { name: '--dist', value: 'dir' },
        { name: '--env', value: 'env', repeatable: true },
        { name: '--remove', value: 'env', repeatable: true },
        { name: '--message', value: 'text' },
        { name: '--repo-url', value: 'url' },
      ],
      0,
    );
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const repo = args.values['--repo']?.[0];
    if (!repo) throw new UsageError('--repo is required: --repo <url-or-path>');
    const dist = args.values['--dist']?.[0] ?? 'dist';
    if (!fs.existsSync(dist)) throw new UsageError(`${dist} does not exist. Fix: run npm run synth first`);
    const environments = args.values['--env'];
    const remove = args.values['--remove'];
    const named = [...(environments ?? publishableEnvironments(dist)), ...(remove ?? []).map((e) => `-${e}`)];
    const result = publish({
      dist,
      repo,
      branch: args.values['--branch']?.[0] ?? 'rendered',
      environments,
      remove,
      message: args.values['--message']?.[0] ?? `Publish ${named.join(' ')}`,
      repoUrl: args.values['--repo-url']?.[0],
    });
    io.out(
      result.commit
        ? `published ${result.environments.join(', ')} as ${result.commit}\n`
        : 'nothing changed: the branch holds this output already\n',
    );
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`publish: ${err.message}\n\n${USAGE}`);
      return 64;
    }
    io.err(`publish: ${(err as Error).message}\n`);
    return 1;
  }
}
