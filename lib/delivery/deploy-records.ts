import { spawnSync } from 'node:child_process';
import { STAGES, Stage } from '../core';

/**
 * Deployment records: one JSON line per deployment event, kept in git notes (`refs/notes/oms-deployments`)
 * attached to the deployed commit, so both pipelines (GitHub Actions and Jenkins) read and write the same
 * history with nothing but git and the repository's credentials, and the delivery metrics come from the
 * repository alone. Concurrent writers merge with `cat_sort_uniq` (git-notes(1): concatenates the two
 * notes, sorts the lines and drops duplicates), so no record is lost and the order of lines never matters.
 */
export const NOTES_REF = 'refs/notes/oms-deployments';

/** What happened: applied (the apply finished), verified (post-deploy checks passed), failed, rolled back. */
export type DeployResult = 'applied' | 'verified' | 'failed' | 'rolled-back';
export const DEPLOY_RESULTS: readonly DeployResult[] = ['applied', 'verified', 'failed', 'rolled-back'];

/** One deployment event of one environment. */
export interface DeployRecord {
  readonly env: string;
  readonly stage: Stage;
  /** The ref CI built: a tag or a branch. */
  readonly ref: string;
  /** The full commit id. */
  readonly commit: string;
  readonly result: DeployResult;
  /** When, as an ISO 8601 UTC time. */
  readonly at: string;
  /** The CI run, for people (a URL or build tag). */
  readonly run?: string;
}

/** A record CI cannot write or read: it names the field, the value and the fix. */
export class DeployRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployRecordError';
  }
}

/** Every problem with a record, as messages (empty when it is valid). */
export function recordProblems(r: Partial<Record<keyof DeployRecord, unknown>>): string[] {
  const p: string[] = [];
  if (typeof r.env !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(r.env))
    p.push(`env must be an environment name (received ${JSON.stringify(r.env)})`);
  if (!STAGES.includes(r.stage as Stage)) p.push(`stage must be one of ${STAGES.join(', ')} (received ${JSON.stringify(r.stage)})`);
  if (typeof r.ref !== 'string' || r.ref.length === 0) p.push(`ref must be the branch or tag built (received ${JSON.stringify(r.ref)})`);
  if (typeof r.commit !== 'string' || !/^[0-9a-f]{40}$/.test(r.commit))
    p.push(`commit must be a full 40-hex commit id (received ${JSON.stringify(r.commit)})`);
  if (!DEPLOY_RESULTS.includes(r.result as DeployResult))
    p.push(`result must be one of ${DEPLOY_RESULTS.join(', ')} (received ${JSON.stringify(r.result)})`);
  if (typeof r.at !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(r.at) || Number.isNaN(Date.parse(r.at)))
    p.push(`at must be an ISO 8601 UTC time such as 2026-01-31T12:00:00Z (received ${JSON.stringify(r.at)})`);
  return p;
}

/** One record as its line: keys in a fixed order, so identical events give identical lines. */
export function formatRecord(r: DeployRecord): string {
  const { env, stage, ref, commit, result, at, run } = r;
  return JSON.stringify(run === undefined ? { at, env, stage, ref, commit, result } : { at, env, stage, ref, commit, result, run });
}

/** The records of note texts; a line that is not a valid record is an error naming the commit it is attached to. */
export function parseRecords(notes: readonly { commit: string; text: string }[]): DeployRecord[] {
  const records: DeployRecord[] = [];
  for (const note of notes) {
    for (const line of note.text.split('\n')) {
      if (line.trim().length === 0) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      const problems = value && typeof value === 'object' ? recordProblems(value as DeployRecord) : ['not a JSON object'];
      if (problems.length > 0) {
        throw new DeployRecordError(
          `deployment record on commit ${note.commit} (${NOTES_REF}) is unreadable: ${problems.join('; ')}: ${line}. Fix: correct the note with \`git notes --ref=${NOTES_REF} edit ${note.commit}\` and push it`,
        );
      }
      records.push(value as DeployRecord);
    }
  }
  return records.sort((a, b) => a.at.localeCompare(b.at) || formatRecord(a).localeCompare(formatRecord(b)));
}

