#!/usr/bin/env node
import { applyCommand } from '../lib/review/commands';

// `apply <env> [options]`, `apply <env> --teardown [options]`: see `apply --help`.
process.exitCode = applyCommand(process.argv.slice(2));
