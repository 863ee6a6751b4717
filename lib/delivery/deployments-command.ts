import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stage } from '../core';
import { UsageError, parseCommandLine } from '../review/args';
import { appKind, readAppTargets, TargetError } from '../review/ci-target';
import { CommandIo, EXIT } from '../review/commands';
import { Change, deliveryMetrics, formatMetricsMarkdown, formatMetricsSvg, formatMetricsText } from './delivery-metrics';
import { DeployRecordError, DeployResult, appendRecord, fetchRecords, git, readRecords } from './deploy-records';
import { entryPoints } from './entry-points';
import { previousRelease, stagedCandidate } from './release-gate';

export const DEPLOYMENTS_USAGE = `usage: deployments record --env <env> --stage <stage> --ref <ref> --commit <id> --result <result> [--run <url>] [--push <remote>]
       deployments gate --tag <release-tag> --commit <id> [--dist <dir>] [--fetch <remote>]
       deployments previous --candidate <tag> [--fetch <remote>]
       deployments last --env <env> [--fetch <remote>]
       deployments entry --env <env> [--dist <dir>]

The deployment records (git notes, refs/notes/oms-deployments) both pipelines write and read.

  record     appends one record to the commit's note; --push pushes it (merging another run's first)
             results: applied, verified (post-deploy checks passed), failed, rolled-back
  gate       production's gate: prints candidate=<rc tag> when a release candidate of the same commit
             was verified by every staging app (from --dist, default dist); fails naming the records otherwise
  previous   the release a candidate upgrades from: prints previous=<tag>, or previous= (greenfield)
  last       the environment's last verified deployment (what a rollback returns to): ref=, commit=
  entry      the environment's entry points (the URLs callers use), one per line, from its routing
  --fetch    fetch the records from this remote first

Exit codes: 0 done, 1 refused (named, with the fix; nothing changed), 64 usage.
`;

export const METRICS_USAGE = `usage: delivery-metrics [--since <YYYY-MM-DD>] [--markdown <file>] [--svg <file>] [--fetch <remote>]

Prints the four delivery metrics per environment, from the deployment records and git: deployments
(and per week), lead time for changes (median commit-to-verified), change failure rate (deployments
that failed their checks or were rolled back) and time to restore (median failure-to-verified).
`;

const stdio: CommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** `deployments <record|gate|previous> ...` in the repository at `cwd`. */
export function deploymentsCommand(argv: readonly string[], io: CommandIo = stdio, cwd = process.cwd(), now = () => new Date()): number {
  const sub = argv[0];
  if (sub !== 'record' && sub !== 'gate' && sub !== 'previous' && sub !== 'last' && sub !== 'entry') {
    if (sub === '--help' || sub === '-h') {
      io.out(DEPLOYMENTS_USAGE);
      return EXIT.ok;
    }
    io.err(
      `deployments: the first argument must be record, gate, previous, last or entry (received ${JSON.stringify(sub ?? '')})\n\n${DEPLOYMENTS_USAGE}`,
    );
    return EXIT.usage;
  }
  const specs = {
    record: ['--env', '--stage', '--ref', '--commit', '--result', '--run', '--push', '--at'],
    gate: ['--tag', '--commit', '--dist', '--fetch'],
    previous: ['--candidate', '--fetch'],
    last: ['--env', '--fetch'],
    entry: ['--env', '--dist'],
  }[sub];
  const required = {
    record: ['--env', '--stage', '--ref', '--commit', '--result'],
    gate: ['--tag', '--commit'],
    previous: ['--candidate'],
    last: ['--env'],
    entry: ['--env'],
  }[sub];
  const args = parseCommandLine(
    {
      name: `deployments ${sub}`,
      usage: DEPLOYMENTS_USAGE,
      specs: specs.map((name) => ({ name, value: 'value' })),
      maxPositionals: 0,
      check: (a) => {
        const missing = required.filter((r) => !a.values[r]);
        if (missing.length > 0) throw new UsageError(`${missing.join(', ')} required`);
      },
    },
    argv.slice(1),
    io,
  );
  if (typeof args === 'number') return args;
  const v = (name: string) => args.values[name]?.[0];
  try {
    if (sub === 'record') {
      appendRecord(
        cwd,
        {
          env: v('--env')!,
          stage: v('--stage') as Stage,
          ref: v('--ref')!,
          commit: v('--commit')!,
          result: v('--result') as DeployResult,
          at:
            v('--at') ??
            now()
              .toISOString()
              .replace(/\.\d{3}Z$/, 'Z'),
          ...(v('--run') ? { run: v('--run') } : {}),
        },
        v('--push'),
      );
      io.out(`recorded: ${v('--env')} ${v('--ref')} ${v('--commit')!.slice(0, 7)} ${v('--result')}\n`);
      return EXIT.ok;
    }
    if (sub === 'entry') {
      const dir = path.join(v('--dist') ?? 'dist', v('--env')!);
      if (!fs.existsSync(dir)) throw new DeployRecordError(`entry: ${dir} not found. Fix: synthesize ${v('--env')} first`);
      io.out(
        entryPoints(dir)
          .map((u) => `${u}\n`)
          .join(''),
      );
      return EXIT.ok;
    }
    if (v('--fetch')) fetchRecords(cwd, v('--fetch')!);
    const records = readRecords(cwd);
    if (sub === 'last') {
      const last = records.filter((r) => r.env === v('--env') && r.result === 'verified').at(-1);
      if (!last)
        throw new DeployRecordError(
          `last: ${v('--env')} has no verified deployment on record, so there is nothing to return to. Fix: restore it by hand (apply a known-good release), then let CI verify it`,
        );
      io.out(`ref=${last.ref}\ncommit=${last.commit}\n`);
      return EXIT.ok;
    }
    if (sub === 'gate') {
      // With --dist, every staging app of it; without, every staging environment the candidate was deployed to
      // (same commit, same apps).
      const staging = v('--dist')
        ? readAppTargets(v('--dist')!)
            .filter((a) => a.stage === 'staging' && appKind(a) === 'long-lived')
            .map((a) => a.name)
        : undefined;
      const candidate = stagedCandidate(records, v('--tag')!, v('--commit')!, staging);
      io.out(`candidate=${candidate}\n`);
      return EXIT.ok;
    }
    const tags = git(cwd, ['tag', '--list']).split('\n').filter(Boolean);
    const previous = previousRelease(records, tags, v('--candidate')!);
    io.out(`previous=${previous.tag ?? ''}\nreason=${previous.reason}\n`);
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof DeployRecordError) && !(err instanceof TargetError)) throw err;
    io.err(`deployments ${sub}: ${err.message}\n`);
    return EXIT.failed;
  }
}

