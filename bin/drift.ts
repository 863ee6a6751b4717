#!/usr/bin/env node
import './compile-cache';
import { driftCommand } from '../lib/review/drift';

// `drift <env> --context <name> [options]`: see `drift --help`.
process.exitCode = driftCommand(process.argv.slice(2));
