import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** A key of a Secret in the monitor's namespace. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** How a scraper reaches one metrics endpoint (the fields of prometheus-operator's `Endpoint` this library sets). */
export interface ScrapeEndpoint {
  /** The port's name (a container port). */
  readonly port: string;
  readonly path: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default the scraper's */
  readonly interval?: string;
  /** Basic authentication from a Secret of the namespace. @default none */
  readonly basicAuth?: { readonly username: SecretKeyRef; readonly password: SecretKeyRef };
  /** TLS: `insecureSkipVerify` for servers with a self-signed certificate. @default none */
  readonly tlsConfig?: { readonly insecureSkipVerify?: boolean; readonly serverName?: string };
}

/** An endpoint as the CRD spells it. */
export function renderEndpoint(e: ScrapeEndpoint): Record<string, unknown> {
  return {
    port: e.port,
    path: e.path,
    scheme: e.scheme,
    interval: e.interval,
    basicAuth: e.basicAuth && { username: { ...e.basicAuth.username }, password: { ...e.basicAuth.password } },
    tlsConfig: e.tlsConfig && { ...e.tlsConfig },
  };
}

/** The parts of a PodMonitor spec this library uses. */
export interface PodMonitorProps {
  readonly name: string;
  readonly labels?: Record<string, string>;
  /** Labels of the pods to scrape (in the monitor's own namespace). */
  readonly selector: Record<string, string>;
  /** Endpoints by container port name. */
  readonly endpoints: readonly ScrapeEndpoint[];
}

/**
 * prometheus-operator `PodMonitor` (monitoring.coreos.com/v1): scrape the pods whose labels match, in the monitor's
 * namespace, on named container ports (agents have no Service; a blue-green Service moves between colours). Written
 * by hand; the test suite validates every instance against the vendored CRD.
 */
export class PodMonitor extends ApiObject {
  constructor(scope: Construct, id: string, props: PodMonitorProps) {
    super(scope, id, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: props.name, labels: props.labels },
      spec: {
        selector: { matchLabels: { ...props.selector } },
        podMetricsEndpoints: props.endpoints.map(renderEndpoint),
      },
    });
  }
}
