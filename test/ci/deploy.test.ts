import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

// ci/deploy.sh is what both pipelines run for one environment. It is replayed here with the real bash, git and
// curl against a local HTTP server standing in for the live entry point; npm (the project's commands) and skopeo
// are stand-ins that log their calls, so the order of checks, applies, records and the rollback is what is tested.
const root = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);
const COMMIT = '4f2a9c1e0b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a';

const NPM = `#!/bin/bash
echo "npm $*" >>"$CALLS"
[ "$1" = ci ] && exit 0
shift; [ "$1" = --silent ] && shift
script="$1"; shift; [ "$1" = -- ] && shift
case "$script" in
  apply)
    for a in "$@"; do [ "$a" = --dist ] && touch "$HEALTHY"; done
    [ -z "$APPLY_FAILS" ] || exit 1
    for a in "$@"; do [ "$a" = --plan-only ] && mkdir -p "dist/$1/aws" && echo '{"resource_changes":[]}' >"dist/$1/aws/tfplan.review.json"; done
    exit 0;;
  deployments)
    case "$1" in
      entry) printf '%s\\n' $ENTRY_URLS;;
      last) printf 'ref=1.0.0\\ncommit=%s\\n' "$GOOD_COMMIT";;
    esac;;
  synth) mkdir -p dist/staging/k8s;;
esac
exit 0
`;
const SKOPEO = `#!/bin/bash
echo "skopeo $*" >>"$CALLS"
case "$*" in *missing*) exit 1;; esac
exit 0
`;
// 503 until the file $HEALTHY exists (the rollback's apply creates it), or always 200 with HEALTHY_AT_START.
const SERVER = `
const fs = require('node:fs');
const http = require('node:http');
const s = http.createServer((req, res) => {
  const ok = fs.existsSync(process.env.HEALTHY);
  if (req.url === '/healthz') { res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }); res.end('{"status":"ok"}'); return; }
  res.writeHead(ok ? 404 : 503); res.end();
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

let server: ChildProcess;
let base: string;
let healthy: string;
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-deploy-server-'));
  healthy = path.join(dir, 'healthy');
  fs.writeFileSync(path.join(dir, 'server.js'), SERVER);
  server = spawn(process.execPath, [path.join(dir, 'server.js')], { env: { ...process.env, HEALTHY: healthy } });
  const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d) => resolve(String(d).trim())));
  base = `http://127.0.0.1:${port}/`;
});
afterAll(() => server.kill());

function workspace(image = 'registry.example.com/oms/om-app:main-4f2a9c1') {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-deploy-'));
  const main = path.join(ws, 'main');
  fs.mkdirSync(main);
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: main });
  spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'good'], { cwd: main });
  const good = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: main, encoding: 'utf8' }).stdout.trim();
  fs.mkdirSync(path.join(main, 'dist', 'staging', 'k8s'), { recursive: true });
  fs.writeFileSync(path.join(main, 'dist', 'staging', 'k8s', 'app.yaml'), `image: ${image}\n`);
  const bin = path.join(ws, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npm'), NPM, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'skopeo'), SKOPEO, { mode: 0o755 });
  fs.writeFileSync(path.join(ws, 'calls'), '');
  return { ws, main, bin, good, calls: () => fs.readFileSync(path.join(ws, 'calls'), 'utf8').trim().split('\n') };
}

async function deploy(w: ReturnType<typeof workspace>, stage: string, env: Record<string, string> = {}) {
  // ci/ and images/ are the project's own, used from the repository; the stand-ins come first on PATH.
  try {
    const r = await run('bash', [path.join(root, 'ci', 'deploy.sh'), 'staging', stage], {
      cwd: w.main,
      env: {
        ...process.env,
        PATH: `${w.bin}:${process.env.PATH}`,
        CALLS: path.join(w.ws, 'calls'),
        HEALTHY: healthy,
        ENTRY_URLS: base,
        REF: '1.1.0-rc.1',
        COMMIT,
        DEPLOY_RECORDS_REMOTE: 'none',
        GOOD_COMMIT: w.good,
        SMOKE_ATTEMPTS: '2',
        SMOKE_DELAY: '0',
        PERF_REQUESTS: '3',
        APPLY_FAILS: '',
        ...env,
      },
    });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e: any) {
    return { status: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string };
  }
}
const steps = (calls: string[]) =>
  calls
    .map((c) =>
      c.startsWith('skopeo')
        ? 'check images'
        : /deployments -- record/.test(c)
          ? `record ${/--ref (\S+)/.exec(c)![1]} ${/--result (\S+)/.exec(c)![1]}`
          : /apply -- staging .*--dist/.test(c)
            ? /--plan-only/.test(c)
              ? undefined
              : 'apply the last verified release'
            : /apply -- staging/.test(c) && !/--plan-only/.test(c)
              ? 'apply'
              : undefined,
    )
    .filter(Boolean);

