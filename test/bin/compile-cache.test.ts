import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// bin/compile-cache.ts defers cdktf's archiver. Jest has a module system of its own, so this runs in a plain Node.js
// process (TypeScript through tsx, a dependency), the way the commands start.
const root = path.resolve(__dirname, '..', '..');

function inNode(script: string): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const ARCHIVER_DEPENDENCIES = /[\\/]node_modules[\\/](archiver-utils|readable-stream|lodash|compress-commons|zip-stream)[\\/]/;

test('a command loads cdktf without archiver and its dependencies; the stand-in loads the real archiver when called', () => {
  const r = inNode(`
    require('./bin/compile-cache');
    require('cdktf');
    const loaded = () => Object.keys(require.cache).filter((f) => ${ARCHIVER_DEPENDENCIES}.test(f)).length;
    const before = loaded();
    const file = require.resolve('archiver', { paths: [require('node:path').dirname(require.resolve('cdktf'))] });
    const standIn = require.cache[file];
    const archive = standIn.exports('zip', { zlib: { level: 1 } });
    console.log(JSON.stringify({ before, after: loaded(), real: require.cache[file] !== standIn, append: typeof archive.append, finalize: typeof archive.finalize }));
  `);
  expect(r.err).toBe('');
  expect(JSON.parse(r.out)).toEqual({ before: 0, after: expect.any(Number), real: true, append: 'function', finalize: 'function' });
  expect(JSON.parse(r.out).after).toBeGreaterThan(0);
});

test('cdktf still zips an archive asset in a command (cdktf runs archiver in a child process of its own)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-asset-'));
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'handler.py'), 'def handler(event, context):\n    return 1\n');
    const r = inNode(`
      require('./bin/compile-cache');
      const { App, TerraformStack, TerraformAsset, AssetType } = require('cdktf');
      const app = new App({ outdir: ${JSON.stringify(path.join(dir, 'out'))} });
      const stack = new TerraformStack(app, 'stack');
      new TerraformAsset(stack, 'code', { path: ${JSON.stringify(path.join(dir, 'src'))}, type: AssetType.ARCHIVE });
      app.synth();
    `);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const zips = fs
      .readdirSync(path.join(dir, 'out'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.zip'));
    expect(zips).toHaveLength(1);
    // A zip file starts with the local file header signature PK\x03\x04.
    expect(fs.readFileSync(path.join(dir, 'out', zips[0])).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
