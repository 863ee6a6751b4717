import { ImageReference, imageVersion, parseImage, unpinnedImageViolation } from '../../lib/core/image';

const HEX64 = '0123456789abcdef'.repeat(4);
const DIGEST = `sha256:${HEX64}`;

const UNPINNED = 'must be pinned to a tag or digest (an untagged image means "latest")';
const SPACES = 'must be an image reference without spaces';
const NO_REPO = 'must name a repository';
const BAD_DIGEST = 'must have a digest of the form sha256:<64 hex digits>';
const BAD_TAG = 'must have a valid tag (letters, digits, "_", "." and "-", at most 128)';
const LATEST = 'must not use the mutable "latest" tag';

describe('parseImage', () => {
  test.each<[string, ImageReference]>([
    ['nginx:1.25', { repository: 'nginx', tag: '1.25', digest: undefined }],
    ['nginx', { repository: 'nginx', tag: undefined, digest: undefined }],
    ['registry.example.com/oms/om-app:10.0.2', { repository: 'registry.example.com/oms/om-app', tag: '10.0.2', digest: undefined }],
    ['registry:5000/oms/app', { repository: 'registry:5000/oms/app', tag: undefined, digest: undefined }],
    ['registry:5000/oms/app:1.2', { repository: 'registry:5000/oms/app', tag: '1.2', digest: undefined }],
    [`oms/app@${DIGEST}`, { repository: 'oms/app', tag: undefined, digest: DIGEST }],
    [`oms/app:1.0@${DIGEST}`, { repository: 'oms/app', tag: '1.0', digest: DIGEST }],
    ['  oms/app:1  ', { repository: 'oms/app', tag: '1', digest: undefined }],
    ['oms/app:', { repository: 'oms/app', tag: '', digest: undefined }],
  ])('%j', (ref, expected) => {
    expect(parseImage(ref)).toEqual(expected);
    expect(Object.keys(parseImage(ref)).sort()).toEqual(['digest', 'repository', 'tag']);
  });
});

describe('unpinnedImageViolation', () => {
  test.each<[string]>([
    ['oms/app:10.0.2'],
    ['registry.example.com/oms/om-app:10.0.2'],
    ['registry:5000/oms/app:1.2'],
    ['app:v1_2-rc.3'],
    [`oms/app@${DIGEST}`],
    [`oms/app:1.0@${DIGEST}`],
    // A digest pins the image whatever the tag says.
    [`oms/app:latest@${DIGEST}`],
    [`oms/app:${'a'.repeat(128)}`],
  ])('%j is pinned', (ref) => {
    expect(unpinnedImageViolation(ref)).toBeUndefined();
  });

  test.each<[string, string]>([
    ['', SPACES],
    ['   ', SPACES],
    ['oms/app :1.0', SPACES],
    ['oms/app:1.0 b', SPACES],
    ['oms/app:1.0\tx', SPACES],
    ['oms/app', UNPINNED],
    ['registry:5000/oms/app', UNPINNED],
    ['oms/app:latest', LATEST],
    ['registry:5000/oms/app:latest', LATEST],
    [`oms/app@sha256:abc`, BAD_DIGEST],
    [`oms/app@sha256:${HEX64.toUpperCase()}`, BAD_DIGEST],
    [`oms/app@sha512:${HEX64}`, BAD_DIGEST],
    [`oms/app@${DIGEST}0`, BAD_DIGEST],
    ['oms/app@', BAD_DIGEST],
    [':1.0', NO_REPO],
    [`@${DIGEST}`, NO_REPO],
    ['oms/app:', BAD_TAG],
    ['oms/app:-bad', BAD_TAG],
    ['oms/app:.bad', BAD_TAG],
    ['oms/app:a+b', BAD_TAG],
    [`oms/app:${'a'.repeat(129)}`, BAD_TAG],
    [' oms/app:1.0 ', SPACES],
    ['https://registry.example.com/oms/app:1.0', 'must not start with a URL scheme (write registry/repository:tag)'],
    ['registry.example.com/OMS/App:1.0', 'must have a lower-case repository path (letters, digits and separators ".", "_", "-")'],
    ['oms/-app:1.0', 'must have a lower-case repository path (letters, digits and separators ".", "_", "-")'],
  ])('%j breaks %j', (ref, rule) => {
    expect(unpinnedImageViolation(ref)).toBe(rule);
  });
});

describe('imageVersion', () => {
  test.each<[string, string | undefined]>([
    ['oms/app:10.0.2', '10.0.2'],
    ['registry:5000/oms/app:1.2', '1.2'],
    [`oms/app@${DIGEST}`, '0123456789ab'],
    [`oms/app:1.0@${DIGEST}`, '1.0'],
    ['oms/app', undefined],
    ['registry:5000/oms/app', undefined],
  ])('%j carries %p', (ref, expected) => {
    expect(imageVersion(ref)).toBe(expected);
  });
});
