import { Platform, dns1123LabelViolation, labelKeyViolation, labelValueViolation, problemIf, throwIfProblems } from '../../core';
import { k8s } from '../primitives/kube';

/** Properties of {@link Scraper.prometheus}. */
export interface PrometheusScraperProps {
  /** The namespace the Prometheus (or Prometheus agent) runs in. @default 'monitoring' */
  readonly namespace?: string;
  /**
   * Labels the Prometheus selects monitors and rules by (its `serviceMonitorSelector`, `podMonitorSelector`,
   * `ruleSelector`), e.g. `{ release: 'kube-prometheus-stack' }`. @default none (a Prometheus that selects all)
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
}

/**
 * Who scrapes the environment's pods and evaluates its rules: where the NetworkPolicies admit scrapes from, and the
 * labels the monitors and rules need to be picked up.
 */
export class Scraper {
  /**
   * OpenShift's monitoring for user-defined projects: its Prometheus runs in `openshift-user-workload-monitoring`
   * and picks up ServiceMonitors, PodMonitors and PrometheusRules of every user namespace (Red Hat, "Enabling
   * monitoring for user-defined projects"); kube-state-metrics comes from the platform's monitoring, which the
   * rules see through Thanos.
   */
  public static openShiftUserWorkload(): Scraper {
    return new Scraper('OpenShift user workload monitoring', 'openshift-user-workload-monitoring', {}, ['openshift']);
  }

  /**
   * A Prometheus run by prometheus-operator in the cluster (for example kube-prometheus-stack), which may
   * remote-write to Amazon Managed Service for Prometheus. (AMP's managed collector reads a plain Prometheus
   * scrape configuration, not these objects; run an in-cluster agent to use them with AMP.)
   */
  public static prometheus(props: PrometheusScraperProps = {}): Scraper {
    throwIfProblems('Scraper.prometheus', [
      ...namespaceProblems('namespace', props.namespace),
      // The labels go on every monitor and rule, where the Prometheus selects them: each must be a label.
      ...Object.entries(props.selectorLabels ?? {}).flatMap(([key, value]) =>
        problemIf(
          `selectorLabels["${key}"]`,
          key === '' || labelKeyViolation(key) ? key : value,
          labelKeyViolation(key) ?? labelValueViolation(value),
          "use the labels the Prometheus's selectors name, e.g. { release: 'kube-prometheus-stack' }",
        ),
      ),
    ]);
    return new Scraper('Prometheus (prometheus-operator)', props.namespace ?? 'monitoring', { ...(props.selectorLabels ?? {}) }, [
      'eks',
      'openshift',
    ]);
  }

  /** The scraper an environment gets without choosing: OpenShift's user workload monitoring, or a Prometheus in `monitoring`. */
  public static defaultFor(platform: Platform): Scraper {
    return platform === 'openshift' ? Scraper.openShiftUserWorkload() : Scraper.prometheus();
  }

  private constructor(
    /** For messages. */
    public readonly description: string,
    /** The namespace scrapes come from. */
    public readonly namespace: string,
    /** Labels of every monitor and rule. */
    public readonly selectorLabels: Readonly<Record<string, string>>,
    /** Platforms it runs on. */
    public readonly platforms: readonly Platform[],
  ) {}

  /** The NetworkPolicy peers scrapes come from. */
  public peers(): k8s.NetworkPolicyPeer[] {
    return [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': this.namespace } } }];
  }
}

/** A namespace name: a DNS-1123 label. */
export function namespaceProblems(property: string, namespace: string | undefined) {
  const rule = namespace === undefined ? undefined : dns1123LabelViolation(namespace);
  return rule === undefined
    ? []
    : [{ property, rule, value: namespace, fix: 'give the namespace the scraper (or collector) runs in, e.g. "monitoring"' }];
}
