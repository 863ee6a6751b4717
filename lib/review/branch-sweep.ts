import * as fs from 'node:fs';
import { BRANCH_ANNOTATION, branchEnvironmentName, gitBranchNameViolation } from '../core';
import { KUBE_CONTEXT_OPTION, UsageError, parseCommandLine } from './args';
import { CommandIo, EXIT, stdio } from './commands';
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

/** How long a branch must have been missing, seen by two sweeps at least this far apart, unless --min-age says otherwise. */
export const SWEEP_DEFAULT_MIN_AGE_HOURS = 12;

export const SWEEP_USAGE = `usage: sweep-branches --context <name> --keep <branch> --state <file> [options]

Finds branch environments whose branch no longer exists on the Git remote, and reports them. It
changes nothing in the cluster: it lists the namespaces annotated ${BRANCH_ANNOTATION} (those a
branch deployment made), lists the remote's branches (git ls-remote --heads), and writes the ones
to tear down. Only branch environments are considered: a namespace named br-... whose name is the
one its annotated branch gives (a long-lived namespace annotated by hand is ignored). One listing is
never enough: an environment is torn down only when its branch was missing from two sweeps at
least --min-age apart (the state file remembers when each was first missed).

  --context <name>     the kube context of the branch environments' cluster (required)
  --keep <branch>      a branch that must be on the remote, or the listing is not trusted (required,
                       repeatable; e.g. main)
  --state <file>       where the sweep remembers which branches it found missing, and since when
                       (required; kept between sweeps; a missing file starts afresh)
  --remote <name>      the Git remote (default: origin)
  --min-age <hours>    how long a branch must have been missing (default: ${SWEEP_DEFAULT_MIN_AGE_HOURS})
  --max <n>            refuse when more than n environments would go: a wrong listing must not
                       tear everything down (default: ${SWEEP_DEFAULT_MAX})
  --orphans <file>     write "<namespace> <branch>" per environment to tear down, one a line
  --help               this text

Exit codes: 0 the report (with or without environments to tear down), 1 a listing or the state file
is unreadable or not trusted, or more than --max would go (nothing written), 64 usage error.
`;

/** One branch environment found in the cluster. */
export interface BranchEnvironment {
  readonly namespace: string;
  readonly branch: string;
}

/** A listing the sweep cannot trust: it names what is wrong and the fix; nothing is torn down. */
class SweepInputError extends Error {}

/** The branch names of `git ls-remote --heads` output; a line of another shape fails, naming it. */
export function remoteBranches(lsRemote: string): Set<string> {
  const names = new Set<string>();
  lsRemote.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^[0-9a-f]{40}(?:[0-9a-f]{24})?\trefs\/heads\/(.+)$/.exec(line);
    if (!m || gitBranchNameViolation(m[1]) !== undefined)
      throw new SweepInputError(
        `line ${i + 1} of git ls-remote --heads is not "<commit id>\\trefs/heads/<branch>" (received ${JSON.stringify(line.slice(0, 120))}). Fix: check the remote and the git version the runner uses`,
      );
    names.add(m[1]);
  });
  return names;
}

/** What a namespace of the listing is to the sweep. */
export interface ListedNamespace {
  readonly namespace: string;
  readonly branch: string;
  /** Why it is not a branch environment the sweep may tear down, if it is not. */
  readonly ignored?: string;
}

/**
 * The annotated namespaces of a `kubectl get namespaces -o json` listing. Only a namespace named
 * `br-...` whose name is the environment name its annotated branch gives is a branch environment;
 * any other annotated namespace (a long-lived one annotated by hand) is listed as ignored.
 */
