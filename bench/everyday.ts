import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childCpu } from './child-cpu';

// `npm run bench:everyday`: what the commands a user runs every day cost, as CPU time of the command
// and every process it starts (npm, the compile check, node, jest's workers), and the test suite's
// wall time:
//   noop_compile_cpu_s    `npm run build` with nothing to compile
//   synth_warm_cpu_s      `npm run synth`, compiled and with an output tree already there
//   synth_one_app_cpu_s   `npm run synth -- <app>` (BENCH_APP, default uat-eks), the same
//   test_cpu_s, test_wall_s  `npm test` (BENCH_TEST=0 leaves it out and prints NaN)
// The commands run BENCH_RUNS times (default 3) interleaved, medians reported; the test suite once
// (BENCH_TEST_RUNS). The output goes to a temporary folder, not the project's dist/. The last line
// is the summary.

const root = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TEST_RUNS = process.env.BENCH_TEST === '0' ? 0 : Number(process.env.BENCH_TEST_RUNS ?? 1);
const APP = process.env.BENCH_APP ?? 'uat-eks';
const median = (xs: number[]) => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args: string[]): { cpuS: number; wallS: number } {
  const r = childCpu(npm, args, { cwd: root });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-everyday-'));
const dist = path.join(out, 'dist');
const loadBefore = os.loadavg();
// Warm: compiled, and an output tree to replace.
run(['run', '--silent', 'build']);
run(['run', '--silent', 'synth', '--', '--out', dist]);
const samples: Record<string, number[]> = { noop: [], synth: [], one: [] };
for (let i = 0; i < RUNS; i++) {
  samples.noop.push(run(['run', '--silent', 'build']).cpuS);
  samples.synth.push(run(['run', '--silent', 'synth', '--', '--out', dist]).cpuS);
  samples.one.push(run(['run', '--silent', 'synth', '--', APP, '--out', dist]).cpuS);
}
fs.rmSync(out, { recursive: true, force: true });
const fmt = (xs: number[]) => `${median(xs).toFixed(2)} (${xs.map((x) => x.toFixed(2)).join(', ')})`;
process.stdout.write(`no-op compile (npm run build):     ${fmt(samples.noop)} s CPU\n`);
process.stdout.write(`warm synth (npm run synth):        ${fmt(samples.synth)} s CPU\n`);
process.stdout.write(`one app (npm run synth -- ${APP}): ${fmt(samples.one)} s CPU\n`);
// The suite's cost counts whether it passes or not; a failing run is said so, with jest's summary.
const tests: { cpuS: number; wallS: number }[] = [];
for (let i = 0; i < TEST_RUNS; i++) {
  const r = childCpu(npm, ['test', '--silent'], { cwd: root });
  tests.push(r);
  if (r.status !== 0) {
    const summary = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^(Tests|Test Suites):/.test(l));
    process.stdout.write(`npm test run ${i + 1} FAILED (exit ${r.status}): ${summary.join('; ')}\n`);
  }
}
const loadAfter = os.loadavg();
process.stdout.write(
  `npm test:                          ${fmt(tests.map((t) => t.cpuS))} s CPU, ${fmt(tests.map((t) => t.wallS))} s wall\n`,
);
process.stdout.write(
  `medians of ${RUNS} interleaved runs (tests: ${TEST_RUNS}); ${os.cpus().length} cores; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after\n`,
);
process.stdout.write(
  `everyday: noop_compile_cpu_s=${median(samples.noop).toFixed(2)} synth_warm_cpu_s=${median(samples.synth).toFixed(2)} synth_one_app_cpu_s=${median(samples.one).toFixed(2)} test_cpu_s=${median(tests.map((t) => t.cpuS)).toFixed(2)} test_wall_s=${median(tests.map((t) => t.wallS)).toFixed(2)}\n`,
);
