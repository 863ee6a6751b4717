#!/usr/bin/env node
import './compile-cache';
import { applyCommand } from '../lib/review/commands';

// `apply <env> [options]`, `apply <env> --teardown [options]`: see `apply --help`.
process.exitCode = applyCommand(process.argv.slice(2));
