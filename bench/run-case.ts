import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { toYaml } from '../lib/core/yaml-emitter';
import { synthCommand } from '../lib/synth/synth-command';
import { synthOurs } from './estate';
import { synthPlain } from './plain';
import { discard, scratchDir } from './scratch';
import { StackInputFile, stackFloor, stackInput } from './stack-floor';

// One measurement in a fresh process, printed as JSON with the peak resident memory:
//   node run-case.js whole <services> <environments>   the whole path of `synth` (ms)
//   node run-case.js again <services> <environments>   the same, a second time over its own previous output (ms)
//   node run-case.js floor <services> <json|yaml|ours>  one serializer alone on the objects synthesis writes (ms)
//   node run-case.js floor <services> files             creating the rendered files alone, text made beforehand (ms)
//   node run-case.js stack <services>                   the least the stack costs: the objects synthesis writes, held as
//                                                       they are in plain cdk8s ApiObjects, rendered, emitted, written (ms)
//   node run-case.js render|plain <services>            rendering only, ours or plain cdk8s-plus (ms)
// Module loading is outside the timed section, and a small warm-up run comes first. Every timed part
// starts after a full garbage collection (run with node --expose-gc); each floor is timed
// BENCH_FLOOR_REPEATS times (default 5) and the medians reported.

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** A full garbage collection (the process runs with --expose-gc), so no measurement pays for the garbage of what came before. */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
}

/** Wall and CPU time (all threads of the process, so garbage collection too) of `fn`, in ms, after a full collection. */
function timeWithCpu(fn: () => unknown): { ms: number; cpuMs: number } {
  collect();
  const c0 = process.cpuUsage();
  const ms = time(fn);
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

/** Times a floor `REPEATS` times, each after a full collection; the median of each figure. */
const REPEATS = Number(process.env.BENCH_FLOOR_REPEATS ?? 5);
function timeRepeated(fn: () => unknown, before = () => {}, after = () => {}): { ms: number; cpuMs: number } {
  const runs = Array.from({ length: REPEATS }, () => {
    before();
    const run = timeWithCpu(fn);
    after();
    return run;
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

/**
 * A project of `environments` apps sharing `services` between them, each app a module that
 * builds its estate, as users write them (compiled, as `npm run synth` loads them).
 */
function project(services: number, environments: number, tag: string): { dir: string; out: string } {
  const dir = scratchDir(tag);
  const estate = JSON.stringify(path.join(__dirname, 'estate.js'));
  for (let e = 0; e < environments; e++) {
    const n = Math.floor(services / environments) + (e < services % environments ? 1 : 0);
    const name = environments === 1 ? 'bench' : `bench-${e}`;
    fs.writeFileSync(path.join(dir, `${name}.js`), `exports.default = require(${estate}).buildEstate(${n}, '${name}');\n`);
  }
  return { dir, out: path.join(dir, 'dist') };
}

/** `synth --apps <dir> --compiled <dir> --out <dir>`: load the apps, render, build the plans, write dist/. */
function synth(p: { dir: string; out: string }): void {
  const err: string[] = [];
  const status = synthCommand(['--apps', p.dir, '--compiled', p.dir, '--out', p.out], { out: () => undefined, err: (t) => err.push(t) });
  if (status !== 0) throw new Error(`synth failed (${status}): ${err.join('')}`);
}

const writeDocs = (manifests: Record<string, any>[], write: (d: Record<string, any>) => string) => manifests.map(write).join('---\n');

const [variant, nText, envText] = process.argv.slice(2);
const n = Number(nText);
let result: Record<string, number>;
if (variant === 'synth-into') {
  // For `again`: synthesizes the project in `nText` (a folder made by project()) into its dist/.
  synth({ dir: nText, out: path.join(nText, 'dist') });
  process.exit(0);
}
if (variant === 'stack-input') {
  // For `stack`: writes the files of an estate of `nText` services to the file `envText`.
  fs.writeFileSync(envText, JSON.stringify(stackInput(n)));
  process.exit(0);
}
if (variant === 'whole') {
  const warm = project(10, 1, 'warm');
  synth(warm);
  const p = project(n, Number(envText ?? 1), 'case');
  result = timeWithCpu(() => synth(p));
  for (const d of [warm.dir, p.dir]) discard(d);
} else if (variant === 'stack') {
  // The objects are made by other processes, so that this one is no warmer than the whole path's: it has run
  // none of the library's construction code, only a small warm-up of the same steps.
  const dir = scratchDir('stack');
  const input = (k: number) => {
    const file = path.join(dir, `input-${k}.json`);
    execFileSync(process.execPath, [__filename, 'stack-input', String(k), file]);
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StackInputFile[];
  };
  stackFloor(input(10), path.join(dir, 'warm'));
  const files = input(n);
  result = timeWithCpu(() => stackFloor(files, path.join(dir, 'out')));
  discard(dir);
} else if (variant === 'again') {
  // The whole path over the previous output of the same estate, as a second `npm run synth` runs: unchanged files
  // are linked from it instead of created (writeAtomically).
  // The previous output is made by another process, so that this one is no warmer than the whole path's.
  const warm = project(10, 1, 'warm');
  synth(warm);
  synth(warm);
  const p = project(n, Number(envText ?? 1), 'again');
  execFileSync(process.execPath, [__filename, 'synth-into', p.dir]);
  result = timeWithCpu(() => synth(p));
  for (const d of [warm.dir, p.dir]) discard(d);
} else if (variant === 'floor' && envText === 'files') {
  // Creating the rendered files alone (text serialized beforehand), as the whole path writes them:
  // what the disk costs, which no serializer floor includes.
  const write = (files: { path: string; content: string }[]) => {
    let dir = '';
    return timeRepeated(
      () => {
        const folders = new Set<string>();
        for (const f of files) {
          const target = path.join(dir, f.path);
          if (!folders.has(path.dirname(target))) fs.mkdirSync(path.dirname(target), { recursive: true });
          folders.add(path.dirname(target));
          fs.writeFileSync(target, f.content);
        }
      },
      () => (dir = scratchDir('files')),
      () => discard(dir),
    );
  };
  const texts = (k: number) => synthOurs(k).files.map((f) => ({ path: f.path, content: f.content }));
  write(texts(10));
  result = write(texts(n));
} else if (variant === 'floor') {
  // The very objects synthesis writes at this size, serialized alone: a floor of the whole path.
  // One serializer per process, so that none pays for the garbage of another.
  const writers: Record<string, (d: Record<string, any>) => string> = {
    json: (d) => JSON.stringify(d),
    yaml: (d) => stringify(d, { lineWidth: 0 }),
    ours: toYaml,
  };
  const write = writers[envText];
  if (!write) throw new Error(`unknown floor ${envText}`);
  writeDocs(synthOurs(10).manifests, write);
  const manifests = synthOurs(n).manifests;
  result = timeRepeated(() => writeDocs(manifests, write));
} else if (variant === 'render') {
  synthOurs(10);
  result = { ms: time(() => synthOurs(n)) };
} else if (variant === 'plain') {
  synthPlain(10);
  result = { ms: time(() => synthPlain(n)) };
} else {
  throw new Error(`unknown variant ${variant}`);
}
process.stdout.write(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
