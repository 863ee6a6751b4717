import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The image scripts run with the real bash and node; buildah, skopeo and trivy are stand-ins over a registry
// kept in a folder (<registry>/<repository>/<tag> holds the digest), so building, promoting and checking are
// replayed as CI runs them.
const root = path.resolve(__dirname, '..', '..');
const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'images', 'images.json'), 'utf8'));

const STAND_INS: Record<string, string> = {
  // buildah build ... -t <name> <context> | buildah push [--digestfile f] <name> <dest>
  buildah: `#!/bin/bash
echo "buildah $*" >>"$CALLS"
if [ "$1" = build ]; then exit 0; fi
digestfile=""; args=()
while [ $# -gt 0 ]; do case "$1" in --digestfile) digestfile="$2"; shift 2;; *) args+=("$1"); shift;; esac; done
dest="\${args[2]}"
case "$dest" in
  docker://*) ref="\${dest#docker://}"; repo="\${ref%:*}"; tag="\${ref##*:}"
    d="sha256:$(printf '%s' "\${args[1]%%:*}" | sha256sum | cut -c1-64)"
    mkdir -p "$REGISTRY/$repo"; echo "$d" >"$REGISTRY/$repo/$tag"; [ -n "$digestfile" ] && echo "$d" >"$digestfile";;
esac
exit 0
`,
  // skopeo inspect [--format ..|--raw] docker://<ref> | skopeo copy ... docker://<src> docker://<dst>
  skopeo: `#!/bin/bash
echo "skopeo $*" >>"$CALLS"
path_of() { local ref="\${1#docker://}"; ref="\${ref%@*}"; echo "$REGISTRY/\${ref%:*}/\${ref##*:}"; }
case "$1" in
  inspect) f="$(path_of "\${@: -1}")"; [ -f "$f" ] || { echo "manifest unknown" >&2; exit 1; }; cat "$f";;
  copy) src="$(path_of "\${@: -2:1}")"; dst="$(path_of "\${@: -1}")"; [ -f "$src" ] || exit 1
    mkdir -p "$(dirname "$dst")"; if [ -n "$CHANGE_DIGEST" ]; then echo sha256:changed >"$dst"; else cp "$src" "$dst"; fi;;
esac
`,
  trivy: `#!/bin/bash
echo "trivy $*" >>"$CALLS"
[ -z "$TRIVY_FINDS" ] || { echo "CRITICAL: CVE-2099-0001" >&2; exit 1; }
`,
};

function sandbox() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-images-'));
  const bin = path.join(ws, 'bin');
  fs.mkdirSync(bin);
  for (const [name, text] of Object.entries(STAND_INS)) fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  const registry = path.join(ws, 'registry');
  fs.mkdirSync(registry);
  const calls = path.join(ws, 'calls');
  fs.writeFileSync(calls, '');
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync('bash', [path.join(root, 'images', script), ...args], {
      cwd: ws,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        REGISTRY: registry,
        CALLS: calls,
        CHANGE_DIGEST: '',
        TRIVY_FINDS: '',
        ...env,
      },
    });
  return { ws, registry, run, calls: () => fs.readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) };
}
const targets: string[] = catalogue.images.flatMap((i: any) => i.repositories.map((r: string) => `${catalogue.registry}/${r}`));
const SHA256 = 'f'.repeat(64);

