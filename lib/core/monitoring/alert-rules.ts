import { BURN_RATE_WINDOWS, ResolvedObjective } from './objectives';
import { RequestSeries, eq, errorRatio, matchers, p99Seconds, re, reLiteral } from './request-metrics';

/** One Prometheus alerting rule (prometheus-operator `PrometheusRule` `spec.groups[].rules[]`). */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold, e.g. `15m`. @default fires at once */
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A group of rules, evaluated together. */
export interface AlertGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** `reserveAvailableInventory` or `polls-api` as an alert-name part: `ReserveAvailableInventory`, `PollsApi`. */
export function alertNamePart(raw: string): string {
  return raw
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p.length > 0)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

const fmt = (n: number) => String(Number(n.toPrecision(12)));

/** What a routed objective is about: its name in alerts, and labels that say which route it is. */
export interface ObjectiveTarget {
  /** `ReserveAvailableInventory`, `PollsRoute`... */
  readonly alertPrefix: string;
  /** The caller-visible route, e.g. `POST /smcfs/restapi/invoke/getATP` or `/polls`. */
  readonly route: string;
  /** Labels every rule of the target carries (environment, service, api). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Availability as multi-window, multi-burn-rate alerts (SRE Workbook windows, {@link BURN_RATE_WINDOWS}): the
 * server-error ratio over both windows above burn rate times the error budget (100% minus the objective).
 */
export function availabilityRules(target: ObjectiveTarget, series: RequestSeries, objective: ResolvedObjective): AlertRule[] {
  const budget = 1 - objective.availabilityPercent / 100;
  return BURN_RATE_WINDOWS.map((w) => {
    const threshold = fmt(w.burnRate * budget);
    return {
      alert: `${target.alertPrefix}ErrorBudgetBurn`,
      expr: `(${errorRatio(series, w.long)}) > ${threshold} and (${errorRatio(series, w.short)}) > ${threshold}`,
      for: w.severity === 'critical' ? '2m' : '15m',
      labels: { ...target.labels, severity: w.severity, long_window: w.long, short_window: w.short },
      annotations: {
        summary: `${target.route}: the ${objective.availabilityPercent}% availability objective's error budget burns ${w.burnRate}x too fast`,
        description: `Server errors over ${w.long} and ${w.short} exceed ${w.burnRate} times the budget of ${fmt(budget * 100)}%.`,
      },
    };
  });
}

/**
 * The latency objective: the 99th percentile over 5 minutes and over 1 hour both above the target (two windows,
 * as for the burn rate, so a short spike does not page and the alert clears soon after recovery), and a rule that
 * says when the objective is not measured at all (no histogram for the route).
 */
export function latencyRules(target: ObjectiveTarget, series: RequestSeries, objective: ResolvedObjective): AlertRule[] {
  const seconds = fmt(objective.latencyP99Ms / 1000);
  return [
    {
      alert: `${target.alertPrefix}LatencyP99`,
      expr: `(${p99Seconds(series, '5m')}) > ${seconds} and (${p99Seconds(series, '1h')}) > ${seconds}`,
      for: '5m',
      labels: { ...target.labels, severity: 'critical' },
      annotations: {
        summary: `${target.route}: p99 latency above its ${objective.latencyP99Ms} ms objective`,
        description: `The 99th percentile of ${series.histogram} over 5m and 1h is above ${seconds}s.`,
      },
    },
    {
      alert: `${target.alertPrefix}ObjectiveNotMeasured`,
      expr: `absent(${series.histogram}_count{${series.selector}})`,
      for: '1h',
      labels: { ...target.labels, severity: 'info' },
      annotations: {
        summary: `${target.route}: no request histogram (${series.histogram}), so its objectives are not measured`,
        description: 'Check that the workload is scraped and that its server exports the histogram the objective reads.',
      },
    },
  ];
}

/** The workload a set of health rules is about (kube-state-metrics series carry `namespace` and the object's name). */
export interface WorkloadTarget {
  readonly namespace: string;
  readonly name: string;
  /** The controller kind whose replicas are counted. */
  readonly controller: 'Deployment' | 'Job' | 'Rollout';
  /** The HorizontalPodAutoscaler owning the count (`keda-hpa-<name>` for a KEDA ScaledObject), if any. */
  readonly hpaName?: string;
  /** Labels every rule carries. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A workload's health from kube-state-metrics (metric names as its documentation lists them, docs/metrics/workload/
 * pod-metrics.md, deployment-metrics.md and docs/metrics/workload/horizontalpodautoscaler-metrics.md): containers in
 * CrashLoopBackOff, replicas not available, the autoscaler pinned at its maximum.
 */
export function workloadRules(w: WorkloadTarget): AlertRule[] {
  const prefix = alertNamePart(w.name);
  const podSel = matchers(eq('namespace', w.namespace), re('pod', `${reLiteral(w.name)}-.*`));
  const rules: AlertRule[] = [
    {
      alert: `${prefix}CrashLooping`,
      expr: `max by (pod, container) (kube_pod_container_status_waiting_reason{${podSel},reason="CrashLoopBackOff"}) == 1`,
      for: '5m',
      labels: { ...w.labels, severity: 'critical' },
      annotations: { summary: `${w.namespace}/${w.name}: a container restarts in a loop (CrashLoopBackOff)` },
    },
  ];
  if (w.controller === 'Deployment')
    rules.push({
      alert: `${prefix}PodsNotReady`,
      expr: `kube_deployment_status_replicas_unavailable{${matchers(eq('namespace', w.namespace), eq('deployment', w.name))}} > 0`,
      for: '15m',
      labels: { ...w.labels, severity: 'warning' },
      annotations: { summary: `${w.namespace}/${w.name}: pods not ready for 15 minutes` },
    });
  else
    rules.push({
      alert: `${prefix}PodsNotReady`,
      expr: `sum(kube_pod_status_ready{${podSel},condition="false"}) > 0`,
      for: '15m',
      labels: { ...w.labels, severity: 'warning' },
      annotations: { summary: `${w.namespace}/${w.name}: pods not ready for 15 minutes` },
    });
  if (w.hpaName !== undefined) {
    const hpa = matchers(eq('namespace', w.namespace), eq('horizontalpodautoscaler', w.hpaName));
    rules.push({
      alert: `${prefix}AtMaxReplicas`,
      expr: `kube_horizontalpodautoscaler_status_current_replicas{${hpa}} >= kube_horizontalpodautoscaler_spec_max_replicas{${hpa}}`,
      for: '30m',
      labels: { ...w.labels, severity: 'warning' },
      annotations: {
        summary: `${w.namespace}/${w.name}: at its maximum replicas for 30 minutes`,
        description: 'The autoscaler cannot add capacity: raise maxReplicas (and the budget) or find what drives the load.',
      },
    });
  }
  return rules;
}

/**
 * The environment's budget nearly used: any resource of its ResourceQuota over `percent` of the hard limit
 * (kube-state-metrics `kube_resourcequota`, `type` "used" and "hard").
 */
export function quotaRules(namespace: string, labels: Readonly<Record<string, string>>, percent = 90): AlertRule[] {
  const ns = eq('namespace', namespace);
  return [
    {
      alert: 'EnvironmentBudgetNearlyUsed',
      expr: `kube_resourcequota{${ns},type="used"} / ignoring(type) (kube_resourcequota{${ns},type="hard"} > 0) > ${fmt(percent / 100)}`,
      for: '15m',
      labels: { ...labels, severity: 'warning' },
      annotations: { summary: `${namespace}: a resource of the namespace quota is over ${percent}% used` },
    },
  ];
}

/** A queue an agent pool scales on, with the limits its alerts use. */
export interface QueueTarget {
  readonly namespace: string;
  /** The KEDA ScaledObject or ScaledJob (the pool's name). */
  readonly scaledObject: string;
  /** Which of the two KEDA scales with (the `type` label of its metrics). */
  readonly kind: 'scaledobject' | 'scaledjob';
  readonly queue: string;
  /** Messages above which the backlog alert fires. */
  readonly maxMessages: number;
  /** Minutes the backlog may stay above zero without shrinking before the age alert fires. */
  readonly maxMinutes: number;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Backlog and age of a queue from the value KEDA reads from the broker (`keda_scaler_metrics_value`, KEDA's
 * operator metrics, docs "Integrate with Prometheus"): the backlog above its limit, and a backlog that has not
 * shrunk for `maxMinutes` (messages ageing: the consumers do not keep up or are stuck).
 */
export function queueRules(q: QueueTarget): AlertRule[] {
  const sel = matchers(eq('namespace', q.namespace), eq('scaledObject', q.scaledObject), eq('type', q.kind));
  const prefix = alertNamePart(q.scaledObject);
  const labels = { ...q.labels, queue: q.queue };
  return [
    {
      alert: `${prefix}QueueBacklog`,
      expr: `max(keda_scaler_metrics_value{${sel}}) > ${q.maxMessages}`,
      for: '10m',
      labels: { ...labels, severity: 'warning' },
      annotations: { summary: `${q.namespace}/${q.scaledObject}: more than ${q.maxMessages} messages waiting on ${q.queue}` },
    },
    {
      alert: `${prefix}QueueNotDraining`,
      expr: `min_over_time(keda_scaler_metrics_value{${sel}}[${q.maxMinutes}m]) > 0 and delta(keda_scaler_metrics_value{${sel}}[${q.maxMinutes}m]) >= 0`,
      for: '5m',
      labels: { ...labels, severity: 'critical' },
      annotations: {
        summary: `${q.namespace}/${q.scaledObject}: ${q.queue} has not drained for ${q.maxMinutes} minutes (messages are ageing)`,
      },
    },
  ];
}
