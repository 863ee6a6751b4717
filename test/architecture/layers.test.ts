import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// The folders of lib/ are layers with one direction (eslint.config.mjs holds the order and enforces it in
// `npm run lint`). These tests check the same from the source: the lint rule fires on a backwards import,
// the folders form no cycle, and no two compiled files need each other at run time.

const ROOT = path.resolve(__dirname, '../..');
const LIB = path.join(ROOT, 'lib');

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p.endsWith(path.join('crds', 'imports')) ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

// `import ... from './x'`, `export ... from './x'` and `import './x'`; the names part holds no code (no `(`, `=`).
const IMPORT = /^(?:import|export)\s+(type\s+)?(?:([^'";()=]*?)\s+from\s+)?'(\.[^']+)'/gms;

function resolveSource(fromFile: string, spec: string): string {
  const base = path.resolve(path.dirname(fromFile), spec);
  if (fs.existsSync(`${base}.ts`)) return `${base}.ts`;
  return path.join(base, 'index.ts');
}

function edges(): Edge[] {
  return sourceFiles(LIB).flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => {
      const names = (m[2] ?? '').trim();
      const allTypes =
        m[1] !== undefined ||
        (names.startsWith('{') &&
          names
            .slice(1, -1)
            .split(',')
            .map((n) => n.trim())
            .filter((n) => n !== '')
            .every((n) => n.startsWith('type ')));
      return { from: file, to: resolveSource(file, m[3]), typeOnly: allTypes };
    });
  });
}

/** lib/k8s/<folder> for the Kubernetes layer, lib/<folder> elsewhere. */
function folderOf(file: string): string {
  const parts = path.relative(LIB, file).split(path.sep);
  if (parts.length === 1) return 'index';
  return parts[0] === 'k8s' && parts.length > 2 ? `k8s/${parts[1]}` : parts[0];
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function graphOf(list: readonly Edge[], key: (f: string) => string): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const e of list) {
    const a = key(e.from);
    const b = key(e.to);
    if (a === b) continue;
    if (!g.has(a)) g.set(a, new Set());
    g.get(a)!.add(b);
  }
  return g;
}

const ALL = edges();

test('the folders of lib/ import each other in one direction (type imports included)', () => {
  expect(cycles(graphOf(ALL, folderOf))).toEqual([]);
});

test('no two files of lib/ import each other at run time, directly or through others', () => {
  const rel = (f: string) => path.relative(ROOT, f);
  expect(
    cycles(
      graphOf(
        ALL.filter((e) => !e.typeOnly),
        rel,
      ),
    ),
  ).toEqual([]);
});

test('the cycle check finds a cycle when there is one', () => {
  const g = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
  ]);
  expect(cycles(g)).toEqual([['a', 'b', 'c']]);
});

describe('npm run lint refuses a backwards import', () => {
  // ESLint runs in a child process (it loads eslint.config.mjs as an ES module, which jest's module system
  // cannot), with the project's own configuration, over every sample at once.
  const samples: Array<[string, string, boolean]> = [
    [
      'lib/k8s/workloads/example.ts',
      "import { OmsApiGateway } from '../routing/oms-api-gateway';\nexport const x = OmsApiGateway;\n",
      true,
    ],
    [
      'lib/k8s/primitives/example.ts',
      "import { OmsEnvironment } from '../environment/oms-environment';\nexport const x = OmsEnvironment;\n",
      true,
    ],
    ['lib/k8s/environment/example.ts', "import type { Workload } from '../workloads/workload';\nexport type X = Workload;\n", true],
    ['lib/core/example.ts', "import { k8s } from '../k8s/primitives/kube';\nexport const x = k8s;\n", true],
    [
      'lib/aws/example.ts',
      "import { OmsEnvironment } from '../k8s/environment/oms-environment';\nexport const x = OmsEnvironment;\n",
      true,
    ],
    ['lib/k8s/routing/example.ts', "import { Workload } from '../workloads/workload';\nexport const x = Workload;\n", false],
  ];
  const script = `
    import { ESLint } from 'eslint';
    const samples = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const [file, code] of samples) {
      const [r] = await eslint.lintText(code, { filePath: file });
      out.push(r.messages.filter((m) => m.ruleId === 'no-restricted-imports').length);
    }
    console.log(JSON.stringify(out));
  `;
  let counts: number[] = [];
  beforeAll(() => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(samples)], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`eslint did not run: ${r.stderr}`);
    counts = JSON.parse(r.stdout);
  }, 60_000);

  test.each(samples.map((s, i) => [s[0], s[2], i] as const))('%s (refused: %s)', (_file, refused, i) => {
    expect(counts[i]).toBe(refused ? 1 : 0);
  });
});
