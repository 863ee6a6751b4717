import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childCpu } from './child-cpu';
import { discard, scratchDir } from './scratch';

// `npm run bench`: the whole path a user runs (`synth`: load the apps, render, build the plans,
// write dist/) for 10, 100, 1000 and 3000 services in one environment and 1000 services over 50
// environments, with peak memory, beside three floors measured in the same run on the very
// objects synthesis writes: JSON.stringify, the yaml library, and our YAML emitter; and the stack's
// own price (those objects, final already, in plain cdk8s ApiObjects, rendered, emitted and written
// as synthesis does it, with none of the library's logic), the least synthesis can cost as it renders. Then
// the cold start of the real synth command. Every measurement runs in a fresh process; the runs of all cases
// are interleaved (round after round) so that load from elsewhere spreads over all of them, and the
// median of RUNS runs is reported.
//
// The ratios are of CPU time (all threads), the cost of a run, which load from other processes
// disturbs far less than wall time: each is taken within one round (the whole path against the
// floors of the same round) and the median of the rounds reported, with their range. Wall-time
// ratios follow as secondary figures.

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// Everything the cases write stays under one folder until the last measurement (see scratch.ts for why); the
// project's build/ by default, beside where a user's dist/ is. Removing it frees thousands of inodes at once, and
// creating files stays dear for a while after that, so a bench that starts soon after the last one's clean-up (or
// finds a folder left by a stopped run and removes it) first waits until that clean-up is AGE_MS old.
const SCRATCH = path.resolve(process.env.BENCH_SCRATCH ?? path.join(__dirname, '..', 'bench-scratch'));
const CLEANED = `${SCRATCH}.removed-at`;
const AGE_MS = 90_000;
// Only a folder the bench made (it holds this file) is ever removed: BENCH_SCRATCH may name any folder.
const MARK = '.oms-bench-scratch';
if (fs.existsSync(SCRATCH)) {
  removeScratch();
  process.stderr.write(`removed ${SCRATCH}, left by an earlier run\n`);
}
const since = fs.existsSync(CLEANED) ? Date.now() - Number(fs.readFileSync(CLEANED, 'utf8')) : Infinity;
if (since < AGE_MS) {
  const wait = Math.ceil((AGE_MS - since) / 1000);
  process.stderr.write(
    `waiting ${wait} s: the files of the last bench were removed ${Math.floor(since / 1000)} s ago (bench/scratch.ts)\n`,
  );
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, AGE_MS - since);
}
fs.mkdirSync(SCRATCH, { recursive: true });
fs.writeFileSync(path.join(SCRATCH, MARK), 'made by npm run bench; removed when it ends\n');
process.env.BENCH_SCRATCH = SCRATCH;
const WHOLE: [number, number][] = [
  [10, 1],
  [100, 1],
  [1000, 1],
  [3000, 1],
  [1000, 50],
];
// The ratios are taken at 1000 services; each floor is timed several times per process (see run-case.ts).
const FLOOR_SIZES = [1000];
const FLOORS = [
  ['json', 'JSON.stringify'],
  ['yaml', 'yaml library'],
  ['ours', 'our emitter'],
  // Not a serializer: creating the same files on disk, text made beforehand (part of the whole path).
  ['files', 'creating the files'],
] as const;

type Sample = Record<string, number>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medianOf = (samples: Sample[]): Sample =>
  Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((s) => s[k]))]));

function runCase(args: string[]): Sample {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'run-case.js'), ...args], { maxBuffer: 1 << 26 });
  return JSON.parse(out.toString());
}

/** Removes the scratch folder, and notes when (a later bench waits for the freed inodes to age). */
function removeScratch(): void {
  if (!fs.existsSync(path.join(SCRATCH, MARK))) {
    throw new Error(`${SCRATCH} exists and was not made by the bench; not removing it. Fix: set BENCH_SCRATCH to a new folder's path`);
  }
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  fs.writeFileSync(CLEANED, String(Date.now()));
}

