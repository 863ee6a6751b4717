import * as fs from 'node:fs';

/**
 * The folder a synthesis writes into before it is swapped in as the output (`<out>.tmp-<pid>`).
 * Make it only while holding the output's lock (the staging name is per process).
 *
 * Files used to be created ahead here, empty, on a second thread while the objects rendered: it
 * shortened the wall time on an idle second core, but cost as much CPU time or more (the same
 * kernel work, plus the thread), and on a busy machine it gained nothing; see docs/performance.md.
 */
export class OutputStaging {
  /** The staging folder. */
  public readonly dir: string;

  /** Clears any staging folder of this process and makes an empty one beside `outDir`. */
  public constructor(outDir: string) {
    this.dir = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Removes the staging folder: the synthesis failed. */
  public discard(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
