import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Where the benchmark writes, and why nothing it writes is deleted before the whole bench ends.
//
// The project's disk is ext4 without a journal. There, creating a file skips every free inode of its
// block group that was freed in the last few seconds (5 s, or 35 s while the inode table block is
// not yet written back: `recently_deleted()` in the kernel's fs/ext4/ialloc.c, checked only when the
// file system has no journal), and each skip is a lookup in the buffer cache. Right after a tree of
// a thousand files is deleted, creating the next thousand cost 0.4 to 1.2 s of system time here
// (perf: `find_inode_bit` -> `recently_deleted`), against 0.07 to 0.13 s a minute after the last
// deletion. When each case removed its output as it ended, the next case (and each repeat of the
// files floor) paid for that removal: a cost of the bench's own cleaning, not of synthesis.
// So the cases move what they wrote into a trash folder (a rename frees no inode), and the
// bench removes it once, after the last measurement.

/** The folder the bench writes under: BENCH_SCRATCH, set by bench.ts for its cases. @default the system's temporary folder */
export function scratchRoot(): string {
  return process.env.BENCH_SCRATCH ?? os.tmpdir();
}

/** A fresh folder under the scratch root. */
export function scratchDir(tag: string): string {
  return fs.mkdtempSync(path.join(scratchRoot(), `oms-bench-${tag}-`));
}

/** Puts a folder the bench is done with out of the way: into the trash when the bench keeps one, else removes it. */
export function discard(dir: string): void {
  const root = process.env.BENCH_SCRATCH;
  if (root === undefined) {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  const trash = path.join(root, 'trash');
  fs.mkdirSync(trash, { recursive: true });
  // Every folder the bench makes has a unique name under the same root (scratchDir), so its name is unique in the trash.
  fs.renameSync(dir, path.join(trash, path.basename(dir)));
}
