#!/usr/bin/env node
import './compile-cache';
import { targetCommand } from '../lib/review/target-command';

// `npm run --silent target [-- --drift | --pr-plan | --teardown]`: what a CI job handles, from the apps (see --help).
process.exitCode = targetCommand(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
