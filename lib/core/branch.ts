/**
 * Variables CI systems set to the branch being built, in the order they are consulted, with the
 * remote prefix that CI system itself adds (only that prefix is removed; a branch that is really
 * named `origin/foo` or `refs/heads/foo` keeps its name, so it never maps onto `foo`'s environment).
 * - `BRANCH_NAME`: Jenkins multibranch pipelines, the branch as the remote names it.
 * - `GITHUB_HEAD_REF` (pull requests) and `GITHUB_REF_NAME` (pushes): GitHub Actions, short names.
 * - `CI_COMMIT_REF_NAME`: GitLab CI, the short name.
 * - `GIT_BRANCH`: the Jenkins Git plugin, `<remote>/<branch>` with the remote `origin` by default.
 */
const BRANCH_VARIABLES: readonly { readonly name: string; readonly remotePrefix?: string }[] = [
  { name: 'BRANCH_NAME' },
  { name: 'GITHUB_HEAD_REF' },
  { name: 'GITHUB_REF_NAME' },
  { name: 'CI_COMMIT_REF_NAME' },
  { name: 'GIT_BRANCH', remotePrefix: 'origin/' },
];

/**
 * Why `name` is not a branch name git accepts (`git check-ref-format --branch`), or undefined.
 * The rules: no control characters, space, `~ ^ : ? * [ \`; no `..`, `@{` or `//`; no component
 * starting with `.` or ending with `.lock`; not starting with `-` or `/`; not ending with `/` or `.`;
 * not `@` alone; at most 200 characters (a limit of ours, for readable environment names).
 */
export function gitBranchNameViolation(name: unknown): string | undefined {
  const rule =
    'must be a git branch name (as git check-ref-format --branch accepts it): no spaces or control characters, none of ~ ^ : ? * [ \\, no "..", "@{" or "//", no part starting with "." or ending with ".lock", not starting with "-" or "/", not ending with "/" or ".", at most 200 characters';
  if (typeof name !== 'string' || name.length === 0 || name.length > 200 || name === '@') return rule;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name) || name.includes('..') || name.includes('@{') || name.includes('//')) return rule;
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return rule;
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) return rule;
  return undefined;
}

/**
 * The branch being built, from the CI environment (Jenkins, GitHub Actions, GitLab), or `local` on a
 * developer machine, so synthesis works anywhere. The value is taken as the CI system gives it; only
 * that system's own remote prefix is removed. A value that is no git branch name throws, naming the
 * variable and the fix.
 */
export function branchFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): string {
  for (const { name, remotePrefix } of BRANCH_VARIABLES) {
    const value = env[name];
    if (value === undefined || value.length === 0) continue;
    const branch = remotePrefix && value.startsWith(remotePrefix) ? value.slice(remotePrefix.length) : value;
    const rule = gitBranchNameViolation(branch);
    if (rule !== undefined)
      throw new RangeError(
        `${name} ${rule} (received ${JSON.stringify(value)}). Fix: set ${name} to the branch as the Git remote names it, e.g. feature/x`,
      );
    return branch;
  }
  return 'local';
}
