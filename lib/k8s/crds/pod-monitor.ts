import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ScrapeEndpoint, renderEndpoint } from './service-monitor';

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
 * prometheus-operator `PodMonitor` (monitoring.coreos.com/v1): scrape pods with no Service (agents). Written by
 * hand; the test suite validates every instance against the vendored CRD.
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
