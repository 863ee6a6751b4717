import { Stage } from './environment';
import { parseImage } from './image';
import { commitIdViolation } from './validators';

/** A release tag: `<major>.<minor>.<patch>[.<build>]`, optionally prefixed with `v`. */
const RELEASE_TAG = /^v?\d+\.\d+\.\d+(\.\d+)?$/;
/** A release-candidate tag: a release tag followed by `-rc.<n>`. */
const CANDIDATE_TAG = /^v?\d+\.\d+\.\d+(\.\d+)?-rc\.\d+$/;

/** What an image is built from: the branch or tag, and the commit. */
export interface SourceRef {
  /** Branch name or tag. */
  readonly ref: string;
  /** Commit id (at least 7 hex digits). */
  readonly commit: string;
}

/**
 * The one place image tags are made: the branch or tag name, made tag-safe,
 * plus the short commit id (`10.0.2409.1-4f2a9c1`, `feature-login-9b1e7d2`).
 */
export function imageTag(source: SourceRef): string {
  const rule = commitIdViolation(source.commit);
  if (rule)
    throw new RangeError(
      `commit ${rule} (received "${source.commit}"). Fix: pass the full commit id from CI (GIT_COMMIT, GITHUB_SHA or CI_COMMIT_SHA)`,
    );
  const commit = source.commit.toLowerCase().slice(0, 7);
  const ref = source.ref
    .replace(/^v(?=\d)/, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
  if (ref.length === 0)
    throw new RangeError(
      `ref must have letters or digits for an image tag (received "${source.ref}"). Fix: build from a branch or tag with a usable name`,
    );
  return `${ref}-${commit}`;
}

/** The commit being built, from the CI environment (`GIT_COMMIT`, `GITHUB_SHA`, `CI_COMMIT_SHA`), or `0000000` locally. */
export function commitFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.GIT_COMMIT ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? '0000000';
}

/** Whether a git tag names a release (`10.0.2409.1`, `v1.2.3`). */
export function isReleaseTag(tag: string): boolean {
  return RELEASE_TAG.test(tag);
}

/** Whether a git tag names a release candidate (`10.0.2412.0-rc.1`). */
export function isCandidateTag(tag: string): boolean {
  return CANDIDATE_TAG.test(tag);
}

/**
 * The rule an image breaks for a stage's release policy, or `undefined`.
 * Production runs only release images (`<release>-<commit>`, or a digest);
 * staging also accepts release candidates.
 */
export function releasePolicyViolation(image: string, stage: Stage): string | undefined {
  if (stage !== 'prod' && stage !== 'staging') return undefined;
  const ref = parseImage(image);
  if (ref.digest !== undefined) return undefined;
  const tag = ref.tag ?? '';
  const m = /^(.*)-([0-9a-f]{7,40})$/.exec(tag);
  const version = m ? m[1] : '';
  if (isReleaseTag(version)) return undefined;
  if (stage === 'staging' && isCandidateTag(version)) return undefined;
  return stage === 'prod'
    ? 'must be a release image in production: tag <release>-<commit> built from a release tag (e.g. 10.0.2409.1-4f2a9c1), or a digest'
    : 'must be a release or release-candidate image in staging: tag <release>[-rc.N]-<commit>, or a digest';
}
