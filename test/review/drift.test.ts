import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DRIFT_USAGE, driftCommand } from '../../lib/review/drift';
import { CommandRunner, RunOptions, RunResult } from '../../lib/review/run-plan';
import { capture } from './fixtures';

/** A dist/ with environment `e`, with the given parts. */
function dist(parts: ('k8s' | 'aws')[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-drift-'));
  for (const p of parts) fs.mkdirSync(path.join(dir, 'e', p), { recursive: true });
  return dir;
}

/** A fake runner: answers by the command's first words, records every call. */
function fake(answers: Record<string, RunResult>) {
  const calls: { argv: string; options: RunOptions }[] = [];
  const run: CommandRunner = (argv, options) => {
    calls.push({ argv: argv.join(' '), options });
    const key = Object.keys(answers).find((k) => argv.join(' ').includes(k));
    return key ? answers[key] : { status: 0, stdout: '', stderr: '' };
  };
  return { run, calls };
}

const KUBECTL = 'kubectl --context=dev diff --server-side --force-conflicts -f k8s/';
const PLAN = 'terraform -chdir=aws plan -detailed-exitcode -input=false -lock-timeout=5m -no-color';

test('no drift: exit 0, both checks ran with their time limits from the environment folder', () => {
  const dir = dist(['k8s', 'aws']);
  const { run, calls } = fake({});
  const c = capture();
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run, io: c.io })).toBe(0);
  expect(calls.map((x) => [x.argv, x.options.timeoutSeconds, x.options.cwd])).toEqual([
    [KUBECTL, 600, path.join(dir, 'e')],
    ['terraform -chdir=aws init -input=false -lock-timeout=5m -no-color', 600, path.join(dir, 'e')],
    [PLAN, 1800, path.join(dir, 'e')],
  ]);
  expect(c.out.join('')).toBe(
    `## drift: e (context dev)\n  Kubernetes (${KUBECTL}): no drift\n  Terraform (${PLAN}): no drift\nResult: no drift.\n`,
  );
});

test('drift in Kubernetes (kubectl diff exit 1) and Terraform (plan exit 2): exit 2 with both diffs in the report', () => {
  const dir = dist(['k8s', 'aws']);
  const { run } = fake({
    'kubectl --context=dev diff': { status: 1, stdout: '-  replicas: 2\n+  replicas: 5\n', stderr: '' },
    'plan -detailed-exitcode': {
      status: 2,
      stdout: '~ aws_db_instance.db\n    instance_class: "db.m6g.large" -> "db.m6g.xlarge"\n',
      stderr: '',
    },
  });
  const c = capture();
  const report = path.join(dir, 'report.txt');
  expect(driftCommand(['e', '--context=dev', '--dist', dir, '--report', report], { run, io: c.io })).toBe(2);
  const expected = [
    '## drift: e (context dev)',
    `  Kubernetes (${KUBECTL}): DRIFT: the live state differs from dist/`,
    '    -  replicas: 2',
    '    +  replicas: 5',
    `  Terraform (${PLAN}): DRIFT: the live state differs from dist/`,
    '    ~ aws_db_instance.db',
    '        instance_class: "db.m6g.large" -> "db.m6g.xlarge"',
    'Result: drift found. Someone changed the system by hand, or dist/ was not applied. Fix: put the change in the code and apply it, or apply dist/ to undo it.',
    '',
  ].join('\n');
  expect(c.out.join('')).toBe(expected);
  expect(fs.readFileSync(report, 'utf8')).toBe(expected);
});

test.each<[string, Record<string, RunResult>, string]>([
  [
    'kubectl fails (exit >1)',
    { 'kubectl --context=dev diff': { status: 2, stdout: '', stderr: 'error: Unauthorized' } },
    `  Kubernetes (${KUBECTL}): could not check\n    kubectl failed with exit code 2: error: Unauthorized`,
  ],
  [
    'kubectl times out',
    { 'kubectl --context=dev diff': { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT' } },
    `  Kubernetes (${KUBECTL}): could not check\n    kubectl did not finish within its time limit of 600s and was stopped`,
  ],
  [
    'terraform plan errors (exit 1)',
    { 'plan -detailed-exitcode': { status: 1, stdout: '', stderr: 'Error: No valid credential sources found' } },
    `  Terraform (${PLAN}): could not check\n    terraform failed with exit code 1: Error: No valid credential sources found`,
  ],
  [
    'terraform is missing',
    { 'terraform -chdir=aws init': { status: null, error: 'ENOENT' } },
    `  Terraform (${PLAN}): could not check\n    terraform is not installed or not on PATH. Fix: install terraform`,
  ],
])('%s: exit 1, drift unknown, never "no drift"', (_name, answers, line) => {
  const dir = dist(['k8s', 'aws']);
  const c = capture();
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run: fake(answers).run, io: c.io })).toBe(1);
  expect(c.out.join('')).toContain(line);
  expect(c.out.join('')).toContain('Result: drift is unknown: 1 check(s) could not run. Fix the cause above and rerun.');
});

test('an environment with only Terraform needs no context', () => {
  const dir = dist(['aws']);
  const { run, calls } = fake({});
  expect(driftCommand(['e', '--dist', dir], { run, io: capture().io })).toBe(0);
  expect(calls.map((x) => x.argv.split(' ')[0])).toEqual(['terraform', 'terraform']);
});

test.each([
  [['--context', 'dev'], 'drift: the environment is required'],
  [['e', '--context'], 'drift: --context needs a value: --context <name>'],
  [['e', '--context', 'dev', '--force'], 'drift: unknown option --force'],
  [['e', 'f', '--context', 'dev'], 'drift: unexpected argument "f"'],
  [['e'], "drift e: --context <name> is required: the comparison is pinned to the environment's cluster. Fix: pass --context"],
])('%j is a usage error (exit 64) and runs nothing', (argv, message) => {
  const dir = dist(['k8s']);
  const { run, calls } = fake({});
  const c = capture();
  expect(driftCommand([...argv, '--dist', dir], { run, io: c.io })).toBe(64);
  expect(c.err.join('')).toBe(`${message}\n\n${DRIFT_USAGE}`);
  expect(calls).toEqual([]);
});

test('a missing environment folder is exit 1 with the fix', () => {
  const dir = dist([]);
  const c = capture();
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run: fake({}).run, io: c.io })).toBe(1);
  expect(c.err.join('')).toBe(
    `drift e: ${path.join(dir, 'e')} has neither k8s/ nor aws/. Fix: run the synth command first (or pass --dist)\n`,
  );
});
