import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyPlan, phasePlans, teardownPlan } from '../../lib/review/apply-plan';
import { CommandRunner, RunResult } from '../../lib/review/run-plan';
import { UPGRADE_TEST_USAGE, upgradeTestCommand } from '../../lib/review/upgrade-test';
import { capture } from './fixtures';

const job = (phase: string, name: string) => ({
  path: `phases/${phase}/${name}.yaml`,
  objects: [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 't' } }],
});

/** A synthesized dist/ of a disposable environment `t` for one release. */
function dist(release: string, stage: 'branch' | 'uat' = 'branch'): string {
  const files = [
    { path: 'k8s/environment.yaml', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 't' } }] },
    { path: 'k8s/app.yaml', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `app-${release}`, namespace: 't' } }] },
    job('install', `setup-${release}`),
    job('upgrade', `upgrade-${release}`),
    job('test', `smoke-${release}`),
    job('uninstall', `drop-${release}`),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `oms-upgrade-${release}-`));
  fs.mkdirSync(path.join(dir, 't'));
  fs.writeFileSync(path.join(dir, 't', 'apply-plan.json'), JSON.stringify(applyPlan('t', files, stage)));
  fs.writeFileSync(path.join(dir, 't', 'phase-plans.json'), JSON.stringify(phasePlans('t', files, stage)));
  const teardown = teardownPlan('t', files, stage);
  if (teardown) fs.writeFileSync(path.join(dir, 't', 'teardown-plan.json'), JSON.stringify(teardown));
  return dir;
}

const done = { status: { conditions: [{ type: 'Complete', status: 'True' }] } };
const failedJob = { status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] } };

/** A cluster where every command works and every Job completes, except the Jobs named in `failing`. */
function fakeCluster(failing: string[] = []) {
  const calls: string[] = [];
  const run: CommandRunner = (argv, options): RunResult => {
    calls.push(`${path.basename(path.dirname(options.cwd))}: ${argv.join(' ')}`);
    if (argv.includes('api-resources')) return { status: 0, stdout: 'configmaps\n' };
    if (argv.includes('get') && argv.includes('namespace')) return { status: 0, stdout: JSON.stringify({ status: { phase: 'Active' } }) };
    if (argv.includes('get') && argv.includes('json')) {
      const name = argv.find((a) => a.includes('/') && !a.startsWith('--'))!.split('/')[1];
      return { status: 0, stdout: JSON.stringify(failing.includes(name) ? failedJob : done) };
    }
    return { status: 0, stdout: '' };
  };
  return { run, calls };
}

