import * as fs from 'node:fs';
import * as path from 'node:path';
import { Plan, formatPlan } from './apply-plan';
import { ParsedArgs, UsageError, checkEnvironmentArgument, parseArgs, parseCommandLine } from './args';
import { diffDist, formatDiff } from './diff';
import { ReviewInputError } from './dist-tree';
import { CommandRunner, RunPlanOptions, planProblems, runPlan } from './run-plan';
import { describeProblems, formatProblem } from '../core';
import { unknownEnvironment } from './known-environments';

/** Where a command writes. */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The process's standard output and error: where the commands write unless told otherwise. */
export const stdio: CommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Exit codes of the commands. */
export const EXIT = { ok: 0, failed: 1, destructive: 2, usage: 64 } as const;

export const DIFF_USAGE = `usage: diff <base-dist> [<head-dist>] [options]

Compares two synthesized dist/ trees, environment by environment, and prints what is added, changed
(old and new values) and removed. Terraform resources are classified from a plan when there is one
(<head-dist>/<env>/aws/tfplan.review.json, or --plan), otherwise by an offline check that fails closed.

  <base-dist>               dist/ of the base revision (required; missing or empty is an error)
  <head-dist>               dist/ of the change (default: dist)
  --plan <env>=<file>       the output of terraform show -json <planfile> for an environment (repeatable)
  --require-plan            every environment with Terraform resources must have a plan
  --report <file>           also write the report to this file
  --allow-destructive       exit 0 even when a change destroys stateful resources
  --help                    this text

Exit codes: 0 no destructive change, 1 unreadable input, 2 destructive change, 64 usage error.
`;

/**
 * `diff <base-dist> [<head-dist>] [options]`: what a change does to each environment. Fails closed:
 * a missing or unreadable tree or plan is exit 1, never "no changes".
 */
export function diffCommand(argv: readonly string[], io: CommandIo = stdio): number {
  const args = parseCommandLine(
    {
      name: 'diff',
      usage: DIFF_USAGE,
      specs: [
        { name: '--allow-destructive' },
        { name: '--require-plan' },
        { name: '--plan', value: 'env>=<file', repeatable: true },
        { name: '--report', value: 'file' },
      ],
      maxPositionals: 2,
      requires: 'the base dist/',
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const [base, head = 'dist'] = args.positionals;
  const plans: Record<string, string> = {};
  for (const p of args.values['--plan'] ?? []) {
    const [env, file] = [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)];
    if (!p.includes('=') || !env || !file) {
      io.err(`diff: --plan needs <env>=<file> (received "${p}")\n\n${DIFF_USAGE}`);
      return EXIT.usage;
    }
    plans[env] = path.resolve(file);
  }
  let report: string;
  let destructive: number;
  try {
    const diffs = diffDist(path.resolve(base), path.resolve(head), { plans, requirePlan: args.flags.has('--require-plan') });
    report = formatDiff(diffs);
    destructive = diffs.reduce((n, d) => n + d.destructive.length, 0);
  } catch (err) {
    if (!(err instanceof ReviewInputError)) throw err;
    io.err(`diff: the review cannot run, so it fails: ${err.message}\n`);
    return EXIT.failed;
  }
  io.out(report);
  const reportFile = args.values['--report']?.[0];
  if (reportFile) fs.writeFileSync(reportFile, report);
  if (destructive > 0 && !args.flags.has('--allow-destructive')) {
    io.err(`${destructive} destructive change(s) to stateful resources. Review them; rerun with --allow-destructive to accept.\n`);
    return EXIT.destructive;
  }
  return EXIT.ok;
}

export const APPLY_USAGE = `usage: apply <env> [options]
       apply <env> --teardown [options]

Runs an environment's synthesized plan from dist/<env>/: apply-plan.json, a lifecycle phase from
phase-plans.json, or (with --teardown) teardown-plan.json of a branch environment. Every step has a
time limit; rollouts and Jobs are waited for and a failure stops the run.

  --context <name>      the kube context every kubectl and oc command uses (required to run)
  --dist <dir>          the synthesized output (default: dist)
  --phase <phase>       run a lifecycle phase: install, drain, upgrade, rollback, rollout, test, uninstall
                        (drain before upgrade, rollback or uninstall of the drained services, rollout after)
  --plan-only           Terraform: save the plan to aws/tfplan and its summary to aws/tfplan.review.json, apply nothing
  --reviewed-plan       Terraform: apply the saved aws/tfplan without planning again (required in production)
  --confirm <env>       the environment's name again: required in production
  --from <step>         resume at this step
  --dry-run             print the steps and commands, run nothing
  --teardown            remove a branch environment (uninstall Jobs, namespace, Terraform); when the
                        namespace is already gone or Terminating, the uninstall Jobs run in a
                        temporary namespace that is deleted after them
  --skip <step>         skip a step whose namespace is gone or Terminating, acknowledging it was done
                        by hand (teardown: uninstall-jobs, after dropping the branch database yourself)
  --help                this text

Exit codes: 0 done, 1 a step failed, 64 usage error (nothing ran); a failed command's own code otherwise.
`;

/** Reads a plan JSON file, or explains why not. */
function loadPlanFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReviewInputError(`${file}: ${code ? `cannot be read (${code})` : `not valid JSON (${(err as Error).message})`}`);
  }
}

/**
 * `apply <env> [options]` and `apply <env> --teardown`: strict about its arguments (an unknown flag or
 * a missing value runs nothing), pinned to a kube context, confirmed and from a reviewed Terraform
 * plan in production.
 */
