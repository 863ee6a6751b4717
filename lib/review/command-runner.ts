import { spawnSync } from 'node:child_process';
import { Problem } from '../core';
import { ReviewInputError } from './dist-tree';

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

/** The rule a kube context name breaks: given, it must name a context (an empty one would leave kubectl unpinned). */
export function contextProblems(property: string, context: unknown): Problem[] {
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

export const isStringList = (v: unknown): v is string[] =>
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
