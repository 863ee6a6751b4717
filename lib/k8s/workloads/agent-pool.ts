import { Construct } from 'constructs';
import { joinName } from '../../core';
import { MessageBroker, QueueTrigger, ScheduleTrigger } from '../connections/message-broker';
import * as kedaAuth from '../crds/imports/keda-triggerauthentications';
import * as keda from '../crds/imports/keda-scaledobjects';
import { KedaScaledJob, KedaTrigger } from '../crds/keda-scaled-job';
import { jvmScalingBehavior } from '../primitives/cpu-autoscaler';
import { HealthProbe } from '../primitives/health-probe';
import { k8s } from '../primitives/kube';
import { Filesystem } from './filesystem';
import { OMS_RESERVED_ENV, applyOmsRuntime, validateOmsServerSettings } from './oms-runtime';
import { OmsServerProps } from './oms-server-props';
import { validateAgentPoolProps } from './validate-agent-pool-props';
import { Workload, WorkloadPreset } from './workload';

/** Properties of an {@link AgentPool}. */
export interface AgentPoolProps extends OmsServerProps {
  /** OMS agent or integration server names each pod starts. */
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
   * @default creates `/tmp/oms-drain` and waits `drainSeconds`
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

/** The agent role's defaults, resolved once for validation and construction alike. */
function agentPreset(scope: Construct, id: string, props: AgentPoolProps): WorkloadPreset & { drain: number } {
  const env = Workload.environmentOf(scope, id);
  const min = props.minReplicas ?? 1;
  const drain = props.drainSeconds ?? 60;
  const grace = props.terminationGracePeriodSeconds ?? drain + (props.expectedJobSeconds ?? 120) + 30;
  return {
    component: 'agent',
    partOf: 'oms',
    replicas: { min, max: props.maxReplicas ?? Math.max(min, env.profile.maxReplicas, 1) },
    minReplicasFloor: { value: 0, fix: 'set minReplicas to 0 (scale to zero) or more' },
    terminationGracePeriodSeconds: grace,
    runAsUser: 10001,
    filesystem: Filesystem.readOnlyRoot({ scratch: ['/tmp', '/logs', '/opt/ibm/wlp/output'] }),
    reservedEnv: OMS_RESERVED_ENV,
    problems: [...validateAgentPoolProps(props, { drain, grace }), ...validateOmsServerSettings(props)],
    drain,
  };
}

/**
 * OMS agent and integration servers: queue-driven, with no Service. Scales on
 * queue depth through KEDA (IBM MQ, SQS, RabbitMQ, Artemis), with credentials
 * only through a `TriggerAuthentication`; falls back to a CPU autoscaler when
 * no queue trigger is given. Scale-in never kills in-flight work: a preStop
 * hook stops the server taking work and the grace period covers the longest
 * job; terminate-on-idle servers run as a KEDA `ScaledJob`.
 */
export class AgentPool extends Workload {
  /** The server names. */
  public readonly servers: readonly string[];
  /** Whether the pool is held at zero. */
  public readonly suspended: boolean;
  /** The Deployment (unless run to completion). */
  public readonly deployment?: k8s.KubeDeployment;
  /** The KEDA ScaledObject, when scaling on a queue. */
  public readonly scaledObject?: keda.ScaledObject;
  /** The KEDA ScaledJob, when run to completion. */
  public readonly scaledJob?: KedaScaledJob;
  /** The KEDA TriggerAuthentication, when scaling on a queue. */
  public readonly triggerAuthentication?: kedaAuth.TriggerAuthentication;
  /** The queue trigger, if any. */
  public readonly scaling?: QueueTrigger;
  private readonly runToCompletion: boolean;

  constructor(scope: Construct, id: string, props: AgentPoolProps) {
    const preset = agentPreset(scope, id, props);
    super(scope, id, props, preset);
    this.servers = [...props.servers];
    this.suspended = props.suspended === true;
    this.runToCompletion = props.runToCompletion === true;
    this.scaling = props.scaling;
    applyOmsRuntime(
      this,
      { ...props, memoryLimitBytes: this.parsedResources.limits.memoryBytes },
      { OMS_SERVER_NAMES: props.servers.join(',') },
    );
    const http = props.healthCheck && ((timing: object) => HealthProbe.http(props.healthCheck!.path, props.healthCheck!.port, timing));
    this.containers.push({
      name: 'server',
      command: props.command,
      args: props.args,
      probes:
        props.probes ??
        (http && {
          startup: http({ periodSeconds: 10, failureThreshold: 90 }),
          readiness: http({ periodSeconds: 15, failureThreshold: 4 }),
          liveness: http({ periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 20 }),
        }),
      preStop: { exec: { command: [...(props.drainCommand ?? ['/bin/sh', '-c', `touch /tmp/oms-drain && sleep ${preset.drain}`])] } },
    });
    if (props.scaling) this.connectTo(props.scaling.broker);

    const authName = joinName([id, 'queue-auth']);
    const broker = props.scaling?.broker;
    if (broker && !this.suspended) this.triggerAuthentication = triggerAuthentication(this, authName, broker);
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
    if (this.runToCompletion) {
      // A suspended run-to-completion pool starts no Jobs at all.
      if (!this.suspended)
        this.scaledJob = new KedaScaledJob(this, 'Resource', {
          metadata: this.metadata(),
          jobSpec: () => ({ template: this.renderPodTemplate('Never'), backoffLimit: 2 }),
          pollingInterval: props.pollingIntervalSeconds ?? 30,
          maxReplicaCount: this.maxReplicas,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 5,
          triggers,
        });
      return;
    }
    const byKeda = !this.suspended && triggers.length > 0;
    const hpaOwns = !this.suspended && !byKeda && this.maxReplicas > this.minReplicas;
    // KEDA or the HPA owns the count; a fixed count would fight them on every apply.
    this.deployment = this.addDeployment({
      replicas: byKeda || hpaOwns ? undefined : this.suspended ? 0 : this.minReplicas,
      progressDeadlineSeconds: 1200,
    });
    this.addDisruptionBudget();
    if (byKeda)
      this.scaledObject = new keda.ScaledObject(this, 'scaled-object', {
        metadata: this.metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: id },
          minReplicaCount: this.minReplicas,
          maxReplicaCount: this.maxReplicas,
          pollingInterval: props.pollingIntervalSeconds ?? 30,
          cooldownPeriod: props.cooldownSeconds ?? 300,
          fallback: props.scaling ? { failureThreshold: 3, replicas: props.fallbackReplicas ?? Math.max(1, this.minReplicas) } : undefined,
          advanced: { horizontalPodAutoscalerConfig: { behavior: jvmScalingBehavior() } },
          triggers,
        },
      });
    else if (hpaOwns) this.addCpuAutoscaler({ apiVersion: 'apps/v1', kind: 'Deployment' });
  }

  /** Suspended pools take no room; Jobs do not surge. */
  protected override peakPods(): number {
    if (this.suspended) return 0;
    return this.runToCompletion ? this.maxReplicas : super.peakPods();
  }
}

function triggerAuthentication(scope: Construct, name: string, broker: MessageBroker): kedaAuth.TriggerAuthentication {
  return new kedaAuth.TriggerAuthentication(scope, 'trigger-auth', {
    metadata: { name, labels: { ...(scope as Workload).labels } },
    spec: {
      secretTargetRef: broker.auth.secretTargetRef,
      podIdentity: broker.auth.podIdentity && {
        provider: broker.auth.podIdentity.provider as kedaAuth.TriggerAuthenticationSpecPodIdentityProvider,
        roleArn: broker.auth.podIdentity.roleArn,
      },
    },
  });
}
