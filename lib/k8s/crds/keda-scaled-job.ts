import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../primitives/kube';

/** A KEDA trigger as it appears in a ScaledJob or ScaledObject. */
export interface KedaTrigger {
  readonly type: string;
  readonly name?: string;
  readonly metadata: Record<string, string>;
  readonly authenticationRef?: { readonly name: string };
}

/** The parts of a KEDA `ScaledJob` spec this library uses. */
export interface ScaledJobProps {
  readonly metadata: k8s.ObjectMeta;
  /** The Job each trigger activation starts, read at synthesis. */
  readonly jobSpec: () => k8s.JobSpec;
  readonly pollingInterval: number;
  readonly maxReplicaCount: number;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly triggers: readonly KedaTrigger[];
}

/**
 * KEDA `ScaledJob` (keda.sh/v1alpha1). Written by hand rather than generated:
 * the generated class re-declares the whole pod spec (almost 900 KB of code)
 * while the job template here is the typed Kubernetes `JobSpec` we already use.
 * The test suite validates every instance against the shared CRD schema.
 */
export class KedaScaledJob extends ApiObject {
  constructor(scope: Construct, id: string, props: ScaledJobProps) {
    super(scope, id, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: props.metadata,
      spec: {
        jobTargetRef: Lazy.any({ produce: () => k8s.toJson_JobSpec(props.jobSpec()) }),
        pollingInterval: props.pollingInterval,
        maxReplicaCount: props.maxReplicaCount,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit,
        triggers: props.triggers,
      },
    });
  }
}
