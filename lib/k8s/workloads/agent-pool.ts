import { Construct } from 'constructs';
import { EgressRule, joinName, throwIfProblems } from '../../core';
import { cpuAutoscaler, jvmScalingBehavior } from '../primitives/cpu-autoscaler';
import * as kedaAuth from '../crds/imports/keda-triggerauthentications';
import * as keda from '../crds/imports/keda-scaledobjects';
import { KedaScaledJob, KedaTrigger } from '../crds/keda-scaled-job';
import { k8s } from '../primitives/kube';
import { QueueTrigger, ScheduleTrigger } from '../connections/message-broker';
import { egressEntries } from '../primitives/network-rules';
import { OmsEnvironment } from '../environment/oms-environment';
import { MAX_SURGE_PERCENT } from './oms-microservice';
import { omsPodTemplate, omsServerFoundation } from './oms-pod-template';
import { OmsServerProps } from './oms-server-props';
import { validateAgentPoolProps } from './validate-agent-pool-props';

/** Properties of an {@link AgentPool}. */
export interface AgentPoolProps extends OmsServerProps {
  /** OMS agent or integration server names each pod starts (passed as `OMS_SERVER_NAMES`). */
  readonly servers: readonly string[];
  /**
   * Whether the servers run time-triggered agents, whose auto-trigger runs
   * inside the JVM; such a pool cannot scale to zero without a `schedule`.
   * @default false
   */
  readonly timeTriggered?: boolean;
  /** Scale on queue depth through KEDA. @default a CPU autoscaler (or fixed replicas when min equals max) */
  readonly scaling?: QueueTrigger;
  /** A time window in which KEDA keeps replicas running (required to scale time-triggered agents to zero). @default none */
  readonly schedule?: ScheduleTrigger;
  /** Fewest replicas; 0 lets KEDA stop the pool when its queue is empty. @default 1 */
  readonly minReplicas?: number;
  /** Most replicas. @default the stage's maximum */
  readonly maxReplicas?: number;
  /**
   * Run each batch of work as a Job that ends when the server goes idle
   * (KEDA `ScaledJob`), for terminate-on-idle servers. @default false (a Deployment)
   */
  readonly runToCompletion?: boolean;
  /** Seconds the preStop hook gives the server to stop taking new work. @default 60 */
  readonly drainSeconds?: number;
  /** Longest time one unit of work takes; the grace period must cover it. @default 120 */
  readonly expectedJobSeconds?: number;
  /**
   * Command the preStop hook runs to stop the server taking new work.
   * @default creates `/tmp/oms-drain` (the image's start script stops the
   * server's job polling when it appears) and waits `drainSeconds`
   */
  readonly drainCommand?: readonly string[];
  /** How often KEDA reads the queue. @default 30 */
  readonly pollingIntervalSeconds?: number;
  /** Seconds of an empty queue before KEDA scales to zero. @default 300 */
  readonly cooldownSeconds?: number;
  /** Replicas KEDA keeps when it cannot read the queue. @default max(1, minReplicas) */
  readonly fallbackReplicas?: number;
  /** An HTTP health check the server exposes. @default none (no probes) */
  readonly healthCheck?: { readonly port: number; readonly path: string };
  /**
   * Keeps the pool at zero replicas with no autoscaler, e.g. the idle colour
   * of a blue-green pair that must not take work. @default false
   */
  readonly suspended?: boolean;
}

/**
 * OMS agent and integration servers: queue-driven, with no Service. Scales on
 * queue depth through KEDA (IBM MQ, SQS, RabbitMQ, Artemis), with credentials
 * only through a `TriggerAuthentication`; falls back to a CPU autoscaler when
 * no queue trigger is given. Scale-in never kills in-flight work: a preStop
 * hook stops the server taking work and the grace period covers the longest
 * job; terminate-on-idle servers run as a KEDA `ScaledJob`.
 */
