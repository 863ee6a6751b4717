import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// scripts/built.js, what every npm script runs: it must compile exactly when a source changed, and
// then run the command in its own process. A project in a temporary folder with a stand-in for
// TypeScript's compiler, which logs how it was called and "compiles" src/*.ts to build/src/*.js by
// copying (the sources are plain JavaScript), or fails on a source that holds FAIL.
const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'built.js');
const FAKE_TSC = `
const fs = require('node:fs');
const path = require('node:path');
const root = process.cwd();
fs.appendFileSync(path.join(root, 'tsc-calls.log'), process.argv.slice(2).map((a) => path.relative(root, a) || a).join(' ') + '\\n');
fs.mkdirSync(path.join(root, 'build', 'src'), { recursive: true });
for (const f of fs.readdirSync(path.join(root, 'src'))) {
  const text = fs.readFileSync(path.join(root, 'src', f), 'utf8');
  if (text.includes('FAIL')) { process.stderr.write('src/' + f + ': error TS0000: failed\\n'); process.exit(2); }
  fs.writeFileSync(path.join(root, 'build', 'src', f.replace(/\\.ts$/, '.js')), text);
}
`;

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-built-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.copyFileSync(SCRIPT, path.join(dir, 'scripts', 'built.js'));
  fs.mkdirSync(path.join(dir, 'node_modules', 'typescript', 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'typescript', 'package.json'), '{ "name": "typescript", "version": "0.0.0" }\n');
  fs.writeFileSync(path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), FAKE_TSC);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "p", "private": true }\n');
  fs.writeFileSync(path.join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { outDir: 'build' } }));
  fs.writeFileSync(path.join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.base.json', include: ['src/**/*.ts'] }));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'main.ts'), "console.log('main', process.argv.slice(2).join(','));\n");
  backdate(dir);
  return dir;
}

/** Sets every path's times 10 s back: a project checked out a while ago, not edited within the stamp's margin. */
function backdate(p: string): void {
  const t = Date.now() / 1000 - 10;
  if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) backdate(path.join(p, e));
  fs.utimesSync(p, t, t);
}

/** Runs `node scripts/built.js tsconfig.build.json build/src/main.js ...args`; what it printed and the compiler calls so far. */
function run(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/built.js', 'tsconfig.build.json', 'build/src/main.js', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  const log = path.join(dir, 'tsc-calls.log');
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

/** Sets a path's times to now, as an edit after the last compile would. */
const touch = (file: string) => {
  const t = Date.now() / 1000;
  fs.utimesSync(file, t, t);
};

test('compiles with tsc -b on the first run, then runs the command with its arguments in the same process', () => {
  const dir = project();
  const first = run(dir, 'a', 'b');
  expect(first).toMatchObject({ status: 0, stdout: 'main a,b\n', calls: ['-b tsconfig.build.json'] });
  expect(fs.existsSync(path.join(dir, 'build', '.compiled.tsconfig.build'))).toBe(true);
});

test('nothing changed: no compile', () => {
  const dir = project();
  run(dir);
  expect(run(dir, 'again')).toMatchObject({ status: 0, stdout: 'main again\n', calls: ['-b tsconfig.build.json'] });
});

test.each([
  ['a source edited', (dir: string) => touch(path.join(dir, 'src', 'main.ts'))],
  ['a source added', (dir: string) => fs.writeFileSync(path.join(dir, 'src', 'other.ts'), 'exports.x = 1;\n')],
  ['a source removed (its folder changes)', (dir: string) => fs.rmSync(path.join(dir, 'src', 'gone.ts'))],
  ['the config edited', (dir: string) => touch(path.join(dir, 'tsconfig.build.json'))],
  ['a config it extends edited', (dir: string) => touch(path.join(dir, 'tsconfig.base.json'))],
  ['package.json edited', (dir: string) => touch(path.join(dir, 'package.json'))],
  ['packages installed', (dir: string) => fs.writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), '{}\n')],
  ['the compiled command removed', (dir: string) => fs.rmSync(path.join(dir, 'build', 'src', 'main.js'))],
  ['the stamp removed (a clean build folder)', (dir: string) => fs.rmSync(path.join(dir, 'build', '.compiled.tsconfig.build'))],
])('%s: compiles again', (_what, change) => {
  const dir = project();
  fs.writeFileSync(path.join(dir, 'src', 'gone.ts'), 'exports.y = 2;\n');
  backdate(dir);
  run(dir);
  change(dir);
  // An edit within the stamp's margin (100 ms before a compile starts) is compiled and counts again next
  // time, by design; this test is about an edit made well before, so it waits past the margin.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  const after = run(dir);
  expect(after).toMatchObject({ status: 0, stdout: 'main \n' });
  expect(after.calls).toHaveLength(2);
  // And only once: the next run has nothing to do.
  expect(run(dir).calls).toHaveLength(2);
});

test("a failed compile exits with the compiler's status, runs nothing, and compiles again next time", () => {
  const dir = project();
  run(dir);
  fs.writeFileSync(path.join(dir, 'src', 'main.ts'), "FAIL; console.log('must not run');\n");
  touch(path.join(dir, 'src', 'main.ts'));
  const failed = run(dir);
  expect(failed).toMatchObject({ status: 2, stdout: '' });
  expect(failed.stderr).toContain('error TS0000');
  expect(run(dir).calls).toHaveLength(3);
});
