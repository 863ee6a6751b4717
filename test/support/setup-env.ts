// Snapshots must not depend on the machine: the branch app reads the branch
// from CI variables, so tests run as on a developer machine (branch "local").
for (const name of [
  'BRANCH_NAME',
  'GITHUB_HEAD_REF',
  'GITHUB_REF_NAME',
  'CI_COMMIT_REF_NAME',
  'GIT_BRANCH',
  'GIT_COMMIT',
  'GITHUB_SHA',
  'CI_COMMIT_SHA',
  // In CI an image tagged without a commit (local-0000000) is refused (lib/core/release.ts ciFromEnvironment).
  'CI',
  'JENKINS_URL',
  // The tag being built decides what staging and production render (lib/core/release.ts stageRelease).
  'GITHUB_REF_TYPE',
  'TAG_NAME',
  'OMS_IMAGE_RECORD',
]) {
  delete process.env[name];
}

// A child process that never exits would hold its jest worker, and the whole run, forever (see child-limit.ts).
import childProcess from 'node:child_process';
import { limitChildren } from './child-limit';

limitChildren(childProcess, Number(process.env.OMS_TEST_CHILD_LIMIT_MS ?? 10 * 60_000));