/** The commits `git log` lists between two deployed commits (the deployed commit alone for the first). */
export function gitChanges(cwd: string) {
  return (previous: string | undefined, commit: string): Change[] =>
    git(cwd, ['log', '--format=%H %ct', ...(previous ? [`${previous}..${commit}`] : ['-1', commit])])
      .split('\n')
      .filter(Boolean)
      .map((l) => ({ commit: l.split(' ')[0], time: Number(l.split(' ')[1]) }));
}

/** `delivery-metrics [--since <date>] [--markdown <file>] [--svg <file>] [--fetch <remote>]`. */
export function deliveryMetricsCommand(
  argv: readonly string[],
  io: CommandIo = stdio,
  cwd = process.cwd(),
  now = () => new Date(),
): number {
  const args = parseCommandLine(
    {
      name: 'delivery-metrics',
      usage: METRICS_USAGE,
      specs: ['--since', '--markdown', '--svg', '--fetch'].map((name) => ({ name, value: 'value' })),
      maxPositionals: 0,
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const since = args.values['--since']?.[0];
  if (since !== undefined && Number.isNaN(Date.parse(since))) {
    io.err(`delivery-metrics: --since must be a date such as 2026-01-31 (received "${since}")\n`);
    return EXIT.usage;
  }
  try {
    if (args.values['--fetch']) fetchRecords(cwd, args.values['--fetch'][0]);
    const records = readRecords(cwd).filter((r) => since === undefined || r.at >= new Date(since).toISOString());
    if (records.length === 0) {
      io.err(
        `delivery-metrics: no deployment records${since ? ` since ${since}` : ''} in refs/notes/oms-deployments. Fix: fetch them (--fetch origin), or deploy through CI, which records each deployment\n`,
      );
      return EXIT.failed;
    }
    const metrics = deliveryMetrics(records, gitChanges(cwd), now());
    io.out(formatMetricsText(metrics));
    const period = `${records[0].at.slice(0, 10)} to ${now().toISOString().slice(0, 10)}`;
    if (args.values['--markdown']) fs.writeFileSync(args.values['--markdown'][0], formatMetricsMarkdown(metrics, period));
    if (args.values['--svg']) fs.writeFileSync(args.values['--svg'][0], formatMetricsSvg(metrics));
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof DeployRecordError)) throw err;
    io.err(`delivery-metrics: ${err.message}\n`);
    return EXIT.failed;
  }
}
