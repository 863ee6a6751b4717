import { branchEnvironmentName, branchFromEnvironment } from '../lib/core';

// `npm run --silent env-name`: the environment name of the branch being built (for CI scripts).
// A branch variable git would refuse fails with its name and the fix, and prints no name.
try {
  process.stdout.write(`${branchEnvironmentName(branchFromEnvironment())}\n`);
} catch (err) {
  if (!(err instanceof RangeError)) throw err;
  process.stderr.write(`env-name: ${err.message}\n`);
  process.exitCode = 1;
}
