import * as fs from 'node:fs';
import {
  ImageRecord,
  OmsImages,
  branchFromEnvironment,
  commitFromEnvironment,
  imageTag,
  isCandidateTag,
  isReleaseTag,
  pinnedByDigest,
  tagFromEnvironment,
} from '../../lib';

// The OMS images these environments run: built in CI from IBM's om-app and om-agent of the same release
// (images/om-app, images/om-agent), pushed to the team's registry, with the PostgreSQL JDBC driver added and
// the vendor set to postgresql (what IBM's operator does at start), because the AWS environments run on RDS
// PostgreSQL. Which tag an environment runs is chosen here, from the ref CI builds: see the README's
// "How CI uses it".

const REGISTRY = 'registry.example.com/oms';

/** The app and agent images of one tag, built for PostgreSQL. */
export function omsImages(tag: string): OmsImages {
  return { app: `${REGISTRY}/om-app:${tag}`, agent: `${REGISTRY}/om-agent:${tag}`, supportPostgresql: true };
}

/**
 * The tag of the images CI builds for this ref and commit: `imageTag({ ref, commit })` of the branch or
 * tag being built (`main-4f2a9c1` on main, `10.0.2501.0-rc.1-4f2a9c1` on a release candidate), or
 * `local-0000000` on a developer's machine.
 */
export function buildImageTag(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return imageTag({ ref: tagFromEnvironment(env) ?? branchFromEnvironment(env), commit: commitFromEnvironment(env) });
}

/**
 * The tag of a release's images when a release or release-candidate tag is built (the upgrade test's
 * candidate, and its previous release synthesized at that release's tag), or the declared one elsewhere.
 */
export function releaseImageTag(declared: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const tag = tagFromEnvironment(env);
  return tag !== undefined && (isReleaseTag(tag) || isCandidateTag(tag)) ? buildImageTag(env) : declared;
}

/** The image record CI's promote step wrote (OMS_IMAGE_RECORD). */
export function readImageRecord(file: string): ImageRecord {
  if (!fs.existsSync(file)) {
    throw new RangeError(
      `the image record ${file} (OMS_IMAGE_RECORD) does not exist. Fix: run images/promote.sh before synthesizing production`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ImageRecord;
}

/** Production's images: pinned by the digest the promotion recorded when a release tag is built. */
export function pinnedOmsImages(tag: string): OmsImages {
  const images = omsImages(tag);
  return { ...images, app: pinnedByDigest(images.app, readImageRecord), agent: pinnedByDigest(images.agent, readImageRecord) };
}

/** The Secret with the console and trust store passwords (created from Secrets Manager by the platform). */
export const APP_SECRET = { secretName: 'oms-app-secret' };
