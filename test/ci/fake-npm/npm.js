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
};
if (!bins[script]) {
  process.stderr.write(`fake npm: no script ${script}\n`);
  process.exit(1);
}
const ts = require(path.join(repo, 'node_modules', 'typescript'));
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  module._compile(ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText, filename);
};
const [bin, ...fixed] = bins[script];
process.argv = [process.argv[0], path.join(repo, 'bin', bin), ...fixed, ...scriptArgs];
require(path.join(repo, 'bin', bin));
