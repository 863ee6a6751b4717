/**
 * Where the request counts and latency histogram of one routed target come from, as PromQL pieces. The
 * gateway implementation decides (see `RequestSource` in the Kubernetes layer): Istio's proxies, or the
 * servers' own histogram.
 */
export interface RequestSeries {
  /** The histogram's base name (`<name>_bucket`, `<name>_count` exist). */
  readonly histogram: string;
  /** Label matchers selecting the target's requests, e.g. `namespace="uat",service="reserve"`. */
  readonly selector: string;
  /** The matcher of server errors on the same series, e.g. `http_response_status_code=~"5.."`. */
  readonly errorMatcher: string;
  /** Seconds per unit of the histogram (1 for seconds, 0.001 for milliseconds). */
  readonly unitSeconds: number;
}

/** `a,b` from matchers, leaving out empty ones. */
export function matchers(...parts: readonly (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p.length > 0).join(',');
}

/** A label matcher with the value quoted as PromQL needs. */
export function eq(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

/** A regular-expression label matcher; `value` is a RE2 pattern, quoted here. */
export function re(label: string, value: string): string {
  return `${label}=~${JSON.stringify(value)}`;
}

/** Escapes RE2 metacharacters in a literal (paths contain `.`, `/` is fine). */
export function reLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Total request rate over `window`. */
export function requestRate(s: RequestSeries, window: string): string {
  return `sum(rate(${s.histogram}_count{${s.selector}}[${window}]))`;
}

/** Server-error ratio over `window` (0 when there were no requests is not produced: no requests, no alert). */
export function errorRatio(s: RequestSeries, window: string): string {
  return `(sum(rate(${s.histogram}_count{${matchers(s.selector, s.errorMatcher)}}[${window}])) or vector(0)) / ${requestRate(s, window)}`;
}

/** The 99th percentile over `window`, in seconds. */
export function p99Seconds(s: RequestSeries, window: string): string {
  const q = `histogram_quantile(0.99, sum by (le) (rate(${s.histogram}_bucket{${s.selector}}[${window}])))`;
  return s.unitSeconds === 1 ? q : `${q} * ${s.unitSeconds}`;
}
