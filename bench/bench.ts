import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// `npm run bench`: synthesis time and peak memory of this library against the
// direct-YAML floor and plain cdk8s-plus-27, at N = 10, 100 and 1000
// microservices (plus N/10 agent pools and the routing), and the cold start of
// the real synth command. Each measurement runs in a fresh process; the
// median of RUNS runs is reported.

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [10, 100, 1000];
const VARIANTS = ['ours', 'plain', 'floor'] as const;

interface Sample {
  ms: number;
  maxRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runCase(variant: string, n: number): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, [path.join(__dirname, 'run-case.js'), variant, String(n)], { maxBuffer: 1 << 26 });
    samples.push(JSON.parse(out.toString()));
  }
  return { ms: median(samples.map((s) => s.ms)), maxRssMb: median(samples.map((s) => s.maxRssMb)) };
}

function coldStart(): { wallS: number; loadS: number; synthS: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-'));
  const runs: { wallS: number; loadS: number; synthS: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'synth.js'), '--out', path.join(out, 'dist')], {
      env: { ...process.env, OMS_SYNTH_TIMING: '1' },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`synth failed:\n${run.stderr}`);
    const stderr = run.stderr;
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const m = /timing: load_ms=([\d.]+) synth_ms=([\d.]+)/.exec(stderr);
    runs.push({ wallS, loadS: m ? Number(m[1]) / 1000 : NaN, synthS: m ? Number(m[2]) / 1000 : NaN });
  }
  fs.rmSync(out, { recursive: true, force: true });
  return { wallS: median(runs.map((r) => r.wallS)), loadS: median(runs.map((r) => r.loadS)), synthS: median(runs.map((r) => r.synthS)) };
}

const results: Record<string, Record<number, Sample>> = { ours: {}, plain: {}, floor: {} };
const rows: string[] = [];
rows.push(`${'variant'.padEnd(8)} ${'N'.padStart(5)} ${'ms'.padStart(10)} ${'ms/service'.padStart(11)} ${'peak MB'.padStart(8)}`);
for (const n of SIZES) {
  for (const v of VARIANTS) {
    const s = runCase(v, n);
    results[v][n] = s;
    rows.push(
      `${v.padEnd(8)} ${String(n).padStart(5)} ${s.ms.toFixed(1).padStart(10)} ${(s.ms / n).toFixed(3).padStart(11)} ${s.maxRssMb.toFixed(0).padStart(8)}`,
    );
  }
}
const cold = coldStart();
process.stdout.write(`${rows.join('\n')}\n\n`);
process.stdout.write(
  `cold start (node build/bin/synth.js, all apps): ${cold.wallS.toFixed(2)} s wall; module loading ${cold.loadS.toFixed(2)} s, synthesis and writing ${cold.synthS.toFixed(2)} s\n\n`,
);
const ratioFloor = results.ours[1000].ms / results.floor[1000].ms;
const ratioPlain = results.ours[1000].ms / results.plain[1000].ms;
const scaling = results.ours[1000].ms / results.ours[100].ms;
process.stdout.write(
  `bench: ratio_vs_floor=${ratioFloor.toFixed(2)} ratio_vs_plain=${ratioPlain.toFixed(2)} scaling_1000_over_100=${scaling.toFixed(2)} cold_start_s=${cold.wallS.toFixed(2)}\n`,
);
