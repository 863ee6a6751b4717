#!/usr/bin/env node
// `node scripts/built.js <tsconfig> [<compiled entry> [args...]]`: what the npm scripts run.
//
// Compiles the project with `tsc -b <tsconfig>` only when something it reads changed since the last
// successful compile, then runs the compiled entry (build/bin/<command>.js) in this same process.
// A compile with nothing to do cost 4 s of CPU with `tsc -p` and 0.3 s with `tsc -b` (loading
// TypeScript is most of it); this check costs a few milliseconds: one stat of every file and folder
// under the config's `include` roots, its config files and the installed packages' lock file,
// against a stamp written after the last successful compile. A folder's time changes when a file
// in it is added, removed or renamed, so those count as changes too. When in doubt (no stamp,
// an unreadable config, a missing entry) it compiles; `tsc -b` then decides for itself.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const [config, entry, ...args] = process.argv.slice(2);
if (!config) {
  process.stderr.write('usage: node scripts/built.js <tsconfig> [<compiled entry> [args...]]\n');
  process.exit(64);
}
// The stamp's time is the start of the last successful compile, less a margin: file times come from
// the kernel's coarse clock, a few milliseconds behind Date.now(), and tsc reads the sources only
// after loading itself (a quarter of a second), so an edit in the margin is compiled and still
// counts as a change next time.
const stamp = path.join(root, 'build', `.compiled.${path.basename(config, '.json')}`);
const MARGIN_MS = 100;

/** The config and the configs it extends, and the folders its `include` patterns start from. */
function inputsOf(file, seen = new Set()) {
  const full = path.resolve(root, file);
  if (seen.has(full)) return { configs: [], roots: [] };
  seen.add(full);
  const json = JSON.parse(fs.readFileSync(full, 'utf8'));
  const parent = typeof json.extends === 'string' ? inputsOf(path.resolve(path.dirname(full), json.extends), seen) : { configs: [], roots: [] };
  const include = json.include ?? [];
  const roots = include.map((p) => path.resolve(path.dirname(full), p.split(/[*?]/)[0]));
  // A config's own `include` replaces the one it extends.
  return { configs: [full, ...parent.configs], roots: json.include ? roots : parent.roots };
}

/** True when any file or folder under `dir` (or `dir` itself) changed after `since`. */
function changedUnder(dir, since) {
  let st;
  try {
    st = fs.statSync(dir);
  } catch {
    return false; // a root that does not exist has nothing to compile
  }
  if (st.mtimeMs > since) return true;
  if (!st.isDirectory()) return false;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (changedUnder(p, since)) return true;
    } else if (fs.statSync(p).mtimeMs > since) return true;
  }
  return false;
}

function upToDate() {
  let since;
  try {
    since = fs.statSync(stamp).mtimeMs;
    if (entry && !fs.existsSync(path.resolve(root, entry))) return false;
    const { configs, roots } = inputsOf(config);
    // Installing packages rewrites node_modules/.package-lock.json (types may have changed).
    const others = [...configs, path.join(root, 'package.json'), path.join(root, 'node_modules', '.package-lock.json')];
    if (others.some((f) => changedUnder(f, since))) return false;
    // Roots nested in one another (lib/ inside .) are walked once each; ours are disjoint.
    return !roots.some((r) => changedUnder(r, since));
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const startedAt = Date.now();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const run = spawnSync(process.execPath, [tsc, '-b', path.resolve(root, config)], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) process.exit(run.status ?? 1);
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, '');
  const t = (startedAt - MARGIN_MS) / 1000;
  fs.utimesSync(stamp, t, t);
}

if (entry) {
  // Node's compile cache (22.1 and later; a no-op where it is missing): the compiled code of the modules the command
  // loads (cdk8s, cdktf, the provider classes, ours) is kept on disk, in Node's default folder under the system's
  // temporary folder, keyed by each file's content and Node's version, so a later run skips most of the parsing.
  // It saves about a quarter of one app's CPU time (docs/performance.md).
  require('node:module').enableCompileCache?.();
  const file = path.resolve(root, entry);
  // The entry sees the arguments npm passes, as if node had started it directly.
  process.argv = [process.argv[0], file, ...args];
  require(file);
}
