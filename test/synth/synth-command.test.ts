import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderApps, writeAtomically } from '../../lib/synth/synth-apps';
import { synthCommand } from '../../lib/synth/synth-command';
import { acquireLock, recoverOutput, swapIn } from '../../lib/synth/output-swap';

const APPS = path.resolve(__dirname, '..', '..', 'apps');
const FIXTURES = path.join(__dirname, 'fixtures');
/** A process id that is not running. */
const DEAD = 2 ** 22 + 12345;

function project(): { cwd: string; out: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-synth-cmd-'));
  return { cwd, out: path.join(cwd, 'dist') };
}
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};
const env = (name: string, content = 'a: 1\n') => ({ name, files: [{ path: 'k8s/a.yaml', content }], manifests: [] });
const read = (f: string) => fs.readFileSync(f, 'utf8');

describe('the synth command', () => {
  test('synth <app> renders only that app and keeps the other environments', () => {
    const { cwd, out } = project();
    writeAtomically(out, [env('other')]);
    const run = capture();
    expect(synthCommand(['uat-eks', '--apps', APPS], run.io, cwd)).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['other', 'uat-eks']);
    expect(run.out.join('')).toMatch(/^uat-eks: \d+ files, \d+ objects in dist\/uat-eks \(/);
  });

  test.each([
    [['--apps'], 'synth: --apps needs a value: --apps <dir>'],
    [['--out', 'x', '--outt', 'y'], 'synth: unknown option --outt'],
    [['nope', '--apps', APPS], 'synth: no app named nope in '],
  ])('%j is a usage error', (argv, message) => {
    const { cwd } = project();
    const run = capture();
    expect(synthCommand(argv, run.io, cwd)).toBe(64);
    expect(run.err.join('')).toContain(message);
  });

  test.each([
    ['a file', (cwd: string) => fs.writeFileSync(path.join(cwd, 'apps'), ''), 'must be an existing folder'],
    ['a folder without apps', (cwd: string) => fs.mkdirSync(path.join(cwd, 'apps')), 'must hold app modules (*.ts, or *.js when compiled)'],
  ])('--apps naming %s is a usage error that names the argument, and writes nothing', (_what, make, rule) => {
    const { cwd, out } = project();
    make(cwd);
    const run = capture();
    expect(synthCommand([], run.io, cwd)).toBe(64);
    expect(run.err.join('')).toBe(
      `synth: --apps apps ${rule}. Fix: pass the folder that holds the apps (apps/ of the project), or run from the project folder\n`,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--help prints the usage and writes nothing', () => {
    const { cwd, out } = project();
    const run = capture();
    expect(synthCommand(['uat-eks', '--help'], run.io, cwd)).toBe(0);
    expect(run.out.join('')).toMatch(/^usage: synth \[<app>\.\.\.\] \[options\]/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('the AWS policy rules run at synthesis: a finding fails it and nothing is written', () => {
    const result = renderApps([{ label: 'bad-policy.ts', modulePath: path.join(FIXTURES, 'bad-policy.ts') }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failures[0]).toMatch(
      /^bad-policy\.ts:\n.*bad-policy\.ts: the AWS stack breaks \d+ policy rule\(s\):\n {2}- rds-encrypted-private aws_db_instance\.db: /,
    );
    // Each finding says what to change.
    expect(result.failures[0]).toContain(
      '. Fix: keep the OmsPostgres defaults: KMS-encrypted storage, not publicly accessible, master password managed by RDS',
    );
    const { cwd, out } = project();
    const run = capture();
    expect(synthCommand(['bad-policy', '--apps', FIXTURES], run.io, cwd)).toBe(1);
    expect(run.err.join('')).toContain('synth failed; dist was left as it was.');
    expect(fs.existsSync(out)).toBe(false);
    // Nor is a staging folder left behind.
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('a second synthesis while one runs stops with a message, not a stack trace', () => {
    const { cwd, out } = project();
    // The parent process (the test runner's) is alive: its lock is real.
    fs.writeFileSync(`${out}.lock`, `${process.ppid}\n`);
    const run = capture();
    expect(synthCommand(['uat-eks', '--apps', APPS], run.io, cwd)).toBe(1);
    expect(run.err.join('')).toBe(
      `synth: ${out} is being written by another synthesis (process ${process.ppid}). Fix: wait for it to finish; if no synthesis runs, remove ${out}.lock\n`,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('the output swap', () => {
  test('a stale lock (its process is gone) is taken over and released', () => {
    const { out } = project();
    fs.writeFileSync(`${out}.lock`, `${DEAD}\n`);
    const release = acquireLock(out);
    expect(read(`${out}.lock`)).toBe(`${process.pid}\n`);
    release();
    expect(fs.existsSync(`${out}.lock`)).toBe(false);
  });

  test('a run killed between its two renames: the next run puts the previous output back before anything else', () => {
    const { cwd, out } = project();
    // What a kill between "rename dist aside" and "rename the new tree in" leaves.
    fs.mkdirSync(path.join(`${out}.old-${DEAD}`, 'e', 'k8s'), { recursive: true });
    fs.writeFileSync(path.join(`${out}.old-${DEAD}`, 'e', 'k8s', 'a.yaml'), 'previous\n');
    fs.mkdirSync(`${out}.tmp-${DEAD}`);
    const run = capture();
    // Even a run that fails (an app error) restores it.
    expect(synthCommand(['bad-image', '--apps', FIXTURES], run.io, cwd)).toBe(1);
    expect(read(path.join(out, 'e', 'k8s', 'a.yaml'))).toBe('previous\n');
    expect(run.err.join('')).toContain(`synth: restored dist from dist.old-${DEAD} (an earlier synthesis was interrupted)\n`);
    expect(fs.readdirSync(cwd).sort()).toEqual(['dist']);
  });

  test('temporaries of interrupted runs are removed; those of a running synthesis are not', () => {
    const { out } = project();
    writeAtomically(out, [env('e')]);
    fs.mkdirSync(`${out}.tmp-${DEAD}`);
    fs.mkdirSync(`${out}.old-${DEAD}`);
    fs.mkdirSync(`${out}.tmp-${process.ppid}`);
    expect(recoverOutput(out)).toEqual([
      `removed dist.old-${DEAD} left by an interrupted synthesis`,
      `removed dist.tmp-${DEAD} left by an interrupted synthesis`,
    ]);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['dist', fs.readlinkSync(out), `dist.tmp-${process.ppid}`]);
  });

  test('when the new tree cannot be renamed in, the previous one is put back', () => {
    const { out } = project();
    writeAtomically(out, [env('e', 'old\n')]);
    expect(() => swapIn(`${out}.tmp-missing`, out)).toThrow(/ENOENT/);
    expect(read(path.join(out, 'e', 'k8s', 'a.yaml'))).toBe('old\n');
  });
});

test('a new environment that would overflow its cluster fails synthesis, naming each share, and writes nothing', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-synth-cluster-'));
  const run = capture();
  expect(synthCommand(['cluster-overflow', '--apps', FIXTURES], run.io, cwd)).toBe(1);
  expect(run.err.join('')).toContain(
    'cluster-overflow: invalid configuration\n  - cluster uat-openshift: environments must fit the cluster\'s 128 CPU together, but their shares add up to 136: uat-openshift 72, oms-sample 40, cluster-overflow 24 (received "136"). Fix: lower the shares by 8 CPU, or raise the cluster\'s ceiling',
  );
  expect(fs.existsSync(path.join(cwd, 'dist'))).toBe(false);
});
