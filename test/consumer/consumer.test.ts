import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildAndPack, consumerCopy, pkg, root, sh } from './pack-support';

// The package as another repository gets it: built, packed with `npm pack` (so the files list is what
// is tested), unpacked into examples/consumer's node_modules beside this repository's copies of its peer
// dependencies, and driven through its binaries from the consumer's own folder. Offline; the install
// from the registry with today's newest peers and TypeScript is fresh-install.test.ts.
jest.setTimeout(180_000);

let consumer: string;
let packed: string[];

const bin = (name: string) => path.join(consumer, 'node_modules', pkg.name, pkg.bin[name]);

beforeAll(() => {
  const { tarball, files } = buildAndPack();
  packed = files;
  consumer = consumerCopy();
  const installed = path.join(consumer, 'node_modules', pkg.name);
  fs.mkdirSync(installed, { recursive: true });
  const untar = sh('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], consumer);
  if (untar.status !== 0) throw new Error(untar.stderr);
  // The peer and regular dependencies, as npm would install them next to the package.
  for (const dep of [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies)]) {
    const target = path.join(consumer, 'node_modules', dep);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules', dep), target, 'dir');
  }
});

test('the package ships the built library and binaries, and nothing else of the repository', () => {
  expect(packed).toEqual(
    expect.arrayContaining([
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'build/lib/index.js',
      'build/lib/index.d.ts',
      'build/lib/aws/index.js',
      'build/bin/synth.js',
    ]),
  );
  expect(packed.filter((f) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|build\/(lib|bin)\/.*\.(js|d\.ts))$/.test(f))).toEqual([]);
  for (const name of Object.keys(pkg.bin)) {
    expect(packed).toContain(pkg.bin[name]);
    expect(fs.readFileSync(bin(name), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  }
});

test('the exports: the library, its AWS layer, the policy rules and the review; nothing deeper', () => {
  const resolve = (spec: string) =>
    sh(process.execPath, ['-e', `require.resolve(${JSON.stringify(spec)}); require(${JSON.stringify(spec)})`], consumer);
  for (const spec of [pkg.name, `${pkg.name}/aws`, `${pkg.name}/policy`, `${pkg.name}/review`]) {
    const r = resolve(spec); // one process per entry point: each loads on its own
    expect([spec, r.status, r.stderr]).toEqual([spec, 0, '']);
  }
  const deep = resolve(`${pkg.name}/build/lib/k8s/output/render`);
  expect(deep.status).toBe(1);
  expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
});

test("the consumer's apps type-check against the package's types", () => {
  const r = sh(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer);
  expect([r.status, r.stdout]).toEqual([0, '']);
});

test("oms-synth renders the consumer's own apps folder; oms-diff reviews it; oms-apply plans it", () => {
  const synth = sh(process.execPath, [bin('oms-synth')], consumer);
  expect([synth.status, synth.stderr]).toEqual([0, '']);
  expect(synth.stdout).toMatch(/^\[1\/1\] apps\/shop-uat.ts rendered in \d+\.\d s\nshop-uat: \d+ files, \d+ objects in dist\/shop-uat \(/);
  // Nothing but the output (and no cdktf.out) is written into the project.
  expect(
    fs
      .readdirSync(consumer)
      .filter((f) => !f.startsWith('dist.gen-'))
      .sort(),
  ).toEqual(['apps', 'config', 'dist', 'node_modules', 'package.json', 'README.md', 'tsconfig.json'].sort());
  expect(fs.readdirSync(path.join(consumer, 'dist', 'shop-uat', 'k8s')).sort()).toEqual([
    'Kustomization',
    'app-server.yaml',
    'environment.yaml',
    'gateway.yaml',
    'reserve.yaml',
  ]);
  expect(fs.existsSync(path.join(consumer, 'dist', 'shop-uat', 'kustomization.yaml'))).toBe(true);

  const base = path.join(consumer, 'base-dist');
  // dist is a link to its generation folder: copy what it points to, not the link.
  fs.cpSync(path.join(consumer, 'dist'), base, { recursive: true, dereference: true });
  const same = sh(process.execPath, [bin('oms-diff'), base, 'dist'], consumer);
  expect([same.status, same.stdout]).toEqual([0, 'No changes.\n']);
  fs.rmSync(path.join(base, 'shop-uat', 'k8s', 'environment.yaml'));
  fs.writeFileSync(
    path.join(base, 'shop-uat', 'k8s', 'environment.yaml'),
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-uat\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: old-team\n',
  );
  const destructive = sh(process.execPath, [bin('oms-diff'), base, 'dist'], consumer);
  expect(destructive.status).toBe(2);
  expect(destructive.stdout).toContain('!! DESTRUCTIVE k8s Namespace -/old-team: the Namespace is removed: everything in it is deleted');

  const plan = sh(process.execPath, [bin('oms-apply'), 'shop-uat', '--dry-run'], consumer);
  expect([plan.status, plan.stdout.split('\n')[0]]).toEqual([0, '# shop-uat (uat)']);
  const help = sh(process.execPath, [bin('oms-apply'), '--help'], consumer);
  expect([help.status, help.stdout.split('\n')[0]]).toEqual([0, 'usage: apply <env> [options]']);
});
