import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildAndPack, consumerCopy, pkg, sh } from './pack-support';

// A new user's first steps, from the registry: the packed package installed into a copy of
// examples/consumer with `npm install`, so npm resolves every peer dependency to today's newest version
// the package's ranges admit, with the newest TypeScript on npm (7 at the time of writing, which has no
// JavaScript compiler API); then the consumer's type check and `oms-synth`. It needs the registry, so it
// runs with `npm run test:consumer` (CI's .ci/run does) and says that it was skipped otherwise.
const enabled = process.env.OMS_CONSUMER_INSTALL === '1';
if (!enabled) {
  console.warn('test/consumer/fresh-install.test.ts skipped: it installs from the npm registry; run `npm run test:consumer`.');
}
const bySemver = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split(/[.-]/).slice(0, 3).map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
const describeIfEnabled = enabled ? describe : describe.skip;
jest.setTimeout(600_000);

describeIfEnabled('the packed package from a fresh npm install', () => {
  let consumer: string;
  let latestTypeScript: string;
  const installed = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', name, 'package.json'), 'utf8')).version;

  beforeAll(() => {
    const { tarball } = buildAndPack();
    consumer = consumerCopy();
    const manifest = JSON.parse(fs.readFileSync(path.join(consumer, 'package.json'), 'utf8'));
    manifest.dependencies[pkg.name] = `file:${tarball}`;
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify(manifest, null, 2));
    const latest = sh('npm', ['view', 'typescript', 'dist-tags.latest'], consumer);
    if (latest.status !== 0) throw new Error(`npm view typescript failed: ${latest.stderr}`);
    latestTypeScript = latest.stdout.trim();
    const install = sh('npm', ['install', '--no-audit', '--no-fund', `typescript@${latestTypeScript}`], consumer);
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
  });

  test("npm installed the newest TypeScript and, for every peer the example names, a version inside the package's range", () => {
    expect(installed('typescript')).toBe(latestTypeScript);
    for (const peer of ['cdk8s', 'constructs']) {
      const newest = sh('npm', ['view', `${peer}@${pkg.peerDependencies[peer]}`, 'version', '--json'], consumer);
      const versions: string | string[] = JSON.parse(newest.stdout);
      const top = [versions].flat().sort(bySemver).pop();
      expect([peer, installed(peer)]).toEqual([peer, top]);
    }
  });

  test("the consumer's apps type-check with that TypeScript against the package's declarations", () => {
    const tsc = sh(path.join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], consumer);
    expect([tsc.status, tsc.stdout + tsc.stderr]).toEqual([0, '']);
  });

  test('oms-synth renders the TypeScript app without a compile step', () => {
    const synth = sh(path.join(consumer, 'node_modules', '.bin', 'oms-synth'), [], consumer);
    expect([synth.status, synth.stderr]).toEqual([0, '']);
    expect(synth.stdout).toMatch(/shop-uat: \d+ files, \d+ objects in dist\/shop-uat \(/);
    expect(fs.readdirSync(path.join(consumer, 'dist', 'shop-uat', 'k8s')).sort()).toEqual([
      'Kustomization',
      'app-server.yaml',
      'environment.yaml',
      'gateway.yaml',
      'reserve.yaml',
    ]);
  });
});
