import * as fs from 'node:fs';
import * as path from 'node:path';
import { KUBE_CONTEXT_OPTION, UsageError, checkEnvironmentArgument, parseCommandLine } from './args';
import { CommandIo, EXIT, stdio, applyCommand } from './commands';
import { CommandRunner, RunPlanOptions } from './run-plan';

export const UPGRADE_TEST_USAGE = `usage: upgrade-test <env> --candidate <dist> --previous <dist> --context <name>
       upgrade-test <env> --candidate <dist> --greenfield --context <name>

Tests a release in a disposable environment (one with a teardown plan, e.g. a full test environment).

Upgrade (--previous): installs the previous release (apply, then the install phase), upgrades it to
the candidate (the upgrade phase, then apply), runs the test phase, and always tears it down.
Greenfield (--greenfield): installs the candidate (apply, install phase) and runs the test phase;
an environment that fails is removed (teardown), one that passes is kept.

  --candidate <dist>   dist/ of the release under test (required)
  --previous <dist>    dist/ of the release deployed today
  --greenfield         install the candidate on its own, no previous release
  --context <name>     the kube context of the test cluster (required)
  --help               this text

A previous release whose output is the candidate's (the same tag synthesized twice) is refused before
anything runs. Every step is an apply run with its own time limits. Exit codes: 0 passed (and torn
down when it should be), 1 a step or the teardown failed, or the input was refused (nothing ran),
64 usage error (nothing ran).
`;

/** Whether two folders hold the same files with the same bytes (symbolic links followed, as synthesis writes them). */
export function sameTree(a: string, b: string): boolean {
  const list = (dir: string, rel = ''): string[] =>
    fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .flatMap((e) => {
        const p = path.join(rel, e.name);
        return fs.statSync(path.join(dir, p)).isDirectory() ? list(dir, p) : [p];
      })
      .sort();
  const fa = list(a);
  const fb = list(b);
  return (
    fa.length === fb.length &&
    fa.every((f, i) => f === fb[i] && fs.readFileSync(path.join(a, f), 'latin1') === fs.readFileSync(path.join(b, f), 'latin1'))
  );
}

interface Step {
  readonly name: string;
  readonly dist: string;
  readonly args: readonly string[];
}

/**
 * `upgrade-test <env> --candidate <dist> (--previous <dist> | --greenfield) --context <name>`. Each
 * step is `apply` against one of the two dist/ trees; the first failure stops the test, and the
 * environment is then torn down (in greenfield mode only on failure).
 */
