import { branchEnvironmentName, branchFromEnvironment } from '../core';
import { parseCommandLine } from './args';
import { CommandIo } from './commands';

export const ENV_NAME_USAGE = `usage: env-name

Prints the environment name of the branch being built (DNS-1123 safe, at most 40 characters, with a
stable hash suffix), for CI scripts. The branch comes from the first of BRANCH_NAME, GITHUB_HEAD_REF,
GITHUB_REF_NAME, CI_COMMIT_REF_NAME and GIT_BRANCH that is set; "local" when none is.

  --help   this text

Exit codes: 0 printed, 64 usage error.
`;

/** `env-name`: the environment name of the branch being built. */
export function envNameCommand(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): number {
  const args = parseCommandLine({ name: 'env-name', usage: ENV_NAME_USAGE, specs: [], maxPositionals: 0 }, argv, io);
  if (typeof args === 'number') return args;
  io.out(`${branchEnvironmentName(branchFromEnvironment(env))}\n`);
  return 0;
}
