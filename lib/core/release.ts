import { Stage } from './environment';
import { Problem } from './errors';
import { parseImage } from './image';
import { commitIdViolation } from './validators';
import { memoizedByString } from './memo';

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
  if (typeof source !== 'object' || source === null)
    throw new RangeError(
      `imageTag needs { ref, commit } (received ${source === null ? 'null' : typeof source}). Fix: pass the ref and commit CI builds, e.g. imageTag({ ref: 'main', commit: process.env.GIT_COMMIT })`,
    );
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

/** The commit id {@link commitFromEnvironment} gives when no CI variable names one: no image is ever built from it. */
export const NO_COMMIT = '0000000';

/** The commit being built, from the CI environment (`GIT_COMMIT`, `GITHUB_SHA`, `CI_COMMIT_SHA`), or `0000000` locally. */
export function commitFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.GIT_COMMIT ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? NO_COMMIT;
}

/**
 * Whether this process runs in CI. GitHub Actions always sets `CI=true` (and so do GitLab CI and most
 * others); Jenkins does not set `CI`, but sets `JENKINS_URL` on every build (its list of built-in
 * variables, `/env-vars.html`). `CI=false` or `CI=0` (a way to say "not CI" some tools honour) counts as unset.
 */
export function ciFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const ci = env.CI;
  return (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') || !!env.JENKINS_URL;
}

/**
 * The rule an image breaks when its tag was made without a commit id (`local-0000000`, `feature-x-0000000`:
 * {@link imageTag} of {@link NO_COMMIT}), or `undefined`. No CI build pushes such a tag, so no registry has it.
 * (A pure function of the string: remembered per reference.)
 */
export const unbuiltImageViolation: (image: string) => string | undefined = memoizedByString(function unbuiltImageViolation(image) {
  const tag = typeof image === 'string' ? parseImage(image).tag : undefined;
  return tag !== undefined && tag.endsWith(`-${NO_COMMIT}`)
    ? `must name an image CI built: the tag was made without a commit id (GIT_COMMIT, GITHUB_SHA and CI_COMMIT_SHA unset), so no registry has it`
    : undefined;
});

/** What to do about an image tagged without a commit: refused when synthesizing in CI (which applies what it renders), warned about otherwise. */
export const UNBUILT_IMAGE_FIX =
  'synthesize with the commit CI builds (GIT_COMMIT, GITHUB_SHA or CI_COMMIT_SHA set, as CI sets them), or pin an image tag CI pushed';

/**
 * The problem with `image` at `property` when it was tagged without a commit and synthesis runs in CI
 * (`inCi`): there the output is applied, and the image cannot be pulled. Outside CI (a developer's
 * `npm run synth`) there is none; {@link unbuiltImageWarning} says it instead.
 */
export function unbuiltImageProblems(property: string, image: string | undefined, inCi: boolean): Problem[] {
  const rule = image === undefined || !inCi ? undefined : unbuiltImageViolation(image);
  return rule ? [{ property, rule: `${rule} (refused in CI)`, value: image, fix: UNBUILT_IMAGE_FIX }] : [];
}

/** The warning of a local synthesis for an image tagged without a commit, or `undefined`. */
export function unbuiltImageWarning(property: string, image: string | undefined): string | undefined {
  if (image === undefined || unbuiltImageViolation(image) === undefined) return undefined;
  return `${property} ${image} was tagged without a commit id, so no registry has it: fine for a local synthesis, refused in CI. Fix: ${UNBUILT_IMAGE_FIX}`;
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

/** A tag that starts like a version (`10.`, `v1.`): meant as a release, so it must parse as one. */
export function looksLikeReleaseTag(tag: string): boolean {
  return /^v?\d+\./.test(tag);
}

/** The release a release or candidate tag names: `10.0.2501.0-rc.2` and `v10.0.2501.0` give `10.0.2501.0`. */
export function releaseOfTag(tag: string): string {
  if (!isReleaseTag(tag) && !isCandidateTag(tag)) {
    throw new RangeError(
      `tag ${tag} is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N). Fix: tag the commit as e.g. 10.0.2501.0-rc.1 (staging) or 10.0.2501.0 (production)`,
    );
  }
  return tag.replace(/^v/, '').replace(/-rc\.\d+$/, '');
}

/** The git tag being built, from GitHub Actions (`GITHUB_REF_TYPE=tag`, `GITHUB_REF_NAME`) or Jenkins (`TAG_NAME`). */
export function tagFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME) return env.GITHUB_REF_NAME;
  return env.TAG_NAME || undefined;
}

