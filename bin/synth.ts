#!/usr/bin/env node
import './compile-cache';
import { performance } from 'node:perf_hooks';
import { ownCompiledApps } from '../lib/synth/own-apps';
import { synthCommand } from '../lib/synth/synth-command';

// `synth [<app>...] [--apps <dir>] [--compiled <dir>] [--out <dir>]`: see `synth --help`.
// Time since the process started: Node's own start-up plus loading our modules.
const loadedAt = performance.now();
const argv = process.argv.slice(2);
process.exitCode = synthCommand([...argv, ...ownCompiledApps(argv, __dirname)], {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
if (process.env.OMS_SYNTH_TIMING) {
  process.stderr.write(`timing: load_ms=${loadedAt.toFixed(1)} synth_ms=${(performance.now() - loadedAt).toFixed(1)}\n`);
}
