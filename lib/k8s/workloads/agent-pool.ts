import { Construct } from 'constructs';
import { agentJvmArgs, agentServerStart, agentStartupTest, joinName, toDns1123Label, checkPropKinds, childPath } from '../../core';
import { omsAgentMetricsPort } from '../../core/monitoring';
import { MessageBroker, QueueTrigger, ScheduleTrigger } from '../connections/message-broker';
import * as kedaAuth from '../crds/imports/keda-triggerauthentications';
import * as keda from '../crds/imports/keda-scaledobjects';
import { KedaScaledJob, KedaTrigger } from '../crds/keda-scaled-job';
import { jvmScalingBehavior } from '../primitives/cpu-autoscaler';
import { HealthProbe, HealthProbes } from '../primitives/health-probe';
import { k8s } from '../primitives/kube';
import { drawnWorkload, registerTopologyRole } from '../primitives/topology-role';
import { OMS_AGENT_UID, omsRolePreset, OmsServerProps, applyCheckedOmsRuntime, heapMi, validateOmsServerSettings } from './oms-runtime';
import { validateAgentPoolProps, AGENT_POOL_PROP_KINDS } from './validate-agent-pool-props';
import { Workload, WorkloadPreset } from './workload';

/** Properties of an {@link AgentPool}. */
export interface AgentPoolProps extends OmsServerProps {
  /** OMS agent or integration server names; each runs in its own container of the pod (`agentserver.sh <name>`). */
  readonly servers: readonly string[];
  /**
   * Whether the servers run time-triggered agents, whose auto-trigger runs
   * inside the JVM; such a pool cannot scale to zero without a `schedule`.
   * @default false
   */
  readonly timeTriggered?: boolean;
  /** Scale on queue depth through KEDA. @default a CPU autoscaler (or fixed replicas when min equals max) */
  readonly scaling?: QueueTrigger;
  /** A time window in which KEDA keeps replicas running (lets time-triggered agents scale to zero). @default none */
  readonly schedule?: ScheduleTrigger;
  /**
   * Run each batch of work as a Job whose pod ends when the servers go idle
   * (KEDA `ScaledJob`, `restartPolicy: Never`), for terminate-on-idle servers.
   * @default false (a Deployment)
   */
  readonly runToCompletion?: boolean;
  /** Longest time one unit of work takes; the grace period after SIGTERM must cover it. @default 120 */
  readonly expectedJobSeconds?: number;
  /** Minutes a server may fail its startup test before it is restarted (IBM's readinessFailRestartAfterMinutes). @default 10 */
  readonly restartAfterMinutes?: number;
  /** How often KEDA reads the queue. @default 30 */
  readonly pollingIntervalSeconds?: number;
  /** Seconds of an empty queue before KEDA scales to zero. @default 300 */
  readonly cooldownSeconds?: number;
  /** Replicas KEDA keeps when it cannot read the queue. @default max(1, minReplicas) */
  readonly fallbackReplicas?: number;
  /**
   * Keeps the pool at zero replicas with no autoscaler, e.g. the idle colour
   * of a blue-green pair that must not take work. @default false
   */
  readonly suspended?: boolean;
}

/** The agent role's defaults, resolved once for validation and construction alike. */
function agentPreset(scope: Construct, id: string, props: AgentPoolProps): WorkloadPreset {
  const env = Workload.environmentOf(scope, id, props);
  checkPropKinds(childPath(scope.node.path, id), 'AgentPoolProps', props, AGENT_POOL_PROP_KINDS);
  const min = props.minReplicas ?? 1;
  const grace = props.terminationGracePeriodSeconds ?? (props.expectedJobSeconds ?? 120) + 30;
  return {
    component: 'agent',
    replicas: { min, max: props.maxReplicas ?? Math.max(min, env.profile.maxReplicas, 1) },
    minReplicasFloor: { value: 0, fix: 'set minReplicas to 0 (scale to zero) or more' },
    terminationGracePeriodSeconds: grace,
    ...omsRolePreset(OMS_AGENT_UID),
    problems: [...validateAgentPoolProps(props, { grace }), ...validateOmsServerSettings(props, 'agent')],
  };
}

/** IBM's agent probes: its startup test on the server state directory, readiness every 15 s, liveness from 60 s. */
export function agentProbes(serverName: string, minutes: number): HealthProbes {
  const test = agentStartupTest(serverName, minutes);
  return {
    readiness: HealthProbe.exec(test, {
      initialDelaySeconds: 1,
      periodSeconds: 15,
      timeoutSeconds: 5,
      failureThreshold: Math.max(1, (minutes * 60) / 15),
    }),
    liveness: HealthProbe.exec(test, {
      initialDelaySeconds: 60,
      periodSeconds: 15,
      timeoutSeconds: 5,
      failureThreshold: Math.max(1, (minutes * 60 - 60) / 15 + 1),
    }),
  };
}

/**
 * OMS agent and integration servers on `om-agent`, started as IBM starts
 * them: one container per server running `agentserver.sh -jvmargs ... <name>`
 * from `/opt/ssfs/runtime/`, IBM's startup test as readiness and liveness,
 * SIGTERM to the JVM on preStop and a grace period covering the longest job.
 * Queue-driven, with no Service: KEDA scales on queue depth (IBM MQ, SQS,
 * RabbitMQ, Artemis) with credentials only through a `TriggerAuthentication`,
 * or a CPU autoscaler when there is no queue; terminate-on-idle servers run
 * as a KEDA `ScaledJob`.
 */
