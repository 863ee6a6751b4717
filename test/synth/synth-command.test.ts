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
/** The fs module itself (the namespace import above is a copy whose properties cannot be spied on). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('node:fs') as typeof fs;

describe('the synth command', () => {
  test('synth <app> renders only that app and keeps the other environments; a progress line as each app renders', () => {
    const { cwd, out } = project();
    writeAtomically(out, [env('other')]);
    const run = capture();
    expect(synthCommand(['uat-eks', '--apps', APPS], run.io, cwd)).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['other', 'uat-eks']);
    expect(run.out.join('')).toMatch(
      /^\[1\/1\] apps\/uat-eks\.ts rendered in \d+\.\d s\nuat-eks: \d+ files, \d+ objects in dist\/uat-eks \(/,
    );
    // The tests run without CI variables, so uat-eks's images are tagged local-0000000: one warning per image,
    // naming the workloads that run it, not one per workload.
    const tail = 'was tagged without a commit id, so no registry has it: fine for a local synthesis, refused in CI.';
    expect(run.err.join('').replace(/ Fix: [^\n]*/g, '')).toBe(
      `warning: image registry.example.com/oms/om-agent:local-0000000 ${tail}\n` +
        '  on 4 constructs: uat-eks/data/data-setup, uat-eks/schedule-order, uat-eks/create-order, uat-eks/shipment-events\n' +
        `warning: image registry.example.com/oms/om-app:local-0000000 ${tail}\n` +
        '  on 4 constructs: uat-eks/app-server, uat-eks/reserve, uat-eks/order-search, uat-eks/order-capture/order-capture-blue\n',
    );
  });

  test('nothing is written outside the output folder: no cdktf.out from the AWS stack of an app, in the working directory', () => {
    const { cwd } = project();
    const before = process.cwd();
    process.chdir(cwd);
    try {
      // uat-eks has an AWS stack, whose cdktf App makes cdktf.out in the working directory when it is created.
      expect(synthCommand(['uat-eks', '--apps', APPS], capture().io, cwd)).toBe(0);
    } finally {
      process.chdir(before);
    }
    expect(fs.readdirSync(cwd).filter((f) => !f.startsWith('dist.gen-'))).toEqual(['dist']);
  });

  test('progress lines name a failed app as it fails', () => {
    const { cwd } = project();
    const run = capture();
    expect(synthCommand(['bad-image', 'bad-stage', '--apps', FIXTURES], run.io, cwd)).toBe(1);
    expect(run.out.join('').replace(/\d+\.\d s/g, 'T')).toBe(
      '[1/2] fixtures/bad-image.ts failed in T\n[2/2] fixtures/bad-stage.ts failed in T\n',
    );
  });

  test.each([
    ['EROFS', 'the file system is read-only', 'pass --out <dir> on a writable file system, or run where the project folder is writable'],
    ['ENOSPC', 'no space is left on the device', 'free space on that file system, or pass --out <dir> on another one'],
  ])('a %s while writing the output is a message naming the file and the fix; the previous output stays', (code, what, fix) => {
    const { cwd, out } = project();
    writeAtomically(out, [env('uat-eks', 'previous: 1\n')]);
    const realWrite = fs.writeFileSync;
    let failed = '';
    const spy = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((file, ...rest) => {
      if (typeof file === 'string' && file.includes(`${out}.tmp-`) && file.endsWith('.yaml')) {
        failed = file;
        throw Object.assign(new Error(`${code}: simulated, open '${file}'`), { code, path: file });
      }
      return realWrite(file, ...rest);
    });
    const run = capture();
    try {
      expect(synthCommand(['uat-eks', '--apps', APPS], run.io, cwd)).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(run.err.join('')).toBe(
      `synth: cannot write ${path.relative(cwd, failed)}: ${what} (${code}); dist was left as it was. Fix: ${fix}\n`,
    );
    expect(read(path.join(out, 'uat-eks', 'k8s', 'a.yaml'))).toBe('previous: 1\n');
    expect(fs.readdirSync(cwd).filter((f) => !f.startsWith('dist.gen-'))).toEqual(['dist']);
  });

  test('a read-only project folder: the lock cannot be taken, and the message says so', () => {
    const { cwd, out } = project();
    const spy = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(() => {
      throw Object.assign(new Error('EROFS: simulated'), { code: 'EROFS', path: `${out}.lock` });
    });
    const run = capture();
    try {
      expect(synthCommand(['uat-eks', '--apps', APPS], run.io, cwd)).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(run.err.join('')).toBe(
      'synth: cannot write dist.lock: the file system is read-only (EROFS); dist was left as it was. Fix: pass --out <dir> on a writable file system, or run where the project folder is writable\n',
    );
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
