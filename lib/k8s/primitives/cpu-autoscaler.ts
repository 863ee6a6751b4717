import { Construct } from 'constructs';
import { k8s } from './kube';

/**
 * Scaling behaviour for JVM workloads: new JVMs take minutes to help, so
 * capacity is added early and in steps, and given back slowly, one pod at a
 * time, after five quiet minutes. Shared by the HPA and KEDA's HPA settings.
 */
export function jvmScalingBehavior(): k8s.HorizontalPodAutoscalerBehaviorV2 {
  return {
    scaleUp: {
      stabilizationWindowSeconds: 60,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 2, periodSeconds: 120 },
        { type: 'Percent', value: 50, periodSeconds: 120 },
      ],
    },
    scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
  };
}

/** What a CPU autoscaler needs. */
export interface CpuAutoscalerInput {
  readonly metadata: k8s.ObjectMeta;
  /** The workload to scale. */
  readonly target: { readonly apiVersion: string; readonly kind: string; readonly name: string };
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilization: number;
}

/**
 * An `autoscaling/v2` HPA on CPU with explicit behaviour. CPU only: a JVM's
 * heap never shrinks, so memory-based scaling would never scale in.
 */
export function cpuAutoscaler(scope: Construct, id: string, input: CpuAutoscalerInput): k8s.KubeHorizontalPodAutoscalerV2 {
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, id, {
    metadata: input.metadata,
    spec: {
      scaleTargetRef: { ...input.target },
      minReplicas: input.minReplicas,
      maxReplicas: input.maxReplicas,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: input.targetCpuUtilization } } },
      ],
      behavior: jvmScalingBehavior(),
    },
  });
}
