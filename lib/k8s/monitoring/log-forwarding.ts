import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { joinName, throwIfProblems } from '../../core';
import { namespaceProblems } from './scraper';
import { ClusterLogForwarder, LogOutput } from '../crds/cluster-log-forwarder';
import { k8s } from '../primitives/kube';

/** Properties of an {@link OpenShiftLogForwarding}. */
export interface OpenShiftLogForwardingProps {
  /** The namespace the forwarder and its collector run in (not the environment's: the collector reads node files). @default 'openshift-logging' */
  readonly namespace?: string;
  /** Where the logs go. @default the LokiStack `logging-loki` in `openshift-logging` */
  readonly output?: LogOutput;
}

/** The forwarder's objects, rendered by `EnvironmentMonitoring`. */
export interface LogForwardingContext {
  readonly environment: string;
  readonly labels: Record<string, string>;
}

/**
 * Ships the environment's container logs with Red Hat OpenShift Logging 6: a `ClusterLogForwarder` for the
 * environment's namespace, the collector's ServiceAccount beside it, and ClusterRoleBindings to the ClusterRoles
 * the operator ships, `collect-application-logs` (read application logs) and, for a LokiStack, `logging-collector-
 * logs-writer` (write to it): Red Hat's "Logging 6.x: configuring log forwarding" lists both for the collector.
 */
export class OpenShiftLogForwarding {
  public readonly namespace: string;
  public readonly output: LogOutput;

  constructor(props: OpenShiftLogForwardingProps = {}) {
    throwIfProblems('OpenShiftLogForwarding', namespaceProblems('namespace', props.namespace));
    this.namespace = props.namespace ?? 'openshift-logging';
    this.output = props.output ?? { type: 'lokiStack', name: 'logging-loki', namespace: 'openshift-logging' };
  }

  /** Renders the forwarder for one environment under `scope`. */
  public render(scope: Construct, ctx: LogForwardingContext): ClusterLogForwarder {
    const name = joinName([ctx.environment, 'logs']);
    new k8s.KubeServiceAccount(scope, 'log-collector', {
      metadata: { name, namespace: this.namespace, labels: ctx.labels },
      automountServiceAccountToken: false,
    });
    const roles = ['collect-application-logs', ...(this.output.type === 'lokiStack' ? ['logging-collector-logs-writer'] : [])];
    for (const role of roles) {
      const binding = new k8s.KubeClusterRoleBinding(scope, `log-collector-${role}`, {
        metadata: { name: joinName([name, role]), labels: ctx.labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ kind: 'ServiceAccount', name, namespace: this.namespace }],
      });
      // Cluster-scoped: the chart would otherwise stamp its namespace on it.
      binding.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    return new ClusterLogForwarder(scope, 'log-forwarder', {
      name,
      namespace: this.namespace,
      labels: ctx.labels,
      serviceAccount: name,
      namespaces: [ctx.environment],
      output: this.output,
    });
  }
}
