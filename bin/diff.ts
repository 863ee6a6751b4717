#!/usr/bin/env node
import './compile-cache';
import { diffCommand } from '../lib/review/commands';

// `diff <base-dist> [<head-dist>] [options]`: see `diff --help`.
process.exitCode = diffCommand(process.argv.slice(2));
