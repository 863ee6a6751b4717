#!/usr/bin/env node
import { targetCommand } from '../lib/review/ci-commands';

// `npm run --silent target`: what this CI build deploys (key=value lines for $GITHUB_OUTPUT or a Jenkins script). See `target --help`.
process.exitCode = targetCommand(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
