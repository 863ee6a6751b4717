#!/usr/bin/env node
import './compile-cache';
import { envNameCommand } from '../lib/review/ci-commands';

// `npm run --silent env-name`: the environment name of the branch being built (for CI scripts). See `env-name --help`.
process.exitCode = envNameCommand(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