/** What a staging or production app runs: the release and the tag of its images. */
export interface StageRelease {
  /** The release (`10.0.2501.0`). */
  readonly version: string;
  /** The tag of its images (`10.0.2501.0-rc.1-4f2a9c1` in staging, `10.0.2501.0-4f2a9c1` in production). */
  readonly imageTag: string;
  /** Whether it comes from the tag being built (true) or from the app's declared last release (false). */
  readonly fromTag: boolean;
}

/**
 * The release a staging or production app runs. The tag decides: on a release-candidate tag,
 * staging runs that tag's images (`imageTag({ ref: tag, commit })`, the images CI built for the commit
 * and retagged); on a release tag, production does. On any other ref (a branch build, a pull request,
 * a developer's machine) the app shows its declared release, the one it last deployed: what is
 * synthesized there is reviewed, never applied to staging or production.
 */
export function stageRelease(
  stage: 'staging' | 'prod',
  declaredImageTag: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): StageRelease {
  const tag = tagFromEnvironment(env);
  const decides = tag !== undefined && (stage === 'staging' ? isCandidateTag(tag) : isReleaseTag(tag));
  if (!decides) {
    const m = /^(.*)-[0-9a-f]{7,40}$/.exec(declaredImageTag);
    const declared = m ? m[1] : '';
    if (!isReleaseTag(declared) && !isCandidateTag(declared)) {
      throw new RangeError(
        `declared image tag of ${stage} must be <release>[-rc.N]-<commit> (received "${declaredImageTag}"). Fix: declare the tag CI gave the release's images, e.g. 10.0.2409.1-4f2a9c1`,
      );
    }
    return { version: releaseOfTag(declared), imageTag: declaredImageTag, fromTag: false };
  }
  const commit = env.GIT_COMMIT ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  if (commit === undefined) {
    throw new RangeError(
      `tag ${tag} is being built but no commit id is set, so its images cannot be named. Fix: run in CI (GITHUB_SHA or GIT_COMMIT), or set GIT_COMMIT to the tag's commit`,
    );
  }
  return { version: releaseOfTag(tag), imageTag: imageTag({ ref: tag, commit }), fromTag: true };
}

/**
 * The image record CI writes when it builds or promotes images (`OMS_IMAGE_RECORD`, a JSON file):
 * `{ "images": [{ "image": "<repository>:<tag>", "digest": "sha256:..." }] }`.
 */
export interface ImageRecord {
  readonly images: readonly { readonly image: string; readonly digest: string }[];
}

/**
 * The image pinned by digest, for production. On a release tag the digest must come from the image
 * record of the promotion (the file `OMS_IMAGE_RECORD` names), so production runs exactly the bytes
 * staging ran; a missing record or image is an error naming it. On any other ref the image is
 * returned as it is (nothing is applied to production from there).
 */
export function pinnedByDigest(
  image: string,
  readRecord: (file: string) => ImageRecord,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const tag = tagFromEnvironment(env);
  if (tag === undefined || !isReleaseTag(tag)) return image;
  const file = env.OMS_IMAGE_RECORD;
  if (!file) {
    throw new RangeError(
      `release ${tag}: production pins ${image} by digest, but OMS_IMAGE_RECORD is not set. Fix: run the promote step first (images/promote.sh writes image-record.json) and set OMS_IMAGE_RECORD to that file`,
    );
  }
  const entry = readRecord(file).images.find((i) => i.image === image);
  if (entry === undefined || !/^sha256:[a-f0-9]{64}$/.test(entry.digest)) {
    throw new RangeError(
      `release ${tag}: ${image} is not in the image record ${file}${entry ? ` (its digest "${entry.digest}" is not sha256:<64 hex>)` : ''}. Fix: promote the release candidate's images to ${tag} (images/promote.sh), which records each image's digest`,
    );
  }
  return `${image}@${entry.digest}`;
}
