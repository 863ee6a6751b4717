import { OMS_HEALTH_MONITOR_PROP_KINDS } from './validate-oms-server-props';
import { Construct } from 'constructs';
import { agentJvmArgs, healthMonitorStart, checkPropKinds, childPath } from '../../core';
import { agentProbes } from './agent-pool';
import { OMS_AGENT_UID, OmsServerProps, omsRolePreset, applyCheckedOmsRuntime, heapMi, validateOmsServerSettings } from './oms-runtime';
import { Workload, WorkloadPreset } from './workload';

/** Properties of an {@link OmsHealthMonitor}. */
export interface OmsHealthMonitorProps extends Omit<
  OmsServerProps,
  'minReplicas' | 'maxReplicas' | 'targetCpuUtilization' | 'jmsBindings'
> {
  /** Minutes the monitor may fail its startup test before it is restarted. @default 10 */
  readonly restartAfterMinutes?: number;
}

function monitorPreset(scope: Construct, id: string, props: OmsHealthMonitorProps): WorkloadPreset {
  Workload.environmentOf(scope, id, props);
  checkPropKinds(childPath(scope.node.path, id), 'OmsHealthMonitorProps', props, OMS_HEALTH_MONITOR_PROP_KINDS);
  const minutes = props.restartAfterMinutes;
  return {
    component: 'health-monitor',
    replicas: { min: 1, max: 1 },
    minReplicasFloor: { value: 1, fix: 'run one health monitor' },
    terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 60,
    ...omsRolePreset(OMS_AGENT_UID),
    problems: [
      ...validateOmsServerSettings(props, 'health-monitor'),
      ...(minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1)
        ? [{ property: 'restartAfterMinutes', rule: 'must be a whole number of at least 1', value: minutes, fix: 'use e.g. 10' }]
        : []),
    ],
  };
}

/**
 * OMS's health monitor: its own Deployment of one pod on `om-agent`, running
 * `startHealthMonitor.sh -jvmargs ...` after IBM's start preamble, with the
 * agents' startup test as readiness and liveness and SIGTERM on preStop.
 */
export class OmsHealthMonitor extends Workload {
  constructor(scope: Construct, id: string, props: OmsHealthMonitorProps) {
    super(scope, id, props, monitorPreset(scope, id, props));
    applyCheckedOmsRuntime(this, 'health-monitor', props);
    const start = healthMonitorStart(agentJvmArgs(heapMi(props.jvm, this.parsedResources.limits.memoryBytes)));
    this.containers.push({
      name: 'health-monitor',
      command: props.command ?? start.command,
      args: props.command ? props.args : (props.args ?? start.args),
      workingDir: '/opt/ssfs/runtime/',
      probes: { ...agentProbes('HealthMonitor', props.restartAfterMinutes ?? 10), ...props.probes },
      preStop: { exec: { command: ['/bin/bash', '-c', 'killall -15 java'] } },
    });
    this.addDeployment({ replicas: 1, progressDeadlineSeconds: 1200 });
  }
}
