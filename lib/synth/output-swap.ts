/**
 * The output folder (`dist`) is a symbolic link to a generation folder beside it
 * (`dist.gen-<pid>-<n>`). A new output is written to a staging folder, renamed to a new
 * generation, and published by renaming a new link over `dist`: rename(2) replaces the link
 * atomically, so at every moment `dist` resolves to a complete tree, the old one or the new one.
 *
 * Names beside `<out>`: `<out>.tmp-<pid>` staging, `<out>.gen-<pid>-<n>` generations,
 * `<out>.link-<pid>` the new link before it is renamed over `<out>`, `<out>.old-<pid>` a real
 * `<out>` directory (from before generations) moved aside while it is replaced by the link.
 */

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

/** The file-system operations the swap uses; tests inject failures to simulate a kill at every step. */
export type OutputFs = Pick<
  typeof fs,
  'existsSync' | 'lstatSync' | 'mkdirSync' | 'readdirSync' | 'readlinkSync' | 'renameSync' | 'rmSync' | 'statSync' | 'symlinkSync'
>;

/** Who is swapping, and through which file system. */
export interface SwapOptions {
  /** The process id written into temporary names. @default process.pid */
  readonly pid?: number;
  /** @default node:fs */
  readonly fs?: OutputFs;
}

type TemporaryKind = 'tmp' | 'old' | 'gen' | 'link';

interface Temporary {
  readonly name: string;
  readonly path: string;
  readonly kind: TemporaryKind;
  readonly pid: number;
}

/** Everything beside `<out>` that the swap made: staging, generations, new links, moved-aside trees. */
function temporaries(outDir: string, ofs: OutputFs): Temporary[] {
  const dir = path.dirname(outDir);
  const base = path.basename(outDir);
  if (!ofs.existsSync(dir)) return [];
  return ofs
    .readdirSync(dir)
    .sort()
    .map((name) => /^(.*)\.(tmp|old|gen|link)-(\d+)(?:-\d+)?$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === base)
    .map((m) => ({ name: m[0], path: path.join(dir, m[0]), kind: m[2] as TemporaryKind, pid: Number(m[3]) }));
}

const lstatOrUndefined = (ofs: OutputFs, p: string) => ofs.lstatSync(p, { throwIfNoEntry: false });

/** The generation `<out>` links to, when it is a link to one of ours. */
function currentGeneration(outDir: string, ofs: OutputFs): string | undefined {
  const st = lstatOrUndefined(ofs, outDir);
  if (!st?.isSymbolicLink()) return undefined;
  const target = ofs.readlinkSync(outDir);
  return target.startsWith(`${path.basename(outDir)}.gen-`) ? target : undefined;
}

/**
 * Under the lock: makes sure `<out>` exists when an earlier run left it missing, then removes the
 * temporaries of runs that are gone (never the generation `<out>` links to). `<out>` can only be
 * missing after a kill while a real `<out>` directory was being replaced by the link (once, the
 * first time): that directory is put back. Returns what it did, for the log.
 */
export function recoverOutput(outDir: string, options: SwapOptions = {}): string[] {
  const ofs = options.fs ?? fs;
  const pid = options.pid ?? process.pid;
  const done: string[] = [];
  const base = path.basename(outDir);
  const stale = temporaries(outDir, ofs).filter((t) => !isAlive(t.pid) || t.pid === pid);
  if (!lstatOrUndefined(ofs, outDir)) {
    const byAge = (a: Temporary, b: Temporary) => ofs.statSync(b.path).mtimeMs - ofs.statSync(a.path).mtimeMs;
    const previous = stale.filter((t) => t.kind === 'old').sort(byAge)[0];
    const generation = stale.filter((t) => t.kind === 'gen').sort(byAge)[0];
    if (previous) {
      ofs.renameSync(previous.path, outDir);
      done.push(`restored ${base} from ${previous.name} (an earlier synthesis was interrupted)`);
    } else if (generation) {
      // Only if someone removed the link by hand: every generation is a complete tree.
      ofs.symlinkSync(generation.name, outDir, 'dir');
      done.push(`restored ${base} as a link to ${generation.name} (it was missing)`);
    }
  }
  const current = currentGeneration(outDir, ofs);
  for (const t of stale) {
    if (t.name === current || !lstatOrUndefined(ofs, t.path)) continue;
    ofs.rmSync(t.path, { recursive: true, force: true });
    done.push(`removed ${t.name} left by an interrupted synthesis`);
  }
  return done;
}

/**
 * Publishes a fully written staging folder as `outDir`: the staging folder becomes a new
 * generation, a new link to it is renamed over `outDir` (atomic: readers see the old tree or the
 * new one, and `outDir` is never missing), and the previous generation is removed.
 *
 * A real `outDir` directory (from before generations) cannot be replaced by a link in one step:
 * it is moved aside to `<out>.old-<pid>` just before the link is renamed in, and a run killed
 * between those two renames is repaired by the next one ({@link recoverOutput}).
 */
export function swapIn(staging: string, outDir: string, options: SwapOptions = {}): void {
  const ofs = options.fs ?? fs;
  const pid = options.pid ?? process.pid;
  const dir = path.dirname(outDir);
  const base = path.basename(outDir);
  const taken = new Set(temporaries(outDir, ofs).map((t) => t.name));
  let n = 1;
  while (taken.has(`${base}.gen-${pid}-${n}`)) n++;
  const generation = `${base}.gen-${pid}-${n}`;
  const link = path.join(dir, `${base}.link-${pid}`);

  ofs.renameSync(staging, path.join(dir, generation));
  ofs.rmSync(link, { force: true });
  ofs.symlinkSync(generation, link, 'dir');
  const existing = lstatOrUndefined(ofs, outDir);
  if (existing && !existing.isSymbolicLink()) {
    const aside = `${outDir}.old-${pid}`;
    ofs.renameSync(outDir, aside);
    try {
      ofs.renameSync(link, outDir);
    } catch (err) {
      ofs.renameSync(aside, outDir);
      throw err;
    }
    ofs.rmSync(aside, { recursive: true, force: true });
    return;
  }
  const previous = currentGeneration(outDir, ofs);
  ofs.renameSync(link, outDir);
  if (previous && previous !== generation) ofs.rmSync(path.join(dir, previous), { recursive: true, force: true });
}
