import * as fs from 'node:fs';
import * as path from 'node:path';
import { listApps, renderApp } from '../../lib/synth/synth-apps';
import { RenderedEnvironment } from '../../lib/k8s/output/render';

/** One rendered app of the project. */
export interface RenderedApp {
  readonly file: string;
  readonly env: RenderedEnvironment;
}

/** The shared rendering of this test run, as JSON (see {@link renderAllApps}). */
let shared: string | undefined;

/**
 * Every app of the project, rendered in memory (no files written).
 *
 * Ten test files read the project's apps, and rendering them (loading the apps and the AWS layer
 * included) cost 1.5–2 s of CPU in each. They are rendered once per test run: the first test file
 * that asks renders them and leaves the result, as JSON, in the run's temporary folder (made by
 * temp-dir-setup.js, removed at the end of the run); the others read it. Each call returns a fresh
 * copy, so a test that changes what it got changes nobody else's. Outside a jest run (no run
 * folder) every call renders.
 */
export function renderAllApps(): RenderedApp[] {
  shared ??= sharedRendering();
  return JSON.parse(shared) as RenderedApp[];
}

/** Renders the apps; a file's text is part of what is shared (it is what most tests read). */
function render(): RenderedApp[] {
  const dir = path.resolve(__dirname, '..', '..', 'apps');
  return listApps(dir).map((file) => {
    const env = renderApp(path.join(dir, file));
    return { file, env: { ...env, files: env.files.map((f) => ({ path: f.path, content: f.content, objects: f.objects })) } };
  });
}

function sharedRendering(): string {
  const runDir = process.env.OMS_TEST_RUN_TMPDIR;
  if (!runDir) return JSON.stringify(render());
  const file = path.join(runDir, 'rendered-apps.json');
  // Both workers start with a test file, and often both read the apps: the first takes a lock and
  // renders, the other waits for its result (sleeping) instead of rendering the same apps again.
  const lock = `${file}.lock`;
  const giveUpAt = Date.now() + 120_000;
  for (;;) {
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    if (takeLock(lock)) break;
    // A holder that died (or hangs) does not hold the others forever: they render themselves.
    if (!holderAlive(lock) || Date.now() > giveUpAt) return JSON.stringify(render());
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  try {
    const text = JSON.stringify(render());
    // Whole under another name first: a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
    return text;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Creates the lock file holding this process's id; false when it exists. */
function takeLock(lock: string): boolean {
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Whether the process named in the lock file still runs (a lock just removed counts as alive: look again). */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(lock, 'utf8'));
  } catch {
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true; // written but not yet filled in
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
