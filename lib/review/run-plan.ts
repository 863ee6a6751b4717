import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Problem,
  PropKinds,
  STAGES,
  Stage,
  describeProblems,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  formatProblem,
  propKindProblems,
} from '../core';
import { Plan, PlanCommand, PlanWait, pruneCommand } from './apply-plan';
import { summarizePlanText } from './terraform-plan';
import { ReviewInputError } from './dist-tree';
import { WAIT_RESOURCE, waitState } from './wait-state';

/** How one command ended. */
export interface RunResult {
  /** The exit code, or null when the command did not exit by itself. */
  readonly status: number | null;
  /** The signal that stopped it, if any. */
  readonly signal?: string | null;
  /** `ENOENT` (the binary is missing), `ETIMEDOUT` (its time limit passed), or another spawn error code. */
  readonly error?: string;
  readonly stdout?: string;
  readonly stderr?: string;
}

/** What the runner asks for: where to run, how long at most, and whether to capture the output. */
export interface RunOptions {
  readonly cwd: string;
  readonly timeoutSeconds: number;
  readonly capture?: boolean;
}

/** Runs one command (argv, never a shell). */
export type CommandRunner = (argv: readonly string[], options: RunOptions) => RunResult;

/** Runs commands for real: output streamed (or captured), killed with SIGTERM at the time limit. */
export const spawnRunner: CommandRunner = (argv, options) => {
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: options.cwd,
    timeout: options.timeoutSeconds * 1000,
    killSignal: 'SIGTERM',
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  return { status: r.status, signal: r.signal, error: code, stdout: r.stdout ?? undefined, stderr: r.stderr ?? undefined };
};

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  readonly cwd: string;
  readonly dryRun: boolean;
  readonly run?: CommandRunner;
  readonly log?: (line: string) => void;
  /** The kube context every kubectl and oc command is pinned to. */
  readonly context?: string;
  /** Terraform: only make the plan (`plan`), or apply a plan saved earlier without planning again (`apply`). */
  readonly terraform?: 'plan' | 'apply';
  /** Start at this step (to resume). */
  readonly fromStep?: string;
  /** Steps whose skipping is acknowledged: their namespace is gone and what they leave undone was done by hand. */
  readonly skipSteps?: readonly string[];
  /** How to resume from a step, shown when the run stops. */
  readonly resumeHint?: (step: string) => string;
  /** Seconds between polls of a wait. @default 5 */
  readonly pollSeconds?: number;
  readonly sleep?: (seconds: number) => void;
  readonly now?: () => number;
}

const sleepSync = (seconds: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);

/** The rule a kube context name breaks: given, it must name a context (an empty one would leave kubectl unpinned). */
function contextProblems(property: string, context: unknown): Problem[] {
  if (context === undefined) return [];
  return typeof context === 'string' && context.length > 0 && !/[\u0000-\u001f\u007f]/.test(context)
    ? []
    : [
        {
          property,
          rule: 'must be a kube context name: not empty, no control characters',
          value: context,
          fix: 'pass the context of the cluster, as kubectl config get-contexts lists it, or leave it out',
        },
      ];
}

const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string' && a.length > 0);

/** Pins kubectl and oc to a context: `kubectl --context=<ctx> ...`. */
export function pinned(argv: readonly string[], context: string | undefined): string[] {
  ReviewInputError.throwIfProblems('pinned', [
    ...(isStringList(argv)
      ? []
      : [
          {
            property: 'argv',
            rule: 'must be a non-empty list of non-empty arguments',
            value: argv,
            fix: 'pass the program and its arguments, e.g. ["kubectl", "apply", "-f", "k8s/"]',
          },
        ]),
    ...contextProblems('context', context),
  ]);
  return context && (argv[0] === 'kubectl' || argv[0] === 'oc') ? [argv[0], `--context=${context}`, ...argv.slice(1)] : [...argv];
}

/** Why a command did not succeed, in words. */
export function describeFailure(argv: readonly string[], r: RunResult, timeoutSeconds: number): string {
  if (r.error === 'ENOENT') return `${argv[0]} is not installed or not on PATH. Fix: install ${argv[0]}`;
  if (r.error === 'ETIMEDOUT') return `${argv[0]} did not finish within its time limit of ${timeoutSeconds}s and was stopped`;
  if (r.signal) return `${argv[0]} was stopped by ${r.signal}`;
  if (r.error) return `${argv[0]} could not be started (${r.error})`;
  return `${argv[0]} failed with exit code ${r.status}`;
}

const exitCode = (r: RunResult) =>
  r.status !== null && r.status !== 0 ? r.status : r.error === 'ENOENT' ? 127 : r.signal === 'SIGINT' ? 130 : 1;

class StepFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/**
 * Executes a plan step by step from the environment's output folder. Every command has a time
 * limit; every wait polls until done, fails at once when the object failed, and fails at its time
 * limit. The first failure stops the run with a message naming the missing binary, the signal or
 * the exit code, and how to resume. With `dryRun` it only prints. Returns the exit code.
 */
