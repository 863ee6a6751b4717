import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deliveryMetrics, formatMetricsMarkdown, formatMetricsSvg, formatMetricsText } from '../../lib/delivery/delivery-metrics';
import { DeployRecord, appendRecord, parseRecords, readRecords } from '../../lib/delivery/deploy-records';
import { deliveryMetricsCommand, deploymentsCommand } from '../../lib/delivery/deployments-command';
import { previousRelease, stagedCandidate } from '../../lib/delivery/release-gate';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const rec = (over: Partial<DeployRecord>): DeployRecord => ({
  env: 'staging',
  stage: 'staging',
  ref: '10.0.2501.0-rc.1',
  commit: A,
  result: 'verified',
  at: '2026-01-10T10:00:00Z',
  ...over,
});

function sh(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=dev', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** An origin with two commits, and two clones (two CI systems). */
function repos() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-deploys-'));
  sh(ws, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
  sh(ws, 'clone', '-q', 'origin.git', 'seed');
  const seed = path.join(ws, 'seed');
  sh(seed, 'commit', '-q', '--allow-empty', '-m', 'one', '--date', '2026-01-01T00:00:00Z');
  sh(seed, 'commit', '-q', '--allow-empty', '-m', 'two');
  sh(seed, 'push', '-q', 'origin', 'main');
  sh(ws, 'clone', '-q', 'origin.git', 'github');
  sh(ws, 'clone', '-q', 'origin.git', 'jenkins');
  return { ws, seed, github: path.join(ws, 'github'), jenkins: path.join(ws, 'jenkins'), head: sh(seed, 'rev-parse', 'HEAD') };
}
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

describe('deployment records in git notes, shared by both pipelines', () => {
  test("records written by both CI systems land on the remote (each merges the other's before pushing), and both read them back", () => {
    const { github, jenkins, head } = repos();
    appendRecord(github, rec({ commit: head, result: 'applied' }), 'origin');
    // Jenkins has not fetched GitHub's record: it merges it (cat_sort_uniq) before pushing its own.
    appendRecord(jenkins, rec({ commit: head, env: 'polls-staging', at: '2026-01-10T10:05:00Z' }), 'origin');
    appendRecord(github, rec({ commit: head, at: '2026-01-10T10:09:00Z' }), 'origin');
    sh(jenkins, 'fetch', '-q', 'origin', '+refs/notes/oms-deployments:refs/notes/oms-deployments');
    expect(readRecords(jenkins).map((r) => `${r.env} ${r.result}`)).toEqual([
      'staging applied',
      'polls-staging verified',
      'staging verified',
    ]);
  });

  test('an unreadable record names the commit and the fix', () => {
    expect(() => parseRecords([{ commit: A, text: '{"env":"staging"}\n' }])).toThrow(
      `deployment record on commit ${A} (refs/notes/oms-deployments) is unreadable: stage must be one of branch, uat, staging, prod (received undefined); ref must be the branch or tag built (received undefined); commit must be a full 40-hex commit id (received undefined); result must be one of applied, verified, failed, rolled-back (received undefined); at must be an ISO 8601 UTC time such as 2026-01-31T12:00:00Z (received undefined): {"env":"staging"}. Fix: correct the note with \`git notes --ref=refs/notes/oms-deployments edit ${A}\` and push it`,
    );
  });

  test('the record command refuses a short commit id and changes nothing', () => {
    const { github } = repos();
    const o = io();
    const code = deploymentsCommand(
      ['record', '--env', 'staging', '--stage', 'staging', '--ref', '1.0.0-rc.1', '--commit', 'abc1234', '--result', 'verified'],
      o.io,
      github,
    );
    expect([code, o.err.join('')]).toEqual([
      1,
      'deployments record: deployment record refused: commit must be a full 40-hex commit id (received "abc1234"). Fix: pass --env, --stage, --ref, --commit (full id) and --result\n',
    ]);
    expect(readRecords(github)).toEqual([]);
  });
});

describe("production's gate: the same commit passed staging, post-deploy checks included", () => {
  const staging = ['polls-staging', 'staging'];
  const both = (over: Partial<DeployRecord>) => [rec({ ...over, env: 'staging' }), rec({ ...over, env: 'polls-staging' })];

  test('the latest candidate of the release verified on every staging app, on the same commit, is promoted', () => {
    const records = [...both({ ref: '10.0.2501.0-rc.1' }), ...both({ ref: '10.0.2501.0-rc.2', at: '2026-01-11T10:00:00Z' })];
    expect(stagedCandidate(records, '10.0.2501.0', A, staging)).toBe('10.0.2501.0-rc.2');
  });

  test.each([
    ['no record at all', [], 'no staging record of 10.0.2501.0 at all'],
    [
      'another commit',
      both({ commit: B }),
      'staging records of 10.0.2501.0: 10.0.2501.0-rc.1 on staging at bbbbbbb: verified; 10.0.2501.0-rc.1 on polls-staging at bbbbbbb: verified',
    ],
    [
      'applied, checks not passed',
      both({ result: 'applied' }),
      'staging records of 10.0.2501.0: 10.0.2501.0-rc.1 on staging at aaaaaaa: applied; 10.0.2501.0-rc.1 on polls-staging at aaaaaaa: applied',
    ],
    [
      'verified, then failed its checks on a rerun',
      [...both({}), rec({ result: 'failed', at: '2026-01-10T11:00:00Z' })],
      'staging records of 10.0.2501.0: 10.0.2501.0-rc.1 on staging at aaaaaaa: verified; 10.0.2501.0-rc.1 on polls-staging at aaaaaaa: verified; 10.0.2501.0-rc.1 on staging at aaaaaaa: failed',
    ],
    ['one staging app only', [rec({})], 'staging records of 10.0.2501.0: 10.0.2501.0-rc.1 on staging at aaaaaaa: verified'],
  ])('%s: refused, naming the release, the commit, the records and the fix', (_case, records, seen) => {
    expect(() => stagedCandidate(records as DeployRecord[], '10.0.2501.0', A, staging)).toThrow(
      `gate: release 10.0.2501.0 (commit aaaaaaa) has no release candidate of the same commit that passed staging (polls-staging, staging) with its post-deploy checks; ${seen}. Nothing was deployed. Fix: tag this commit 10.0.2501.0-rc.<n>, let staging apply and verify it, then delete and push 10.0.2501.0 again`,
    );
  });
});

describe('the release a candidate upgrades from', () => {
  test.each([
    [
      'production record first',
      [rec({ env: 'production', stage: 'prod', ref: '10.0.2409.1' })],
      ['10.0.2409.1', '10.0.2412.0'],
      '10.0.2409.1',
    ],
    ['else the highest release tag below', [], ['10.0.2409.1', '10.0.2412.0', '10.0.2412.0-rc.1', '10.0.2601.0'], '10.0.2412.0'],
    ['no release before: greenfield', [], ['10.0.2501.0-rc.1', 'nightly'], undefined],
  ])('%s', (_case, records, tags, previous) => {
    expect(previousRelease(records as DeployRecord[], tags, '10.0.2501.0-rc.2').tag).toBe(previous);
  });

  test('a recorded release whose tag is gone is an error, never a silent greenfield', () => {
    expect(() =>
      previousRelease([rec({ env: 'production', stage: 'prod', ref: '10.0.2409.1', at: '2026-01-01T00:00:00Z' })], [], '10.0.2501.0-rc.1'),
    ).toThrow(
      `previous: production last ran release 10.0.2409.1 (recorded 2026-01-01T00:00:00Z), but no tag 10.0.2409.1 exists here. Fix: fetch the tags (git fetch --tags), or push the tag 10.0.2409.1 for commit ${A}`,
    );
  });

  test('the command, on a repository with no release yet: previous= (the greenfield path)', () => {
    const { github } = repos();
    sh(github, 'tag', '10.0.2501.0-rc.1');
    const o = io();
    expect(deploymentsCommand(['previous', '--candidate', '10.0.2501.0-rc.1'], o.io, github)).toBe(0);
    expect(o.out.join('')).toBe('previous=\nreason=no release before 10.0.2501.0: the first release candidate takes the greenfield path\n');
  });
});

describe('delivery metrics', () => {
  const day = (d: number, h = 0) => new Date(Date.UTC(2026, 0, d, h)).toISOString().replace('.000Z', 'Z');
  const records: DeployRecord[] = [
    rec({ env: 'production', stage: 'prod', ref: '1.0.0', commit: A, result: 'applied', at: day(2) }),
    rec({ env: 'production', stage: 'prod', ref: '1.0.0', commit: A, result: 'verified', at: day(2, 1) }),
    rec({ env: 'production', stage: 'prod', ref: '1.1.0', commit: B, result: 'applied', at: day(9) }),
    rec({ env: 'production', stage: 'prod', ref: '1.1.0', commit: B, result: 'failed', at: day(9, 1) }),
    rec({ env: 'production', stage: 'prod', ref: '1.0.0', commit: A, result: 'applied', at: day(9, 2) }),
    rec({ env: 'production', stage: 'prod', ref: '1.0.0', commit: A, result: 'verified', at: day(9, 3) }),
  ];
  // Commit A was made a day before its first deployment; B two days before its (failed) one.
  const changes = (previous: string | undefined, commit: string) =>
    previous === undefined ? [{ commit, time: Date.parse(day(1)) / 1000 }] : [];

  test('frequency, lead time, change failure rate and time to restore per environment', () => {
    const [m] = deliveryMetrics(records, changes, new Date(day(16)));
    expect(m).toEqual({
      env: 'production',
      deployments: 3,
      perWeek: 1.5,
      leadTimeHours: 25,
      failures: 1,
      changeFailureRate: 1 / 3,
      timeToRestoreHours: 2,
    });
    expect(formatMetricsText([m])).toBe(
      'environment  deployments  per week  lead time (median)  change failure rate  time to restore (median)\n' +
        'production   3            1.5       1d 1h               33% (1 of 3)         2h 0m\n',
    );
    expect(formatMetricsMarkdown([m], '2026-01-02 to 2026-01-16')).toContain('| production | 3 | 1.5 | 1d 1h | 33% (1 of 3) | 2h 0m |');
    const svg = formatMetricsSvg([m]);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>/);
    // Above 15% the failure rate is drawn in red.
    expect(svg).toContain('<text x="480" y="44" fill="#b22222">33% (1 of 3)</text>');
  });

  test('the command reads the records and git, and writes the Markdown and SVG summaries', () => {
    const { github, head } = repos();
    appendRecord(github, rec({ env: 'uat-eks', stage: 'uat', ref: 'main', commit: head, result: 'applied', at: '2030-01-01T00:00:00Z' }));
    appendRecord(github, rec({ env: 'uat-eks', stage: 'uat', ref: 'main', commit: head, result: 'verified', at: '2030-01-01T00:10:00Z' }));
    const o = io();
    const md = path.join(github, 'metrics.md');
    const svg = path.join(github, 'metrics.svg');
    expect(deliveryMetricsCommand(['--markdown', md, '--svg', svg], o.io, github, () => new Date('2030-01-08T00:00:00Z'))).toBe(0);
    expect(o.out.join('')).toMatch(/^environment .*\nuat-eks +1 +1\.0 +\d+d \d+h +0% \(0 of 1\) +-\n$/);
    expect(fs.readFileSync(md, 'utf8')).toContain('### Delivery metrics (2030-01-01 to 2030-01-08)');
    expect(fs.readFileSync(svg, 'utf8')).toContain('>uat-eks</text>');
  });

  test('no records: fails, saying how to get them', () => {
    const { github } = repos();
    const o = io();
    expect(deliveryMetricsCommand([], o.io, github)).toBe(1);
    expect(o.err.join('')).toBe(
      'delivery-metrics: no deployment records in refs/notes/oms-deployments. Fix: fetch them (--fetch origin), or deploy through CI, which records each deployment\n',
    );
  });
});

