import * as fs from 'node:fs';
import { BRANCH_ANNOTATION } from '../core';
import { UsageError, parseCommandLine } from './args';
import { CommandIo, EXIT } from './commands';
import { CommandRunner, describeFailure, pinned, spawnRunner } from './run-plan';

/**
 * The annotation a branch environment's namespace carries: the branch it was deployed from (the
 * BRANCH_NAME its synthesis used). Only namespaces with it are swept; long-lived environments
 * never carry it.
 */
export { BRANCH_ANNOTATION };

/** The label every namespace this library renders carries. */
const MANAGED_BY = 'app.kubernetes.io/managed-by=oms-platform-constructs';

/** Time limits of the sweep's commands, in seconds. */
export const SWEEP_TIME_LIMITS = { gitLsRemote: 60, kubectlGet: 120 } as const;

/** At most this many environments are reported for teardown in one sweep, unless --max says otherwise. */
export const SWEEP_DEFAULT_MAX = 3;

export const SWEEP_USAGE = `usage: sweep-branches --context <name> --keep <branch> [options]

Finds branch environments whose branch no longer exists on the Git remote, and reports them. It
changes nothing: it lists the namespaces annotated ${BRANCH_ANNOTATION} (those a branch deployment
made), lists the remote's branches (git ls-remote --heads), and writes the ones to tear down.

  --context <name>     the kube context of the branch environments' cluster (required)
  --keep <branch>      a branch that must be on the remote, or the listing is not trusted (required,
                       repeatable; e.g. main)
  --remote <name>      the Git remote (default: origin)
  --max <n>            refuse when more than n environments would go: a wrong listing must not
                       tear everything down (default: ${SWEEP_DEFAULT_MAX})
  --orphans <file>     write "<namespace> <branch>" per environment to tear down, one a line
  --help               this text

Exit codes: 0 the report (with or without environments to tear down), 1 a listing failed or is
not trusted, or more than --max would go (nothing written to --orphans), 64 usage error.
`;

/** One branch environment found in the cluster. */
export interface BranchEnvironment {
  readonly namespace: string;
  readonly branch: string;
}

/** The branch names of `git ls-remote --heads` output. */
export function remoteBranches(lsRemote: string): Set<string> {
  const names = new Set<string>();
  for (const line of lsRemote.split('\n')) {
    const m = /^[0-9a-f]{40,64}\trefs\/heads\/(.+)$/.exec(line.trim());
    if (m) names.add(m[1]);
  }
  return names;
}

/** The annotated namespaces of a `kubectl get namespaces -o json` listing. */
export function branchEnvironments(listing: { items?: unknown }): BranchEnvironment[] {
  if (!Array.isArray(listing.items)) throw new Error('it has no items list');
  return (listing.items as { metadata?: { name?: string; annotations?: Record<string, string> } }[])
    .filter((n) => n.metadata?.name && n.metadata.annotations?.[BRANCH_ANNOTATION])
    .map((n) => ({ namespace: n.metadata!.name!, branch: n.metadata!.annotations![BRANCH_ANNOTATION] }))
    .sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
}

/**
 * `sweep-branches --context <name> --keep main [--orphans file]`: the branch environments whose
 * branch is gone from the remote. Never deletes; fails (and names none) when a listing fails, when
 * a --keep branch is missing from the remote (a wrong or empty listing), or when more than --max
 * would go.
 */
export function sweepCommand(argv: readonly string[], options: { run?: CommandRunner; io?: CommandIo; cwd?: string } = {}): number {
  const io = options.io ?? { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
  const run = options.run ?? spawnRunner;
  const cwd = options.cwd ?? process.cwd();
  const args = parseCommandLine(
    {
      name: 'sweep-branches',
      usage: SWEEP_USAGE,
      specs: [
        { name: '--context', value: 'name' },
        { name: '--keep', value: 'branch', repeatable: true },
        { name: '--remote', value: 'name' },
        { name: '--max', value: 'n' },
        { name: '--orphans', value: 'file' },
      ],
      maxPositionals: 0,
      check: (a) => {
        if (!a.values['--context']) throw new UsageError('--context <name> is required: the sweep is pinned to one cluster');
        if (!a.values['--keep']) throw new UsageError('--keep <branch> is required: a branch the remote must list (e.g. main)');
        const max = a.values['--max']?.[0];
        if (max !== undefined && !/^\d+$/.test(max)) throw new UsageError(`--max must be a whole number (received "${max}")`);
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const context = args.values['--context'][0];
  const remote = args.values['--remote']?.[0] ?? 'origin';
  const max = Number(args.values['--max']?.[0] ?? SWEEP_DEFAULT_MAX);
  const fail = (message: string) => {
    io.err(`sweep-branches: ${message}; nothing is torn down.\n`);
    return EXIT.failed;
  };

  const ls = ['git', 'ls-remote', '--heads', remote];
  const l = run(ls, { cwd, timeoutSeconds: SWEEP_TIME_LIMITS.gitLsRemote, capture: true });
  if (l.status !== 0) return fail(`${describeFailure(ls, l, SWEEP_TIME_LIMITS.gitLsRemote)}${l.stderr ? `: ${l.stderr.trim()}` : ''}`);
  const branches = remoteBranches(l.stdout ?? '');
  const missing = args.values['--keep'].filter((b) => !branches.has(b));
  if (missing.length > 0)
    return fail(
      `${ls.join(' ')} does not list ${missing.join(', ')} (it lists ${branches.size} branch(es)), so the listing is not trusted`,
    );

  const get = pinned(['kubectl', 'get', 'namespaces', '-l', MANAGED_BY, '-o', 'json'], context);
  const g = run(get, { cwd, timeoutSeconds: SWEEP_TIME_LIMITS.kubectlGet, capture: true });
  if (g.status !== 0) return fail(`${describeFailure(get, g, SWEEP_TIME_LIMITS.kubectlGet)}${g.stderr ? `: ${g.stderr.trim()}` : ''}`);
  let environments: BranchEnvironment[];
  try {
    environments = branchEnvironments(JSON.parse(g.stdout ?? '') as { items?: unknown });
  } catch (err) {
    return fail(`${get.join(' ')} printed no readable namespace list (${err instanceof Error ? err.message : String(err)})`);
  }

  const orphans = environments.filter((e) => !branches.has(e.branch));
  const lines = [`## branch environments on ${context} (${environments.length}; the remote ${remote} lists ${branches.size} branch(es))`];
  for (const e of environments)
    lines.push(
      `  ${e.namespace} (branch ${e.branch}): ${branches.has(e.branch) ? 'kept, the branch exists' : 'TEAR DOWN, the branch is gone'}`,
    );
  if (orphans.length > max) {
    io.out(`${lines.join('\n')}\n`);
    return fail(
      `${orphans.length} environments would be torn down, more than --max ${max}. Fix: check the listing; if it is right, rerun with --max ${orphans.length}`,
    );
  }
  lines.push(orphans.length === 0 ? 'Result: nothing to tear down.' : `Result: ${orphans.length} to tear down.`);
  io.out(`${lines.join('\n')}\n`);
  const file = args.values['--orphans']?.[0];
  if (file) fs.writeFileSync(file, orphans.map((o) => `${o.namespace} ${o.branch}\n`).join(''));
  return EXIT.ok;
}
