import { pinnedByDigest, releaseOfTag, stageRelease } from '../../lib/core/release';

const SHA = '9b1e7d2c0a4f6e8d1b3c5a7e9f0d2c4b6a8e0f1d';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('the tag decides what staging and production run', () => {
  test.each([
    [
      'staging',
      { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '10.0.2501.0-rc.2', GITHUB_SHA: SHA },
      '10.0.2501.0',
      '10.0.2501.0-rc.2-9b1e7d2',
      true,
    ],
    ['staging', { TAG_NAME: 'v10.0.2501.0-rc.1', GIT_COMMIT: SHA }, '10.0.2501.0', '10.0.2501.0-rc.1-9b1e7d2', true],
    ['prod', { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '10.0.2501.0', GITHUB_SHA: SHA }, '10.0.2501.0', '10.0.2501.0-9b1e7d2', true],
    // Another ref: the declared last release (what is synthesized there is reviewed, never applied).
    ['staging', { GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main', GITHUB_SHA: SHA }, '10.0.2412.0', '10.0.2412.0-rc.1-4f2a9c1', false],
    ['prod', { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '10.0.2501.0-rc.1', GITHUB_SHA: SHA }, '10.0.2409.1', '10.0.2409.1-4f2a9c1', false],
    ['staging', {}, '10.0.2412.0', '10.0.2412.0-rc.1-4f2a9c1', false],
  ] as const)('%s with %j runs %s (%s)', (stage, env, version, tag, fromTag) => {
    const declared = stage === 'prod' ? '10.0.2409.1-4f2a9c1' : '10.0.2412.0-rc.1-4f2a9c1';
    expect(stageRelease(stage, declared, env)).toEqual({ version, imageTag: tag, fromTag });
  });

  test.each([
    [
      'staging',
      'main-4f2a9c1',
      {},
      'declared image tag of staging must be <release>[-rc.N]-<commit> (received "main-4f2a9c1"). Fix: declare the tag CI gave the release\'s images, e.g. 10.0.2409.1-4f2a9c1',
    ],
    [
      'prod',
      '10.0.2409.1-4f2a9c1',
      { TAG_NAME: '10.0.2501.0' },
      "tag 10.0.2501.0 is being built but no commit id is set, so its images cannot be named. Fix: run in CI (GITHUB_SHA or GIT_COMMIT), or set GIT_COMMIT to the tag's commit",
    ],
  ] as const)('%s declared %s with %j is refused', (stage, declared, env, message) => {
    expect(() => stageRelease(stage, declared, env)).toThrow(message);
  });

  test('a tag that is neither a release nor a candidate names no release', () => {
    expect(releaseOfTag('10.0.2501.0-rc.3')).toBe('10.0.2501.0');
    expect(() => releaseOfTag('10.0-rc.1')).toThrow(
      'tag 10.0-rc.1 is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N). Fix: tag the commit as e.g. 10.0.2501.0-rc.1 (staging) or 10.0.2501.0 (production)',
    );
  });
});

describe('production pins images by the digest promotion recorded', () => {
  const image = 'registry.example.com/oms/om-app:10.0.2501.0-9b1e7d2';
  const release = { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '10.0.2501.0', GITHUB_SHA: SHA, OMS_IMAGE_RECORD: 'image-record.json' };
  const record =
    (digest = DIGEST) =>
    () => ({ images: [{ image, digest }] });

  test('on a release tag the image carries its digest; elsewhere it is left as it is', () => {
    expect(pinnedByDigest(image, record(), release)).toBe(`${image}@${DIGEST}`);
    expect(pinnedByDigest(image, record(), { GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' })).toBe(image);
  });

  test.each([
    [
      { ...release, OMS_IMAGE_RECORD: '' },
      record(),
      `release 10.0.2501.0: production pins ${image} by digest, but OMS_IMAGE_RECORD is not set. Fix: run the promote step first (images/promote.sh writes image-record.json) and set OMS_IMAGE_RECORD to that file`,
    ],
    [
      release,
      () => ({ images: [] }),
      `release 10.0.2501.0: ${image} is not in the image record image-record.json. Fix: promote the release candidate's images to 10.0.2501.0 (images/promote.sh), which records each image's digest`,
    ],
    [
      release,
      record('sha256:short'),
      `release 10.0.2501.0: ${image} is not in the image record image-record.json (its digest "sha256:short" is not sha256:<64 hex>). Fix: promote the release candidate's images to 10.0.2501.0 (images/promote.sh), which records each image's digest`,
    ],
  ])('a missing or bad record fails naming the image (%#)', (env, read, message) => {
    expect(() => pinnedByDigest(image, read, env)).toThrow(message);
  });
});
