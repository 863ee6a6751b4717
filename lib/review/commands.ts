import * as fs from 'node:fs';
import * as path from 'node:path';
import { Plan, formatPlan } from './apply-plan';
import { diffDist, formatDiff } from './diff';
import { CommandRunner, runPlan } from './run-plan';

/** Where a command writes. */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const stdio: CommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * `diff <base-dist> [<head-dist>] [--allow-destructive]`: what a change does
 * to each environment. Returns 2 when a change would destroy stateful
 * resources, unless explicitly allowed; 64 on a usage error.
 */
export function diffCommand(argv: readonly string[], io: CommandIo = stdio): number {
  const allow = argv.includes('--allow-destructive');
  const [base, head = 'dist'] = argv.filter((a) => !a.startsWith('--'));
  if (!base) {
    io.err('usage: npm run diff -- <base-dist> [<head-dist>] [--allow-destructive]\n');
    return 64;
  }
  const diffs = diffDist(path.resolve(base), path.resolve(head));
  io.out(formatDiff(diffs));
  const destructive = diffs.flatMap((d) => d.destructive);
  if (destructive.length > 0 && !allow) {
    io.err(`${destructive.length} destructive change(s) to stateful resources. Review them; rerun with --allow-destructive to accept.\n`);
    return 2;
  }
  return 0;
}

/**
 * `apply <env> [--dry-run] [--dist <dir>] [--phase <phase>] [--teardown]`: runs
 * the apply plan, a lifecycle phase's plan, or (with `--teardown`) the teardown
 * plan of a disposable environment.
 */
export function applyCommand(argv: readonly string[], options: { run?: CommandRunner; io?: CommandIo } = {}): number {
  const io = options.io ?? stdio;
  const teardown = argv.includes('--teardown');
  const dryRun = argv.includes('--dry-run');
  const valueOf = (flag: string) => (argv.indexOf(flag) >= 0 ? argv[argv.indexOf(flag) + 1] : undefined);
  const dist = path.resolve(valueOf('--dist') ?? 'dist');
  const phase = valueOf('--phase');
  const env = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--dist' && argv[i - 1] !== '--phase')[0];
  if (!env) {
    io.err('usage: npm run apply -- <env> [--phase <phase>] [--dry-run] [--dist <dir>]   |   npm run teardown -- <env> [--dry-run]\n');
    return 64;
  }
  const file = path.join(dist, env, teardown ? 'teardown-plan.json' : phase ? 'phase-plans.json' : 'apply-plan.json');
  if (!fs.existsSync(file)) {
    io.err(
      teardown
        ? `${env} has no teardown plan: only disposable (branch) environments are torn down this way.\n`
        : phase
          ? `${env} has no lifecycle phases.\n`
          : `${file} not found: run npm run synth first.\n`,
    );
    return 1;
  }
  const loaded = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (phase !== undefined && !(phase in loaded)) {
    io.err(`${env} has no ${phase} phase; it has: ${Object.keys(loaded).join(', ')}\n`);
    return 1;
  }
  const plan = (phase !== undefined ? loaded[phase] : loaded) as Plan;
  if (dryRun) {
    io.out(formatPlan(plan));
    return 0;
  }
  return runPlan(plan, { cwd: path.join(dist, env), dryRun: false, run: options.run, log: (l) => io.out(`${l}\n`) });
}
