import { DeployRecord } from './deploy-records';

/** A commit that reached an environment with a deployment, and when it was made. */
export interface Change {
  readonly commit: string;
  /** Commit time, in seconds since the epoch. */
  readonly time: number;
}

/**
 * The commits a deployment of `commit` brought to an environment whose previous successful deployment was
 * `previous` (undefined for the first): `git log previous..commit` in the command.
 */
export type ChangesBetween = (previous: string | undefined, commit: string) => readonly Change[];

/** The four delivery (DORA) metrics of one environment over the records' period. */
export interface EnvironmentMetrics {
  readonly env: string;
  /** Deployments (each `applied` record). */
  readonly deployments: number;
  /** Deployments per week over the period (first record to `now`, at least a day). */
  readonly perWeek: number;
  /** Median hours from commit to its verified deployment; undefined without one. */
  readonly leadTimeHours?: number;
  /** Deployments that failed their checks or were rolled back. */
  readonly failures: number;
  /** failures / deployments; undefined without deployments. */
  readonly changeFailureRate?: number;
  /** Median hours from a failure to the next verified deployment of the environment; undefined without a restore. */
  readonly timeToRestoreHours?: number;
}

const median = (xs: number[]): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const hours = (ms: number) => ms / 3_600_000;

/**
 * Deployment frequency, lead time for changes, change failure rate and time to restore, per environment,
 * from the deployment records (one `applied` record per deployment, then `verified`, `failed` or
 * `rolled-back`) and git (the commits each verified deployment brought).
 */
export function deliveryMetrics(records: readonly DeployRecord[], changes: ChangesBetween, now: Date): EnvironmentMetrics[] {
  const byEnv = new Map<string, DeployRecord[]>();
  for (const r of [...records].sort((a, b) => a.at.localeCompare(b.at))) byEnv.set(r.env, [...(byEnv.get(r.env) ?? []), r]);
  return [...byEnv.keys()].sort().map((env) => {
    const rs = byEnv.get(env)!;
    const deployments = rs.filter((r) => r.result === 'applied');
    // A deployment's outcome: the next verdict on the same ref and commit in this environment.
    const outcomes = deployments.map((d) =>
      rs.find((r) => r.at >= d.at && r.ref === d.ref && r.commit === d.commit && r.result !== 'applied'),
    );
    const failures = outcomes.filter((o) => o?.result === 'failed' || o?.result === 'rolled-back');
    const leads: number[] = [];
    let previous: string | undefined;
    for (const v of rs.filter((r) => r.result === 'verified')) {
      if (v.commit === previous) continue;
      for (const c of changes(previous, v.commit)) leads.push(hours(Date.parse(v.at) - c.time * 1000));
      previous = v.commit;
    }
    const restores: number[] = [];
    for (const f of rs.filter((r) => r.result === 'failed' || r.result === 'rolled-back')) {
      const back = rs.find((r) => r.at > f.at && r.result === 'verified');
      // One failure counts once: the first failure of an outage to its restore.
      const earlierInOutage = rs.some(
        (r) =>
          r.at < f.at &&
          (r.result === 'failed' || r.result === 'rolled-back') &&
          !rs.some((v) => v.result === 'verified' && v.at > r.at && v.at < f.at),
      );
      if (back && !earlierInOutage) restores.push(hours(Date.parse(back.at) - Date.parse(f.at)));
    }
    const days = Math.max(1, (now.getTime() - Date.parse(rs[0].at)) / 86_400_000);
    return {
      env,
      deployments: deployments.length,
      perWeek: (deployments.length * 7) / days,
      leadTimeHours: median(leads),
      failures: failures.length,
      changeFailureRate: deployments.length > 0 ? failures.length / deployments.length : undefined,
      timeToRestoreHours: median(restores),
    };
  });
}

const duration = (h: number | undefined) => {
  if (h === undefined) return '-';
  const minutes = Math.round(h * 60);
  return minutes >= 1440
    ? `${Math.floor(minutes / 1440)}d ${Math.floor((minutes % 1440) / 60)}h`
    : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
};
const rate = (m: EnvironmentMetrics) =>
  m.changeFailureRate === undefined ? '-' : `${Math.round(m.changeFailureRate * 100)}% (${m.failures} of ${m.deployments})`;
const COLUMNS = ['environment', 'deployments', 'per week', 'lead time (median)', 'change failure rate', 'time to restore (median)'];
const row = (m: EnvironmentMetrics) => [
  m.env,
  String(m.deployments),
  m.perWeek.toFixed(1),
  duration(m.leadTimeHours),
  rate(m),
  duration(m.timeToRestoreHours),
];

/** A plain-text table for the terminal and CI logs. */
export function formatMetricsText(metrics: readonly EnvironmentMetrics[]): string {
  const rows = [COLUMNS, ...metrics.map(row)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** A Markdown table, for a pull request or a wiki page. */
export function formatMetricsMarkdown(metrics: readonly EnvironmentMetrics[], period: string): string {
  return [
    `### Delivery metrics (${period})`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...metrics.map((m) => `| ${row(m).join(' | ')} |`),
    '',
    'From the deployment records (`refs/notes/oms-deployments`) and git: `npm run --silent delivery-metrics`.',
    '',
  ].join('\n');
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small SVG: one row per environment, a bar for its deployments per week and the other three as text. */
export function formatMetricsSvg(metrics: readonly EnvironmentMetrics[]): string {
  const rowHeight = 28;
  const width = 760;
  const height = 40 + rowHeight * Math.max(1, metrics.length);
  const maxPerWeek = Math.max(1, ...metrics.map((m) => m.perWeek));
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="20" font-weight="bold">environment</text><text x="150" y="20" font-weight="bold">deployments / week</text>` +
      `<text x="380" y="20" font-weight="bold">lead time</text><text x="480" y="20" font-weight="bold">change failure rate</text><text x="640" y="20" font-weight="bold">time to restore</text>`,
  ];
  metrics.forEach((m, i) => {
    const y = 40 + i * rowHeight;
    const bar = Math.round((m.perWeek / maxPerWeek) * 160);
    const failing = (m.changeFailureRate ?? 0) > 0.15;
    lines.push(
      `<text x="8" y="${y + 4}">${esc(m.env)}</text>` +
        `<rect x="150" y="${y - 8}" width="${bar}" height="14" fill="#4c78a8"/><text x="${156 + bar}" y="${y + 4}">${m.perWeek.toFixed(1)}</text>` +
        `<text x="380" y="${y + 4}">${esc(duration(m.leadTimeHours))}</text>` +
        `<text x="480" y="${y + 4}" fill="${failing ? '#b22222' : '#222222'}">${esc(rate(m))}</text>` +
        `<text x="640" y="${y + 4}">${esc(duration(m.timeToRestoreHours))}</text>`,
    );
  });
  lines.push('</svg>');
  return lines.join('\n') + '\n';
}
