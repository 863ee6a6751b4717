import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SWEEP_USAGE, sweepCommand } from '../../lib/review/branch-sweep';
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
/** A recorded-style `kubectl get namespaces -o json`: two long-lived, one live branch, two gone. */
const NAMESPACES = JSON.stringify({
  apiVersion: 'v1',
  kind: 'List',
  items: [
    namespace('uat-eks'),
    namespace('br-feature-live-1a2b3c4d', 'feature/live'),
    namespace('br-fix-merged-5e6f7a8b', 'fix/merged'),
    namespace('br-old-9c0d1e2f', 'old'),
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

test('reports every branch environment and writes those whose branch is gone; long-lived ones are never candidates', () => {
  const dir = tmp();
  const orphans = path.join(dir, 'orphans.txt');
  const { run, calls } = fake();
  const c = capture();
  expect(sweepCommand(['--context', 'dev', '--keep', 'main', '--orphans', orphans], { run, io: c.io, cwd: dir })).toBe(0);
  expect(calls.map((x) => [x.argv, x.options.timeoutSeconds])).toEqual([
    ['git ls-remote --heads origin', 60],
    ['kubectl --context=dev get namespaces -l app.kubernetes.io/managed-by=oms-platform-constructs -o json', 120],
  ]);
  expect(c.out.join('')).toBe(
    [
      '## branch environments on dev (3; the remote origin lists 2 branch(es))',
      '  br-feature-live-1a2b3c4d (branch feature/live): kept, the branch exists',
      '  br-fix-merged-5e6f7a8b (branch fix/merged): TEAR DOWN, the branch is gone',
      '  br-old-9c0d1e2f (branch old): TEAR DOWN, the branch is gone',
      'Result: 2 to tear down.',
      '',
    ].join('\n'),
  );
  expect(fs.readFileSync(orphans, 'utf8')).toBe('br-fix-merged-5e6f7a8b fix/merged\nbr-old-9c0d1e2f old\n');
});

test.each<[string, Record<string, RunResult>, string[], string]>([
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
    'the namespaces cannot be listed in time',
    { 'get namespaces': { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT' } },
    [],
    'sweep-branches: kubectl did not finish within its time limit of 120s and was stopped; nothing is torn down.\n',
  ],
  [
    'more environments would go than --max',
    {},
    ['--max', '1'],
    'sweep-branches: 2 environments would be torn down, more than --max 1. Fix: check the listing; if it is right, rerun with --max 2; nothing is torn down.\n',
  ],
])('%s: exit 1, and the orphans file is not written', (_name, answers, extra, message) => {
  const dir = tmp();
  const orphans = path.join(dir, 'orphans.txt');
  const c = capture();
  expect(
    sweepCommand(['--context', 'dev', '--keep', 'main', '--orphans', orphans, ...extra], { run: fake(answers).run, io: c.io, cwd: dir }),
  ).toBe(1);
  expect(c.err.join('')).toBe(message);
  expect(fs.existsSync(orphans)).toBe(false);
});

test.each([
  [['--keep', 'main'], 'sweep-branches: --context <name> is required: the sweep is pinned to one cluster'],
  [['--context', 'dev'], 'sweep-branches: --keep <branch> is required: a branch the remote must list (e.g. main)'],
  [['--context', 'dev', '--keep', 'main', '--max', 'all'], 'sweep-branches: --max must be a whole number (received "all")'],
  [['--context', 'dev', '--keep', 'main', '--delete'], 'sweep-branches: unknown option --delete'],
  [['--context', 'dev', '--keep', 'main', 'now'], 'sweep-branches: unexpected argument "now"'],
])('%j is a usage error (exit 64) and runs nothing', (argv, message) => {
  const { run, calls } = fake();
  const c = capture();
  expect(sweepCommand(argv, { run, io: c.io, cwd: tmp() })).toBe(64);
  expect(c.err.join('')).toBe(`${message}\n\n${SWEEP_USAGE}`);
  expect(calls).toEqual([]);
});
