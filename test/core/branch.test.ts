import { spawnSync } from 'node:child_process';
import { branchEnvironmentName } from '../../lib/core/aws-config';
import { branchFromEnvironment, gitBranchNameViolation } from '../../lib/core/branch';

const RULE =
  'must be a git branch name (as git check-ref-format --branch accepts it): no spaces or control characters, none of ~ ^ : ? * [ \\, no "..", "@{" or "//", no part starting with "." or ending with ".lock", not starting with "-" or "/", not ending with "/" or ".", at most 200 characters';

describe('branchFromEnvironment: the raw branch, with only the CI system’s own remote prefix removed', () => {
  test.each([
    [{ BRANCH_NAME: 'feature/x' }, 'feature/x'],
    [{ BRANCH_NAME: 'origin/foo' }, 'origin/foo'],
    [{ BRANCH_NAME: 'refs/heads/foo' }, 'refs/heads/foo'],
    [{ GITHUB_HEAD_REF: 'origin/foo', GITHUB_REF_NAME: '12/merge' }, 'origin/foo'],
    [{ GITHUB_REF_NAME: 'main' }, 'main'],
    [{ CI_COMMIT_REF_NAME: 'refs/heads/foo' }, 'refs/heads/foo'],
    [{ GIT_BRANCH: 'origin/fix-1' }, 'fix-1'],
    [{ GIT_BRANCH: 'origin/origin/foo' }, 'origin/foo'],
    [{ GIT_BRANCH: 'upstream/fix-1' }, 'upstream/fix-1'],
    [{ BRANCH_NAME: '' }, 'local'],
    [{}, 'local'],
  ])('%p is %s', (env, expected) => expect(branchFromEnvironment(env)).toBe(expected));

  test.each([
    [{ BRANCH_NAME: 'feature x' }, 'BRANCH_NAME', '"feature x"'],
    [{ GITHUB_HEAD_REF: 'a..b' }, 'GITHUB_HEAD_REF', '"a..b"'],
    [{ GIT_BRANCH: 'origin/' }, 'GIT_BRANCH', '"origin/"'],
    [{ CI_COMMIT_REF_NAME: ' main' }, 'CI_COMMIT_REF_NAME', '" main"'],
  ])('%p fails naming the variable, the value and the fix', (env, variable, shown) => {
    expect(() => branchFromEnvironment(env)).toThrow(
      `${variable} ${RULE} (received ${shown}). Fix: set ${variable} to the branch as the Git remote names it, e.g. feature/x`,
    );
  });
});

describe('branch environments', () => {
  test('foo, origin/foo and refs/heads/foo are three environments, each stable', () => {
    const names = ['foo', 'origin/foo', 'refs/heads/foo'].map(branchEnvironmentName);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n).toMatch(/^br-[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(['foo', 'origin/foo', 'refs/heads/foo'].map(branchEnvironmentName)).toEqual(names);
  });

  test('a name that is no git branch fails, naming it and the fix', () => {
    expect(() => branchEnvironmentName('feature..x')).toThrow(
      `branch ${RULE} (received "feature..x"). Fix: pass the branch as the Git remote names it`,
    );
  });
});

const git = spawnSync('git', ['--version']).status === 0;
if (!git) console.warn('gitBranchNameViolation is not compared with git: git is not installed');
(git ? test : test.skip).each([
  'main',
  'feature/ABC-123',
  'origin/foo',
  'refs/heads/foo',
  'release/2026.1',
  'a+b_c',
  'feature x',
  'a..b',
  'a//b',
  '-x',
  '/x',
  'x/',
  'x.',
  '.x',
  'x/.y',
  'x.lock',
  'x/y.lock/z',
  'a@{b',
  'a~b',
  'a^b',
  'a:b',
  'a?b',
  'a*b',
  'a[b',
  'a\\b',
  'tab\there',
])('%j: the rule agrees with git check-ref-format --branch', (name) => {
  // ("@" alone is refused too, although git reads it as HEAD's branch.)
  const accepted = spawnSync('git', ['check-ref-format', '--branch', name]).status === 0;
  expect(gitBranchNameViolation(name) === undefined).toBe(accepted);
});
