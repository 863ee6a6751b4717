import { KindsOf, Problem } from '../../core';
import { OMS_SERVER_PROP_KINDS } from './validate-oms-server-props';
import { QueueTrigger } from '../connections/message-broker';
import type { AgentPoolProps } from './agent-pool';

/** OMS server names: letters, digits and "-" (OMS refuses "_" in server names). */
const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** The JavaScript kind of every prop of an agent pool, checked before its rules. */
export const AGENT_POOL_PROP_KINDS = {
  ...OMS_SERVER_PROP_KINDS,
  servers: 'string[]',
  timeTriggered: 'boolean',
  scaling: 'object',
  schedule: 'object',
  runToCompletion: 'boolean',
  expectedJobSeconds: 'number',
  restartAfterMinutes: 'number',
  pollingIntervalSeconds: 'number',
  cooldownSeconds: 'number',
  fallbackReplicas: 'number',
  suspended: 'boolean',
} satisfies KindsOf<AgentPoolProps>;

/** What the agent rules need besides the props: the resolved grace period. */
export interface AgentPoolContext {
  readonly grace: number;
}

/** One rule over the real props type. */
export type AgentPoolRule = (props: AgentPoolProps, ctx: AgentPoolContext) => Problem[];

const whole = (property: string, value: number | undefined, min: number, fix: string): Problem[] =>
  value !== undefined && (!Number.isInteger(value) || value < min)
    ? [{ property, rule: `must be a whole number of at least ${min}`, value, fix }]
    : [];

/** At least one server, each a valid OMS server name, none twice. */
export const serversAreNamed: AgentPoolRule = (p) => {
  const servers = p.servers ?? [];
  if (servers.length === 0)
    return [
      {
        property: 'servers',
        rule: 'must name at least one agent or integration server',
        value: p.servers,
        fix: 'list the OMS server names this pool runs, e.g. ["ScheduleOrderServer"]',
      },
    ];
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const s of servers) {
    if (typeof s !== 'string' || !SERVER_NAME.test(s))
      problems.push({
        property: 'servers',
        rule: 'must be OMS server names (letters, digits and "-"; OMS refuses "_")',
        value: s,
        fix: 'rename the server',
      });
    else if (seen.get(s.toLowerCase()) === s)
      problems.push({ property: 'servers', rule: 'must not list a server twice', value: s, fix: `remove the second "${s}"` });
    else if (seen.has(s.toLowerCase()))
      // Each server runs in a container named after it, in lower case: two names that differ in case collide.
      problems.push({
        property: 'servers',
        rule: `must differ in more than letter case ("${seen.get(s.toLowerCase())}" is listed too): each server's container is named after it in lower case`,
        value: s,
        fix: 'give the servers names that differ in letters, or list the server once',
      });
    if (typeof s === 'string' && !seen.has(s.toLowerCase())) seen.set(s.toLowerCase(), s);
  }
  return problems;
};

/** Triggers are the library's own value classes and check themselves. */
export const triggersAreValid: AgentPoolRule = (p) => {
  const problems: Problem[] = [];
  if (p.scaling !== undefined) {
    if (!(p.scaling instanceof QueueTrigger))
      problems.push({ property: 'scaling', rule: 'must be a queue trigger', value: p.scaling, fix: "use broker.queueDepth('QUEUE.NAME')" });
    else problems.push(...p.scaling.validate('scaling'));
  }
  if (p.schedule !== undefined) problems.push(...p.schedule.validate('schedule'));
  return problems;
};

/** A pool at zero must have something that wakes it; time-triggered agents only a schedule. */
export const zeroCanWake: AgentPoolRule = (p) => {
  const problems: Problem[] = [];
  const min = p.minReplicas ?? 1;
  if (min === 0 && p.timeTriggered && p.schedule === undefined)
    problems.push({
      property: 'minReplicas',
      rule: 'must be at least 1 for time-triggered agents: their auto-trigger runs inside the agent JVM, so at zero replicas nothing ever triggers them again',
      value: 0,
      fix: 'set minReplicas: 1, or add schedule: ScheduleTrigger.cron({...}) so KEDA starts the pool when the agent is due',
    });
  if (min === 0 && p.scaling === undefined && p.schedule === undefined && !p.runToCompletion)
    problems.push({
      property: 'minReplicas',
      rule: 'can be 0 only with a queue trigger or a schedule (a CPU autoscaler cannot wake a pool from zero)',
      value: 0,
      fix: 'add scaling: broker.queueDepth(...) or schedule: ScheduleTrigger.cron({...}), or set minReplicas to 1',
    });
  return problems;
};