/** Runs git with argv (never a shell) in `cwd`; a failure is an error naming the command and git's message. */
export function git(cwd: string, args: readonly string[], input?: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new DeployRecordError(`git ${args.join(' ')}: ${r.error.message}. Fix: install git`);
  if (r.status !== 0) throw new DeployRecordError(`git ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** Every record in the repository at `cwd` (none when the notes ref does not exist yet). */
export function readRecords(cwd: string): DeployRecord[] {
  const exists = spawnSync('git', ['rev-parse', '--verify', '--quiet', NOTES_REF], { cwd, encoding: 'utf8' });
  if (exists.status !== 0) return [];
  const list = git(cwd, ['notes', `--ref=${NOTES_REF}`, 'list'])
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' '));
  if (list.length === 0) return [];
  // One git process for every note: `cat-file --batch` prints "<id> blob <size>\n<content>\n" per object.
  const r = spawnSync('git', ['cat-file', '--batch'], {
    cwd,
    input: list.map(([blob]) => blob).join('\n') + '\n',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new DeployRecordError(`git cat-file --batch failed (exit ${r.status}): ${r.stderr.toString().trim()}`);
  const out = r.stdout;
  const notes: { commit: string; text: string }[] = [];
  let at = 0;
  for (const [, commit] of list) {
    const headerEnd = out.indexOf(0x0a, at);
    const size = Number(out.subarray(at, headerEnd).toString('utf8').split(' ')[2]);
    notes.push({ commit, text: out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8') });
    at = headerEnd + 1 + size + 1;
  }
  return parseRecords(notes);
}

/** Fetches the records from `remote` into the local notes ref, merging (cat_sort_uniq) with any local ones. */
export function fetchRecords(cwd: string, remote: string): void {
  const remoteRef = `${NOTES_REF}-fetched`;
  const r = spawnSync('git', ['fetch', '--quiet', remote, `+${NOTES_REF}:${remoteRef}`], { cwd, encoding: 'utf8' });
  if (r.status !== 0) {
    // No records on the remote yet is the first deployment, not an error.
    if (/couldn't find remote ref/i.test(r.stderr)) return;
    throw new DeployRecordError(
      `git fetch ${remote} ${NOTES_REF} failed (exit ${r.status}): ${r.stderr.trim()}. Fix: check the runner's access to ${remote}`,
    );
  }
  const local = spawnSync('git', ['rev-parse', '--verify', '--quiet', NOTES_REF], { cwd, encoding: 'utf8' });
  if (local.status !== 0) git(cwd, ['update-ref', NOTES_REF, remoteRef]);
  else
    git(cwd, [
      '-c',
      'user.name=oms-ci',
      '-c',
      'user.email=oms-ci@localhost',
      'notes',
      `--ref=${NOTES_REF}`,
      'merge',
      '--quiet',
      '-s',
      'cat_sort_uniq',
      remoteRef,
    ]);
}

/**
 * Appends a record to its commit's note and, with `remote`, pushes it; a push refused because another
 * run pushed first is retried after merging theirs (at most `attempts` times), so concurrent writers of
 * two pipelines both land.
 */
export function appendRecord(cwd: string, record: DeployRecord, remote?: string, attempts = 5): void {
  const problems = recordProblems(record);
  if (problems.length > 0)
    throw new DeployRecordError(
      `deployment record refused: ${problems.join('; ')}. Fix: pass --env, --stage, --ref, --commit (full id) and --result`,
    );
  if (remote) fetchRecords(cwd, remote);
  const identity = ['-c', 'user.name=oms-ci', '-c', 'user.email=oms-ci@localhost'];
  git(cwd, [...identity, 'notes', `--ref=${NOTES_REF}`, 'append', '-m', formatRecord(record), record.commit]);
  if (!remote) return;
  for (let i = 1; ; i++) {
    const push = spawnSync('git', ['push', '--quiet', remote, `${NOTES_REF}:${NOTES_REF}`], { cwd, encoding: 'utf8' });
    if (push.status === 0) return;
    if (i >= attempts || !/rejected|fetch first|non-fast-forward/i.test(push.stderr)) {
      throw new DeployRecordError(
        `git push ${remote} ${NOTES_REF} failed (exit ${push.status}) after ${i} attempt(s): ${push.stderr.trim()}. Fix: give the job write access to the repository (GitHub: contents: write; Jenkins: a push credential), then record again: the record is kept locally`,
      );
    }
    fetchRecords(cwd, remote);
  }
}