/** The phases and applies that ran, in order, as "<release>: <what>". */
const story = (calls: string[], dirs: Record<string, string>) =>
  calls
    .map((c) => {
      const [dir, cmd] = c.split(': ');
      const release = Object.keys(dirs).find((k) => path.basename(dirs[k]) === dir) ?? dir;
      if (/kubectl --context=ctx apply -f phases\/(\w+)\//.test(cmd)) return `${release}: phase ${/phases\/(\w+)\//.exec(cmd)![1]}`;
      if (/kubectl --context=ctx delete namespace/.test(cmd)) return `${release}: delete namespace`;
      if (cmd.includes('--prune')) return `${release}: apply`;
      return undefined;
    })
    .filter((x) => x !== undefined);

const noWait = { sleep: () => undefined, pollSeconds: 1 };

test('upgrade: previous release installed, upgraded to the candidate, tested, and torn down', () => {
  const dirs = { previous: dist('r1'), candidate: dist('r2') };
  const { run, calls } = fakeCluster();
  const c = capture();
  const code = upgradeTestCommand(['t', '--previous', dirs.previous, '--candidate', dirs.candidate, '--context', 'ctx'], {
    run,
    io: c.io,
    runOptions: noWait,
  });
  expect(code).toBe(0);
  expect(story(calls, dirs)).toEqual([
    'previous: apply',
    'previous: phase install',
    'candidate: phase upgrade',
    'candidate: apply',
    'candidate: phase test',
    'candidate: phase uninstall',
    'candidate: delete namespace',
  ]);
  expect(c.out.join('')).toContain(
    [
      '== upgrade-test t (upgrade from the previous release): passed',
      '  ok     install the previous release',
      '  ok     install phase (previous release)',
      '  ok     upgrade phase (candidate)',
      '  ok     apply the candidate',
      '  ok     test phase',
      '  ok     tear down',
    ].join('\n'),
  );
});

test('upgrade: a failing upgrade phase stops the test and still tears the environment down', () => {
  const dirs = { previous: dist('r1'), candidate: dist('r2') };
  const { run, calls } = fakeCluster(['upgrade-r2']);
  const c = capture();
  expect(
    upgradeTestCommand(['t', '--previous', dirs.previous, '--candidate', dirs.candidate, '--context', 'ctx'], {
      run,
      io: c.io,
      runOptions: noWait,
    }),
  ).toBe(1);
  expect(story(calls, dirs)).toEqual([
    'previous: apply',
    'previous: phase install',
    'candidate: phase upgrade',
    'candidate: phase uninstall',
    'candidate: delete namespace',
  ]);
  expect(c.out.join('')).toContain('== upgrade-test t (upgrade from the previous release): FAILED at "upgrade phase (candidate)"\n');
});

test('greenfield: an environment that fails its test phase is removed', () => {
  const dirs = { candidate: dist('r2') };
  const { run, calls } = fakeCluster(['smoke-r2']);
  const c = capture();
  expect(
    upgradeTestCommand(['t', '--greenfield', '--candidate', dirs.candidate, '--context', 'ctx'], { run, io: c.io, runOptions: noWait }),
  ).toBe(1);
  expect(story(calls, dirs)).toEqual([
    'candidate: apply',
    'candidate: phase install',
    'candidate: phase test',
    'candidate: phase uninstall',
    'candidate: delete namespace',
  ]);
  expect(c.out.join('')).toContain('== upgrade-test t (greenfield): FAILED at "test phase"; the environment was removed\n');
});

test('greenfield: an environment that passes is kept', () => {
  const dirs = { candidate: dist('r2') };
  const { run, calls } = fakeCluster();
  const c = capture();
  expect(
    upgradeTestCommand(['t', '--greenfield', '--candidate', dirs.candidate, '--context', 'ctx'], { run, io: c.io, runOptions: noWait }),
  ).toBe(0);
  expect(story(calls, dirs)).toEqual(['candidate: apply', 'candidate: phase install', 'candidate: phase test']);
  expect(c.out.join('')).toContain('  kept   the environment passed and stays\n');
});

test.each([
  [['--candidate', 'd', '--greenfield', '--context', 'c'], 'the environment is required'],
  [['t', '--greenfield', '--context', 'c'], '--candidate <dist> is required'],
  [
    ['t/../u', '--candidate', 'd', '--greenfield', '--context', 'c'],
    '<env> must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "t/../u"). Fix: pass the environment\'s name, a folder of the output',
  ],
  [['t', '--candidate', 'd', '--greenfield'], '--context <name> is required'],
  [['t', '--candidate', 'd', '--context', 'c'], 'give exactly one of --previous <dist> and --greenfield'],
  [
    ['t', '--candidate', 'd', '--previous', 'p', '--greenfield', '--context', 'c'],
    'give exactly one of --previous <dist> and --greenfield',
  ],
  [['t', '--candidate', 'd', '--greenfield', '--context', 'c', '--keep'], 'unknown option --keep'],
])('%j is a usage error (exit 64) and runs nothing', (argv, message) => {
  const { run, calls } = fakeCluster();
  const c = capture();
  expect(upgradeTestCommand(argv, { run, io: c.io })).toBe(64);
  expect(c.err.join('')).toBe(`upgrade-test: ${message}\n\n${UPGRADE_TEST_USAGE}`);
  expect(calls).toEqual([]);
});

test('a long-lived environment (no teardown plan) is refused before anything runs', () => {
  const { run, calls } = fakeCluster();
  const c = capture();
  const dir = dist('r2', 'uat');
  expect(upgradeTestCommand(['t', '--greenfield', '--candidate', dir, '--context', 'ctx'], { run, io: c.io })).toBe(1);
  expect(c.err.join('')).toBe(
    'upgrade-test t: is not disposable (no teardown-plan.json), so it cannot be tested and removed. Fix: use a branch-stage test environment\n',
  );
  expect(calls).toEqual([]);
});

test('a previous release with the same output as the candidate is refused before any kubectl or terraform call', () => {
  const { run, calls } = fakeCluster();
  const c = capture();
  const previous = dist('r1');
  const candidate = dist('r1');
  expect(upgradeTestCommand(['t', '--previous', previous, '--candidate', candidate, '--context', 'ctx'], { run, io: c.io })).toBe(1);
  expect(c.err.join('')).toBe(
    `upgrade-test t: the previous release (${path.join(previous, 't')}) and the candidate (${path.join(candidate, 't')}) are the same output, so an upgrade would change nothing and prove nothing; nothing ran. ` +
      'Fix: synthesize the previous release at its own tag (check out the tag, TAG_NAME=<tag> GIT_COMMIT=<its commit> npm run synth -- t), or use --greenfield when there is no previous release\n',
  );
  expect(calls).toEqual([]);
  // One byte apart is a different release: the test runs.
  fs.appendFileSync(path.join(candidate, 't', 'apply-plan.json'), ' ');
  expect(upgradeTestCommand(['t', '--previous', previous, '--candidate', candidate, '--context', 'ctx'], { run, io: capture().io })).toBe(
    0,
  );
  expect(calls.length).toBeGreaterThan(0);
});
