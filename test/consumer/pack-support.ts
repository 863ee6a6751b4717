import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root and its package.json. */
export const root = path.resolve(__dirname, '..', '..');
export const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Runs a command to its end; never throws. */
export function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Builds the package and packs it with `npm pack` (so the files list is what is tested): the tarball and its file list.
 * The build is the npm scripts' own (scripts/built.js: `tsc -b`, skipped when nothing changed since the last
 * compile), so a suite run after `npm run synth` does not compile the library a second time.
 */
export function buildAndPack(): { tarball: string; files: string[] } {
  const build = sh(process.execPath, [path.join(root, 'scripts', 'built.js'), 'tsconfig.build.json'], root);
  if (build.status !== 0) throw new Error(build.stdout + build.stderr);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-pack-'));
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], root);
  if (pack.status !== 0) throw new Error(pack.stderr);
  const info = JSON.parse(pack.stdout)[0];
  return { tarball: path.join(out, info.filename), files: info.files.map((f: { path: string }) => f.path) };
}

/** A copy of examples/consumer in a new temporary folder. */
export function consumerCopy(): string {
  const consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-consumer-'));
  fs.cpSync(path.join(root, 'examples', 'consumer'), consumer, { recursive: true });
  return consumer;
}
