// What a plan is: its steps, commands, waits and prunes, and the limits and kinds every plan uses.
import { Stage } from '../core';

/**
 * A file of an environment's output, as synthesis holds it in memory: its path and, for
 * Kubernetes YAML, the objects it holds. Plans are built from these objects, never by parsing
 * the written text back.
 */
export interface PlanInputFile {
  readonly path: string;
  readonly objects?: readonly Record<string, any>[];
}

/** One command, as argv (never through a shell), with its time limit. */
export interface PlanCommand {
  readonly argv: string[];
  readonly timeoutSeconds: number;
  /** Write the command's standard output to this file (relative to the environment folder). */
  readonly stdoutTo?: string;
  /**
   * The command prints `terraform show -json` of a plan: keep it in memory only and write its
   * summary for the review (`summarizePlan`) to this file. The full JSON holds sensitive
   * values in plain text, so it is never written.
   */
  readonly reviewTo?: string;
  /** Terraform commands that make the reviewed plan (`plan`) or apply it (`apply`). */
  readonly terraform?: 'plan' | 'apply';
}

/** The kinds a plan waits for, each with its own notion of done and failed. */
export type WaitKind = 'Deployment' | 'StatefulSet' | 'Rollout' | 'Job' | 'ExternalSecret';

/** A wait until an object is ready (or a Job complete); a failure ends it early. */
export interface PlanWait {
  readonly kind: WaitKind;
  readonly name: string;
  readonly namespace: string;
  readonly timeoutSeconds: number;
}

/** A kind pruning may delete: its `group/version/Kind` and the resource name `kubectl api-resources -o name` shows. */
export interface PruneKind {
  readonly gvk: string;
  readonly resource: string;
}

/** The pruning apply: objects of the listed kinds that carry the selector and are no longer in the output are deleted. */
export interface PrunePlan {
  readonly selector: string;
  readonly kinds: PruneKind[];
  readonly timeoutSeconds: number;
}

/** One step of a plan, run from the environment's output folder. */
export interface PlanStep {
  readonly name: string;
  readonly description: string;
  readonly commands: PlanCommand[];
  /** Waited for after the commands, in order. */
  readonly waits?: PlanWait[];
  readonly prune?: PrunePlan;
  /**
   * Run the step only when this namespace exists and is not Terminating (the API server refuses new
   * objects in a Terminating namespace). Only a NotFound answer or a Terminating phase skips the
   * step; any other error stops the run.
   */
  readonly onlyIfNamespaceExists?: string;
  /**
   * What the step does instead when that namespace is gone or Terminating (the teardown's database
   * drop, from a temporary namespace). Without it such a step is skipped.
   */
  readonly ifNamespaceGone?: NamespaceGoneFallback;
  /**
   * What is left undone when the step is skipped that way. Then the run stops instead (nothing
   * after it runs) with this text and the fix, unless the step is acknowledged (`--skip <step>`).
   */
  readonly leftUndoneIfSkipped?: string;
  /** What to do when the step fails or runs out of time, shown with the failure. */
  readonly hint?: string;
}

/**
 * What a step runs instead of its own commands when its namespace is gone or Terminating: commands,
 * waits, then (only when the waits succeeded) the commands that clean up after it.
 */
export interface NamespaceGoneFallback {
  readonly description: string;
  readonly commands: PlanCommand[];
  readonly waits?: PlanWait[];
  /** Run after the waits succeeded, e.g. deleting the temporary namespace. */
  readonly afterWaits?: PlanCommand[];
  /**
   * Commands run first whose last one prints nothing when the fallback's work is known to be done
   * (the teardown: an empty Terraform state, which it leaves only after the database drop); then the
   * fallback is skipped with `why`.
   */
  readonly doneIfNoOutput?: {
    readonly commands: PlanCommand[];
    readonly why: string;
    /** A failure of the last command whose standard error holds this text counts as no output (Terraform: no state at all). */
    readonly orFailureWith?: string;
  };
  /** What to do when it fails or runs out of time, shown with the failure. */
  readonly hint?: string;
}

/**
 * An environment's namespace that a plan may only touch while it carries this annotation value (or
 * none yet): a branch environment's namespace names its branch, so a second branch whose name maps
 * to the same environment is refused before anything changes.
 */
export interface NamespaceClaim {
  readonly namespace: string;
  readonly annotation: string;
  readonly value: string;
}