export class AgentPool extends Workload {
  /** The server names. */
  public readonly servers: readonly string[];
  /** Whether the pool is held at zero. */
  public readonly suspended: boolean;
  /** The Deployment (unless run to completion). */
  public readonly deployment?: k8s.KubeDeployment;
  /** The KEDA ScaledObject, when KEDA owns the replica count. */
  public readonly scaledObject?: keda.ScaledObject;
  /** The KEDA ScaledJob, when run to completion. */
  public readonly scaledJob?: KedaScaledJob;
  /** The KEDA TriggerAuthentication, when scaling on a queue. */
  public readonly triggerAuthentication?: kedaAuth.TriggerAuthentication;
  /** The queue trigger, if any. */
  public readonly scaling?: QueueTrigger;
  /** Where each server's JVM serves OMS's Prometheus statistics: container port name and number. */
  public readonly metricsPorts: readonly { readonly name: string; readonly port: number }[];
  private readonly runToCompletion: boolean;

  constructor(scope: Construct, id: string, props: AgentPoolProps) {
    super(scope, id, props, agentPreset(scope, id, props));
    registerTopologyRole(this, () => ({ role: 'pool', scaling: this.scaledObject ?? this.scaledJob, ...drawnWorkload(this) }));
    this.servers = [...props.servers];
    this.suspended = props.suspended === true;
    this.runToCompletion = props.runToCompletion === true;
    this.scaling = props.scaling;
    applyCheckedOmsRuntime(this, 'agent', props);
    const jvm = agentJvmArgs(heapMi(props.jvm, this.parsedResources.limits.memoryBytes));
    this.metricsPorts = props.servers.map((_, i) => ({ name: `metrics-${i}`, port: omsAgentMetricsPort(i) }));
    props.servers.forEach((server, i) => {
      const start = agentServerStart(jvm, server);
      this.containers.push({
        name: toDns1123Label(server),
        command: props.command ?? start.command,
        args: props.command ? props.args : (props.args ?? start.args),
        workingDir: '/opt/ssfs/runtime/',
        probes: { ...agentProbes(server, props.restartAfterMinutes ?? 10), ...props.probes },
        // The JVM finishes its current work on SIGTERM (IBM's chart stops agents the same way).
        preStop: { exec: { command: ['/bin/bash', '-c', 'killall -15 java'] } },
        // OMS's statistics on an embedded HTTP server, one port per JVM of the pod.
        ports: [{ name: this.metricsPorts[i].name, containerPort: this.metricsPorts[i].port, protocol: 'TCP' }],
        env: [
          { name: 'AGENT_HTTP_ENABLED', value: 'true' },
          { name: 'AGENT_HTTP_PORT', value: String(this.metricsPorts[i].port) },
        ],
      });
    });
    if (props.scaling) this.connectTo(props.scaling.broker);
    const scaling = this.renderScaling(id, props);
    this.deployment = scaling.deployment;
    this.scaledObject = scaling.scaledObject;
    this.scaledJob = scaling.scaledJob;
    this.triggerAuthentication = scaling.triggerAuthentication;
  }

  /** Suspended pools take no room; Jobs do not surge. */
  protected override peakPods(): number {
    if (this.suspended) return 0;
    return this.runToCompletion ? this.maxReplicas : super.peakPods();
  }

  private renderScaling(
    id: string,
    props: AgentPoolProps,
  ): Pick<AgentPool, 'deployment' | 'scaledObject' | 'scaledJob' | 'triggerAuthentication'> {
    const authName = joinName([id, 'queue-auth']);
    const broker = props.scaling?.broker;
    const auth = broker && !this.suspended ? triggerAuthentication(this, authName, broker) : undefined;
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
      if (this.suspended) return {};
      return {
        triggerAuthentication: auth,
        scaledJob: new KedaScaledJob(this, 'Resource', {
          metadata: this.metadata(),
          jobSpec: () => ({ template: this.renderPodTemplate('Never'), backoffLimit: 2 }),
          pollingInterval: props.pollingIntervalSeconds ?? 30,
          maxReplicaCount: this.maxReplicas,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 5,
          triggers,
        }),
      };
    }
    const byKeda = !this.suspended && triggers.length > 0;
    const hpaOwns = !this.suspended && !byKeda && this.maxReplicas > this.minReplicas;
    // KEDA or the HPA owns the count; a fixed count would fight them on every apply.
    const deployment = this.addDeployment({
      replicas: byKeda || hpaOwns ? undefined : this.suspended ? 0 : this.minReplicas,
      progressDeadlineSeconds: 1200,
    });
    this.addDisruptionBudget();
    if (hpaOwns) this.addCpuAutoscaler({ apiVersion: 'apps/v1', kind: 'Deployment' });
    if (!byKeda) return { deployment, triggerAuthentication: auth };
    const scaledObject = new keda.ScaledObject(this, 'scaled-object', {
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
    return { deployment, scaledObject, triggerAuthentication: auth };
  }
}

function triggerAuthentication(scope: Workload, name: string, broker: MessageBroker): kedaAuth.TriggerAuthentication {
  return new kedaAuth.TriggerAuthentication(scope, 'trigger-auth', {
    metadata: { name, labels: { ...scope.labels } },
    spec: {
      secretTargetRef: broker.auth.secretTargetRef,
      podIdentity: broker.auth.podIdentity && {
        provider: broker.auth.podIdentity.provider as kedaAuth.TriggerAuthenticationSpecPodIdentityProvider,
        roleArn: broker.auth.podIdentity.roleArn,
      },
    },
  });
}
