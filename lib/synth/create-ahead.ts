import { Worker } from 'node:worker_threads';

/**
 * Creates empty files ahead of the writer, on a second thread.
 *
 * Creating a file (the `open` that makes its inode) can cost far more kernel time than writing its
 * bytes: on the 2-core machine of `docs/performance.md`, 0.2 to 0.8 ms per file against 20 µs for the
 * write, and it does not get faster from several threads at once. Synthesis writes one file per
 * construct, so at a thousand services creating them is a large share of the run. The names of the
 * files are known as soon as an environment's objects are placed, before they render: a thread that
 * creates them then does the kernel's part while the main thread renders.
 *
 * The writer still opens every file with `O_CREAT | O_TRUNC` itself, so the result does not depend
 * on how far the thread got: whichever thread comes first creates the file, and the thread opens
 * with `O_APPEND` so it never truncates what the writer wrote. Only names cross to the thread, never
 * file contents. The thread runs plain `fs` calls (no project code is loaded into it); a file it
 * cannot create is one the writer creates, or fails on, itself.
 */
export class CreateAhead {
  /** Below this many files a thread costs more than it saves. */
  public static readonly MINIMUM = 64;

  /** Settles when the thread has ended. */
  public readonly exited: Promise<void>;

  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;

  /** Starts creating `paths` (absolute, in the order the writer will write them). */
  public constructor(paths: readonly string[]) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { paths, state: this.state } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // An error in the thread only means the writer creates the rest itself.
    this.worker.on('error', () => undefined);
  }

  /** Queues more files behind those given so far. */
  public add(paths: readonly string[]): void {
    if (paths.length > 0) this.worker.postMessage(paths);
  }

  /**
   * Stops the thread and waits, at most `timeoutMs`, for the file it is creating to be done, so
   * that nothing is created in the output folder once the writer has finished with it.
   */
  public stop(timeoutMs = 10_000): void {
    // Not started yet: cancel it, and it never starts.
    if (Atomics.compareExchange(this.state, 0, NOT_STARTED, CANCELLED) !== NOT_STARTED) {
      if (Atomics.compareExchange(this.state, 0, RUNNING, STOPPING) === RUNNING) {
        // Wakes the thread if it is idle, waiting for more names.
        this.worker.postMessage(null);
        Atomics.wait(this.state, 0, STOPPING, timeoutMs);
      }
    }
    void this.worker.terminate();
  }
}

const NOT_STARTED = 0;
const RUNNING = 1;
const STOPPING = 2;
const DONE = 3;
const CANCELLED = 4;

/** Creates the queued files in order, a batch at a time so that new names and `stop` get through. */
const WORKER_SOURCE = `
const fs = require('node:fs');
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const state = workerData.state;
const queue = [...workerData.paths];
let next = 0;
let folder;
let scheduled = false;
const finish = () => {
  Atomics.store(state, 0, ${DONE});
  Atomics.notify(state, 0);
  parentPort.close();
};
const run = () => {
  scheduled = false;
  const end = Math.min(queue.length, next + 32);
  while (next < end) {
    if (Atomics.load(state, 0) !== ${RUNNING}) return finish();
    const file = queue[next++];
    try {
      const dir = path.dirname(file);
      if (dir !== folder) fs.mkdirSync(dir, { recursive: true });
      folder = dir;
      fs.closeSync(fs.openSync(file, 'a'));
    } catch {
      folder = undefined;
    }
  }
  if (next < queue.length) schedule();
};
const schedule = () => {
  if (!scheduled) (scheduled = true), setImmediate(run);
};
if (Atomics.compareExchange(state, 0, ${NOT_STARTED}, ${RUNNING}) === ${NOT_STARTED}) {
  parentPort.on('message', (paths) => {
    if (paths === null || Atomics.load(state, 0) !== ${RUNNING}) return finish();
    queue.push(...paths);
    schedule();
  });
  schedule();
} else {
  parentPort.close();
}
`;
