#!/usr/bin/env node
import './compile-cache';
import { publishCommand } from '../lib/synth/publish';

// `publish --repo <url-or-path> [--branch rendered] ...`: see `publish --help`.
process.exitCode = publishCommand(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
