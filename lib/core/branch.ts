/** Variables CI systems set to the branch being built, in the order they are consulted. */
const BRANCH_VARIABLES = ['BRANCH_NAME', 'GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME', 'GIT_BRANCH'];

/**
 * The branch being built, from the CI environment (Jenkins, GitHub Actions,
 * GitLab), or `local` on a developer machine, so synthesis works anywhere.
 */
export function branchFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): string {
  for (const name of BRANCH_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim().length > 0) return value.trim().replace(/^(origin|refs\/heads)\//, '');
  }
  return 'local';
}
