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
// step of a test run that loads a module transpiles it; later steps load plain JS. The transpiler is
// esbuild, the one under tsx, which the library itself uses to load TypeScript apps: starting it and
// transpiling a command's modules costs a fraction of loading the TypeScript compiler for the same.
const crypto = require('node:crypto');
const os = require('node:os');
const cacheDir = path.join(os.tmpdir(), 'oms-fake-npm-cache');
fs.mkdirSync(cacheDir, { recursive: true });
let esbuild;
const loadEsbuild = () =>
  require(require.resolve('esbuild', { paths: [path.dirname(require.resolve('tsx/package.json', { paths: [repo] }))] }));
require.extensions['.ts'] = (module, filename) => {
  const stat = fs.statSync(filename);
  const key = crypto.createHash('sha1').update(`${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    esbuild ??= loadEsbuild();
    // As tsconfig.json compiles: ES2022 (class fields defined, not assigned), CommonJS.
    output = esbuild.transformSync(fs.readFileSync(filename, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcefile: filename,
      tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true, esModuleInterop: true } },
    }).code;
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
