import type { KindsOf } from '../../core';
import { Problem, httpUrlViolation, problemIf } from '../../core';
import { objectiveProblems } from '../../core/monitoring';
import type { EnvironmentMonitoringProps } from './environment-monitoring';

/** The JavaScript kind of every prop, checked before the rules. */
export const ENVIRONMENT_MONITORING_PROP_KINDS = {
  scraper: 'object',
  objectives: 'object',
  queues: 'object',
  budgetAlertPercent: 'number',
  requestSource: 'object',
  dashboard: 'object',
  logForwarding: 'object',
} satisfies KindsOf<EnvironmentMonitoringProps>;

/** What the rules check the props against: what the environment routes and where its pools scale. */
export interface MonitoringContext {
  /** API names and path prefixes the environment's gateways route. */
  readonly routed: readonly string[];
  /** Queues the environment's agent pools scale on through KEDA. */
  readonly scaledQueues: readonly string[];
}

/** Every problem of the props, collected. */
export function validateEnvironmentMonitoringProps(props: EnvironmentMonitoringProps, ctx: MonitoringContext): Problem[] {
  const problems: Problem[] = [...objectiveProblems('objectives.default', props.objectives?.default)];
  for (const [route, objective] of Object.entries(props.objectives?.routes ?? {})) {
    if (!ctx.routed.includes(route))
      problems.push({
        property: `objectives.routes["${route}"]`,
        rule: `must name an API or path the environment's gateway routes (${ctx.routed.join(', ') || 'none'})`,
        value: route,
        fix: 'use the API name (e.g. "getATP") or the route prefix (e.g. "/polls") as routed',
      });
    problems.push(...objectiveProblems(`objectives.routes["${route}"]`, objective));
  }
  for (const [queue, limits] of Object.entries(props.queues ?? {})) {
    if (!ctx.scaledQueues.includes(queue))
      problems.push({
        property: `queues["${queue}"]`,
        rule: `must name a queue an agent pool scales on, whose depth KEDA reads (${ctx.scaledQueues.join(', ') || 'none'})`,
        value: queue,
        fix: 'use the queue name given to broker.queueDepth(...), or scale a pool on that queue first',
      });
    if (limits === null || typeof limits !== 'object') {
      problems.push({
        property: `queues["${queue}"]`,
        rule: 'must be the alert limits of the queue (an object)',
        value: limits,
        fix: 'give e.g. { maxMessages: 1000, maxMinutes: 30 }, or {} for the defaults, or remove the queue',
      });
      continue;
    }
    if (limits.maxMessages !== undefined && !(Number.isInteger(limits.maxMessages) && limits.maxMessages > 0))
      problems.push({
        property: `queues["${queue}"].maxMessages`,
        rule: 'must be a positive whole number',
        value: limits.maxMessages,
        fix: 'e.g. 1000',
      });
    if (limits.maxMinutes !== undefined && !(Number.isInteger(limits.maxMinutes) && limits.maxMinutes > 0))
      problems.push({
        property: `queues["${queue}"].maxMinutes`,
        rule: 'must be a positive whole number of minutes',
        value: limits.maxMinutes,
        fix: 'e.g. 30',
      });
  }
  for (const key of ['grafanaUrl', 'dataStoresUrl'] as const) {
    const url = props.dashboard?.[key];
    if (url !== undefined)
      problems.push(
        ...problemIf(
          `dashboard.${key}`,
          url,
          httpUrlViolation(url),
          'give the address as a browser opens it, e.g. "https://grafana.example.com"',
        ),
      );
  }
  const b = props.budgetAlertPercent;
  if (b !== undefined && !(b > 0 && b <= 100))
    problems.push({ property: 'budgetAlertPercent', rule: 'must be above 0 and at most 100', value: b, fix: 'e.g. 90' });
  return problems;
}
