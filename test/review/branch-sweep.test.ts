import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SWEEP_USAGE, sweepCommand } from '../../lib/review/branch-sweep';
import { branchEnvironmentName } from '../../lib/core';
import { CommandRunner, RunOptions, RunResult } from '../../lib/review/run-plan';
import { capture } from './fixtures';

const sha = (n: number) => String(n).repeat(40).slice(0, 40);
const LS_REMOTE = [`${sha(1)}\trefs/heads/main`, `${sha(2)}\trefs/heads/feature/live`, ''].join('\n');

const namespace = (name: string, branch?: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name,
    labels: { 'app.kubernetes.io/managed-by': 'oms-platform-constructs' },
    ...(branch ? { annotations: { 'oms.platform/branch': branch } } : {}),
  },
});
const LIVE = branchEnvironmentName('feature/live');
const MERGED = branchEnvironmentName('fix/merged');
const OLD = branchEnvironmentName('old');
/** A recorded-style `kubectl get namespaces -o json`: long-lived ones (one annotated by hand), one live branch, two gone. */
const NAMESPACES = JSON.stringify({
  apiVersion: 'v1',
  kind: 'List',
  items: [
    namespace('uat-eks'),
    namespace('staging', 'release/1.0'),
    namespace('br-copied-12345678', 'copied'),
    namespace(LIVE, 'feature/live'),
    namespace(MERGED, 'fix/merged'),
    namespace(OLD, 'old'),
  ],
});

function fake(answers: Record<string, RunResult> = {}) {
  const calls: { argv: string; options: RunOptions }[] = [];
  const all: Record<string, RunResult> = {
    'git ls-remote': { status: 0, stdout: LS_REMOTE, stderr: '' },
    'get namespaces': { status: 0, stdout: NAMESPACES, stderr: '' },
    ...answers,
  };
  const run: CommandRunner = (argv, options) => {
    calls.push({ argv: argv.join(' '), options });
    const key = Object.keys(all).find((k) => argv.join(' ').includes(k));
    return key ? all[key] : { status: 127, error: 'ENOENT' };
  };
  return { run, calls };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'oms-sweep-'));
const at = (iso: string) => () => new Date(iso);
const sweep = (dir: string, now: string, answers: Record<string, RunResult> = {}, extra: string[] = []) => {
  const c = capture();
  const f = fake(answers);
  const code = sweepCommand(
    ['--context', 'dev', '--keep', 'main', '--state', path.join(dir, 'state.json'), '--orphans', path.join(dir, 'orphans.txt'), ...extra],
    { run: f.run, io: c.io, cwd: dir, now: at(now) },
  );
  return {
    code,
    out: c.out.join(''),
    err: c.err.join(''),
    calls: f.calls,
    orphans: () => fs.readFileSync(path.join(dir, 'orphans.txt'), 'utf8'),
  };
};

test('one listing tears nothing down; a second sweep 12 hours later that still misses the branches reports them', () => {
  const dir = tmp();
  const first = sweep(dir, '2026-12-01T00:00:00Z');
  expect(first.code).toBe(0);
  expect(first.calls.map((x) => [x.argv, x.options.timeoutSeconds])).toEqual([
    ['git ls-remote --heads origin', 60],
    ['kubectl --context=dev get namespaces -l app.kubernetes.io/managed-by=oms-platform-constructs -o json', 120],
  ]);
  expect(first.out).toBe(
    [
      '## branch environments on dev (3; the remote origin lists 2 branch(es))',
      '  br-copied-12345678 (annotated branch copied): ignored, not the environment of branch copied (that is ' +
        branchEnvironmentName('copied') +
        ')',
      `  ${LIVE} (branch feature/live): kept, the branch exists`,
      `  ${MERGED} (branch fix/merged): kept for now, the branch is missing since 2026-12-01T00:00:00.000Z; torn down when a sweep at least 12h later still misses it`,
      `  ${OLD} (branch old): kept for now, the branch is missing since 2026-12-01T00:00:00.000Z; torn down when a sweep at least 12h later still misses it`,
      '  staging (annotated branch release/1.0): ignored, not a branch environment (its name does not start with br-)',
      'Result: nothing to tear down.',
      '',
    ].join('\n'),
  );
  expect(first.orphans()).toBe('');

  expect(sweep(dir, '2026-12-01T06:00:00Z').orphans()).toBe('');
  const second = sweep(dir, '2026-12-01T12:00:00Z');
  expect(second.out).toContain(`  ${MERGED} (branch fix/merged): TEAR DOWN, the branch is gone (missing since 2026-12-01T00:00:00.000Z)\n`);
  expect(second.out).toContain('Result: 2 to tear down.\n');
  expect(second.orphans()).toBe(`${MERGED} fix/merged\n${OLD} old\n`);
});

test('a lagging listing that misses a live branch once does not count when the next sweep sees it again', () => {
  const dir = tmp();
  const lagging = { 'git ls-remote': { status: 0, stdout: `${sha(1)}\trefs/heads/main\n`, stderr: '' } };
  expect(sweep(dir, '2026-12-01T00:00:00Z', lagging).orphans()).toBe('');
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).missing[LIVE]).toEqual({
    branch: 'feature/live',
    since: '2026-12-01T00:00:00.000Z',
  });
  sweep(dir, '2026-12-01T13:00:00Z'); // the branch is listed again: forgotten
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).missing[LIVE]).toBeUndefined();
  const later = sweep(dir, '2026-12-02T02:00:00Z', lagging);
  expect(later.orphans()).toBe(`${MERGED} fix/merged\n${OLD} old\n`);
  expect(later.out).toContain(`  ${LIVE} (branch feature/live): kept for now, the branch is missing since 2026-12-02T02:00:00.000Z`);
});

