import * as fs from 'node:fs';
import * as path from 'node:path';
import { Problem, PropKinds, STAGES, dns1123LabelViolation, dns1123SubdomainViolation, oneOfProblems, propKindProblems } from '../core';
import { contextProblems, isStringList } from './command-runner';
import { WAIT_RESOURCE } from './wait-state';

const PLAN_FIX = 'synthesize the environment again (npm run synth) and apply the plan it writes; do not edit it';
const STEP_KINDS: PropKinds = {
  name: 'string',
  description: 'string',
  commands: 'object[]',
  waits: 'object[]',
  prune: 'object',
  onlyIfNamespaceExists: 'string',
  leftUndoneIfSkipped: 'string',
  ifNamespaceGone: 'object',
  hint: 'string',
};
const FALLBACK_KINDS: PropKinds = {
  description: 'string',
  commands: 'object[]',
  waits: 'object[]',
  afterWaits: 'object[]',
  doneIfNoOutput: 'object',
  hint: 'string',
};
const COMMAND_KINDS: PropKinds = { timeoutSeconds: 'number', stdoutTo: 'string', reviewTo: 'string', terraform: 'string' };
const WAIT_KINDS: PropKinds = { kind: 'string', name: 'string', namespace: 'string', timeoutSeconds: 'number' };
const CLAIM_KINDS: PropKinds = { namespace: 'string', annotation: 'string', value: 'string' };
const PRUNE_KINDS_OF: PropKinds = { selector: 'string', kinds: 'object[]', timeoutSeconds: 'number' };

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const positive = (property: string, v: unknown): Problem[] =>
  typeof v === 'number' && v > 0 ? [] : [{ property, rule: 'must be a positive number of seconds', value: v, fix: PLAN_FIX }];

/**
 * Every problem with the shape of a plan, as {@link runPlan} reads it: a plan file is JSON, so
 * one edited by hand, truncated or of another version reaches the runner unchecked by TypeScript.
 */
export function planProblems(plan: unknown): Problem[] {
  if (!isObject(plan))
    return [
      { property: 'plan', rule: 'must be a plan: { environment, steps }', value: Array.isArray(plan) ? 'a list' : plan, fix: PLAN_FIX },
    ];
  const problems: Problem[] = [];
  const envRule = dns1123LabelViolation(plan.environment);
  if (envRule) problems.push({ property: 'plan.environment', rule: envRule, value: plan.environment, fix: PLAN_FIX });
  if (plan.stage !== undefined) problems.push(...oneOfProblems('plan.stage', plan.stage, STAGES, PLAN_FIX));
  if (plan.claim !== undefined) {
    const k = propKindProblems('NamespaceClaim', plan.claim, CLAIM_KINDS, ['namespace', 'annotation', 'value'], 'plan.claim.');
    problems.push(...k);
    const nsRule = k.length === 0 ? dns1123LabelViolation((plan.claim as Record<string, string>).namespace) : undefined;
    if (nsRule)
      problems.push({
        property: 'plan.claim.namespace',
        rule: nsRule,
        value: (plan.claim as Record<string, string>).namespace,
        fix: PLAN_FIX,
      });
  }
  if (!Array.isArray(plan.steps) || plan.steps.length === 0)
    return [...problems, { property: 'plan.steps', rule: 'must be a non-empty list of steps', value: plan.steps, fix: PLAN_FIX }];
  plan.steps.forEach((step: unknown, i: number) => problems.push(...stepProblems(`plan.steps[${i}]`, step)));
  return problems;
}

