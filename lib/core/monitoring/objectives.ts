import { Problem } from '../errors';

/**
 * What callers of one routed API (or plain-service route) are promised: the share of requests that succeed, and
 * the 99th-percentile latency. Both become alerts (see {@link availabilityRules} and {@link latencyRules}).
 */
export interface ServiceObjective {
  /** Share of requests answered without a server error (5xx), in percent, over 30 days. @default 99.9 */
  readonly availabilityPercent?: number;
  /** The 99th-percentile latency must stay under this many milliseconds. @default 1000 */
  readonly latencyP99Ms?: number;
}

/** An objective with every default resolved. */
export interface ResolvedObjective {
  readonly availabilityPercent: number;
  readonly latencyP99Ms: number;
}

/** The defaults of {@link ServiceObjective}. */
export const DEFAULT_OBJECTIVE: ResolvedObjective = { availabilityPercent: 99.9, latencyP99Ms: 1000 };

/** Resolves the defaults once: `specific` over `base` over {@link DEFAULT_OBJECTIVE}. */
export function resolveObjective(specific?: ServiceObjective, base?: ServiceObjective): ResolvedObjective {
  return {
    availabilityPercent: specific?.availabilityPercent ?? base?.availabilityPercent ?? DEFAULT_OBJECTIVE.availabilityPercent,
    latencyP99Ms: specific?.latencyP99Ms ?? base?.latencyP99Ms ?? DEFAULT_OBJECTIVE.latencyP99Ms,
  };
}

/** The problems of one objective, `property` naming where it was given (e.g. `objectives.apis.getATP`). */
export function objectiveProblems(property: string, objective: ServiceObjective | undefined): Problem[] {
  const problems: Problem[] = [];
  const a = objective?.availabilityPercent;
  if (a !== undefined && (typeof a !== 'number' || !Number.isFinite(a) || a <= 0 || a >= 100))
    problems.push({
      property: `${property}.availabilityPercent`,
      rule: 'must be a percentage above 0 and below 100 (100% leaves no error budget to alert on)',
      value: a,
      fix: 'give the share of good requests, e.g. 99.9',
    });
  const l = objective?.latencyP99Ms;
  if (l !== undefined && (typeof l !== 'number' || !Number.isFinite(l) || l <= 0))
    problems.push({
      property: `${property}.latencyP99Ms`,
      rule: 'must be a positive number of milliseconds',
      value: l,
      fix: 'give the 99th-percentile latency callers may expect, e.g. 800',
    });
  return problems;
}

/**
 * One pair of windows of a multi-window, multi-burn-rate alert: it fires when the error budget burns at `burnRate`
 * times the sustainable rate over both the long and the short window (the short one makes it stop soon after the
 * burning stops). The four pairs and their factors are those of Google's SRE Workbook, chapter "Alerting on SLOs"
 * (section 6, "Multiwindow, Multi-Burn-Rate Alerts"), for a 30-day objective: 2% of the budget in 1 hour, 5% in 6
 * hours (page), 10% in 1 day and 10% in 3 days (ticket).
 */
export interface BurnRateWindow {
  readonly long: string;
  readonly short: string;
  readonly burnRate: number;
  readonly severity: 'critical' | 'warning';
}

/** The SRE Workbook's recommended windows (see {@link BurnRateWindow}). */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { long: '1h', short: '5m', burnRate: 14.4, severity: 'critical' },
  { long: '6h', short: '30m', burnRate: 6, severity: 'critical' },
  { long: '1d', short: '2h', burnRate: 3, severity: 'warning' },
  { long: '3d', short: '6h', burnRate: 1, severity: 'warning' },
];
