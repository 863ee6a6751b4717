import { checkArguments, environmentArgument, productArgument, regionArgument } from '../arguments';
import { Product } from '../product';
import { RequestSeries, eq, matchers, p99Seconds, re, reLiteral, requestRate } from './request-metrics';

/** One routed target on the dashboard. */
export interface DashboardRoute {
  readonly title: string;
  readonly series: RequestSeries;
}

/** What an environment's dashboard shows. */
export interface DashboardInput {
  readonly environment: string;
  /** Stable dashboard uid (Grafana keeps links by it). */
  readonly uid: string;
  readonly routes: readonly DashboardRoute[];
  /** Workload names (saturation: CPU and memory against limits). */
  readonly workloads: readonly string[];
  /** KEDA ScaledObjects with the queue they read (queue depth). */
  readonly queues: readonly { readonly scaledObject: string; readonly queue: string }[];
  /** A link to the data stores' dashboard (CloudWatch), when the environment has one. @default none */
  readonly dataStoresUrl?: string;
}

interface Panel {
  title: string;
  targets: { expr: string; legendFormat: string }[];
  unit: string;
}

/**
 * Grafana dashboard JSON (schema as Grafana exports it: `panels` of type `timeseries` with `gridPos`, `targets`
 * and `fieldConfig.defaults.unit`, a `${datasource}` template variable of type `datasource`), one panel per
 * question: requests and p99 per route, server errors, saturation per workload, queue depth. Deterministic:
 * the same input gives the same JSON.
 */
export function grafanaDashboard(input: DashboardInput): Record<string, unknown> {
  const ns = eq('namespace', input.environment);
  const panels: Panel[] = [
    {
      title: 'Requests per second, per route',
      unit: 'reqps',
      targets: input.routes.map((r) => ({ expr: requestRate(r.series, '5m'), legendFormat: r.title })),
    },
    {
      title: 'p99 latency, per route',
      unit: 's',
      targets: input.routes.map((r) => ({ expr: p99Seconds(r.series, '5m'), legendFormat: r.title })),
    },
    {
      title: 'Server errors (5xx) per second, per route',
      unit: 'reqps',
      targets: input.routes.map((r) => ({
        expr: `sum(rate(${r.series.histogram}_count{${matchers(r.series.selector, r.series.errorMatcher)}}[5m]))`,
        legendFormat: r.title,
      })),
    },
    {
      title: 'CPU used / limit, per workload',
      unit: 'percentunit',
      targets: input.workloads.map((w) => {
        const sel = matchers(ns, re('pod', `${reLiteral(w)}-.*`), 'container!=""');
        return {
          expr: `sum(rate(container_cpu_usage_seconds_total{${sel}}[5m])) / sum(kube_pod_container_resource_limits{${sel},resource="cpu"})`,
          legendFormat: w,
        };
      }),
    },
    {
      title: 'Memory used / limit, per workload',
      unit: 'percentunit',
      targets: input.workloads.map((w) => {
        const sel = matchers(ns, re('pod', `${reLiteral(w)}-.*`), 'container!=""');
        return {
          expr: `sum(container_memory_working_set_bytes{${sel}}) / sum(kube_pod_container_resource_limits{${sel},resource="memory"})`,
          legendFormat: w,
        };
      }),
    },
    {
      title: 'Queue depth (as KEDA reads it)',
      unit: 'short',
      targets: input.queues.map((q) => ({
        expr: `max(keda_scaler_metrics_value{${matchers(ns, eq('scaledObject', q.scaledObject))}})`,
        legendFormat: `${q.scaledObject}: ${q.queue}`,
      })),
    },
  ];
  return {
    uid: input.uid,
    title: `OMS ${input.environment}`,
    tags: ['oms', input.environment],
    timezone: 'utc',
    schemaVersion: 39,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus' }] },
    links: input.dataStoresUrl ? [{ title: 'Data stores (CloudWatch)', type: 'link', url: input.dataStoresUrl }] : [],
    panels: panels
      .filter((p) => p.targets.length > 0)
      .map((p, i) => ({
        id: i + 1,
        type: 'timeseries',
        title: p.title,
        datasource: { type: 'prometheus', uid: '${datasource}' },
        gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
        fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
        targets: p.targets.map((t, j) => ({ refId: String.fromCharCode(65 + (j % 26)) + (j >= 26 ? String(j) : ''), ...t })),
      })),
  };
}

/** The name of the CloudWatch dashboard of an environment's AWS stack: `<product>-<env>` (`oms-<env>` for OMS). */
export function cloudWatchDashboardName(environment: string, product: Product = Product.OMS): string {
  return product.resourcePrefix(environment);
}

/** The CloudWatch dashboard of an environment's AWS stack ({@link cloudWatchDashboardName}), in the console of its region. */
export function cloudWatchDashboardUrl(region: string, environment: string, product: Product = Product.OMS): string {
  checkArguments(
    'cloudWatchDashboardUrl',
    regionArgument('region', region),
    environmentArgument('environment', environment),
    productArgument(product),
  );
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${cloudWatchDashboardName(environment, product)}`;
}
