import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What a command cost: wall seconds, and the CPU seconds (user and system) of it and every process it started. */
export interface ChildCost {
  readonly wallS: number;
  readonly cpuS: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command and measures its CPU time the way the kernel accounts it to a parent: the rusage of
 * waited-for children (getrusage RUSAGE_CHILDREN), which covers every process below it (npm, tsc,
 * node, jest's workers) and every thread of each. Node.js does not expose that figure for a child,
 * so the command runs under bash, whose `times` prints it once the command has ended.
 */
export function childCpu(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildCost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-times-'));
  const timesFile = path.join(dir, 'times');
  const t0 = process.hrtime.bigint();
  const run = spawnSync('bash', ['-c', '"$@"; status=$?; times > "$OMS_BENCH_TIMES"; exit $status', 'bash', command, ...args], {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), OMS_BENCH_TIMES: timesFile },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = fs.readFileSync(timesFile, 'utf8').trim().split('\n');
  fs.rmSync(dir, { recursive: true, force: true });
  // The second line: the children's user and system time, e.g. "0m1.234s 0m0.210s".
  const seconds = [...(lines[1] ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`could not read the CPU time of ${command} ${args.join(' ')}: ${lines.join(' / ')}`);
  return { wallS, cpuS: seconds[0] + seconds[1], status: run.status, stdout: run.stdout, stderr: run.stderr };
}
