import * as fs from 'node:fs';
import * as path from 'node:path';

/** Another synthesis holds the output folder. */
export class OutputLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputLockedError';
  }
}

const isAlive = (pid: number) => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** `<out>.lock`: created exclusively; a lock whose process is gone is stale and taken over. */
export function acquireLock(outDir: string, pid = process.pid): () => void {
  const lock = `${outDir}.lock`;
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lock, 'utf8').trim());
      if (isAlive(holder) && holder !== pid) {
        throw new OutputLockedError(
          `${outDir} is being written by another synthesis (process ${holder}). Fix: wait for it to finish; if no synthesis runs, remove ${lock}`,
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new OutputLockedError(`${outDir}: could not take ${lock}`);
}

/** Temporary folders of earlier runs: `<out>.tmp-<pid>` and `<out>.old-<pid>`. */
function temporaries(outDir: string): { path: string; kind: 'tmp' | 'old'; pid: number }[] {
  const dir = path.dirname(outDir);
  const base = path.basename(outDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => /^(.*)\.(tmp|old)-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === base)
    .map((m) => ({ path: path.join(dir, m[0]), kind: m[2] as 'tmp' | 'old', pid: Number(m[3]) }));
}

/**
 * Under the lock: when a run was killed between its two renames (no `<out>`, but `<out>.old-<pid>`),
 * puts the previous output back; then removes the temporaries of runs that are gone.
 * Returns what it did, for the log.
 */
export function recoverOutput(outDir: string): string[] {
  const done: string[] = [];
  const stale = temporaries(outDir).filter((t) => !isAlive(t.pid) || t.pid === process.pid);
  if (!fs.existsSync(outDir)) {
    const previous = stale.filter((t) => t.kind === 'old').sort((a, b) => fs.statSync(b.path).mtimeMs - fs.statSync(a.path).mtimeMs)[0];
    if (previous) {
      fs.renameSync(previous.path, outDir);
      done.push(`restored ${path.basename(outDir)} from ${path.basename(previous.path)} (an earlier synthesis was interrupted)`);
    }
  }
  for (const t of stale) {
    if (!fs.existsSync(t.path)) continue;
    fs.rmSync(t.path, { recursive: true, force: true });
    done.push(`removed ${path.basename(t.path)} left by an interrupted synthesis`);
  }
  return done;
}

/**
 * Swaps a fully written staging folder in as `outDir`: the old tree is renamed aside, the new one
 * renamed in, the old one removed. Between the two renames (a single moment) `outDir` is absent;
 * a run killed there is repaired by the next one ({@link recoverOutput}), which puts the old tree back.
 */
export function swapIn(staging: string, outDir: string, pid = process.pid): void {
  const previous = `${outDir}.old-${pid}`;
  const hadPrevious = fs.existsSync(outDir);
  if (hadPrevious) fs.renameSync(outDir, previous);
  try {
    fs.renameSync(staging, outDir);
  } catch (err) {
    if (hadPrevious) fs.renameSync(previous, outDir);
    throw err;
  }
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}