export function runPlan(plan: Plan, options: RunPlanOptions): number {
  const problems = [...planProblems(plan), ...runPlanOptionProblems(options)];
  if (problems.length > 0) {
    const report = typeof options?.log === 'function' ? options.log : (l: string) => process.stderr.write(`${l}\n`);
    report(`${describeProblems('runPlan', problems.map(formatProblem))}\nNothing ran.`);
    return 64;
  }
  const run = options.run ?? spawnRunner;
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const sleep = options.sleep ?? sleepSync;
  const now = options.now ?? (() => Date.now() / 1000);
  const poll = options.pollSeconds ?? 5;
  const startAt = options.fromStep ? plan.steps.findIndex((s) => s.name === options.fromStep) : 0;
  if (startAt < 0) {
    log(`there is no step ${options.fromStep}; the steps are: ${plan.steps.map((s) => s.name).join(', ')}`);
    return 64;
  }

  const command = (c: PlanCommand) => {
    const argv = pinned(c.argv, options.context);
    log(`  $ ${argv.join(' ')}${c.stdoutTo ? ` > ${c.stdoutTo}` : ''}${c.reviewTo ? ` (summarized into ${c.reviewTo})` : ''}`);
    if (options.dryRun) return;
    const capture = c.stdoutTo !== undefined || c.reviewTo !== undefined;
    const r = run(argv, { cwd: options.cwd, timeoutSeconds: c.timeoutSeconds, capture });
    if (r.status !== 0) throw new StepFailure(describeFailure(argv, r, c.timeoutSeconds), exitCode(r));
    if (c.stdoutTo) fs.writeFileSync(path.join(options.cwd, c.stdoutTo), r.stdout ?? '');
    if (c.reviewTo) writePlanSummary(path.join(options.cwd, c.reviewTo), r.stdout ?? '', argv);
  };

  const wait = (w: PlanWait) => {
    const argv = pinned(['kubectl', 'get', `${WAIT_RESOURCE[w.kind]}/${w.name}`, '-n', w.namespace, '-o', 'json'], options.context);
    log(`  wait for ${w.kind} ${w.namespace}/${w.name} (at most ${w.timeoutSeconds}s)`);
    if (options.dryRun) return;
    const deadline = now() + w.timeoutSeconds;
    let last = 'not checked yet';
    for (;;) {
      const r = run(argv, { cwd: options.cwd, timeoutSeconds: 60, capture: true });
      if (r.status === 0) {
        let state;
        try {
          state = waitState(w.kind, JSON.parse(r.stdout ?? ''));
        } catch {
          throw new StepFailure(`${w.kind} ${w.namespace}/${w.name}: kubectl returned something that is not JSON`, 1);
        }
        if (state.state === 'done') return;
        if (state.state === 'failed') {
          throw new StepFailure(
            `${w.kind} ${w.namespace}/${w.name}: ${state.why}. See: kubectl logs ${w.kind === 'Job' ? 'job' : WAIT_RESOURCE[w.kind]}/${w.name} -n ${w.namespace}`,
            1,
          );
        }
        last = state.why;
      } else if (!/\(NotFound\)/.test(r.stderr ?? '')) {
        throw new StepFailure(`${w.kind} ${w.namespace}/${w.name}: ${describeFailure(argv, r, 60)}`, exitCode(r));
      } else last = 'not found yet';
      if (now() + poll > deadline) {
        throw new StepFailure(`${w.kind} ${w.namespace}/${w.name} was not ready within ${w.timeoutSeconds}s (last seen: ${last})`, 1);
      }
      sleep(poll);
    }
  };

  /** The namespace's state: gone (a real NotFound), Terminating or Active, with its annotations. */
  const namespaceState = (namespace: string) => {
    const argv = pinned(['kubectl', 'get', 'namespace', namespace, '-o', 'json'], options.context);
    const r = run(argv, { cwd: options.cwd, timeoutSeconds: 60, capture: true });
    if (r.status !== 0) {
      // Only a real NotFound means "already gone"; anything else (no access, no cluster) must stop the run.
      if (r.status !== null && /\(NotFound\)/.test(r.stderr ?? ''))
        return { state: 'gone' as const, annotations: {} as Record<string, string> };
      throw new StepFailure(
        `cannot tell whether namespace ${namespace} exists: ${describeFailure(argv, r, 60)}${r.stderr ? `: ${r.stderr.trim()}` : ''}`,
        exitCode(r),
      );
    }
    let ns: { metadata?: { annotations?: Record<string, string> }; status?: { phase?: string } };
    try {
      ns = JSON.parse(r.stdout ?? '');
    } catch {
      throw new StepFailure(`namespace ${namespace}: ${argv.join(' ')} printed something that is not JSON`, 1);
    }
    return {
      state: ns.status?.phase === 'Terminating' ? ('Terminating' as const) : ('active' as const),
      annotations: ns.metadata?.annotations ?? {},
    };
  };

  if (plan.claim && !options.dryRun) {
    const { namespace, annotation, value } = plan.claim;
    try {
      const found = namespaceState(namespace);
      const owner = found.annotations[annotation];
      if (found.state !== 'gone' && owner !== undefined && owner !== value) {
        log(
          `namespace ${namespace} belongs to branch ${JSON.stringify(owner)} (annotation ${annotation}), not ${JSON.stringify(value)}: ` +
            `the two branch names give one environment name. Nothing was changed. Fix: rename this branch (any other name gives another environment), or tear the other branch's environment down first`,
        );
        return 1;
      }
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
      log(`  ${err.message}; nothing was changed.`);
      return err.code;
    }
  }

  for (const [i, step] of plan.steps.entries()) {
    if (i < startAt) continue;
    log(`[${i + 1}/${plan.steps.length}] ${step.name}: ${step.description}`);
    try {
      if (step.onlyIfNamespaceExists && !options.dryRun) {
        const { state } = namespaceState(step.onlyIfNamespaceExists);
        if (state !== 'active') {
          const why = `namespace ${step.onlyIfNamespaceExists} is ${state === 'gone' ? 'gone' : 'Terminating (nothing new can be created in it)'}`;
          if (step.leftUndoneIfSkipped && !(options.skipSteps ?? []).includes(step.name))
            throw new StepFailure(`${why}: ${step.leftUndoneIfSkipped}. Nothing after this step ran`, 1);
          log(`  skipped: ${why}${step.leftUndoneIfSkipped ? ' (acknowledged with --skip)' : ''}`);
          continue;
        }
      }
      for (const c of step.commands) {
        if (options.terraform === 'apply' && c.terraform === 'plan') continue;
        if (options.terraform === 'plan' && c.terraform === 'apply') continue;
        command(c);
      }
      if (options.terraform === 'plan' && step.commands.some((c) => c.terraform === 'plan')) {
        log(
          '  plan saved: aws/tfplan (binary, keep it on this machine) and aws/tfplan.review.json (the summary for the review); stopping before anything is applied',
        );
        return 0;
      }
      for (const w of step.waits ?? []) wait(w);
      if (step.prune) {
        let kinds = step.prune.kinds;
        if (!options.dryRun) {
          const argv = pinned(['kubectl', 'api-resources', '-o', 'name'], options.context);
          const r = run(argv, { cwd: options.cwd, timeoutSeconds: 120, capture: true });
          if (r.status !== 0) throw new StepFailure(`cannot list the cluster's APIs: ${describeFailure(argv, r, 120)}`, exitCode(r));
          const served = new Set((r.stdout ?? '').split('\n').map((l) => l.trim()));
          kinds = kinds.filter((k) => served.has(k.resource));
          if (kinds.length === 0)
            throw new StepFailure(
              `the cluster serves none of the ${step.prune.kinds.length} kinds the prune may delete (kubectl api-resources -o name listed ${served.size - (served.has('') ? 1 : 0)} resources), and an empty allowlist would make kubectl prune its built-in default kinds (Secrets, PersistentVolumeClaims, Namespaces among them). Nothing was pruned. Fix: check the context points at the right cluster and that kubectl api-resources works for this identity`,
              1,
            );
        }
        command({ argv: pruneCommand(step.prune, kinds), timeoutSeconds: step.prune.timeoutSeconds });
      }
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
      log(`  ${err.message}; stopping.`);
      if (step.hint) log(`  What to do: ${step.hint}`);
      if (options.resumeHint) log(`  To resume after fixing it: ${options.resumeHint(step.name)}`);
      return err.code;
    }
  }
  return 0;
}

