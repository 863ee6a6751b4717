import { branchEnvironmentName, branchFromEnvironment } from '../lib/core';

// `npm run --silent env-name`: the environment name of the branch being built (for CI scripts).
process.stdout.write(`${branchEnvironmentName(branchFromEnvironment())}\n`);
