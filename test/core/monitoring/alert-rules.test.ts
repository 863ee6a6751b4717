import {
  BURN_RATE_WINDOWS,
  RequestSeries,
  alertNamePart,
  availabilityRules,
  grafanaDashboard,
  latencyRules,
  objectiveProblems,
  queueRules,
  quotaRules,
  resolveObjective,
  workloadRules,
} from '../../../lib/core/monitoring';
import { formatProblem as fp } from '../../../lib/core';
import { promqlErrors } from '../../support/promql';

const series: RequestSeries = {
  histogram: 'http_server_request_duration_seconds',
  selector: 'namespace="uat",job=~"uat/reserve",http_route="/smcfs/restapi/invoke/getATP"',
  errorMatcher: 'http_response_status_code=~"5.."',
  unitSeconds: 1,
};
const target = { alertPrefix: 'GetATP', route: 'POST /smcfs/restapi/invoke/getATP', labels: { environment: 'uat' } };

test('the PromQL check can fail: a broken expression has errors', () => {
  expect(promqlErrors('sum(rate(x[5m])) >')).not.toEqual([]);
  expect(promqlErrors('sum by (le) (rate(x_bucket{a="b"}[5m])')).not.toEqual([]);
  expect(promqlErrors('sum by (le) (rate(x_bucket{a="b"}[5m]))')).toEqual([]);
});

test("the burn-rate windows are the SRE Workbook's: 1h/5m at 14.4 and 6h/30m at 6 page; 1d/2h at 3 and 3d/6h at 1 ticket", () => {
  expect(BURN_RATE_WINDOWS.map((w) => [w.long, w.short, w.burnRate, w.severity])).toEqual([
    ['1h', '5m', 14.4, 'critical'],
    ['6h', '30m', 6, 'critical'],
    ['1d', '2h', 3, 'warning'],
    ['3d', '6h', 1, 'warning'],
  ]);
});

test('availability: each window compares the error ratio of both windows with burn rate times the budget', () => {
  const rules = availabilityRules(target, series, resolveObjective({ availabilityPercent: 99.5 }));
  expect(rules.map((r) => r.expr.match(/> ([0-9.]+)/g))).toEqual([
    ['> 0.072', '> 0.072'],
    ['> 0.03', '> 0.03'],
    ['> 0.015', '> 0.015'],
    ['> 0.005', '> 0.005'],
  ]);
  expect(rules[0].expr).toContain('[1h]');
  expect(rules[0].expr).toContain('[5m]');
  expect(rules[0].expr).toContain('http_response_status_code=~"5.."');
  for (const r of rules) expect(promqlErrors(r.expr)).toEqual([]);
});

test('latency: p99 over 5m and 1h above the target, in seconds; and a rule for an objective nobody measures', () => {
  const [p99, absent] = latencyRules(
    target,
    { ...series, unitSeconds: 0.001, histogram: 'istio_request_duration_milliseconds' },
    resolveObjective({ latencyP99Ms: 250 }),
  );
  expect(p99.alert).toBe('GetATPLatencyP99');
  expect(p99.expr).toBe(
    '(histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{namespace="uat",job=~"uat/reserve",http_route="/smcfs/restapi/invoke/getATP"}[5m]))) * 0.001) > 0.25 and ' +
      '(histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{namespace="uat",job=~"uat/reserve",http_route="/smcfs/restapi/invoke/getATP"}[1h]))) * 0.001) > 0.25',
  );
  expect(absent.alert).toBe('GetATPObjectiveNotMeasured');
  for (const r of [p99, absent]) expect(promqlErrors(r.expr)).toEqual([]);
});

test('objective defaults resolve once: route over environment default over 99.9% / 1000 ms', () => {
  expect(resolveObjective()).toEqual({ availabilityPercent: 99.9, latencyP99Ms: 1000 });
  expect(resolveObjective({ latencyP99Ms: 300 }, { availabilityPercent: 99.5, latencyP99Ms: 800 })).toEqual({
    availabilityPercent: 99.5,
    latencyP99Ms: 300,
  });
});

