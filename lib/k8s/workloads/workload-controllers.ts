import { Construct } from 'constructs';
import { cpuAutoscaler } from '../primitives/cpu-autoscaler';
import { k8s } from '../primitives/kube';

/** Share of the replica count a rollout may add on top (maxSurge). */
export const MAX_SURGE_PERCENT = 25;

/** What a workload's controllers share: the owning workload, its object metadata and its pod selector. */
export interface ControllerTarget {
  readonly scope: Construct;
  readonly metadata: k8s.ObjectMeta;
  readonly selector: Readonly<Record<string, string>>;
}

/** The Deployment that runs a workload's pods: the child `Resource`, rolling out without losing capacity. */
export function workloadDeployment(
  target: ControllerTarget,
  spec: { replicas?: number; progressDeadlineSeconds: number; minReadySeconds?: number },
  template: k8s.PodTemplateSpec,
): k8s.KubeDeployment {
  return new k8s.KubeDeployment(target.scope, 'Resource', {
    metadata: target.metadata,
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: { ...target.selector } },
      revisionHistoryLimit: 5,
      minReadySeconds: spec.minReadySeconds,
      progressDeadlineSeconds: spec.progressDeadlineSeconds,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString(`${MAX_SURGE_PERCENT}%`) },
      },
      template,
    },
  });
}

/** A PodDisruptionBudget keeping all but one pod through voluntary disruptions. */
export function workloadDisruptionBudget(target: ControllerTarget): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(target.scope, 'pdb', {
    metadata: target.metadata,
    spec: {
      selector: { matchLabels: { ...target.selector } },
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      // Pods that never became ready must not block node drains.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}

/** A CPU autoscaler owning the replica count of `target`'s controller (named like the workload). */
export function workloadCpuAutoscaler(
  target: ControllerTarget,
  controller: { apiVersion: string; kind: string; name: string },
  scaling: { minReplicas: number; maxReplicas: number; targetCpuUtilization: number },
): k8s.KubeHorizontalPodAutoscalerV2 {
  return cpuAutoscaler(target.scope, 'hpa', {
    metadata: target.metadata,
    target: controller,
    ...scaling,
  });
}