export function applyCommand(
  argv: readonly string[],
  options: { run?: CommandRunner; io?: CommandIo; runOptions?: Partial<RunPlanOptions> } = {},
): number {
  const io = options.io ?? stdio;
  let args: ParsedArgs;
  try {
    args = parseArgs(
      argv,
      [
        { name: '--context', value: 'name' },
        { name: '--dist', value: 'dir' },
        { name: '--phase', value: 'phase' },
        { name: '--confirm', value: 'env' },
        { name: '--from', value: 'step' },
        { name: '--skip', value: 'step', repeatable: true },
        { name: '--plan-only' },
        { name: '--reviewed-plan' },
        { name: '--dry-run' },
        { name: '--teardown' },
      ],
      1,
    );
    if (args.help) {
      io.out(APPLY_USAGE);
      return EXIT.ok;
    }
    if (args.positionals.length === 0) throw new UsageError('the environment is required');
    checkEnvironmentArgument(args.positionals[0]);
    const teardown = args.flags.has('--teardown');
    if (teardown && args.values['--phase']) throw new UsageError('--teardown and --phase cannot be combined');
    if (args.flags.has('--plan-only') && args.flags.has('--reviewed-plan'))
      throw new UsageError('--plan-only and --reviewed-plan cannot be combined');
    if ((teardown || args.values['--phase']) && (args.flags.has('--plan-only') || args.flags.has('--reviewed-plan')))
      throw new UsageError('--plan-only and --reviewed-plan apply to the environment plan only, not to --teardown or --phase');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`apply: ${err.message}\n\n${APPLY_USAGE}`);
    return EXIT.usage;
  }
  const env = args.positionals[0];
  const teardown = args.flags.has('--teardown');
  const dryRun = args.flags.has('--dry-run');
  const phase = args.values['--phase']?.[0];
  const context = args.values['--context']?.[0];
  const dist = path.resolve(args.values['--dist']?.[0] ?? 'dist');
  const refuse = (message: string, code: number = EXIT.failed) => {
    io.err(`apply ${env}: ${message}\n`);
    return code;
  };

  const unknown = unknownEnvironment('apply', dist, env);
  if (unknown !== undefined) {
    io.err(`${unknown}\n`);
    return EXIT.failed;
  }
  const file = path.join(dist, env, teardown ? 'teardown-plan.json' : phase ? 'phase-plans.json' : 'apply-plan.json');
  if (!fs.existsSync(file)) {
    return refuse(
      teardown
        ? 'has no teardown plan: only disposable (branch) environments are torn down this way.'
        : phase
          ? 'has no lifecycle phases.'
          : `${file} not found. Fix: run the synth command first (or pass --dist).`,
    );
  }
  let plan: Plan;
  try {
    const loaded = loadPlanFile(file) as Record<string, Plan>;
    if (phase !== undefined && !(phase in loaded)) return refuse(`has no ${phase} phase; it has: ${Object.keys(loaded).join(', ')}`);
    plan = (phase !== undefined ? loaded[phase] : loaded) as Plan;
  } catch (err) {
    if (!(err instanceof ReviewInputError)) throw err;
    return refuse(err.message);
  }
  // A plan edited by hand, or written by another version, is refused before anything reads it.
  const problems = planProblems(plan);
  if (problems.length > 0) {
    return refuse(`${describeProblems(`${env}/${path.basename(file)}`, problems.map(formatProblem))}\nNothing ran.`);
  }
  const hasTerraform = plan.steps.some((s) => s.commands.some((c) => c.terraform));
  const terraformMode = args.flags.has('--plan-only') ? 'plan' : args.flags.has('--reviewed-plan') ? 'apply' : undefined;
  if (terraformMode && !hasTerraform) return refuse('has no Terraform step; --plan-only and --reviewed-plan do not apply', EXIT.usage);
  const usesKube =
    terraformMode !== 'plan' &&
    plan.steps.some((s) => s.prune || s.waits?.length || s.commands.some((c) => ['kubectl', 'oc'].includes(c.argv[0])));

  const production = plan.stage === 'prod';
  if (!dryRun) {
    if (usesKube && !context) {
      return refuse(
        '--context <name> is required: every kubectl command is pinned to the cluster it is meant for. Fix: pass --context',
        EXIT.usage,
      );
    }
    if (production && terraformMode !== 'plan' && args.values['--confirm']?.[0] !== env) {
      return refuse(
        `is a production environment: pass --confirm ${env} to confirm${args.values['--confirm'] ? ` (received --confirm ${args.values['--confirm'][0]})` : ''}`,
        EXIT.usage,
      );
    }
    if (production && hasTerraform && !terraformMode && !teardown && !phase) {
      return refuse(
        'applies Terraform only from a reviewed plan in production: run with --plan-only, review aws/tfplan.review.json, then run with --reviewed-plan',
        EXIT.usage,
      );
    }
    if (terraformMode === 'apply' && !fs.existsSync(path.join(dist, env, 'aws', 'tfplan'))) {
      return refuse(`--reviewed-plan: ${path.join(dist, env, 'aws', 'tfplan')} not found. Fix: run with --plan-only first and review it`);
    }
  }
  if (dryRun) {
    io.out(formatPlan(plan));
    return EXIT.ok;
  }
  const resumeArgs = argv.filter((a, i) => a !== '--from' && argv[i - 1] !== '--from' && !a.startsWith('--from='));
  return runPlan(plan, {
    cwd: path.join(dist, env),
    dryRun: false,
    run: options.run,
    log: (l) => io.out(`${l}\n`),
    context,
    terraform: terraformMode,
    fromStep: args.values['--from']?.[0],
    skipSteps: args.values['--skip'],
    resumeHint: (step) => `apply ${[...resumeArgs, '--from', step].join(' ')}`,
    ...options.runOptions,
  });
}