/** The cold start: `node build/bin/synth.js` for every app, its CPU time as the kernel accounts it (with module loading). */
function coldStart(): { wallS: number; cpuS: number; loadS: number; synthS: number } {
  const out = scratchDir('cold');
  const run = childCpu(process.execPath, [path.join(__dirname, '..', 'bin', 'synth.js'), '--out', path.join(out, 'dist')], {
    env: { ...process.env, OMS_SYNTH_TIMING: '1' },
  });
  discard(out);
  if (run.status !== 0) throw new Error(`synth failed:\n${run.stderr}`);
  const m = /timing: load_ms=([\d.]+) synth_ms=([\d.]+)/.exec(run.stderr);
  return { wallS: run.wallS, cpuS: run.cpuS, loadS: m ? Number(m[1]) / 1000 : NaN, synthS: m ? Number(m[2]) / 1000 : NaN };
}

const cases: { key: string; args: string[] }[] = [
  ...WHOLE.map(([n, e]) => ({ key: `whole ${n} ${e}`, args: ['whole', String(n), String(e)] })),
  // The same estate synthesized again over its previous output (what a second `npm run synth` does): secondary.
  { key: 'again 1000 1', args: ['again', '1000', '1'] },
  ...FLOOR_SIZES.flatMap((n) => FLOORS.map(([f]) => ({ key: `floor ${f} ${n}`, args: ['floor', String(n), f] }))),
  // The least the stack itself costs for the Kubernetes files at 1000 services (see run-case.ts): what the goals leave room for.
  { key: 'stack 1000', args: ['stack', '1000'] },
];
const samples = new Map<string, Sample[]>(cases.map((c) => [c.key, []]));
const loadBefore = os.loadavg();
const colds: ReturnType<typeof coldStart>[] = [];
for (let run = 0; run < RUNS; run++) {
  for (const c of cases) samples.get(c.key)!.push(runCase(c.args));
  colds.push(coldStart());
}
const loadAfter = os.loadavg();
// The measurements are done: what the cases wrote can go now.
removeScratch();
const result = new Map([...samples].map(([k, s]) => [k, medianOf(s)]));
const whole = (n: number, e = 1) => result.get(`whole ${n} ${e}`)!;
const floor = (f: string, n: number) => result.get(`floor ${f} ${n}`)!;

const col = (s: string | number, w: number) => String(s).padStart(w);
const rows = [`${'case'.padEnd(42)}${col('ms', 10)}${col('ms/service', 12)}${col('CPU ms', 10)}${col('peak MB', 9)}`];
/** One row of the table: a case's medians, and its wall time per service. */
const row = (label: string, s: Sample, n: number) =>
  `${label.padEnd(42)}${col(s.ms.toFixed(0), 10)}${col((s.ms / n).toFixed(3), 12)}${col(s.cpuMs.toFixed(0), 10)}${col(s.maxRssMb.toFixed(0), 9)}`;
for (const [n, e] of WHOLE) rows.push(row(`whole path, ${n} services${e > 1 ? ` in ${e} envs` : ''}`, whole(n, e), n));
for (const n of FLOOR_SIZES) for (const [f, label] of FLOORS) rows.push(row(`floor: ${label}, ${n} services`, floor(f, n), n));
rows.push(row('floor: the stack alone, 1000 services', result.get('stack 1000')!, 1000));
const cold = {
  wallS: median(colds.map((c) => c.wallS)),
  cpuS: median(colds.map((c) => c.cpuS)),
  loadS: median(colds.map((c) => c.loadS)),
  synthS: median(colds.map((c) => c.synthS)),
};
process.stdout.write(`${rows.join('\n')}\n\n`);
process.stdout.write(
  `cold start (node build/bin/synth.js, all apps): ${cold.cpuS.toFixed(2)} s CPU, ${cold.wallS.toFixed(2)} s wall; module loading ${cold.loadS.toFixed(2)} s, synthesis and writing ${cold.synthS.toFixed(2)} s (wall)\n`,
);
process.stdout.write(
  `medians of ${RUNS} interleaved runs; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after\n\n`,
);