test('build: each image is built once, scanned before any push, pushed under the tag, and its digest recorded', () => {
  const s = sandbox();
  const r = s.run('build.sh', ['main-4f2a9c1', 'record.json'], { POSTGRESQL_JDBC_SHA256: SHA256 });
  expect([r.status, r.stderr]).toEqual([0, '']);
  const calls = s.calls();
  expect(calls.filter((c) => c.startsWith('buildah build'))).toHaveLength(catalogue.images.length);
  // The scan of each image comes before its first push to the registry.
  for (const image of catalogue.images) {
    const scan = calls.findIndex((c) => c.startsWith('trivy') && c.includes(`${image.name}.tar`));
    const push = calls.findIndex((c) => c.includes(`docker://${catalogue.registry}/${image.repositories[0]}:`));
    expect([image.name, scan >= 0, scan < push]).toEqual([image.name, true, true]);
  }
  const record = JSON.parse(fs.readFileSync(path.join(s.ws, 'record.json'), 'utf8'));
  expect(record.images.map((i: any) => i.image)).toEqual(targets.map((t) => `${t}:main-4f2a9c1`));
  for (const i of record.images) expect(i.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
});

test.each([
  [{ POSTGRESQL_JDBC_SHA256: '' }, 'images/build.sh: om-app needs POSTGRESQL_JDBC_SHA256'],
  [{ POSTGRESQL_JDBC_SHA256: SHA256, TRIVY_FINDS: '1' }, 'CRITICAL: CVE-2099-0001'],
])('build: %j fails before anything is pushed', (env, message) => {
  const s = sandbox();
  const r = s.run('build.sh', ['main-4f2a9c1'], env);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(message);
  expect(s.calls().filter((c) => c.includes('docker://'))).toEqual([]);
});

test('promote: a release candidate retags the commit build, a release the candidate, always the same digest; the record holds it', () => {
  const s = sandbox();
  expect(s.run('build.sh', ['main-4f2a9c1'], { POSTGRESQL_JDBC_SHA256: SHA256 }).status).toBe(0);
  const built = JSON.parse(fs.readFileSync(path.join(s.ws, 'image-record.json'), 'utf8')).images.map((i: any) => i.digest);
  const rc = s.run('promote.sh', ['main-4f2a9c1', '10.0.2501.0-rc.1-4f2a9c1']);
  expect([rc.status, rc.stderr]).toEqual([0, '']);
  const release = s.run('promote.sh', ['10.0.2501.0-rc.1-4f2a9c1', '10.0.2501.0-4f2a9c1', 'release.json']);
  expect([release.status, release.stderr]).toEqual([0, '']);
  const record = JSON.parse(fs.readFileSync(path.join(s.ws, 'release.json'), 'utf8'));
  expect(record.images.map((i: any) => i.image)).toEqual(targets.map((t) => `${t}:10.0.2501.0-4f2a9c1`));
  expect(record.images.map((i: any) => i.digest)).toEqual(built);
  // Promotion copies; it never builds.
  expect(
    s
      .calls()
      .filter((c) => c.startsWith('skopeo copy'))
      .every((c) => c.includes('--all --preserve-digests')),
  ).toBe(true);
  expect(s.calls().filter((c) => c.startsWith('buildah build'))).toHaveLength(catalogue.images.length);
});

test.each([
  [
    {},
    'nothing-built-4f2a9c1',
    `images/promote.sh: ${targets[0]}:nothing-built-4f2a9c1 (om-app) does not exist, so 1.0.0-rc.1-4f2a9c1 cannot be promoted from it; nothing more was retagged. Fix: build nothing-built-4f2a9c1 first (a branch or main push builds it), or promote from the tag that passed the earlier stage`,
  ],
  [{ CHANGE_DIGEST: '1' }, 'main-4f2a9c1', `images/promote.sh: ${targets[0]}:1.0.0-rc.1-4f2a9c1 has digest sha256:changed, not`],
])('promote: %j from %s fails naming the image and the fix', (env, from, message) => {
  const s = sandbox();
  expect(s.run('build.sh', ['main-4f2a9c1'], { POSTGRESQL_JDBC_SHA256: SHA256 }).status).toBe(0);
  const r = s.run('promote.sh', [from, '1.0.0-rc.1-4f2a9c1'], env);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(message);
});

test('check: every image of the registry an environment deploys must exist, by tag or digest, before apply', () => {
  const s = sandbox();
  expect(s.run('build.sh', ['main-4f2a9c1'], { POSTGRESQL_JDBC_SHA256: SHA256 }).status).toBe(0);
  const env = path.join(s.ws, 'dist', 'uat-eks');
  fs.mkdirSync(path.join(env, 'k8s'), { recursive: true });
  fs.mkdirSync(path.join(env, 'aws'), { recursive: true });
  const app = `${catalogue.registry}/oms/om-app`;
  fs.writeFileSync(path.join(env, 'k8s', 'a.yaml'), `image: ${app}:main-4f2a9c1\nimage: docker.io/library/postgres:16.4\n`);
  fs.writeFileSync(
    path.join(env, 'aws', 'main.tf.json'),
    JSON.stringify({ c: `[{\\"image\\":\\"${catalogue.registry}/services/flask-api:main-4f2a9c1\\"}]` }),
  );
  const ok = s.run('check.sh', ['uat-eks']);
  expect([ok.status, ok.stdout.trim().split('\n').pop()]).toEqual([0, `uat-eks: all 2 image(s) of ${catalogue.registry} exist`]);
  fs.appendFileSync(path.join(env, 'k8s', 'a.yaml'), `image: ${app}:main-0000000@sha256:${'1'.repeat(64)}\n`);
  const missing = s.run('check.sh', ['uat-eks']);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toBe(
    `images/check.sh: uat-eks deploys 1 image(s) the registry does not have: ${app}:main-0000000@sha256:${'1'.repeat(64)}; nothing was applied. Fix: build them (a push of the commit runs images/build.sh) or promote them (images/promote.sh), then run the deployment again\n`,
  );
});

test("every image of the team's registry an app deploys has a build definition", () => {
  // Per-commit images, and tool images built when their version changes (images.json "tools").
  const listed = new Set([
    ...catalogue.images.flatMap((i: any) => i.repositories),
    ...(catalogue.tools ?? []).map((t: any) => t.repository),
  ]);
  const used = new Set<string>();
  for (const f of fs
    .readdirSync(path.join(root, 'apps', 'config'))
    .map((x) => path.join('config', x))
    .concat(fs.readdirSync(path.join(root, 'apps')))) {
    const file = path.join(root, 'apps', f);
    if (!f.endsWith('.ts')) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/registry\.example\.com\/([a-z0-9-]+\/[a-z0-9-]+)/g)) used.add(m[1]);
    if (text.includes("'registry.example.com/oms'")) ['oms/om-app', 'oms/om-agent'].forEach((r) => used.add(r));
  }
  // The tools image is the platform team's, built outside this repository.
  used.delete('platform/db-tools');
  expect([...used].filter((r) => !listed.has(r))).toEqual([]);
  for (const i of catalogue.images) expect(fs.existsSync(path.join(root, i.context, 'Dockerfile'))).toBe(true);
});

test('the image scripts pass shellcheck', () => {
  const r = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.warn('shellcheck is not installed: the image scripts were not checked (install it: apt-get install shellcheck)');
    return;
  }
  const check = spawnSync(
    'shellcheck',
    ['build.sh', 'promote.sh', 'check.sh'].map((f) => path.join(root, 'images', f)),
    { encoding: 'utf8' },
  );
  expect([check.status, check.stdout]).toEqual([0, '']);
});
