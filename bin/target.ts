#!/usr/bin/env node
import { buildRefFromEnvironment, deployTarget, formatTarget } from '../lib/review/ci-target';

// `npm run --silent target`: what this CI build deploys (key=value lines for $GITHUB_OUTPUT or a Jenkins script).
process.stdout.write(formatTarget(deployTarget(buildRefFromEnvironment())));
