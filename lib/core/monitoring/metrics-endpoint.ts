import { Problem } from '../errors';
import { OMS_HTTPS_PORT } from '../oms/paths';

/** The request-duration histogram a server exports, and the labels of its route and status. */
export interface RequestHistogram {
  /** Base name of the histogram. @default 'http_server_request_duration_seconds' (OpenTelemetry's HTTP server metric) */
  readonly name?: string;
  /** Label holding the matched route or path. @default 'http_route' */
  readonly routeLabel?: string;
  /** Label holding the HTTP status code. @default 'http_response_status_code' */
  readonly statusLabel?: string;
  /** Seconds per unit of the histogram's buckets. @default 1 (seconds) */
  readonly unitSeconds?: number;
}

/** Where a server serves its Prometheus metrics. */
export interface MetricsEndpoint {
  /** The container port (one the container exposes). */
  readonly port: number;
  /** The container port's name, when it is not the service's `http` port. @default 'metrics' */
  readonly portName?: string;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /**
   * A Secret in the namespace with keys `username` and `password`, for an endpoint behind basic authentication.
   * @default none (the endpoint is open to the scraper's namespace only, through the NetworkPolicy)
   */
  readonly credentials?: { readonly secretName: string };
  /** Accept the server's self-signed certificate (https). @default false */
  readonly insecureSkipVerify?: boolean;
  /** The request histogram the route objectives read. @default OpenTelemetry's names ({@link RequestHistogram}) */
  readonly requestHistogram?: RequestHistogram;
}

/** {@link RequestHistogram} with its defaults. */
export function resolveHistogram(h: RequestHistogram | undefined): Required<RequestHistogram> {
  return {
    name: h?.name ?? 'http_server_request_duration_seconds',
    routeLabel: h?.routeLabel ?? 'http_route',
    statusLabel: h?.statusLabel ?? 'http_response_status_code',
    unitSeconds: h?.unitSeconds ?? 1,
  };
}

/**
 * Liberty's MicroProfile Metrics endpoint on an OMS app server: `/metrics` on the HTTPS port, behind basic
 * authentication (`<mpMetrics authentication="true"/>`, Liberty's default): Open Liberty's mpMetrics feature
 * documentation ("Configure MicroProfile metrics security") says the secured endpoint takes a user in an
 * administrative role over HTTPS, with the server's default keystore. The scraper gets that user's name and
 * password from the Secret `oms-metrics-reader` (keys `username`, `password`; the user is `nonadmin`, whose
 * password is `consolenonadminpassword` of the app Secret, in Liberty's `reader-role`). The keystore's
 * certificate is the server's own, so the scraper skips verification.
 */
export const LIBERTY_METRICS: MetricsEndpoint = {
  port: OMS_HTTPS_PORT,
  portName: 'https',
  path: '/metrics',
  scheme: 'https',
  credentials: { secretName: 'oms-metrics-reader' },
  insecureSkipVerify: true,
};

/** The problems of a metrics endpoint of a workload whose containers expose `ports`. */
export function metricsEndpointProblems(property: string, endpoint: MetricsEndpoint | undefined, ports: readonly number[]): Problem[] {
  if (endpoint === undefined) return [];
  const problems: Problem[] = [];
  if (!ports.includes(endpoint.port))
    problems.push({
      property: `${property}.port`,
      rule: `must be a port the container exposes (${ports.join(', ') || 'none'}): a scraper drops pods that do not declare it`,
      value: endpoint.port,
      fix: ports.length > 0 ? `serve the metrics on ${ports.join(' or ')}, or expose the port first` : 'expose the metrics port first',
    });
  if (endpoint.path !== undefined && !/^\/[A-Za-z0-9._~/-]*$/.test(endpoint.path))
    problems.push({ property: `${property}.path`, rule: 'must be an absolute URL path', value: endpoint.path, fix: 'use e.g. "/metrics"' });
  return problems;
}

/**
 * OMS's own Prometheus statistics (IBM, "Prometheus endpoint for statistics collection", OMS 10): with the
 * property `yfs.prometheus.enabled=true`, app servers serve them at `/smcfs/servlets/MetricsServlet` and each
 * agent server JVM starts an embedded Netty server for `/metrics` when `AGENT_HTTP_ENABLED=true`, on
 * `AGENT_HTTP_PORT` (8002 when unset). The statistics are refreshed every `plt.statistics.collection.interval`
 * (2 minutes by default), and IBM asks for a scrape interval no shorter.
 */
export const OMS_STATISTICS = {
  property: 'yfs.prometheus.enabled',
  appServerPath: '/smcfs/servlets/MetricsServlet',
  agentPath: '/metrics',
  /** The first agent server's port; each further server of the pod takes the next (they share the pod's network). */
  agentBasePort: 8002,
  scrapeInterval: '2m',
} as const;

/** The port of the `index`-th agent server of a pod. */
export function omsAgentMetricsPort(index: number): number {
  return OMS_STATISTICS.agentBasePort + index;
}