/** Run-to-completion pools start one Job per batch of messages and never run time-triggered agents. */
export const runToCompletionFits: AgentPoolRule = (p) => {
  if (!p.runToCompletion) return [];
  const problems: Problem[] = [];
  if (p.scaling === undefined)
    problems.push({
      property: 'runToCompletion',
      rule: 'needs a queue trigger: KEDA starts one Job per batch of messages',
      value: true,
      fix: 'add scaling: broker.queueDepth(...)',
    });
  if (p.timeTriggered)
    problems.push({
      property: 'runToCompletion',
      rule: 'cannot run time-triggered agents (they never finish on their own)',
      value: true,
      fix: 'run time-triggered agents as a Deployment (leave runToCompletion out)',
    });
  return problems;
};

/** Timings are whole numbers, and the grace period after SIGTERM covers the longest job. */
export const graceCoversWork: AgentPoolRule = (p, ctx) => {
  const problems = [
    ...whole('expectedJobSeconds', p.expectedJobSeconds, 1, 'set the longest time one unit of work takes'),
    ...whole('restartAfterMinutes', p.restartAfterMinutes, 1, 'use e.g. 10'),
    ...whole('pollingIntervalSeconds', p.pollingIntervalSeconds, 1, 'use e.g. 30'),
    ...whole('cooldownSeconds', p.cooldownSeconds, 0, 'use e.g. 300'),
    ...whole('fallbackReplicas', p.fallbackReplicas, 1, 'keep at least one agent when the queue metric is unavailable'),
  ];
  const job = p.expectedJobSeconds ?? 120;
  if (p.terminationGracePeriodSeconds !== undefined && Number.isInteger(ctx.grace) && ctx.grace < job)
    problems.push({
      property: 'terminationGracePeriodSeconds',
      rule: `must cover the longest job (${job}s): the JVM finishes its current work after SIGTERM, and is killed when the grace period ends`,
      value: ctx.grace,
      fix: `set it to ${job + 30} or more, or lower expectedJobSeconds`,
    });
  return problems;
};

/** KEDA's settings come with a KEDA trigger; fallback and scheduled replicas fit under the maximum. */
export const replicaTargetsFit: AgentPoolRule = (p) => {
  const problems: Problem[] = [];
  const max = p.maxReplicas;
  if (p.fallbackReplicas !== undefined && p.scaling === undefined)
    problems.push({
      property: 'fallbackReplicas',
      rule: 'applies only with a queue trigger (KEDA keeps these replicas when it cannot read the queue), and this pool has no scaling',
      value: p.fallbackReplicas,
      fix: 'add scaling: broker.queueDepth(...), or remove fallbackReplicas',
    });
  // KEDA's polling and cooldown exist only where KEDA scales the pool (a ScaledObject, or a ScaledJob, which has no
  // cooldown); without a trigger the CPU autoscaler owns the count and would ignore them.
  for (const [property, value] of [
    ['pollingIntervalSeconds', p.pollingIntervalSeconds],
    ['cooldownSeconds', p.cooldownSeconds],
  ] as const)
    if (value !== undefined && p.scaling === undefined && p.schedule === undefined)
      problems.push({
        property,
        rule: 'applies only when KEDA scales the pool (a queue trigger or a schedule), and this pool has neither',
        value,
        fix: `add scaling: broker.queueDepth(...) or schedule: ScheduleTrigger.cron({...}), or remove ${property}`,
      });
  if (p.cooldownSeconds !== undefined && p.runToCompletion && p.scaling !== undefined)
    problems.push({
      property: 'cooldownSeconds',
      rule: 'does not apply to a run-to-completion pool: KEDA starts a Job per batch of messages, and a ScaledJob has no cooldown',
      value: p.cooldownSeconds,
      fix: 'remove cooldownSeconds',
    });
  if (p.fallbackReplicas !== undefined && max !== undefined && p.fallbackReplicas > max)
    problems.push({
      property: 'fallbackReplicas',
      rule: `must not exceed maxReplicas (${max})`,
      value: p.fallbackReplicas,
      fix: 'lower fallbackReplicas',
    });
  if (p.schedule !== undefined && max !== undefined && p.schedule.desiredReplicas > max)
    problems.push({
      property: 'schedule.desiredReplicas',
      rule: `must not exceed maxReplicas (${max})`,
      value: p.schedule.desiredReplicas,
      fix: 'lower desiredReplicas or raise maxReplicas',
    });
  return problems;
};

/** Every rule of an agent pool, in the order messages list them. */
export const AGENT_POOL_RULES: readonly AgentPoolRule[] = [
  serversAreNamed,
  triggersAreValid,
  zeroCanWake,
  runToCompletionFits,
  graceCoversWork,
  replicaTargetsFit,
];

/** Every problem with an agent pool's own properties (the workload base checks the shared ones). */
export function validateAgentPoolProps(props: AgentPoolProps, ctx: AgentPoolContext): Problem[] {
  return AGENT_POOL_RULES.flatMap((rule) => rule(props, ctx));
}