export function annotatedNamespaces(listing: { items?: unknown }): ListedNamespace[] {
  if (listing === null || typeof listing !== 'object' || !Array.isArray(listing.items))
    throw new SweepInputError(
      'the namespace listing has no items list. Fix: check the context points at the cluster (kubectl get namespaces -o json)',
    );
  const found: ListedNamespace[] = [];
  (listing.items as unknown[]).forEach((item, i) => {
    const metadata = (item as { metadata?: { name?: unknown; annotations?: Record<string, unknown> } } | null)?.metadata;
    if (typeof metadata?.name !== 'string')
      throw new SweepInputError(`item ${i} of the namespace listing has no name. Fix: check the context points at the cluster`);
    const branch = metadata.annotations?.[BRANCH_ANNOTATION];
    if (branch === undefined) return;
    const namespace = metadata.name;
    if (typeof branch !== 'string' || gitBranchNameViolation(branch) !== undefined) {
      found.push({ namespace, branch: String(branch), ignored: `its ${BRANCH_ANNOTATION} annotation is no branch name` });
      return;
    }
    let expected: string | undefined;
    try {
      expected = branchEnvironmentName(branch);
    } catch {
      expected = undefined;
    }
    if (!namespace.startsWith('br-'))
      found.push({ namespace, branch, ignored: 'not a branch environment (its name does not start with br-)' });
    else if (namespace !== expected)
      found.push({ namespace, branch, ignored: `not the environment of branch ${branch} (that is ${expected ?? 'none'})` });
    else found.push({ namespace, branch });
  });
  return found.sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
}

/** The branch environments of a listing (ignored namespaces left out). */
export function branchEnvironments(listing: { items?: unknown }): BranchEnvironment[] {
  return annotatedNamespaces(listing)
    .filter((n) => n.ignored === undefined)
    .map(({ namespace, branch }) => ({ namespace, branch }));
}

/** What the state file holds: per environment whose branch was missing, the branch and when it was first missed. */
export interface SweepState {
  readonly version: 1;
  readonly missing: Readonly<Record<string, { readonly branch: string; readonly since: string }>>;
}

