import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AlertGroup } from '../../core/monitoring';

/** The parts of a PrometheusRule this library uses. */
export interface PrometheusRuleProps {
  readonly name: string;
  /** Labels: a Prometheus selects rules by them (`ruleSelector`). */
  readonly labels?: Record<string, string>;
  /** The groups, read at synthesis. */
  readonly groups: () => readonly AlertGroup[];
}

/**
 * prometheus-operator `PrometheusRule` (monitoring.coreos.com/v1): alerting rules in groups. Written by hand; the
 * test suite validates every instance against the vendored CRD and parses every expression with Prometheus's
 * own PromQL grammar.
 */
export class PrometheusRule extends ApiObject {
  private readonly groups: () => readonly AlertGroup[];

  constructor(scope: Construct, id: string, props: PrometheusRuleProps) {
    super(scope, id, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name, labels: props.labels },
    });
    this.groups = props.groups;
  }

  public override toJson(): any {
    const json = super.toJson();
    json.spec = {
      groups: this.groups().map((g) => ({
        name: g.name,
        rules: g.rules.map((r) => ({
          alert: r.alert,
          expr: r.expr,
          for: r.for,
          labels: { ...r.labels },
          annotations: { ...r.annotations },
        })),
      })),
    };
    return json;
  }
}
