#!/usr/bin/env node
import './compile-cache';
import { sweepCommand } from '../lib/review/branch-sweep';

// `sweep-branches --context <name> --keep <branch> [options]`: see `sweep-branches --help`.
process.exitCode = sweepCommand(process.argv.slice(2));
