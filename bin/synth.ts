#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { synthCommand } from '../lib/synth/synth-command';

// `synth [<app>...] [--apps <dir>] [--compiled <dir>] [--out <dir>]`: see `synth --help`.
// Time since the process started: Node's own start-up plus loading our modules.
const loadedAt = performance.now();
const argv = process.argv.slice(2);
// In this repository, `npm run synth` compiles apps/ beside this file: use them, not a second copy from source.
const ownApps = path.resolve(__dirname, '..', '..', 'apps');
const builtApps = path.resolve(__dirname, '..', 'apps');
const defaults =
  !argv.some((a) => a.startsWith('--apps') || a.startsWith('--compiled')) && path.resolve('apps') === ownApps && fs.existsSync(builtApps)
    ? ['--compiled', builtApps]
    : [];
process.exitCode = synthCommand([...argv, ...defaults], { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
if (process.env.OMS_SYNTH_TIMING) {
  process.stderr.write(`timing: load_ms=${loadedAt.toFixed(1)} synth_ms=${(performance.now() - loadedAt).toFixed(1)}\n`);
}
