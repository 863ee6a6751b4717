import * as fs from 'node:fs';
import * as path from 'node:path';
import { CreateAhead } from './create-ahead';

/**
 * The folder a synthesis writes into before it is swapped in as the output (`<out>.tmp-<pid>`),
 * with the files announced early created ahead on a second thread (see {@link CreateAhead}).
 *
 * Files are announced as soon as their names are known, before the environment renders; they are
 * written later, all at once. Whatever was announced but not written is removed before the swap,
 * so an announcement never leaves an empty file in the output. Make it only while holding the
 * output's lock (the staging name is per process).
 */
export class OutputStaging {
  /** The staging folder. */
  public readonly dir: string;
  private readonly announced: string[] = [];
  private creator: CreateAhead | undefined;

  /** Clears any staging folder of this process and makes an empty one beside `outDir`. */
  public constructor(outDir: string) {
    this.dir = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /**
   * Announces files of `environment` (paths relative to its folder) that will be written; they
   * are created ahead once enough are announced to be worth a thread.
   */
  public announce(environment: string, files: readonly string[]): void {
    const paths = files.map((f) => path.join(this.dir, environment, f));
    this.announced.push(...paths);
    if (this.creator) this.creator.add(paths);
    else if (this.announced.length >= CreateAhead.MINIMUM) this.creator = new CreateAhead(this.announced);
  }

  /**
   * Stops creating ahead and removes the announced files that are not in `written` (absolute
   * paths), so that the folder holds exactly what was written.
   */
  public finish(written: ReadonlySet<string>): void {
    this.creator?.stop();
    this.creator = undefined;
    for (const p of this.announced) if (!written.has(p)) fs.rmSync(p, { force: true });
  }

  /** Stops creating ahead and removes the staging folder: the synthesis failed. */
  public discard(): void {
    this.creator?.stop();
    this.creator = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