/** Reads the state file (absent: empty); an unreadable one fails, naming the file and the fix. */
export function readSweepState(file: string): SweepState {
  if (!fs.existsSync(file)) return { version: 1, missing: {} };
  const bad = (why: string) =>
    new SweepInputError(
      `the state file ${file} ${why}. Fix: restore it from the previous sweep, or delete it to start afresh (environments are then torn down one sweep later)`,
    );
  let state: any;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw bad(`is not readable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (state === null || typeof state !== 'object' || state.version !== 1 || state.missing === null || typeof state.missing !== 'object')
    throw bad('is not a sweep state ({ "version": 1, "missing": { ... } })');
  for (const [ns, entry] of Object.entries(state.missing as Record<string, any>))
    if (typeof entry?.branch !== 'string' || typeof entry?.since !== 'string' || Number.isNaN(Date.parse(entry.since)))
      throw bad(`has an entry for ${ns} without a branch and an ISO time "since"`);
  return state as SweepState;
}

/**
 * \`sweep-branches --context <name> --keep main --state <file> [--orphans file]\`: the branch
 * environments whose branch is gone from the remote, missed by two sweeps at least --min-age apart.
 * Never deletes; fails (and names none) when a listing fails or is malformed, when a --keep branch
 * is missing from the remote (a wrong or empty listing), or when more than --max would go.
 */
export function sweepCommand(
  argv: readonly string[],
  options: { run?: CommandRunner; io?: CommandIo; cwd?: string; now?: () => Date } = {},
): number {
  const io = options.io ?? stdio;
  const run = options.run ?? spawnRunner;
  const cwd = options.cwd ?? process.cwd();
  const now = (options.now ?? (() => new Date()))();
  const args = parseCommandLine(
    {
      name: 'sweep-branches',
      usage: SWEEP_USAGE,
      specs: [
        KUBE_CONTEXT_OPTION,
        { name: '--keep', value: 'branch', repeatable: true },
        { name: '--state', value: 'file' },
        { name: '--remote', value: 'name' },
        { name: '--min-age', value: 'hours' },
        { name: '--max', value: 'n' },
        { name: '--orphans', value: 'file' },
      ],
      maxPositionals: 0,
      check: (a) => {
        if (!a.values['--context']) throw new UsageError('--context <name> is required: the sweep is pinned to one cluster');
        if (!a.values['--keep']) throw new UsageError('--keep <branch> is required: a branch the remote must list (e.g. main)');
        if (!a.values['--state'])
          throw new UsageError(
            '--state <file> is required: an environment goes only when two sweeps missed its branch, and the file remembers the first',
          );
        const max = a.values['--max']?.[0];
        if (max !== undefined && !/^\d+$/.test(max)) throw new UsageError(`--max must be a whole number (received "${max}")`);
        const age = a.values['--min-age']?.[0];
        if (age !== undefined && !/^\d+(\.\d+)?$/.test(age))
          throw new UsageError(`--min-age must be a number of hours (received "${age}")`);
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const context = args.values['--context'][0];
  const remote = args.values['--remote']?.[0] ?? 'origin';
  const max = Number(args.values['--max']?.[0] ?? SWEEP_DEFAULT_MAX);
  const minAgeHours = Number(args.values['--min-age']?.[0] ?? SWEEP_DEFAULT_MIN_AGE_HOURS);
  const stateFile = args.values['--state'][0];
  const fail = (message: string) => {
    io.err(`sweep-branches: ${message}; nothing is torn down.\n`);
    return EXIT.failed;
  };

  let previous: SweepState;
  let branches: Set<string>;
  let listed: ListedNamespace[];
  try {
    previous = readSweepState(stateFile);
    const ls = ['git', 'ls-remote', '--heads', remote];
    const l = run(ls, { cwd, timeoutSeconds: SWEEP_TIME_LIMITS.gitLsRemote, capture: true });
    if (l.status !== 0) return fail(`${describeFailure(ls, l, SWEEP_TIME_LIMITS.gitLsRemote)}${l.stderr ? `: ${l.stderr.trim()}` : ''}`);
    branches = remoteBranches(l.stdout ?? '');
    const missing = args.values['--keep'].filter((b) => !branches.has(b));
    if (missing.length > 0)
      return fail(
        `${ls.join(' ')} does not list ${missing.join(', ')} (it lists ${branches.size} branch(es)), so the listing is not trusted`,
      );

    const get = pinned(['kubectl', 'get', 'namespaces', '-l', MANAGED_BY, '-o', 'json'], context);
    const g = run(get, { cwd, timeoutSeconds: SWEEP_TIME_LIMITS.kubectlGet, capture: true });
    if (g.status !== 0) return fail(`${describeFailure(get, g, SWEEP_TIME_LIMITS.kubectlGet)}${g.stderr ? `: ${g.stderr.trim()}` : ''}`);
    let parsed: { items?: unknown };
    try {
      parsed = JSON.parse(g.stdout ?? '') as { items?: unknown };
    } catch (err) {
      return fail(`${get.join(' ')} printed no readable namespace list (${err instanceof Error ? err.message : String(err)})`);
    }
    listed = annotatedNamespaces(parsed);
  } catch (err) {
    if (err instanceof SweepInputError) return fail(err.message);
    throw err;
  }

  const environments = listed.filter((e) => e.ignored === undefined);
  const gone = environments.filter((e) => !branches.has(e.branch));
  const state: SweepState = {
    version: 1,
    missing: Object.fromEntries(
      gone.map((e) => {
        const before = previous.missing[e.namespace];
        return [e.namespace, { branch: e.branch, since: before?.branch === e.branch ? before.since : now.toISOString() }];
      }),
    ),
  };
  const ageHours = (e: ListedNamespace) => (now.getTime() - Date.parse(state.missing[e.namespace].since)) / 3_600_000;
  const due = gone.filter((e) => previous.missing[e.namespace]?.branch === e.branch && ageHours(e) >= minAgeHours);

  const lines = [`## branch environments on ${context} (${environments.length}; the remote ${remote} lists ${branches.size} branch(es))`];
  for (const e of listed) {
    if (e.ignored) lines.push(`  ${e.namespace} (annotated branch ${e.branch}): ignored, ${e.ignored}`);
    else if (branches.has(e.branch)) lines.push(`  ${e.namespace} (branch ${e.branch}): kept, the branch exists`);
    else if (due.includes(e))
      lines.push(
        `  ${e.namespace} (branch ${e.branch}): TEAR DOWN, the branch is gone (missing since ${state.missing[e.namespace].since})`,
      );
    else
      lines.push(
        `  ${e.namespace} (branch ${e.branch}): kept for now, the branch is missing since ${state.missing[e.namespace].since}; torn down when a sweep at least ${minAgeHours}h later still misses it`,
      );
  }
  if (due.length > max) {
    io.out(`${lines.join('\n')}\n`);
    return fail(
      `${due.length} environments would be torn down, more than --max ${max}. Fix: check the listing; if it is right, rerun with --max ${due.length}`,
    );
  }
  lines.push(due.length === 0 ? 'Result: nothing to tear down.' : `Result: ${due.length} to tear down.`);
  io.out(`${lines.join('\n')}\n`);
  fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  const file = args.values['--orphans']?.[0];
  if (file) fs.writeFileSync(file, due.map((o) => `${o.namespace} ${o.branch}\n`).join(''));
  return EXIT.ok;
}
