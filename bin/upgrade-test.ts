#!/usr/bin/env node
import './compile-cache';
import { upgradeTestCommand } from '../lib/review/upgrade-test';

// `upgrade-test <env> --candidate <dist> (--previous <dist> | --greenfield) --context <name>`: see `upgrade-test --help`.
process.exitCode = upgradeTestCommand(process.argv.slice(2));
