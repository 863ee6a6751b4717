import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Where a ClusterLogForwarder sends logs. */
export type LogOutput =
  | { readonly type: 'lokiStack'; readonly name: string; readonly namespace: string }
  | {
      readonly type: 'cloudwatch';
      readonly region: string;
      readonly groupName: string;
      readonly roleArnSecret: { readonly name: string; readonly key: string };
    };

/** The parts of a ClusterLogForwarder spec this library uses. */
export interface ClusterLogForwarderProps {
  readonly name: string;
  /** The namespace of the forwarder and its collector (the collector needs privileges a restricted namespace refuses). */
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  /** The ServiceAccount the collector runs as (bound to `collect-application-logs`). */
  readonly serviceAccount: string;
  /** Namespaces whose application logs are collected. */
  readonly namespaces: readonly string[];
  readonly output: LogOutput;
}

/**
 * Red Hat OpenShift Logging 6 `ClusterLogForwarder` (observability.openshift.io/v1). Despite its name it is a
 * namespaced object (the vendored CRD says `scope: Namespaced`); the operator runs its collector in that namespace
 * as the given ServiceAccount. Fields relied on, as the CRD (openshift/cluster-logging-operator, vendored in
 * schemas/crds/openshift-logging) and Red Hat's "Logging 6.x: configuring log forwarding" documentation give them:
 * `serviceAccount.name`; `inputs[]` of type `application` with `application.includes[].namespace`; `outputs[]` of
 * type `lokiStack` (`target.name`/`namespace`, `authentication.token.from: serviceAccount`) or `cloudwatch`
 * (`region`, `groupName`, `authentication.type: iamRole` with the role ARN from a Secret and the ServiceAccount's
 * projected token); `pipelines[]` joining them by name.
 */
export class ClusterLogForwarder extends ApiObject {
  constructor(scope: Construct, id: string, props: ClusterLogForwarderProps) {
    const output =
      props.output.type === 'lokiStack'
        ? {
            name: 'default-lokistack',
            type: 'lokiStack',
            lokiStack: {
              target: { name: props.output.name, namespace: props.output.namespace },
              authentication: { token: { from: 'serviceAccount' } },
            },
          }
        : {
            name: 'cloudwatch',
            type: 'cloudwatch',
            cloudwatch: {
              region: props.output.region,
              groupName: props.output.groupName,
              authentication: {
                type: 'iamRole',
                iamRole: {
                  roleARN: { secretName: props.output.roleArnSecret.name, key: props.output.roleArnSecret.key },
                  token: { from: 'serviceAccount' },
                },
              },
            },
          };
    super(scope, id, {
      apiVersion: 'observability.openshift.io/v1',
      kind: 'ClusterLogForwarder',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        serviceAccount: { name: props.serviceAccount },
        inputs: [
          { name: 'environment', type: 'application', application: { includes: props.namespaces.map((namespace) => ({ namespace })) } },
        ],
        outputs: [output],
        pipelines: [{ name: 'environment-logs', inputRefs: ['environment'], outputRefs: [output.name] }],
      },
    });
  }
}