function stepProblems(at: string, step: unknown): Problem[] {
  if (!isObject(step)) return [{ property: at, rule: 'must be a step: { name, description, commands }', value: step, fix: PLAN_FIX }];
  const kinds = propKindProblems('PlanStep', step, STEP_KINDS, ['name', 'description', 'commands'], `${at}.`);
  if (kinds.length > 0) return kinds;
  const problems: Problem[] = [];
  for (const [j, c] of (step.commands as Record<string, unknown>[]).entries()) {
    const where = `${at}.commands[${j}]`;
    const k = propKindProblems('PlanCommand', c, COMMAND_KINDS, ['timeoutSeconds'], `${where}.`);
    if (!isStringList(c.argv))
      k.push({ property: `${where}.argv`, rule: 'must be a non-empty list of non-empty arguments', value: c.argv, fix: PLAN_FIX });
    if (k.length > 0) {
      problems.push(...k);
      continue;
    }
    problems.push(...positive(`${where}.timeoutSeconds`, c.timeoutSeconds));
    // Written below the environment folder: a path out of it would overwrite anything the user can write.
    for (const key of ['stdoutTo', 'reviewTo'] as const) {
      const to = c[key] as string | undefined;
      if (to !== undefined && (path.isAbsolute(to) || to.split(/[\\/]/).includes('..') || to === ''))
        problems.push({ property: `${where}.${key}`, rule: 'must be a path inside the environment folder', value: to, fix: PLAN_FIX });
    }
    if (c.terraform !== undefined && c.terraform !== 'plan' && c.terraform !== 'apply')
      problems.push({ property: `${where}.terraform`, rule: 'must be "plan" or "apply"', value: c.terraform, fix: PLAN_FIX });
  }
  for (const [j, w] of ((step.waits ?? []) as Record<string, unknown>[]).entries()) {
    const where = `${at}.waits[${j}]`;
    const k = propKindProblems('PlanWait', w, WAIT_KINDS, ['kind', 'name', 'namespace', 'timeoutSeconds'], `${where}.`);
    if (k.length > 0) {
      problems.push(...k);
      continue;
    }
    if (!Object.keys(WAIT_RESOURCE).includes(w.kind as string))
      problems.push({
        property: `${where}.kind`,
        rule: `must be one of ${Object.keys(WAIT_RESOURCE).join(', ')}`,
        value: w.kind,
        fix: PLAN_FIX,
      });
    const nameRule = dns1123SubdomainViolation(w.name);
    if (nameRule) problems.push({ property: `${where}.name`, rule: nameRule, value: w.name, fix: PLAN_FIX });
    const nsRule = dns1123LabelViolation(w.namespace as string);
    if (nsRule) problems.push({ property: `${where}.namespace`, rule: nsRule, value: w.namespace, fix: PLAN_FIX });
    problems.push(...positive(`${where}.timeoutSeconds`, w.timeoutSeconds));
  }
  if (step.prune !== undefined) {
    const k = propKindProblems('PrunePlan', step.prune, PRUNE_KINDS_OF, ['selector', 'kinds', 'timeoutSeconds'], `${at}.prune.`);
    problems.push(...(k.length > 0 ? k : positive(`${at}.prune.timeoutSeconds`, step.prune.timeoutSeconds)));
    if (k.length === 0 && (step.prune.kinds as unknown[]).length === 0)
      problems.push({
        property: `${at}.prune.kinds`,
        rule: 'must list at least one kind: with none, kubectl prunes its built-in default kinds (Secrets, PersistentVolumeClaims, Namespaces among them)',
        value: step.prune.kinds,
        fix: PLAN_FIX,
      });
  }
  if (step.onlyIfNamespaceExists !== undefined) {
    const rule = dns1123LabelViolation(step.onlyIfNamespaceExists);
    if (rule) problems.push({ property: `${at}.onlyIfNamespaceExists`, rule, value: step.onlyIfNamespaceExists, fix: PLAN_FIX });
  }
  if (step.ifNamespaceGone !== undefined) {
    const where = `${at}.ifNamespaceGone`;
    const gone = step.ifNamespaceGone as Record<string, unknown>;
    const k = propKindProblems('NamespaceGoneFallback', gone, FALLBACK_KINDS, ['description', 'commands'], `${where}.`);
    if (k.length > 0) return [...problems, ...k];
    if (step.onlyIfNamespaceExists === undefined)
      problems.push({
        property: where,
        rule: 'needs onlyIfNamespaceExists (the namespace whose absence it stands in for)',
        value: 'set',
        fix: PLAN_FIX,
      });
    // Its commands and waits are checked as a step's are; the commands after the waits as a second one.
    problems.push(
      ...stepProblems(where, { name: 'ifNamespaceGone', description: gone.description, commands: gone.commands, waits: gone.waits }),
    );
    if (gone.doneIfNoOutput !== undefined) {
      const done = gone.doneIfNoOutput as Record<string, unknown>;
      if (done.orFailureWith !== undefined && (typeof done.orFailureWith !== 'string' || done.orFailureWith.length === 0))
        problems.push({
          property: `${where}.doneIfNoOutput.orFailureWith`,
          rule: 'must be a non-empty text, when given',
          value: done.orFailureWith,
          fix: PLAN_FIX,
        });
      if (typeof done.why !== 'string' || done.why.length === 0)
        problems.push({
          property: `${where}.doneIfNoOutput.why`,
          rule: 'must say what an empty output means',
          value: done.why,
          fix: PLAN_FIX,
        });
      problems.push(...stepProblems(`${where}.doneIfNoOutput`, { name: 'doneIfNoOutput', description: '', commands: done.commands }));
    }
    problems.push(
      ...stepProblems(`${where}.afterWaits`, { name: 'afterWaits', description: '', commands: gone.afterWaits ?? [] }).map((p) => ({
        ...p,
        property: p.property.replace(`${where}.afterWaits.commands`, `${where}.afterWaits`),
      })),
    );
  }
  return problems;
}

