import { RequestSeries, eq, matchers, re, reLiteral, resolveHistogram } from '../../core/monitoring';
import { GatewayImplementation } from '../platform/gateway-implementation';
import type { Microservice } from '../workloads/microservice';

/** One route of the gateway as the request metrics see it. */
export interface RouteTarget {
  readonly namespace: string;
  /** The OMS API, for an exact API route. */
  readonly api?: string;
  /** The path (exact for an API, a prefix otherwise). */
  readonly path: string;
  readonly prefix: boolean;
  /** The Service the route sends to. */
  readonly serviceName: string;
  /** The workloads behind it (both colours of a blue-green pair). */
  readonly workloads: readonly Microservice[];
}

/**
 * Where a route's request count and latency histogram come from. The gateway implementation decides:
 * Istio's proxies measure every request (`istio_request_duration_milliseconds`, per destination service, from
 * Istio's "Standard Metrics"); the other implementations give Prometheus no per-route histogram (the AWS load
 * balancer's are CloudWatch metrics per target group, which the controller creates at run time; the OpenShift
 * router reports averages), so the servers' own histogram is read, per route.
 */
export abstract class RequestSource {
  /** The source the implementation offers (see the class description). */
  public static forGateway(implementation: GatewayImplementation): RequestSource {
    return implementation.description === 'Istio' ? RequestSource.istio() : RequestSource.servers();
  }

  /** Istio's proxies: per destination service (Istio's standard metrics carry no path). */
  public static istio(): RequestSource {
    return new IstioSource();
  }

  /** The servers' own request histogram (each workload's `metrics.requestHistogram`), per route. */
  public static servers(): RequestSource {
    return new ServerSource();
  }

  /** For messages and annotations. */
  public abstract readonly description: string;

  /** The series of one route, or `undefined` when nothing measures it (no workload behind it exports metrics). */
  public abstract series(route: RouteTarget): RequestSeries | undefined;
}

class IstioSource extends RequestSource {
  public readonly description = 'Istio proxies';
  public series(route: RouteTarget): RequestSeries {
    return {
      histogram: 'istio_request_duration_milliseconds',
      selector: matchers(
        eq('reporter', 'destination'),
        eq('destination_workload_namespace', route.namespace),
        eq('destination_service_name', route.serviceName),
      ),
      errorMatcher: re('response_code', '5..'),
      unitSeconds: 0.001,
    };
  }
}

class ServerSource extends RequestSource {
  public readonly description = "the servers' own histogram";
  public series(route: RouteTarget): RequestSeries | undefined {
    const scraped = route.workloads.filter((w) => w.metrics !== undefined);
    if (scraped.length === 0) return undefined;
    const h = resolveHistogram(scraped[0].metrics!.requestHistogram);
    // A PodMonitor's scrapes carry job="<namespace>/<monitor name>", and each monitor is named after its workload.
    const jobs = scraped.map((w) => reLiteral(`${route.namespace}/${w.name}`));
    return {
      histogram: h.name,
      selector: matchers(
        eq('namespace', route.namespace),
        re('job', jobs.length === 1 ? jobs[0] : `(${jobs.join('|')})`),
        route.prefix ? re(h.routeLabel, `${reLiteral(route.path)}(/.*)?`) : eq(h.routeLabel, route.path),
      ),
      errorMatcher: re(h.statusLabel, '5..'),
      unitSeconds: h.unitSeconds,
    };
  }
}