test('a healthy deployment: images checked, applied, recorded, smoke-tested against the entry point, suites run, verified', async () => {
  fs.writeFileSync(healthy, '');
  const w = workspace();
  const r = await deploy(w, 'uat');
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(steps(w.calls())).toEqual(['check images', 'apply', 'record 1.1.0-rc.1 applied', 'record 1.1.0-rc.1 verified']);
  expect(r.stdout).toContain(`ok      ${base} (404)`);
  // The uat suites ran against the entry point: the contract (skipped: not a polls environment) and e2e.
  expect(r.stdout).toContain('skip  polls-web -> polls-api: staging does not run polls-api');
  expect(r.stdout).toMatch(/ok {4}e2e staging: unknown path on http:\/\/127\.0\.0\.1:\d+\/ -> 404/);
});

test('staging fails its smoke test: recorded as failed, returned to the last verified release, which is verified again; the job fails', async () => {
  fs.rmSync(healthy, { force: true });
  const w = workspace();
  const r = await deploy(w, 'staging');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`FAILED  ${base} (status 503 after 2 attempts)`);
  expect(r.stderr).not.toContain('the rollback failed');
  expect(steps(w.calls())).toEqual([
    'check images',
    'apply',
    'record 1.1.0-rc.1 applied',
    'record 1.1.0-rc.1 failed',
    'apply the last verified release',
    'record 1.1.0-rc.1 rolled-back',
    'record 1.0.0 verified',
  ]);
  // The last verified release was checked out and synthesized beside the checkout.
  expect(w.calls().some((c) => c.startsWith('npm run synth'))).toBe(true);
  expect(fs.existsSync(path.join(w.ws, 'rollback-staging'))).toBe(true);
});

test('a missing image stops the deployment before anything is applied or recorded', async () => {
  const w = workspace('registry.example.com/oms/om-app:missing-0000000');
  const r = await deploy(w, 'staging');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(
    'images/check.sh: staging deploys 1 image(s) the registry does not have: registry.example.com/oms/om-app:missing-0000000; nothing was applied.',
  );
  expect(steps(w.calls())).toEqual(['check images']);
});

test('a failed apply is recorded as failed and stops before the checks', async () => {
  const w = workspace();
  const r = await deploy(w, 'uat', { APPLY_FAILS: '1' });
  expect(r.status).toBe(1);
  expect(steps(w.calls())).toEqual(['check images', 'apply', 'record 1.1.0-rc.1 failed']);
});

test('a Terraform plan that differs from the reviewed one is refused before the apply', async () => {
  const w = workspace();
  fs.mkdirSync(path.join(w.main, 'dist', 'staging', 'aws'), { recursive: true });
  const reviewed = path.join(w.ws, 'reviewed.json');
  fs.writeFileSync(reviewed, '{"resource_changes":[{"address":"aws_db_instance.db"}]}\n');
  const r = await deploy(w, 'uat', { REVIEWED_PLAN: reviewed });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(
    `deploy staging: the Terraform plan differs from the plan that was reviewed (${reviewed}): something changed in between; nothing was applied.`,
  );
  expect(steps(w.calls())).toEqual(['check images']);
});

test('the pipeline scripts pass shellcheck', () => {
  if (spawnSync('shellcheck', ['--version']).status !== 0) {
    console.warn('shellcheck is not installed: ci/*.sh were not checked (install it: apt-get install shellcheck)');
    return;
  }
  const files = [
    'deploy.sh',
    'smoke.sh',
    'rollback.sh',
    'suites/run.sh',
    ...['contract', 'e2e', 'performance', 'security'].flatMap((k) =>
      fs
        .readdirSync(path.join(root, 'ci', 'suites', k))
        .filter((f) => f.endsWith('.sh'))
        .map((f) => `suites/${k}/${f}`),
    ),
  ];
  const r = spawnSync(
    'shellcheck',
    files.map((f) => path.join(root, 'ci', f)),
    { encoding: 'utf8' },
  );
  expect([r.status, r.stdout]).toEqual([0, '']);
});