export function upgradeTestCommand(
  argv: readonly string[],
  options: { run?: CommandRunner; io?: CommandIo; runOptions?: Partial<RunPlanOptions> } = {},
): number {
  const io = options.io ?? stdio;
  const args = parseCommandLine(
    {
      name: 'upgrade-test',
      usage: UPGRADE_TEST_USAGE,
      specs: [{ name: '--candidate', value: 'dist' }, { name: '--previous', value: 'dist' }, KUBE_CONTEXT_OPTION, { name: '--greenfield' }],
      maxPositionals: 1,
      requires: 'the environment',
      check: (a) => {
        checkEnvironmentArgument(a.positionals[0]);
        if (!a.values['--candidate']) throw new UsageError('--candidate <dist> is required');
        if (!a.values['--context']) throw new UsageError('--context <name> is required');
        if (a.flags.has('--greenfield') === Boolean(a.values['--previous']))
          throw new UsageError('give exactly one of --previous <dist> and --greenfield');
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const env = args.positionals[0];
  const context = args.values['--context'][0];
  const candidate = path.resolve(args.values['--candidate'][0]);
  const previous = args.values['--previous'] ? path.resolve(args.values['--previous'][0]) : undefined;
  const greenfield = previous === undefined;

  for (const [what, dist] of [['candidate', candidate], ...(previous ? [['previous', previous]] : [])] as const) {
    if (!fs.existsSync(path.join(dist, env, 'apply-plan.json'))) {
      io.err(
        `upgrade-test ${env}: the ${what} release has no ${path.join(dist, env, 'apply-plan.json')}. Fix: synthesize ${env} there first\n`,
      );
      return EXIT.failed;
    }
  }
  if (!fs.existsSync(path.join(candidate, env, 'teardown-plan.json'))) {
    io.err(
      `upgrade-test ${env}: is not disposable (no teardown-plan.json), so it cannot be tested and removed. Fix: use a branch-stage test environment\n`,
    );
    return EXIT.failed;
  }

  // Upgrading a release to itself tests nothing, and "passed" would say the candidate upgrades cleanly.
  if (previous !== undefined && sameTree(path.join(previous, env), path.join(candidate, env))) {
    io.err(
      `upgrade-test ${env}: the previous release (${path.join(previous, env)}) and the candidate (${path.join(candidate, env)}) are the same output, so an upgrade would change nothing and prove nothing; nothing ran. ` +
        `Fix: synthesize the previous release at its own tag (check out the tag, TAG_NAME=<tag> GIT_COMMIT=<its commit> npm run synth -- ${env}), or use --greenfield when there is no previous release\n`,
    );
    return EXIT.failed;
  }

  const steps: Step[] = greenfield
    ? [
        { name: 'install the candidate', dist: candidate, args: [] },
        { name: 'install phase (candidate)', dist: candidate, args: ['--phase', 'install'] },
        { name: 'test phase', dist: candidate, args: ['--phase', 'test'] },
      ]
    : [
        { name: 'install the previous release', dist: previous, args: [] },
        { name: 'install phase (previous release)', dist: previous, args: ['--phase', 'install'] },
        { name: 'upgrade phase (candidate)', dist: candidate, args: ['--phase', 'upgrade'] },
        { name: 'apply the candidate', dist: candidate, args: [] },
        { name: 'test phase', dist: candidate, args: ['--phase', 'test'] },
      ];

  const apply = (dist: string, extra: readonly string[]) =>
    applyCommand([env, '--dist', dist, '--context', context, ...extra], { run: options.run, io, runOptions: options.runOptions });

  const summary: string[] = [];
  let failed: { step: string; code: number } | undefined;
  for (const [i, step] of steps.entries()) {
    io.out(`== upgrade-test ${env} [${i + 1}/${steps.length}] ${step.name}\n`);
    const code = apply(step.dist, step.args);
    summary.push(`  ${code === 0 ? 'ok    ' : 'FAILED'} ${step.name}${code === 0 ? '' : ` (exit ${code})`}`);
    if (code !== 0) {
      failed = { step: step.name, code };
      break;
    }
  }

  // An upgrade test environment is always removed; a greenfield one only when it failed.
  let teardownCode = 0;
  if (!greenfield || failed) {
    io.out(`== upgrade-test ${env}: tear down${failed ? ` (after the failure of: ${failed.step})` : ''}\n`);
    teardownCode = apply(candidate, ['--teardown']);
    summary.push(
      `  ${teardownCode === 0 ? 'ok    ' : 'FAILED'} tear down${teardownCode === 0 ? '' : ` (exit ${teardownCode}): the environment may still exist; run: npm run teardown -- ${env} --context ${context}`}`,
    );
  } else summary.push('  kept   the environment passed and stays');

  const verdict = failed
    ? `FAILED at "${failed.step}"${greenfield ? '; the environment was removed' : ''}${teardownCode === 0 ? '' : ' (but the teardown failed too)'}`
    : teardownCode === 0
      ? 'passed'
      : 'passed, but the teardown failed';
  io.out(
    `== upgrade-test ${env} (${greenfield ? 'greenfield' : 'upgrade from the previous release'}): ${verdict}\n${summary.join('\n')}\n`,
  );
  return failed || teardownCode !== 0 ? EXIT.failed : EXIT.ok;
}