export class AgentPool extends Construct {
  /** The pool name (the construct id). */
  public readonly name: string;
  /** Fewest replicas. */
  public readonly minReplicas: number;
  /** Most replicas. */
  public readonly maxReplicas: number;
  /** Labels that select this pool's pods. */
  public readonly selector: Record<string, string>;
  /** The ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The ConfigMap. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The NetworkPolicy: no ingress; egress to the broker, the database and DNS only. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The Deployment (unless run to completion). */
  public readonly deployment?: k8s.KubeDeployment;
  /** The PodDisruptionBudget (Deployments only). */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** The KEDA ScaledObject, when scaling on a queue. */
  public readonly scaledObject?: keda.ScaledObject;
  /** The KEDA ScaledJob, when run to completion. */
  public readonly scaledJob?: KedaScaledJob;
  /** The KEDA TriggerAuthentication, when scaling on a queue. */
  public readonly triggerAuthentication?: kedaAuth.TriggerAuthentication;
  /** The CPU autoscaler, when there is no queue trigger. */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: AgentPoolProps) {
    super(scope, id);
    const env = OmsEnvironment.find(this);
    const result = validateAgentPoolProps(id, props, {
      defaultMinReplicas: 1,
      defaultMaxReplicas: env.profile.maxReplicas,
      containerCeiling: env.containerCeiling,
      stage: env.config.stage,
    });
    throwIfProblems(this.node.path, result.problems);
    const parsed = result.parsed!;

    this.name = id;
    this.minReplicas = props.minReplicas ?? 1;
    this.maxReplicas = props.maxReplicas ?? Math.max(this.minReplicas, env.profile.maxReplicas, 1);
    const foundation = omsServerFoundation(this, {
      name: id,
      environment: env.environmentName,
      platform: env.config.platform,
      component: 'agent',
      props,
      memoryLimitBytes: parsed.limits.memoryBytes,
      extraConfig: { OMS_SERVER_NAMES: props.servers.join(',') },
    });
    const labels = foundation.labels;
    this.selector = foundation.selector;
    this.serviceAccount = foundation.serviceAccount;
    this.configMap = foundation.configMap;
    const metadata = (name: string) => ({ name, labels });

    const drain = props.drainSeconds ?? 60;
    const grace = props.terminationGracePeriodSeconds ?? drain + (props.expectedJobSeconds ?? 120) + 30;
    const httpGet = props.healthCheck
      ? { path: props.healthCheck.path, port: k8s.IntOrString.fromNumber(props.healthCheck.port) }
      : undefined;
    const template = omsPodTemplate({
      ...foundation.templateBase,
      probes: httpGet && {
        startupProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 },
        readinessProbe: { httpGet, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
        livenessProbe: { httpGet, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 20 },
      },
      preStop: { exec: { command: [...(props.drainCommand ?? ['/bin/sh', '-c', `touch /tmp/oms-drain && sleep ${drain}`])] } },
      terminationGracePeriodSeconds: grace,
      restartPolicy: props.runToCompletion ? 'Never' : undefined,
    });

    const broker = props.scaling?.broker;
    const authName = joinName([id, 'queue-auth']);
    const suspended = props.suspended === true;
    if (props.scaling !== undefined && !suspended) {
      this.triggerAuthentication = new kedaAuth.TriggerAuthentication(this, 'trigger-auth', {
        metadata: metadata(authName),
        spec: {
          secretTargetRef: broker!.auth.secretTargetRef,
          podIdentity: broker!.auth.podIdentity && {
            provider: broker!.auth.podIdentity.provider as kedaAuth.TriggerAuthenticationSpecPodIdentityProvider,
            roleArn: broker!.auth.podIdentity.roleArn,
          },
        },
      });
    }
    const triggers: KedaTrigger[] = [
      ...(props.scaling
        ? [
            {
              type: broker!.triggerType,
              name: 'queue',
              metadata: broker!.triggerMetadata(props.scaling),
              authenticationRef: { name: authName },
            },
          ]
        : []),
      ...(props.schedule ? [{ type: 'cron', name: 'schedule', metadata: props.schedule.metadata() }] : []),
    ];

    if (props.runToCompletion) {
      // A suspended run-to-completion pool starts no Jobs at all.
      if (!suspended)
        this.scaledJob = new KedaScaledJob(this, 'scaled-job', {
          metadata: metadata(id),
          jobSpec: { template, backoffLimit: 2 },
          pollingInterval: props.pollingIntervalSeconds ?? 30,
          maxReplicaCount: this.maxReplicas,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 5,
          triggers,
        });
    } else {
      const byKeda = !suspended && (props.scaling !== undefined || props.schedule !== undefined);
      const hpaOwns = !suspended && !byKeda && this.maxReplicas > this.minReplicas;
      this.deployment = new k8s.KubeDeployment(this, 'deployment', {
        metadata: metadata(id),
        spec: {
          // KEDA or the HPA owns the count; a fixed count would fight them on every apply.
          replicas: byKeda || hpaOwns ? undefined : suspended ? 0 : this.minReplicas,
          selector: { matchLabels: this.selector },
          revisionHistoryLimit: 5,
          progressDeadlineSeconds: 1200,
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString(`${MAX_SURGE_PERCENT}%`) },
          },
          template,
        },
      });
      this.pdb = new k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: metadata(id),
        spec: {
          selector: { matchLabels: this.selector },
          maxUnavailable: k8s.IntOrString.fromNumber(1),
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
      if (byKeda) {
        this.scaledObject = new keda.ScaledObject(this, 'scaled-object', {
          metadata: metadata(id),
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: id },
            minReplicaCount: this.minReplicas,
            maxReplicaCount: this.maxReplicas,
            pollingInterval: props.pollingIntervalSeconds ?? 30,
            cooldownPeriod: props.cooldownSeconds ?? 300,
            fallback: props.scaling
              ? { failureThreshold: 3, replicas: props.fallbackReplicas ?? Math.max(1, this.minReplicas) }
              : undefined,
            advanced: { horizontalPodAutoscalerConfig: { behavior: jvmScalingBehavior() } },
            triggers,
          },
        });
      } else if (hpaOwns) {
        this.hpa = cpuAutoscaler(this, 'hpa', {
          metadata: metadata(id),
          target: { apiVersion: 'apps/v1', kind: 'Deployment', name: id },
          minReplicas: this.minReplicas,
          maxReplicas: this.maxReplicas,
          targetCpuUtilization: props.targetCpuUtilization ?? 70,
        });
      }
    }

    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: metadata(id),
      spec: {
        podSelector: { matchLabels: this.selector },
        // Agents serve no traffic: no ingress at all.
        policyTypes: ['Ingress', 'Egress'],
        egress: egressEntries(uniqueRules([...(broker?.egress ?? []), ...(props.egress ?? [])])),
      },
    });

    const surge = props.runToCompletion ? 0 : Math.ceil((this.maxReplicas * MAX_SURGE_PERCENT) / 100);
    const peakPods = suspended ? 0 : this.maxReplicas + surge;
    env.addFootprint({ path: this.node.path, peakPods, requests: parsed.requests, limits: parsed.limits });
  }
}

/** The rules without repeats (a broker's egress is often also in the pool's own list). */
function uniqueRules(rules: readonly EgressRule[]): EgressRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify([r.cidr, r.podLabels, r.namespaceLabels, r.ports]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