/** The options the runner reads: where to run, the context, the Terraform mode, and the hooks. */
export function runPlanOptionProblems(options: unknown): Problem[] {
  if (!isObject(options)) return [{ property: 'options', rule: 'is required', value: options, fix: 'pass { cwd, dryRun }' }];
  const problems: Problem[] = [];
  const stat = typeof options.cwd === 'string' && options.cwd.length > 0 ? fs.statSync(options.cwd, { throwIfNoEntry: false }) : undefined;
  if (!stat?.isDirectory())
    problems.push({
      property: 'options.cwd',
      rule: 'must be an existing folder',
      value: options.cwd,
      fix: "pass the environment's output folder, dist/<environment>",
    });
  if (typeof options.dryRun !== 'boolean')
    problems.push({
      property: 'options.dryRun',
      rule: 'must be true or false',
      value: options.dryRun,
      fix: 'pass dryRun: false to run, true to print',
    });
  problems.push(...contextProblems('options.context', options.context));
  if (options.terraform !== undefined && options.terraform !== 'plan' && options.terraform !== 'apply')
    problems.push({
      property: 'options.terraform',
      rule: 'must be "plan" or "apply", when given',
      value: options.terraform,
      fix: 'leave it out to plan and apply in one run',
    });
  if (
    options.skipSteps !== undefined &&
    !(Array.isArray(options.skipSteps) && options.skipSteps.every((x: unknown) => typeof x === 'string'))
  )
    problems.push({
      property: 'options.skipSteps',
      rule: 'must be a list of step names, when given',
      value: options.skipSteps,
      fix: 'pass the names of the steps whose skipping is acknowledged',
    });
  if (options.fromStep !== undefined && (typeof options.fromStep !== 'string' || options.fromStep.length === 0))
    problems.push({
      property: 'options.fromStep',
      rule: 'must be the name of a step, when given',
      value: options.fromStep,
      fix: 'pass the step the run stopped at',
    });
  if (options.pollSeconds !== undefined && !(typeof options.pollSeconds === 'number' && options.pollSeconds > 0))
    problems.push({
      property: 'options.pollSeconds',
      rule: 'must be a positive number of seconds',
      value: options.pollSeconds,
      fix: 'leave it out for 5 seconds',
    });
  for (const hook of ['run', 'log', 'resumeHint', 'sleep', 'now'])
    if (options[hook] !== undefined && typeof options[hook] !== 'function')
      problems.push({
        property: `options.${hook}`,
        rule: 'must be a function, when given',
        value: typeof options[hook],
        fix: 'pass a function, or leave it out',
      });
  return problems;
}
