import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from './pack-support';

// `npx cdktf synth` in a copy of this repository, as a cdktf user runs it: cdktf.json's app builds the project
// and writes every environment's stack. Offline (no provider is downloaded: the providers are the prebuilt
// @cdktf/provider-* packages), but it takes the cdktf CLI's start-up and a full build, so it runs with
// `npm run test:consumer` and says that it was skipped otherwise.
const requested = process.env.OMS_CONSUMER_INSTALL === '1';
// cdktf-cli 0.21.0 (archived) loads node-pty at start, whose published binaries stop at Node 22 (ABI 127); on a
// newer Node `npm ci` compiles it against the running Node's headers (.ci/run points node-gyp at them). Where that
// did not happen the CLI cannot start, and the test says why instead of failing on the CLI's crash.
const pty = spawnSync(process.execPath, ['-e', "require('@cdktf/node-pty-prebuilt-multiarch')"], { cwd: root, encoding: 'utf8' });
const cliStarts = pty.status === 0;
const enabled = requested && cliStarts;
if (!requested)
  console.warn('test/consumer/cdktf-cli.test.ts skipped: it runs the cdktf CLI on a copy of the project; run `npm run test:consumer`.');
else if (!cliStarts)
  console.warn(
    `test/consumer/cdktf-cli.test.ts skipped: the cdktf CLI cannot start on Node ${process.version}: its node-pty does not load (ABI ${process.versions.modules}). Rebuild it against this Node's headers (README, The cdktf CLI): ${pty.stderr.split('\n').find((l) => /Error|MODULE_VERSION/.test(l)) ?? ''}`,
  );
const testIfEnabled = enabled ? test : test.skip;
jest.setTimeout(300_000);

testIfEnabled('npx cdktf synth writes one stack per environment with an AWS stack, and a manifest naming them', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-cdktf-cli-'));
  for (const entry of ['apps', 'bin', 'lib', 'scripts', 'cdktf.json', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
    fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'cdktf'), ['synth'], {
    cwd: copy,
    encoding: 'utf8',
    // CI=1 keeps the CLI from prompting; synthesis in CI refuses images tagged without a commit, so the commit is set as CI sets it.
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', GIT_COMMIT: '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39', FORCE_COLOR: '0' },
  });
  // The CLI's stderr carries terraform's own warnings where a terraform binary is installed: only the status counts.
  expect([r.status, r.status === 0 ? '' : r.stdout + r.stderr]).toEqual([0, '']);
  const manifest = JSON.parse(fs.readFileSync(path.join(copy, 'cdktf.out', 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.stacks).sort()).toEqual(
    [
      'br-local-25bf8e1a',
      'br-polls-local-bb584505',
      'polls-production',
      'polls-staging',
      'polls-uat',
      'production',
      'staging',
      'uat-eks',
      'uat-services',
    ].sort(),
  );
  for (const name of Object.keys(manifest.stacks))
    expect(fs.existsSync(path.join(copy, 'cdktf.out', 'stacks', name, 'cdk.tf.json'))).toBe(true);
  // Nothing else of the project was touched: cdktf.json keeps its fixed projectId.
  expect(fs.readFileSync(path.join(copy, 'cdktf.json'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
});
