import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

// The loader runs in a plain Node process (jest already loads .ts files itself), in a project whose own
// `typescript` package cannot be loaded at all, as with TypeScript 7 which has no JavaScript API.
const root = path.resolve(__dirname, '..', '..');
let project: string;

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-load-ts-'));
  const loader = ts.transpileModule(fs.readFileSync(path.join(root, 'lib/synth/load-typescript.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const files: Record<string, string> = {
    'load-typescript.js': loader,
    'node_modules/typescript/package.json': '{"name":"typescript","version":"7.0.0","main":"index.js"}',
    'node_modules/typescript/index.js': "throw new Error('the TypeScript compiler API was loaded');",
    // What Node's own type stripping refuses or cannot resolve: an extensionless relative import, an enum,
    // a namespace with values, constructor parameter properties, a type-only import without `import type`.
    'config/shop.ts': [
      'export enum Tier { Small = 1, Large = 4 }',
      'export namespace Sizes { export const cpu = (t: Tier): string => `${t * 500}m`; }',
      'export interface Shape { readonly cpu: string }',
      'export class Budget { constructor(public readonly tier: Tier, private readonly note = "x") {} shape(): Shape { return { cpu: Sizes.cpu(this.tier) + this.note.slice(1) }; } }',
    ].join('\n'),
    'apps/shop.ts': [
      "import { Budget, Shape, Tier } from '../config/shop';",
      'const shape: Shape = new Budget(Tier.Large).shape();',
      'export default { name: "shop", shape, tier: Tier[Tier.Large] };',
    ].join('\n'),
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  }
  // The package's own loader, as an installed package finds it.
  fs.symlinkSync(path.join(root, 'node_modules', 'tsx'), path.join(project, 'node_modules', 'tsx'), 'dir');
});

test("an app using enums, namespaces, parameter properties and extensionless imports loads without the project's typescript", () => {
  const script =
    "require('./load-typescript.js').registerTypeScript(); process.stdout.write(JSON.stringify(require('./apps/shop.ts').default));";
  const r = spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(JSON.parse(r.stdout)).toEqual({ name: 'shop', shape: { cpu: '2000m' }, tier: 'Large' });
});

test('calling it twice registers one loader', () => {
  const script = [
    "const l = require('./load-typescript.js');",
    'l.registerTypeScript(); const first = require.extensions[".ts"]; l.registerTypeScript();',
    'process.stdout.write(typeof first + " " + (first === require.extensions[".ts"]));',
  ].join(' ');
  const r = spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
  expect([r.status, r.stdout, r.stderr]).toEqual([0, 'function true', '']);
});
