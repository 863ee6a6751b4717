import { compareVersions, isCandidateTag, isReleaseTag, releaseOfTag } from '../core';
import { DeployRecord, DeployRecordError } from './deploy-records';

/**
 * The release candidate a release tag promotes: a candidate of the same release, on the same commit, that every
 * staging environment recorded as `verified` (applied and its post-deploy checks passed), the latest such.
 * Production only ever runs what staging ran: the release tag retags this candidate's images.
 */
export function stagedCandidate(
  records: readonly DeployRecord[],
  releaseTag: string,
  commit: string,
  stagingEnvironments?: readonly string[],
): string {
  if (!isReleaseTag(releaseTag)) {
    throw new DeployRecordError(
      `gate: ${releaseTag} is not a release tag (X.Y.Z[.W]). Fix: run the production gate only for a release tag`,
    );
  }
  if (stagingEnvironments !== undefined && stagingEnvironments.length === 0) {
    throw new DeployRecordError(
      `gate: release ${releaseTag}: no staging app in dist/, so nothing can have passed staging. Fix: add the staging apps, or synthesize before the gate`,
    );
  }
  const release = releaseOfTag(releaseTag);
  const candidates = [
    ...new Set(records.filter((r) => r.stage === 'staging' && isCandidateTag(r.ref) && releaseOfTag(r.ref) === release).map((r) => r.ref)),
  ];
  // Without a list: every staging environment the candidate was deployed to (the same commit has the same apps).
  const environmentsOf = (ref: string) =>
    stagingEnvironments ?? [
      ...new Set(records.filter((r) => r.stage === 'staging' && r.ref === ref && r.commit === commit).map((r) => r.env)),
    ];
  const passed = candidates
    .filter(
      (ref) =>
        environmentsOf(ref).length > 0 &&
        environmentsOf(ref).every((env) => {
          // The last word on this candidate in this environment decides: verified, and not failed or rolled back since.
          const last = records.filter((r) => r.env === env && r.ref === ref && r.commit === commit && r.result !== 'applied').at(-1);
          return last?.result === 'verified';
        }),
    )
    .sort((a, b) => compareVersions(a.replace(/^.*-rc\./, ''), b.replace(/^.*-rc\./, '')));
  if (passed.length > 0) return passed[passed.length - 1];
  const seen = records
    .filter((r) => r.stage === 'staging' && releaseOfTagOrUndefined(r.ref) === release)
    .map((r) => `${r.ref} on ${r.env} at ${r.commit.slice(0, 7)}: ${r.result}`);
  throw new DeployRecordError(
    `gate: release ${releaseTag} (commit ${commit.slice(0, 7)}) has no release candidate of the same commit that passed staging${stagingEnvironments ? ` (${stagingEnvironments.join(', ')})` : ''} with its post-deploy checks; ` +
      `${seen.length > 0 ? `staging records of ${release}: ${seen.join('; ')}` : `no staging record of ${release} at all`}. Nothing was deployed. ` +
      `Fix: tag this commit ${release}-rc.<n>, let staging apply and verify it, then delete and push ${releaseTag} again`,
  );
}

function releaseOfTagOrUndefined(ref: string): string | undefined {
  return isReleaseTag(ref) || isCandidateTag(ref) ? releaseOfTag(ref) : undefined;
}

/** Where the upgrade test starts from. */
export interface PreviousRelease {
  /** The previous release's tag, or undefined for the first release (the greenfield path). */
  readonly tag?: string;
  readonly reason: string;
}

/**
 * The release a candidate upgrades from: the release production last verified (its deployment record),
 * or, with no production record, the highest release tag below the candidate's release. None at all is
 * the first release: the upgrade test takes the greenfield path. A recorded release whose tag is gone is
 * an error, never a silent greenfield.
 */
export function previousRelease(records: readonly DeployRecord[], tags: readonly string[], candidateTag: string): PreviousRelease {
  if (!isCandidateTag(candidateTag) && !isReleaseTag(candidateTag)) {
    throw new DeployRecordError(
      `previous: ${candidateTag} is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N), so there is no previous release to find. Fix: run the upgrade test for a release-candidate tag`,
    );
  }
  const release = releaseOfTag(candidateTag);
  const production = records
    .filter(
      (r) => r.stage === 'prod' && r.result === 'verified' && isReleaseTag(r.ref) && compareVersions(releaseOfTag(r.ref), release) < 0,
    )
    .at(-1);
  if (production) {
    if (!tags.includes(production.ref)) {
      throw new DeployRecordError(
        `previous: production last ran release ${production.ref} (recorded ${production.at}), but no tag ${production.ref} exists here. Fix: fetch the tags (git fetch --tags), or push the tag ${production.ref} for commit ${production.commit}`,
      );
    }
    return { tag: production.ref, reason: `production last verified ${production.ref} (${production.at})` };
  }
  const earlier = tags
    .filter((t) => isReleaseTag(t) && compareVersions(releaseOfTag(t), release) < 0)
    .sort((a, b) => compareVersions(releaseOfTag(a), releaseOfTag(b)));
  if (earlier.length > 0)
    return { tag: earlier[earlier.length - 1], reason: `the highest release tag below ${release} (no production record)` };
  return { reason: `no release before ${release}: the first release candidate takes the greenfield path` };
}