test.each([
  [
    { availabilityPercent: 100.5 },
    'objectives.default.availabilityPercent must be a percentage above 0 and below 100 (100% leaves no error budget to alert on) (received 100.5). Fix: give the share of good requests, e.g. 99.9',
  ],
  [
    { availabilityPercent: 100 },
    'objectives.default.availabilityPercent must be a percentage above 0 and below 100 (100% leaves no error budget to alert on) (received 100). Fix: give the share of good requests, e.g. 99.9',
  ],
  [
    { latencyP99Ms: 0 },
    'objectives.default.latencyP99Ms must be a positive number of milliseconds (received 0). Fix: give the 99th-percentile latency callers may expect, e.g. 800',
  ],
  [
    { latencyP99Ms: -5 },
    'objectives.default.latencyP99Ms must be a positive number of milliseconds (received -5). Fix: give the 99th-percentile latency callers may expect, e.g. 800',
  ],
])('objective %j is refused', (objective, message) => {
  expect(objectiveProblems('objectives.default', objective).map(fp)).toEqual([message]);
});

test('workload, queue and budget rules use the kube-state-metrics and KEDA series, and parse', () => {
  const rules = [
    ...workloadRules({ namespace: 'uat', name: 'reserve', controller: 'Deployment', hpaName: 'reserve', labels: {} }),
    ...workloadRules({ namespace: 'uat', name: 'batch', controller: 'Job', labels: {} }),
    ...queueRules({
      namespace: 'uat',
      scaledObject: 'schedule-order',
      kind: 'scaledobject',
      queue: 'SCHEDULE.Q',
      maxMessages: 100,
      maxMinutes: 30,
      labels: {},
    }),
    ...quotaRules('uat', {}, 90),
  ];
  expect(rules.map((r) => r.alert)).toEqual([
    'ReserveCrashLooping',
    'ReservePodsNotReady',
    'ReserveAtMaxReplicas',
    'BatchCrashLooping',
    'BatchPodsNotReady',
    'ScheduleOrderQueueBacklog',
    'ScheduleOrderQueueNotDraining',
    'EnvironmentBudgetNearlyUsed',
  ]);
  expect(rules[0].expr).toContain('kube_pod_container_status_waiting_reason{namespace="uat",pod=~"reserve-.*",reason="CrashLoopBackOff"}');
  expect(rules[1].expr).toBe('kube_deployment_status_replicas_unavailable{namespace="uat",deployment="reserve"} > 0');
  expect(rules[2].expr).toContain(
    'kube_horizontalpodautoscaler_status_current_replicas{namespace="uat",horizontalpodautoscaler="reserve"} >= kube_horizontalpodautoscaler_spec_max_replicas',
  );
  expect(rules[5].expr).toBe('max(keda_scaler_metrics_value{namespace="uat",scaledObject="schedule-order",type="scaledobject"}) > 100');
  expect(rules[7].expr).toContain('> 0.9');
  for (const r of rules) expect(promqlErrors(r.expr)).toEqual([]);
});

test('alert names are PromQL-safe CamelCase', () => {
  expect(alertNamePart('reserveAvailableInventory')).toBe('ReserveAvailableInventory');
  expect(alertNamePart('polls-api-/polls')).toBe('PollsApiPolls');
});

test('the dashboard has a panel per question, every query parses, and panels without targets are left out', () => {
  const json = grafanaDashboard({
    environment: 'uat',
    uid: 'oms-uat',
    routes: [{ title: 'getATP', series }],
    workloads: ['reserve'],
    queues: [],
  }) as any;
  expect(json.panels.map((p: any) => p.title)).toEqual([
    'Requests per second, per route',
    'p99 latency, per route',
    'Server errors (5xx) per second, per route',
    'CPU used / limit, per workload',
    'Memory used / limit, per workload',
  ]);
  for (const p of json.panels) for (const t of p.targets) expect(promqlErrors(t.expr)).toEqual([]);
  expect(JSON.stringify(json)).toBe(
    JSON.stringify(
      grafanaDashboard({ environment: 'uat', uid: 'oms-uat', routes: [{ title: 'getATP', series }], workloads: ['reserve'], queues: [] }),
    ),
  );
});