test.each<[string, Record<string, RunResult>, string[], string | RegExp]>([
  [
    'the remote cannot be listed',
    { 'git ls-remote': { status: 128, stdout: '', stderr: "fatal: 'origin' does not appear to be a git repository" } },
    [],
    "sweep-branches: git failed with exit code 128: fatal: 'origin' does not appear to be a git repository; nothing is torn down.\n",
  ],
  [
    'the remote lists nothing (every environment would look orphaned)',
    { 'git ls-remote': { status: 0, stdout: '', stderr: '' } },
    [],
    'sweep-branches: git ls-remote --heads origin does not list main (it lists 0 branch(es)), so the listing is not trusted; nothing is torn down.\n',
  ],
  [
    'the remote listing has a line of another shape',
    {
      'git ls-remote': {
        status: 0,
        stdout: `${sha(1)}\trefs/heads/main\nwarning: redirecting to https://example.com/r.git/\n`,
        stderr: '',
      },
    },
    [],
    'sweep-branches: line 2 of git ls-remote --heads is not "<commit id>\\trefs/heads/<branch>" (received "warning: redirecting to https://example.com/r.git/"). Fix: check the remote and the git version the runner uses; nothing is torn down.\n',
  ],
  [
    'the namespaces cannot be listed in time',
    { 'get namespaces': { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT' } },
    [],
    'sweep-branches: kubectl did not finish within its time limit of 120s and was stopped; nothing is torn down.\n',
  ],
  [
    'the namespace listing has an item without a name',
    { 'get namespaces': { status: 0, stdout: JSON.stringify({ items: [{ metadata: {} }] }), stderr: '' } },
    [],
    'sweep-branches: item 0 of the namespace listing has no name. Fix: check the context points at the cluster; nothing is torn down.\n',
  ],
  [
    'the namespace listing has no items',
    { 'get namespaces': { status: 0, stdout: '{"kind":"Status"}', stderr: '' } },
    [],
    'sweep-branches: the namespace listing has no items list. Fix: check the context points at the cluster (kubectl get namespaces -o json); nothing is torn down.\n',
  ],
  [
    'more environments would go than --max',
    {},
    ['--max', '1'],
    'sweep-branches: 2 environments would be torn down, more than --max 1. Fix: check the listing; if it is right, rerun with --max 2; nothing is torn down.\n',
  ],
])('%s: exit 1, and neither the orphans file nor the state changes', (_name, answers, extra, message) => {
  const dir = tmp();
  expect(sweep(dir, '2026-12-01T00:00:00Z').code).toBe(0);
  const state = fs.readFileSync(path.join(dir, 'state.json'), 'utf8');
  fs.rmSync(path.join(dir, 'orphans.txt'));
  const run = sweep(dir, '2026-12-02T00:00:00Z', answers, extra);
  expect([run.code, run.err]).toEqual([1, message]);
  expect(fs.existsSync(path.join(dir, 'orphans.txt'))).toBe(false);
  expect(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).toBe(state);
});

test.each([
  [
    'not JSON',
    '{',
    /^sweep-branches: the state file .*state\.json is not readable JSON \(.*\)\. Fix: restore it from the previous sweep, or delete it to start afresh/,
  ],
  ['of another shape', '[]', /the state file .*state\.json is not a sweep state \(\{ "version": 1, "missing": \{ \.\.\. \} \}\)\. Fix:/],
  [
    'with a bad time',
    JSON.stringify({ version: 1, missing: { 'br-x-1': { branch: 'x', since: 'yesterday' } } }),
    /the state file .*state\.json has an entry for br-x-1 without a branch and an ISO time "since"\. Fix:/,
  ],
])('a state file %s fails (exit 1) before any listing, and is left as it is', (_name, content, message) => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'state.json'), content);
  const run = sweep(dir, '2026-12-01T00:00:00Z');
  expect(run.code).toBe(1);
  expect(run.err).toMatch(message);
  expect(run.calls).toEqual([]);
  expect(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).toBe(content);
});

test.each([
  [['--keep', 'main', '--state', 's'], 'sweep-branches: --context <name> is required: the sweep is pinned to one cluster'],
  [['--context', 'dev', '--state', 's'], 'sweep-branches: --keep <branch> is required: a branch the remote must list (e.g. main)'],
  [
    ['--context', 'dev', '--keep', 'main'],
    'sweep-branches: --state <file> is required: an environment goes only when two sweeps missed its branch, and the file remembers the first',
  ],
  [['--context', 'dev', '--keep', 'main', '--state', 's', '--max', 'all'], 'sweep-branches: --max must be a whole number (received "all")'],
  [
    ['--context', 'dev', '--keep', 'main', '--state', 's', '--min-age', '1d'],
    'sweep-branches: --min-age must be a number of hours (received "1d")',
  ],
  [['--context', 'dev', '--keep', 'main', '--state', 's', '--delete'], 'sweep-branches: unknown option --delete'],
  [['--context', 'dev', '--keep', 'main', '--state', 's', 'now'], 'sweep-branches: unexpected argument "now"'],
])('%j is a usage error (exit 64) and runs nothing', (argv, message) => {
  const { run, calls } = fake();
  const c = capture();
  expect(sweepCommand(argv, { run, io: c.io, cwd: tmp() })).toBe(64);
  expect(c.err.join('')).toBe(`${message}\n\n${SWEEP_USAGE}`);
  expect(calls).toEqual([]);
});
