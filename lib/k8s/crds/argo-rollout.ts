import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../primitives/kube';

/** The blue-green strategy of an Argo Rollout. */
export interface RolloutBlueGreenStrategy {
  /** Service Argo points at the active ReplicaSet. */
  readonly activeService: string;
  /** Service Argo points at the new ReplicaSet before promotion. */
  readonly previewService: string;
  /** Promote only when told (`kubectl argo rollouts promote`). */
  readonly autoPromotionEnabled: boolean;
  /** Seconds the old ReplicaSet stays up after promotion (the rollback window). */
  readonly scaleDownDelaySeconds: number;
}

/** The parts of an Argo Rollout spec this library uses. */
export interface ArgoRolloutProps {
  readonly metadata: k8s.ObjectMeta;
  /** Replicas, unless an HPA owns the count. */
  readonly replicas?: number;
  readonly selector: k8s.LabelSelector;
  /** The pod template, read at synthesis (so the workload can still change it after construction). */
  readonly template: () => k8s.PodTemplateSpec;
  readonly revisionHistoryLimit: number;
  readonly minReadySeconds: number;
  readonly progressDeadlineSeconds: number;
  readonly blueGreen: RolloutBlueGreenStrategy;
}

/**
 * Argo Rollouts `Rollout` (argoproj.io/v1alpha1) with the blue-green strategy.
 * Written by hand: the generated class would re-declare the whole pod spec,
 * while the template here is the typed Kubernetes pod template we already
 * build. The test suite validates every instance against the shared CRD.
 */
export class ArgoRollout extends ApiObject {
  constructor(scope: Construct, id: string, props: ArgoRolloutProps) {
    super(scope, id, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: props.metadata,
      spec: {
        replicas: props.replicas,
        selector: k8s.toJson_LabelSelector(props.selector),
        template: Lazy.any({ produce: () => k8s.toJson_PodTemplateSpec(props.template()) }),
        revisionHistoryLimit: props.revisionHistoryLimit,
        minReadySeconds: props.minReadySeconds,
        progressDeadlineSeconds: props.progressDeadlineSeconds,
        strategy: { blueGreen: { ...props.blueGreen } },
      },
    });
  }
}
