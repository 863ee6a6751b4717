// Stands in for npm when the tests replay pipeline steps: `npm ci` does nothing; `npm run [--silent]
// <script> [-- args]` runs the project's bin/<script>.ts from source with the same arguments the
// package.json script would pass, so the step's own shell, pipes and exit codes are what is tested.
// With FAKE_SYNTH_FROM set, `npm run synth` copies that folder to ./dist instead of synthesizing.
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..', '..', '..');
const args = process.argv.slice(2);
if (args[0] === 'ci') process.exit(0);
if (args[0] !== 'run') {
  process.stderr.write(`fake npm: unsupported command: npm ${args.join(' ')}\n`);
  process.exit(1);
}
const rest = args.slice(1).filter((a) => a !== '--silent');
const script = rest[0];
const scriptArgs = rest[1] === '--' ? rest.slice(2) : rest.slice(1);
if (script === 'synth' && process.env.FAKE_SYNTH_FROM) {
  fs.cpSync(process.env.FAKE_SYNTH_FROM, 'dist', { recursive: true });
  process.exit(0);
}
const bins = {
  diff: ['diff.ts'],
  apply: ['apply.ts'],
  teardown: ['apply.ts', '--teardown'],
  target: ['target.ts'],
  'env-name': ['env-name.ts'],
  'sweep-branches': ['sweep-branches.ts'],
  deployments: ['deployments.ts'],
  'delivery-metrics': ['delivery-metrics.ts'],
};
if (!bins[script]) {
  process.stderr.write(`fake npm: no script ${script}\n`);
  process.exit(1);
}
// Transpiled modules are cached on disk (keyed by path, size and modification time), so only the first
// step of a test run pays for loading the TypeScript compiler and transpiling; later steps load plain JS.
const crypto = require('node:crypto');
const os = require('node:os');
const cacheDir = path.join(os.tmpdir(), 'oms-fake-npm-cache');
fs.mkdirSync(cacheDir, { recursive: true });
let ts;
require.extensions['.ts'] = (module, filename) => {
  const stat = fs.statSync(filename);
  const key = crypto.createHash('sha1').update(`${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require(path.join(repo, 'node_modules', 'typescript'));
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: options }).outputText;
    // Written under a temporary name and renamed, so a concurrent step never reads half a file.
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, output);
    fs.renameSync(tmp, cached);
  }
  module._compile(output, filename);
};
const [bin, ...fixed] = bins[script];
process.argv = [process.argv[0], path.join(repo, 'bin', bin), ...fixed, ...scriptArgs];
require(path.join(repo, 'bin', bin));