/** A ratio taken within each round (paired), as the median of the rounds and their range. */
function paired(figure: (round: number) => number): { median: number; min: number; max: number } {
  const xs = Array.from({ length: RUNS }, (_, i) => figure(i));
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}
const at = (key: string, round: number) => samples.get(key)![round];
const ratio = (by: 'cpuMs' | 'ms', a: string, b: string) => paired((i) => at(a, i)[by] / at(b, i)[by]);
const flatBy = (by: 'cpuMs' | 'ms') => paired((i) => at('whole 3000 1', i)[by] / 3000 / (at('whole 100 1', i)[by] / 100));
const cpu = {
  yaml: ratio('cpuMs', 'whole 1000 1', 'floor yaml 1000'),
  json: ratio('cpuMs', 'whole 1000 1', 'floor json 1000'),
  flat: flatBy('cpuMs'),
};
// The stack's own price: the same objects held in plain cdk8s ApiObjects, rendered, emitted and written (no logic).
const stack = {
  json: ratio('cpuMs', 'stack 1000', 'floor json 1000'),
  whole: ratio('cpuMs', 'whole 1000 1', 'stack 1000'),
};
const wall = {
  yaml: ratio('ms', 'whole 1000 1', 'floor yaml 1000'),
  json: ratio('ms', 'whole 1000 1', 'floor json 1000'),
  flat: flatBy('ms'),
};
const shown = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
process.stdout.write(
  `CPU time, paired by round: whole/yaml=${shown(cpu.yaml)} whole/json=${shown(cpu.json)} flat_3000_over_100=${shown(cpu.flat)}\n`,
);
process.stdout.write(
  `wall time (secondary): whole/yaml=${shown(wall.yaml)} whole/json=${shown(wall.json)} flat_3000_over_100=${shown(wall.flat)}\n`,
);
process.stdout.write(
  `the stack alone (objects final already, in plain cdk8s ApiObjects, rendered, emitted, written), CPU: stack/json=${shown(stack.json)} whole/stack=${shown(stack.whole)}\n`,
);
const again = {
  yaml: ratio('cpuMs', 'again 1000 1', 'floor yaml 1000'),
  json: ratio('cpuMs', 'again 1000 1', 'floor json 1000'),
};
process.stdout.write(
  `again over its previous output (unchanged files linked, not created), CPU: whole/yaml=${shown(again.yaml)} whole/json=${shown(again.json)}; ${result.get('again 1000 1')!.cpuMs.toFixed(0)} ms CPU\n`,
);
// What the disk costs to create the files, which no serializer floor pays for.
process.stdout.write(
  `creating the files alone at 1000 services: ${floor('files', 1000).cpuMs.toFixed(0)} ms CPU (${((100 * floor('files', 1000).cpuMs) / whole(1000).cpuMs).toFixed(0)}% of the whole path's CPU time)\n`,
);
process.stdout.write(
  `bench: whole_vs_yaml_cpu=${cpu.yaml.median.toFixed(2)} whole_vs_json_cpu=${cpu.json.median.toFixed(2)} flat_3000_over_100=${cpu.flat.median.toFixed(2)} peak_mb_3000=${whole(3000).maxRssMb.toFixed(0)} cold_start_cpu_s=${cold.cpuS.toFixed(2)} whole_vs_yaml_wall=${wall.yaml.median.toFixed(2)} whole_vs_json_wall=${wall.json.median.toFixed(2)} cold_start_wall_s=${cold.wallS.toFixed(2)} again_vs_yaml_cpu=${again.yaml.median.toFixed(2)} again_vs_json_cpu=${again.json.median.toFixed(2)} stack_floor_vs_json_cpu=${stack.json.median.toFixed(2)} whole_vs_stack_floor_cpu=${stack.whole.median.toFixed(2)}\n`,
);
