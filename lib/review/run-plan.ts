import { spawnSync } from 'node:child_process';
import { Plan } from './apply-plan';

/** Runs one command; returns its exit code. */
export type CommandRunner = (argv: readonly string[], cwd: string) => number;

/** Runs commands for real, streaming their output. */
export const spawnRunner: CommandRunner = (argv, cwd) => spawnSync(argv[0], argv.slice(1), { cwd, stdio: 'inherit' }).status ?? 1;

/**
 * Executes a plan step by step from the environment's output folder and stops
 * at the first failing command. With `dryRun` it only prints the commands.
 * Returns the exit code (0 when everything ran).
 */
export function runPlan(plan: Plan, options: { cwd: string; dryRun: boolean; run?: CommandRunner; log?: (line: string) => void }): number {
  const run = options.run ?? spawnRunner;
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  for (const [i, step] of plan.steps.entries()) {
    log(`[${i + 1}/${plan.steps.length}] ${step.name}: ${step.description}`);
    if (step.onlyIf && !options.dryRun && run(step.onlyIf, options.cwd) !== 0) {
      log(`  skipped: ${step.onlyIf.join(' ')} failed`);
      continue;
    }
    for (const command of step.commands) {
      log(`  $ ${command.join(' ')}`);
      if (options.dryRun) continue;
      const code = run(command, options.cwd);
      if (code !== 0) {
        log(`  failed with exit code ${code}; stopping`);
        return code;
      }
    }
  }
  return 0;
}
