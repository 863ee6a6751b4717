import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// `npm run bench`: the whole path a user runs (`synth`: load the apps, render, build the plans,
// write dist/) for 10, 100, 1000 and 3000 services in one environment and 1000 services over 50
// environments, with peak memory, beside three floors measured in the same run on the very
// objects synthesis writes: JSON.stringify, the yaml library, and our YAML emitter. Then the cold
// start of the real synth command. Every measurement runs in a fresh process; the runs of all cases
// are interleaved (round after round) so that load from elsewhere spreads over all of them, and the
// median of RUNS runs is reported.

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WHOLE: [number, number][] = [
  [10, 1],
  [100, 1],
  [1000, 1],
  [3000, 1],
  [1000, 50],
];
const FLOOR_SIZES = [10, 100, 1000, 3000];
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
  const out = execFileSync(process.execPath, [path.join(__dirname, 'run-case.js'), ...args], { maxBuffer: 1 << 26 });
  return JSON.parse(out.toString());
}

function coldStart(): { wallS: number; loadS: number; synthS: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-'));
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'synth.js'), '--out', path.join(out, 'dist')], {
    env: { ...process.env, OMS_SYNTH_TIMING: '1' },
    encoding: 'utf8',
  });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.rmSync(out, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`synth failed:\n${run.stderr}`);
  const m = /timing: load_ms=([\d.]+) synth_ms=([\d.]+)/.exec(run.stderr);
  return { wallS, loadS: m ? Number(m[1]) / 1000 : NaN, synthS: m ? Number(m[2]) / 1000 : NaN };
}

const cases: { key: string; args: string[] }[] = [
  ...WHOLE.map(([n, e]) => ({ key: `whole ${n} ${e}`, args: ['whole', String(n), String(e)] })),
  ...FLOOR_SIZES.flatMap((n) => FLOORS.map(([f]) => ({ key: `floor ${f} ${n}`, args: ['floor', String(n), f] }))),
];
const samples = new Map<string, Sample[]>(cases.map((c) => [c.key, []]));
const colds: { wallS: number; loadS: number; synthS: number }[] = [];
for (let run = 0; run < RUNS; run++) {
  for (const c of cases) samples.get(c.key)!.push(runCase(c.args));
  colds.push(coldStart());
}
const result = new Map([...samples].map(([k, s]) => [k, medianOf(s)]));
const whole = (n: number, e = 1) => result.get(`whole ${n} ${e}`)!;
const floor = (f: string, n: number) => result.get(`floor ${f} ${n}`)!;

const col = (s: string | number, w: number) => String(s).padStart(w);
const rows = [`${'case'.padEnd(42)}${col('ms', 10)}${col('ms/service', 12)}${col('CPU ms', 10)}${col('peak MB', 9)}`];
for (const [n, e] of WHOLE) {
  const s = whole(n, e);
  const label = `whole path, ${n} services${e > 1 ? ` in ${e} envs` : ''}`;
  rows.push(
    `${label.padEnd(42)}${col(s.ms.toFixed(0), 10)}${col((s.ms / n).toFixed(3), 12)}${col(s.cpuMs.toFixed(0), 10)}${col(s.maxRssMb.toFixed(0), 9)}`,
  );
}
for (const n of FLOOR_SIZES) {
  for (const [f, label] of FLOORS) {
    const s = floor(f, n);
    rows.push(
      `${`floor: ${label}, ${n} services`.padEnd(42)}${col(s.ms.toFixed(0), 10)}${col((s.ms / n).toFixed(3), 12)}${col(s.cpuMs.toFixed(0), 10)}${col(s.maxRssMb.toFixed(0), 9)}`,
    );
  }
}
const cold = {
  wallS: median(colds.map((c) => c.wallS)),
  loadS: median(colds.map((c) => c.loadS)),
  synthS: median(colds.map((c) => c.synthS)),
};
process.stdout.write(`${rows.join('\n')}\n\n`);
process.stdout.write(
  `cold start (node build/bin/synth.js, all apps): ${cold.wallS.toFixed(2)} s wall; module loading ${cold.loadS.toFixed(2)} s, synthesis and writing ${cold.synthS.toFixed(2)} s\n`,
);
process.stdout.write(`medians of ${RUNS} interleaved runs\n\n`);
const wholeVsYaml = whole(1000).ms / floor('yaml', 1000).ms;
const wholeVsJson = whole(1000).ms / floor('json', 1000).ms;
// The same ratios from CPU time, which load from other processes on the machine disturbs less.
process.stdout.write(
  `CPU time: whole/yaml=${(whole(1000).cpuMs / floor('yaml', 1000).cpuMs).toFixed(2)} whole/json=${(whole(1000).cpuMs / floor('json', 1000).cpuMs).toFixed(2)} flat_3000_over_100=${(whole(3000).cpuMs / 3000 / (whole(100).cpuMs / 100)).toFixed(2)}\n`,
);
// What the disk costs to create the files, which no serializer floor pays for. The whole path does
// it on a second thread while the objects render, so its CPU time includes it and its wall time
// mostly does not.
process.stdout.write(
  `creating the files alone at 1000 services: ${floor('files', 1000).ms.toFixed(0)} ms (as long as ${((100 * floor('files', 1000).ms) / whole(1000).ms).toFixed(0)}% of the whole path, which creates them on a second thread while it renders)\n`,
);
const flat = whole(3000).ms / 3000 / (whole(100).ms / 100);
process.stdout.write(
  `bench: whole_vs_yaml=${wholeVsYaml.toFixed(2)} whole_vs_json=${wholeVsJson.toFixed(2)} flat_3000_over_100=${flat.toFixed(2)} peak_mb_3000=${whole(3000).maxRssMb.toFixed(0)} cold_start_s=${cold.wallS.toFixed(2)}\n`,
);