/**
 * Writes the review summary of `terraform show -json` output (held in memory only), and removes a
 * full JSON plan an older version left beside it: that form holds sensitive values in plain text.
 */
function writePlanSummary(file: string, showJson: string, argv: readonly string[]): void {
  let summary: string;
  try {
    summary = summarizePlanText(showJson, `the output of ${argv.join(' ')}`);
  } catch (err) {
    throw new StepFailure(`${err instanceof Error ? err.message : String(err)}; no plan summary was written`, 1);
  }
  fs.writeFileSync(file, summary);
  fs.rmSync(path.join(path.dirname(file), 'tfplan.json'), { force: true });
}

const PLAN_FIX = 'synthesize the environment again (npm run synth) and apply the plan it writes; do not edit it';
const STEP_KINDS: PropKinds = {
  name: 'string',
  description: 'string',
  commands: 'object[]',
  waits: 'object[]',
  prune: 'object',
  onlyIfNamespaceExists: 'string',
  leftUndoneIfSkipped: 'string',
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
  if (plan.stage !== undefined && !STAGES.includes(plan.stage as Stage))
    problems.push({ property: 'plan.stage', rule: `must be one of ${STAGES.join(', ')}`, value: plan.stage, fix: PLAN_FIX });
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
  return problems;
}

/** The options the runner reads: where to run, the context, the Terraform mode, and the hooks. */
function runPlanOptionProblems(options: unknown): Problem[] {
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
