import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// bin/compile-cache.ts defers cdktf's archiver. Jest has a module system of its own, so this runs in a plain Node.js
// process (TypeScript through tsx, a dependency), the way the commands start: one process for both tests.
const root = path.resolve(__dirname, '..', '..');
const ARCHIVER_DEPENDENCIES = /[\\/]node_modules[\\/](archiver-utils|readable-stream|lodash|compress-commons|zip-stream)[\\/]/;

let dir: string;
let result: { status: number | null; err: string; report: Record<string, unknown> };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-asset-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'handler.py'), 'def handler(event, context):\n    return 1\n');
  const script = `
    require('./bin/compile-cache');
    const { App, TerraformStack, TerraformAsset, AssetType } = require('cdktf');
    const loaded = () => Object.keys(require.cache).filter((f) => ${ARCHIVER_DEPENDENCIES}.test(f)).length;
    const before = loaded();
    // An archive asset: cdktf zips it in a child process of its own (node cdktf/lib/private/fs.js).
    const app = new App({ outdir: ${JSON.stringify(path.join(dir, 'out'))} });
    new TerraformAsset(new TerraformStack(app, 'stack'), 'code', { path: ${JSON.stringify(path.join(dir, 'src'))}, type: AssetType.ARCHIVE });
    app.synth();
    const afterSynth = loaded();
    // The stand-in, called in this process, loads the real archiver and passes the call on.
    const file = require.resolve('archiver', { paths: [require('node:path').dirname(require.resolve('cdktf'))] });
    const standIn = require.cache[file];
    const archive = standIn.exports('zip', { zlib: { level: 1 } });
    console.log(JSON.stringify({ before, afterSynth, afterCall: loaded(), real: require.cache[file] !== standIn, append: typeof archive.append, finalize: typeof archive.finalize }));
  `;
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
  result = { status: r.status, err: r.stderr, report: r.status === 0 ? JSON.parse(r.stdout) : {} };
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a command loads cdktf without archiver and its dependencies; the stand-in loads the real archiver when called', () => {
  expect(result.err).toBe('');
  expect(result.report).toEqual({
    before: 0,
    afterSynth: 0,
    afterCall: expect.any(Number),
    real: true,
    append: 'function',
    finalize: 'function',
  });
  expect(result.report.afterCall).toBeGreaterThan(0);
});

test('cdktf still zips an archive asset in a command', () => {
  expect(result.status).toBe(0);
  const out = path.join(dir, 'out');
  const zips = fs
    .readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.zip'));
  expect(zips).toHaveLength(1);
  // A zip file starts with the local file header signature PK\x03\x04.
  expect(fs.readFileSync(path.join(out, zips[0])).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
});
