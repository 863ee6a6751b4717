import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** A key of a Secret in the monitor's namespace. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** How a scraper reaches one metrics endpoint (the fields of prometheus-operator's `Endpoint` this library sets). */
export interface ScrapeEndpoint {
  /** The port's name (a Service port for a ServiceMonitor, a container port for a PodMonitor). */
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

/** The parts of a ServiceMonitor spec this library uses. */
export interface ServiceMonitorProps {
  readonly name: string;
  readonly labels?: Record<string, string>;
  /** Labels of the Services to scrape (in the monitor's own namespace). */
  readonly selector: Record<string, string>;
  readonly endpoints: readonly ScrapeEndpoint[];
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

/**
 * prometheus-operator `ServiceMonitor` (monitoring.coreos.com/v1): scrape the endpoints of the Services whose
 * labels match, in the monitor's namespace. Written by hand (a few fields); the test suite validates every
 * instance against the vendored CRD.
 */
export class ServiceMonitor extends ApiObject {
  constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    super(scope, id, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, labels: props.labels },
      spec: {
        selector: { matchLabels: { ...props.selector } },
        endpoints: props.endpoints.map(renderEndpoint),
      },
    });
  }
}
