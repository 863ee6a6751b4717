import { buildRefFromEnvironment, deployTarget, formatTarget } from '../../lib/review/ci-target';

test.each([
  [{ tag: '10.0.2409.1' }, 'prod', ['production'], 'deploy-production'],
  [{ tag: 'v1.2.3' }, 'prod', ['production'], 'deploy-production'],
  [{ tag: '10.0.2412.0-rc.1' }, 'staging', ['staging'], 'deploy-staging'],
  [{ branch: 'main' }, 'uat', ['uat-eks', 'uat-openshift'], 'deploy-uat'],
  [{ branch: 'feature/login' }, 'branch', [expect.stringMatching(/^br-feature-login-[0-9a-f]+$/)], 'deploy-branch-feature/login'],
])('%j deploys %s', (ref, stage, environments, group) => {
  const t = deployTarget(ref);
  expect([t.deploy, t.stage, t.environments.map((e) => e.name), t.group]).toEqual([true, stage, environments, group]);
});

test.each([['nightly'], ['10.0-rc.1'], ['release-10.0.2409.1'], ['10.0.2409.1-hotfix']])(
  'tag %s is neither a release nor a candidate: nothing is deployed',
  (tag) => {
    expect(deployTarget({ tag })).toEqual({
      deploy: false,
      environments: [],
      group: `deploy-none-${tag}`,
      reason: `tag ${tag} is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N): nothing is deployed`,
    });
  },
);

test.each([
  [{ GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '1.2.3' }, { tag: '1.2.3' }],
  [{ GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' }, { branch: 'main' }],
  [{ TAG_NAME: '1.2.3', BRANCH_NAME: '1.2.3' }, { tag: '1.2.3' }],
  [{ BRANCH_NAME: 'feature/x' }, { branch: 'feature/x' }],
])('the ref from %j', (env, ref) => {
  expect(buildRefFromEnvironment(env)).toEqual(ref);
});

test('the output is key=value lines for $GITHUB_OUTPUT, with the matrix of environments', () => {
  expect(formatTarget(deployTarget({ branch: 'main' }))).toBe(
    'deploy=true\nstage=uat\ngroup=deploy-uat\nenvironments=uat-eks uat-openshift\n' +
      'matrix={"include":[{"env":"uat-eks","ci_environment":"uat-eks"},{"env":"uat-openshift","ci_environment":"uat-openshift"}]}\n' +
      'reason=branch main\n',
  );
});
