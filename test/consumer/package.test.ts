import * as fs from 'node:fs';
import * as path from 'node:path';
import { pkg, root } from './pack-support';

// What a consumer relies on in the package's manifest and beside it.
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

test('the name is scoped, and publishing goes to the registry the README names, publicly', () => {
  expect(pkg.name).toBe('@oms-platform/constructs');
  expect(pkg.publishConfig).toEqual({ registry: 'https://registry.npmjs.org/', access: 'public' });
  expect(read('README.md')).toContain('`@oms-platform/constructs` is published to npmjs.com (https://registry.npmjs.org/)');
});

test('no peer dependency is an exact pin: each is a caret range over the version the tests use', () => {
  for (const [name, range] of Object.entries(pkg.peerDependencies as Record<string, string>)) {
    expect([name, range]).toEqual([name, expect.stringMatching(/^\^\d+\.\d+\.\d+$/)]);
    // The version this repository tests with is inside the range, and at most a minor above its floor.
    const [major, minor] = range.slice(1).split('.').map(Number);
    const [testedMajor, testedMinor] = String(pkg.devDependencies[name]).split('.').map(Number);
    expect([name, testedMajor, testedMinor >= minor]).toEqual([name, major, true]);
  }
});

test('Node.js 22 or later, and the types of Node 24 (the version CI runs)', () => {
  expect(pkg.engines).toEqual({ node: '>=22' });
  expect(pkg.devDependencies['@types/node']).toMatch(/^24\./);
  expect(read('.ci/run')).toContain('NODE_MAJOR=24');
});

test('the declared licence is the file shipped: Apache-2.0, in full', () => {
  expect(pkg.license).toBe('Apache-2.0');
  const licence = read('LICENSE');
  expect(licence).toContain('Apache License\n                           Version 2.0, January 2004');
  expect(licence).toContain('END OF TERMS AND CONDITIONS');
  expect(licence.split('\n').length).toBeGreaterThan(190);
});

test('the changelog follows Keep a Changelog and semver: an Unreleased section, then versions newest first', () => {
  const log = read('CHANGELOG.md');
  expect(log).toMatch(/^# Changelog\n/);
  expect(log).toContain('[Keep a Changelog 1.1.0](https://keepachangelog.com/en/1.1.0/)');
  const versions = [...log.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
  expect(versions[0]).toBe('Unreleased');
  for (const v of versions.slice(1)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
  const sections = [...log.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
  for (const s of sections) expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(s);
});

test('the API docs cover exactly the entry points the package exports', () => {
  const typedoc = JSON.parse(read('typedoc.json'));
  const exported = Object.entries(pkg.exports as Record<string, { default?: string } | string>)
    .filter(([key]) => key !== './package.json')
    .map(([, target]) => (typeof target === 'string' ? target : target.default!).replace(/^\.\/build\//, '').replace(/\.js$/, '.ts'));
  expect([...typedoc.entryPoints].sort()).toEqual(exported.sort());
  // Generated into build/ (not committed): `npm run docs`, which fails on any warning.
  expect(typedoc.out).toBe('build/docs');
  expect(typedoc.treatWarningsAsErrors).toBe(true);
  expect(pkg.scripts.docs).toBe('typedoc');
});

test('cdktf is imported only inside lib/aws, so moving to CDK Terrain (docs/cdk-terrain.md) changes that folder alone', () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = path.join(dir, e.name);
      return e.isDirectory() ? files(rel) : e.name.endsWith('.ts') ? [rel] : [];
    });
  const outside = ['lib', 'bin', 'apps']
    .flatMap(files)
    .filter((f) => !f.startsWith(`lib${path.sep}aws${path.sep}`))
    .filter((f) => /from '(cdktf|@cdktf\/[^']*)'|require\('(cdktf|@cdktf\/[^']*)'\)/.test(read(f)));
  expect(outside).toEqual([]);
});
