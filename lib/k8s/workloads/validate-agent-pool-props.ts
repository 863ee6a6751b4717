import { ParsedResources, Problem, portViolation } from '../../core';
import { QueueTrigger, ScheduleTrigger } from '../connections/message-broker';
import { OmsServerInput, ValidationContext, validateOmsServerInput, validateServiceName } from './validate-oms-microservice-props';

/** OMS server names: letters, digits and "-" (OMS refuses "_" in server names). */
const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** Inputs specific to an agent pool. */
export interface AgentPoolInput extends OmsServerInput {
  readonly servers: readonly string[];
  readonly timeTriggered?: boolean;
  readonly scaling?: QueueTrigger;
  readonly schedule?: ScheduleTrigger;
  readonly runToCompletion?: boolean;
  readonly drainSeconds?: number;
  readonly expectedJobSeconds?: number;
  readonly pollingIntervalSeconds?: number;
  readonly cooldownSeconds?: number;
  readonly fallbackReplicas?: number;
  readonly targetCpuUtilization?: number;
  readonly healthCheck?: { readonly port: number; readonly path: string };
}

const whole = (problems: Problem[], property: string, value: number | undefined, min: number, fix: string) => {
  if (value !== undefined && (!Number.isInteger(value) || value < min))
    problems.push({ property, rule: `must be a whole number of at least ${min}`, value, fix });
};

/** Checks the properties of an `AgentPool`. */
export function validateAgentPoolProps(
  name: string,
  props: AgentPoolInput,
  ctx: ValidationContext,
): { problems: Problem[]; parsed?: ParsedResources } {
  const problems = validateServiceName(name);
  // The pool's own drain rule (below) replaces the app server's preStop rule.
  const server = validateOmsServerInput(
    { ...props, preStopDelaySeconds: undefined, terminationGracePeriodSeconds: undefined },
    { ...ctx, minReplicasFloor: 0, minReplicasFix: 'set minReplicas to 0 (scale to zero) or more' },
  );
  problems.push(...server.problems);

  const servers = props.servers ?? [];
  if (servers.length === 0) {
    problems.push({
      property: 'servers',
      rule: 'must name at least one agent or integration server',
      value: props.servers,
      fix: 'list the OMS server names this pool runs, e.g. ["ScheduleOrderServer"]',
    });
  }
  const seen = new Set<string>();
  for (const s of servers) {
    if (!SERVER_NAME.test(s))
      problems.push({
        property: 'servers',
        rule: 'must be OMS server names (letters, digits and "-"; OMS refuses "_")',
        value: s,
        fix: 'rename the server',
      });
    else if (seen.has(s))
      problems.push({ property: 'servers', rule: 'must not list a server twice', value: s, fix: `remove the second "${s}"` });
    seen.add(s);
  }

  if (props.scaling !== undefined) {
    if (!(props.scaling instanceof QueueTrigger)) {
      problems.push({
        property: 'scaling',
        rule: 'must be a queue trigger',
        value: props.scaling,
        fix: "use broker.queueDepth('QUEUE.NAME')",
      });
    } else {
      problems.push(...props.scaling.validate('scaling'));
    }
  }
  if (props.schedule !== undefined) problems.push(...props.schedule.validate('schedule'));

  const min = props.minReplicas ?? 1;
  if (min === 0 && props.timeTriggered && props.schedule === undefined) {
    problems.push({
      property: 'minReplicas',
      rule: 'must be at least 1 for time-triggered agents: their auto-trigger runs inside the agent JVM, so at zero replicas nothing ever triggers them again',
      value: 0,
      fix: 'set minReplicas: 1, or add schedule: ScheduleTrigger.cron({...}) so KEDA starts the pool when the agent is due',
    });
  }
  if (min === 0 && props.scaling === undefined && !props.runToCompletion) {
    problems.push({
      property: 'minReplicas',
      rule: 'can be 0 only with a queue trigger (a CPU autoscaler cannot wake a pool from zero)',
      value: 0,
      fix: 'add scaling: broker.queueDepth(...) or set minReplicas to 1',
    });
  }
  if (props.runToCompletion) {
    if (props.scaling === undefined) {
      problems.push({
        property: 'runToCompletion',
        rule: 'needs a queue trigger: KEDA starts one Job per batch of messages',
        value: true,
        fix: 'add scaling: broker.queueDepth(...)',
      });
    }
    if (props.timeTriggered) {
      problems.push({
        property: 'runToCompletion',
        rule: 'cannot run time-triggered agents (they never finish on their own)',
        value: true,
        fix: 'run time-triggered agents as a Deployment (leave runToCompletion out)',
      });
    }
  }

  whole(problems, 'drainSeconds', props.drainSeconds, 0, 'set how long the server needs to stop taking work');
  whole(problems, 'expectedJobSeconds', props.expectedJobSeconds, 1, 'set the longest time one unit of work takes');
  whole(problems, 'pollingIntervalSeconds', props.pollingIntervalSeconds, 1, 'use e.g. 30');
  whole(problems, 'cooldownSeconds', props.cooldownSeconds, 0, 'use e.g. 300');
  whole(problems, 'fallbackReplicas', props.fallbackReplicas, 1, 'keep at least one agent when the queue metric is unavailable');
  whole(
    problems,
    'terminationGracePeriodSeconds',
    props.terminationGracePeriodSeconds,
    1,
    'set the seconds the server gets to finish its work',
  );
  const drain = props.drainSeconds ?? 60;
  const job = props.expectedJobSeconds ?? 120;
  const grace = props.terminationGracePeriodSeconds;
  if (grace !== undefined && Number.isInteger(grace) && grace < drain + job) {
    problems.push({
      property: 'terminationGracePeriodSeconds',
      rule: `must cover the preStop drain (${drain}s) plus the longest job (${job}s), or in-flight work is killed`,
      value: grace,
      fix: `set it to ${drain + job} or more, or lower drainSeconds/expectedJobSeconds`,
    });
  }
  const max = props.maxReplicas;
  if (props.fallbackReplicas !== undefined && max !== undefined && props.fallbackReplicas > max) {
    problems.push({
      property: 'fallbackReplicas',
      rule: `must not exceed maxReplicas (${max})`,
      value: props.fallbackReplicas,
      fix: 'lower fallbackReplicas',
    });
  }
  if (props.schedule !== undefined && max !== undefined && props.schedule.desiredReplicas > max) {
    problems.push({
      property: 'schedule.desiredReplicas',
      rule: `must not exceed maxReplicas (${max})`,
      value: props.schedule.desiredReplicas,
      fix: 'lower desiredReplicas or raise maxReplicas',
    });
  }
  const cpu = props.targetCpuUtilization;
  if (cpu !== undefined && (!Number.isInteger(cpu) || cpu < 10 || cpu > 95)) {
    problems.push({ property: 'targetCpuUtilization', rule: 'must be a whole percentage from 10 to 95', value: cpu, fix: 'use e.g. 70' });
  }
  if (props.healthCheck !== undefined) {
    const rule = portViolation(props.healthCheck.port);
    if (rule)
      problems.push({ property: 'healthCheck.port', rule, value: props.healthCheck.port, fix: 'use the port of the server health check' });
    if (!/^\/\S*$/.test(props.healthCheck.path ?? ''))
      problems.push({
        property: 'healthCheck.path',
        rule: 'must be an absolute URL path',
        value: props.healthCheck.path,
        fix: 'start it with "/"',
      });
  }
  return { problems, parsed: problems.length === 0 ? server.parsed : undefined };
}
