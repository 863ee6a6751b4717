import {
  ciFromEnvironment,
  commitFromEnvironment,
  imageTag,
  isCandidateTag,
  isReleaseTag,
  releasePolicyViolation,
  unbuiltImageViolation,
} from '../../lib/core/release';

test.each([
  [{ ref: '10.0.2409.1', commit: '4f2a9c1d0e' }, '10.0.2409.1-4f2a9c1'],
  [{ ref: 'v1.2.3', commit: 'ABCDEF1234' }, '1.2.3-abcdef1'],
  [{ ref: 'feature/Login page', commit: '9b1e7d2' }, 'feature-Login-page-9b1e7d2'],
  [{ ref: 'main', commit: '0000000' }, 'main-0000000'],
])('imageTag(%p) = %s', (source, expected) => expect(imageTag(source)).toBe(expected));

test.each([
  [{ ref: 'main', commit: 'xyz' }, 'commit must be a git commit id (7 to 40 hex digits, no suffix) (received "xyz")'],
  [
    { ref: '///', commit: '4f2a9c1' },
    'ref must have letters or digits for an image tag (received "///"). Fix: build from a branch or tag with a usable name',
  ],
])('imageTag refuses %p', (source, message) => expect(() => imageTag(source)).toThrow(message));

test('release and candidate tags', () => {
  expect(['10.0.2409.1', 'v1.2.3', '1.2.3'].every(isReleaseTag)).toBe(true);
  expect(['main', '1.2', '1.2.3-rc.1', 'v1.2.3-beta'].some(isReleaseTag)).toBe(false);
  expect(isCandidateTag('10.0.2412.0-rc.1')).toBe(true);
  expect(isCandidateTag('10.0.2412.0')).toBe(false);
});

test('commitFromEnvironment', () => {
  expect(commitFromEnvironment({ GITHUB_SHA: 'abc1234' })).toBe('abc1234');
  expect(commitFromEnvironment({})).toBe('0000000');
});

test.each([
  [{}, false],
  [{ CI: 'true' }, true],
  [{ CI: '1' }, true],
  [{ CI: 'false' }, false],
  [{ CI: '0' }, false],
  [{ CI: '' }, false],
  [{ JENKINS_URL: 'https://jenkins.example.com/' }, true],
])('ciFromEnvironment(%p) = %p', (env, expected) => expect(ciFromEnvironment(env)).toBe(expected));

test.each([
  ['r/oms:local-0000000', true],
  ['r/oms:feature-x-0000000', true],
  [`r/oms:${imageTag({ ref: 'local', commit: commitFromEnvironment({}) })}`, true],
  ['r/oms:main-4f2a9c1', false],
  ['r/oms:10.0.2409.1-4f2a9c1', false],
  ['r/oms@sha256:' + '0'.repeat(64), false],
  ['registry:5000/oms', false],
])('unbuiltImageViolation(%s) finds a tag made without a commit: %p', (image, unbuilt) =>
  expect(unbuiltImageViolation(image) !== undefined).toBe(unbuilt),
);

describe('release policy per stage', () => {
  test.each([
    ['prod', 'r/oms:10.0.2409.1-4f2a9c1', undefined],
    ['prod', 'r/oms@sha256:' + 'a'.repeat(64), undefined],
    ['prod', 'r/oms:main-4f2a9c1', 'must be a release image in production'],
    ['prod', 'r/oms:10.0.2412.0-rc.1-4f2a9c1', 'must be a release image in production'],
    ['staging', 'r/oms:10.0.2412.0-rc.1-4f2a9c1', undefined],
    ['staging', 'r/oms:feature-x-4f2a9c1', 'must be a release or release-candidate image in staging'],
    ['uat', 'r/oms:main-4f2a9c1', undefined],
    ['branch', 'r/oms:feature-x-4f2a9c1', undefined],
  ] as const)('%s %s', (stage, image, rule) => {
    const v = releasePolicyViolation(image, stage);
    if (rule === undefined) expect(v).toBeUndefined();
    else expect(v).toContain(rule);
  });
});
