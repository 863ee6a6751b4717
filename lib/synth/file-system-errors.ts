import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a file-system error means for the user, for the errors a full or read-only disk gives. */
const MEANINGS: Readonly<Record<string, { what: string; fix: string }>> = {
  EROFS: {
    what: 'the file system is read-only',
    fix: 'pass --out <dir> on a writable file system, or run where the project folder is writable',
  },
  ENOSPC: { what: 'no space is left on the device', fix: 'free space on that file system, or pass --out <dir> on another one' },
  EDQUOT: { what: 'the disk quota is exhausted', fix: 'free space within the quota, or pass --out <dir> on another file system' },
  EACCES: { what: 'permission is denied', fix: 'pass --out <dir> in a folder you may write, or fix the folder’s permissions' },
  EPERM: { what: 'the operation is not permitted', fix: 'pass --out <dir> in a folder you may write, or fix the folder’s permissions' },
};

/**
 * One line for a file-system error the user must fix (read-only, full, no permission), naming the path and
 * the fix; `undefined` for any other error (a defect, shown with its stack).
 */
export function fileSystemProblem(
  err: unknown,
  command: string,
  outDir: string,
  shown: (p: string) => string = (p) => p,
): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  const meaning = e !== null && typeof e === 'object' && typeof e.code === 'string' ? MEANINGS[e.code] : undefined;
  if (meaning === undefined) return undefined;
  const where = shown(typeof e!.path === 'string' ? e!.path : outDir);
  return `${command}: cannot write ${where}: ${meaning.what} (${e!.code}); ${shown(outDir)} was left as it was. Fix: ${meaning.fix}`;
}

/**
 * Runs `load` (which loads app modules) with a scratch folder as the working directory, removed afterwards, so
 * what a library creates relative to the working directory while an app loads stays out of the project: cdktf's
 * `App` makes its `cdktf.out` folder (and `cdktf.out/stacks`) as soon as it is constructed, although synthesis
 * renders the stacks in memory. Where no scratch folder can be made, the apps load in place.
 */
export function inScratchDirectory<T>(load: () => T): T {
  let scratch: string;
  try {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-synth-'));
  } catch {
    return load();
  }
  const cwd = process.cwd();
  process.chdir(scratch);
  try {
    return load();
  } finally {
    process.chdir(cwd);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
