import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeProblems, formatProblem } from '../core';
import { Plan, PlanCommand, PlanWait, pruneCommand } from './apply-plan';
import { summarizePlanText } from './terraform-plan';
import { WAIT_RESOURCE, waitState } from './wait-state';
import { CommandRunner, RunResult, describeFailure, pinned, spawnRunner } from './command-runner';
import { planProblems, runPlanOptionProblems } from './plan-problems';

// The runner of one command and the checks of a plan file live beside this file; their public names stay here.
export type { CommandRunner, RunOptions, RunResult } from './command-runner';
export { describeFailure, pinned, spawnRunner } from './command-runner';
export { planProblems } from './plan-problems';

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

  /** Runs the commands; true when the last one printed nothing (or failed with the given text). */
  const doneBefore = (check: { readonly commands: readonly PlanCommand[]; readonly orFailureWith?: string }) => {
    let out = '';
    for (const [i, c] of check.commands.entries()) {
      const argv = pinned(c.argv, options.context);
      log(`  $ ${argv.join(' ')}`);
      const r = run(argv, { cwd: options.cwd, timeoutSeconds: c.timeoutSeconds, capture: true });
      const last = i === check.commands.length - 1;
      if (last && r.status !== 0 && check.orFailureWith && (r.stderr ?? '').includes(check.orFailureWith)) return true;
      if (r.status !== 0)
        throw new StepFailure(`${describeFailure(argv, r, c.timeoutSeconds)}${r.stderr ? `: ${r.stderr.trim()}` : ''}`, exitCode(r));
      out = r.stdout ?? '';
    }
    return out.trim() === '';
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
    let hint = step.hint;
    try {
      if (step.onlyIfNamespaceExists && !options.dryRun) {
        const { state } = namespaceState(step.onlyIfNamespaceExists);
        if (state !== 'active') {
          const why = `namespace ${step.onlyIfNamespaceExists} is ${state === 'gone' ? 'gone' : 'Terminating (nothing new can be created in it)'}`;
          const acknowledged = (options.skipSteps ?? []).includes(step.name);
          const gone = step.ifNamespaceGone;
          if (gone && !acknowledged) {
            hint = gone.hint ?? hint;
            if (gone.doneIfNoOutput && doneBefore(gone.doneIfNoOutput)) {
              log(`  skipped: ${why}, and ${gone.doneIfNoOutput.why}`);
              continue;
            }
            log(`  ${why}: ${gone.description}`);
            gone.commands.forEach(command);
            (gone.waits ?? []).forEach(wait);
            (gone.afterWaits ?? []).forEach(command);
            continue;
          }
          if (step.leftUndoneIfSkipped && !acknowledged)
            throw new StepFailure(`${why}: ${step.leftUndoneIfSkipped}. Nothing after this step ran`, 1);
          log(`  skipped: ${why}${step.leftUndoneIfSkipped || gone ? ' (acknowledged with --skip)' : ''}`);
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
      if (hint) log(`  What to do: ${hint}`);
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
