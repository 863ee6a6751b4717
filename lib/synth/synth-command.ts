import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParsedArgs, UsageError } from '../review/args';
import { CommandIo } from '../review/commands';
import { OmsConfigError } from '../core';
import { fileSystemProblem, inScratchDirectory } from './file-system-errors';
import { registerTypeScript } from './load-typescript';
import { OutputLockedError, acquireLock, recoverOutput } from './output-swap';
import { OutputStaging } from './output-staging';
import { formatSummary, listApps, renderApps, summarize, writeAtomically } from './synth-apps';
import { groupedWarnings } from './grouped-warnings';

export const SYNTH_USAGE = `usage: synth [<app>...] [options]

Renders the apps of a project (apps/<name>.ts, each exporting its environment by default) into
dist/<env>/: Kubernetes YAML, Terraform JSON, the apply, phase and teardown plans, and a
kustomization for Argo CD or Flux. All apps are rendered in memory first; only when every one
succeeds (including the AWS policy rules) is the output swapped in. On any error nothing is written.

  <app>              render only these apps (file names without .ts); the other environments in
                     the output are kept as they are
  --apps <dir>       the apps folder (default: apps)
  --compiled <dir>   load compiled apps (<name>.js) from this folder instead of the .ts files
  --out <dir>        the output folder (default: dist)
  --help             this text

A line is printed as each app has rendered, then one per environment once the output is written.
Nothing is written outside the output folder (and its lock, <out>.lock, beside it).

Exit codes: 0 written, 1 an app or the policy failed, or the output could not be written (a
read-only or full file system; the previous output is kept), 64 usage error.
`;

/** `synth [<app>...] [--apps <dir>] [--compiled <dir>] [--out <dir>]`: renders apps into the output folder. */
export function synthCommand(argv: readonly string[], io: CommandIo, cwd = process.cwd()): number {
  let args: ParsedArgs;
  try {
    args = parseArgs(
      argv,
      [
        { name: '--apps', value: 'dir' },
        { name: '--compiled', value: 'dir' },
        { name: '--out', value: 'dir' },
      ],
      Number.MAX_SAFE_INTEGER,
    );
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`synth: ${err.message}\n\n${SYNTH_USAGE}`);
    return 64;
  }
  if (args.help) {
    io.out(SYNTH_USAGE);
    return 0;
  }
  const appsDir = path.resolve(cwd, args.values['--apps']?.[0] ?? 'apps');
  const shown = (p: string) => (path.relative(cwd, p).startsWith('..') ? p : path.relative(cwd, p) || '.');
  const compiled = args.values['--compiled']?.[0] ? path.resolve(cwd, args.values['--compiled'][0]) : undefined;
  const outDir = path.resolve(cwd, args.values['--out']?.[0] ?? 'dist');
  if (!fs.existsSync(appsDir)) {
    io.err(`synth: ${shown(appsDir)} not found. Fix: run from the project folder, or pass --apps <dir>\n`);
    return 64;
  }
  let all: string[];
  try {
    all = listApps(appsDir);
  } catch (err) {
    if (!(err instanceof OmsConfigError)) throw err;
    // The same rule, said of the argument the user gave.
    for (const p of err.problems) io.err(`synth: --apps ${shown(appsDir)} ${p.rule}. Fix: ${p.fix}\n`);
    return 64;
  }
  const base = (f: string) => f.replace(/\.(ts|js)$/, '');
  const unknown = args.positionals.filter((p) => !all.map(base).includes(p));
  if (unknown.length > 0) {
    io.err(`synth: no app named ${unknown.join(', ')} in ${shown(appsDir)}; the apps are: ${all.map(base).join(', ')}\n`);
    return 64;
  }
  const chosen = args.positionals.length > 0 ? all.filter((f) => args.positionals.includes(base(f))) : all;
  let release: () => void;
  try {
    release = acquireLock(outDir);
  } catch (err) {
    const problem = err instanceof OutputLockedError ? `synth: ${err.message}` : fileSystemProblem(err, 'synth', outDir, shown);
    if (problem === undefined) throw err;
    io.err(`${problem}\n`);
    return 1;
  }
  let staging: OutputStaging | undefined;
  try {
    // First repair what an interrupted run left, even if this run fails.
    for (const line of recoverOutput(outDir)) io.err(`synth: ${line}\n`);
    if (chosen.some((f) => f.endsWith('.ts')) && !compiled) registerTypeScript();
    staging = new OutputStaging(outDir);
    const result = inScratchDirectory(() =>
      renderApps(
        chosen.map((file) => ({
          label: `${path.basename(appsDir)}/${file}`,
          modulePath: compiled ? path.join(compiled, `${base(file)}.js`) : path.join(appsDir, file),
        })),
        {
          appDone: ({ label, index, count, ms, ok }) =>
            io.out(`[${index + 1}/${count}] ${label} ${ok ? 'rendered' : 'failed'} in ${(ms / 1000).toFixed(1)} s\n`),
        },
      ),
    );
    if (!result.ok) {
      io.err(`synth failed; ${shown(outDir)} was left as it was.\n\n${result.failures.join('\n\n')}\n`);
      return 1;
    }
    writeAtomically(outDir, result.environments, { keep: args.positionals.length > 0, locked: true, staging });
    for (const env of result.environments) io.out(`${formatSummary(summarize(env), shown(outDir))}\n`);
    for (const line of groupedWarnings(result.environments.flatMap((env) => env.warnings ?? []))) io.err(`${line}\n`);
    return 0;
  } catch (err) {
    // A read-only or full file system is the user's to fix: say so instead of a stack trace.
    const problem = fileSystemProblem(err, 'synth', outDir, shown);
    if (problem === undefined) throw err;
    io.err(`${problem}\n`);
    return 1;
  } finally {
    // Nothing is left behind by a failed run (after a successful one the folder is the output).
    staging?.discard();
    release();
  }
}