describe('the records answer what a rollback returns to, and the gate can read staging from them', () => {
  test('without a list of staging apps, every staging environment the candidate was deployed to must be verified', () => {
    const records = [rec({ env: 'staging' }), rec({ env: 'polls-staging', result: 'failed' })];
    expect(() => stagedCandidate(records, '10.0.2501.0', A)).toThrow(
      'has no release candidate of the same commit that passed staging with its post-deploy checks;',
    );
    expect(stagedCandidate([...records, rec({ env: 'polls-staging', at: '2026-01-10T12:00:00Z' })], '10.0.2501.0', A)).toBe(
      '10.0.2501.0-rc.1',
    );
  });

  test('last: the last verified deployment of an environment, or an error saying what to do', () => {
    const { github, head } = repos();
    appendRecord(github, rec({ env: 'production', stage: 'prod', ref: '1.0.0', commit: head, at: '2026-01-01T00:00:00Z' }));
    appendRecord(
      github,
      rec({ env: 'production', stage: 'prod', ref: '1.1.0', commit: head, result: 'failed', at: '2026-01-02T00:00:00Z' }),
    );
    const o = io();
    expect(deploymentsCommand(['last', '--env', 'production'], o.io, github)).toBe(0);
    expect(o.out.join('')).toBe(`ref=1.0.0\ncommit=${head}\n`);
    const none = io();
    expect(deploymentsCommand(['last', '--env', 'staging'], none.io, github)).toBe(1);
    expect(none.err.join('')).toBe(
      'deployments last: last: staging has no verified deployment on record, so there is nothing to return to. Fix: restore it by hand (apply a known-good release), then let CI verify it\n',
    );
  });

  test('entry: the URLs callers use, from the routing of each kind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-entry-'));
    fs.mkdirSync(path.join(dir, 'e', 'k8s'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'e', 'k8s', 'gateway.yaml'),
      [
        'kind: Gateway\nspec:\n  listeners:\n    - { hostname: oms.example.com, protocol: HTTPS }',
        'kind: Route\nspec:\n  host: oms.apps.example.com\n  tls: { termination: edge }',
        'kind: Route\nspec:\n  host: plain.apps.example.com',
        'kind: Ingress\nspec:\n  tls: [{ hosts: [a.example.com] }]\n  rules: [{ host: a.example.com }, { host: b.example.com }]',
      ].join('\n---\n'),
    );
    const o = io();
    expect(deploymentsCommand(['entry', '--env', 'e', '--dist', dir], o.io, dir)).toBe(0);
    expect(o.out.join('')).toBe(
      'http://b.example.com/\nhttp://plain.apps.example.com/\nhttps://a.example.com/\nhttps://oms.apps.example.com/\nhttps://oms.example.com/\n',
    );
  });
});
