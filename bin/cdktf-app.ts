#!/usr/bin/env node
import './compile-cache';
import { cdktfAppCommand } from '../lib/synth/cdktf-app';
import { ownCompiledApps } from '../lib/synth/own-apps';

// The cdktf CLI's app (cdktf.json): every environment's AWS stack. See `cdktf-app --help`.
const argv = process.argv.slice(2);
process.exitCode = cdktfAppCommand([...argv, ...ownCompiledApps(argv, __dirname)], {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