/** An ordered list of steps for one environment. */
export interface Plan {
  readonly environment: string;
  readonly stage?: Stage;
  /** Checked before the first step: the namespace must be absent, or carry this annotation value. */
  readonly claim?: NamespaceClaim;
  readonly steps: PlanStep[];
}

/** The label every object of an environment carries; the prune selector. */
export const ENVIRONMENT_SELECTOR_LABEL = 'oms.platform/environment';
/** The label synthesis puts on lifecycle-phase objects, so the environment's pruning never touches them. */
export const PHASE_LABEL = 'oms.platform/phase';

/** Time limits, in seconds. */
export const TIME_LIMITS = {
  kubectlApply: 300,
  terraformInit: 600,
  terraformPlan: 1800,
  terraformShow: 300,
  terraformApply: 5400,
  terraformDestroy: 5400,
  externalSecret: 300,
  statefulSet: 900,
  deployment: 900,
  rollout: 1200,
  job: 1800,
  phaseJob: 7200,
  /** The teardown's drop Job: well under the 120-minute limit of the CI job that runs the whole teardown. */
  teardownJob: 900,
  /** Creating or deleting the teardown's temporary namespace (it holds one Job and what the Job needs). */
  teardownNamespace: 300,
  namespaceDelete: 900,
  prune: 600,
} as const;

/**
 * Every kind pruning may delete: a fixed list, so removing the last object of a kind still removes
 * it. Never namespaces, volume claims, Secrets (written by the secrets operator), quotas, or Jobs;
 * lifecycle-phase objects are excluded by the selector. Kinds whose API the cluster does not serve
 * (Routes on EKS, KEDA where it is not installed) are left out when the prune runs.
 */
export const PRUNE_KINDS: readonly PruneKind[] = [
  { gvk: 'core/v1/ConfigMap', resource: 'configmaps' },
  { gvk: 'core/v1/Service', resource: 'services' },
  { gvk: 'core/v1/ServiceAccount', resource: 'serviceaccounts' },
  { gvk: 'apps/v1/Deployment', resource: 'deployments.apps' },
  { gvk: 'apps/v1/StatefulSet', resource: 'statefulsets.apps' },
  { gvk: 'autoscaling/v2/HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers.autoscaling' },
  { gvk: 'policy/v1/PodDisruptionBudget', resource: 'poddisruptionbudgets.policy' },
  { gvk: 'networking.k8s.io/v1/NetworkPolicy', resource: 'networkpolicies.networking.k8s.io' },
  { gvk: 'networking.k8s.io/v1/Ingress', resource: 'ingresses.networking.k8s.io' },
  { gvk: 'batch/v1/CronJob', resource: 'cronjobs.batch' },
  { gvk: 'rbac.authorization.k8s.io/v1/Role', resource: 'roles.rbac.authorization.k8s.io' },
  { gvk: 'rbac.authorization.k8s.io/v1/RoleBinding', resource: 'rolebindings.rbac.authorization.k8s.io' },
  { gvk: 'route.openshift.io/v1/Route', resource: 'routes.route.openshift.io' },
  { gvk: 'gateway.networking.k8s.io/v1/HTTPRoute', resource: 'httproutes.gateway.networking.k8s.io' },
  { gvk: 'gateway.networking.k8s.io/v1/Gateway', resource: 'gateways.gateway.networking.k8s.io' },
  { gvk: 'gateway.k8s.aws/v1/LoadBalancerConfiguration', resource: 'loadbalancerconfigurations.gateway.k8s.aws' },
  { gvk: 'gateway.k8s.aws/v1/TargetGroupConfiguration', resource: 'targetgroupconfigurations.gateway.k8s.aws' },
  { gvk: 'keda.sh/v1alpha1/ScaledObject', resource: 'scaledobjects.keda.sh' },
  { gvk: 'keda.sh/v1alpha1/ScaledJob', resource: 'scaledjobs.keda.sh' },
  { gvk: 'keda.sh/v1alpha1/TriggerAuthentication', resource: 'triggerauthentications.keda.sh' },
  { gvk: 'external-secrets.io/v1/ExternalSecret', resource: 'externalsecrets.external-secrets.io' },
  { gvk: 'argoproj.io/v1alpha1/Rollout', resource: 'rollouts.argoproj.io' },
  { gvk: 'monitoring.coreos.com/v1/PodMonitor', resource: 'podmonitors.monitoring.coreos.com' },
  { gvk: 'monitoring.coreos.com/v1/PrometheusRule', resource: 'prometheusrules.monitoring.coreos.com' },
];
