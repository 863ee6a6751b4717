import { dns1123LabelViolation } from '../core';

/** A flag a command accepts: a switch, or an option that takes a value. */
export interface FlagSpec {
  readonly name: string;
  readonly value?: string;
  readonly repeatable?: boolean;
}

/** `--context <name>`: the kubeconfig context a command that reaches a cluster runs against (`kubectl --context`). */
export const KUBE_CONTEXT_OPTION: FlagSpec = { name: '--context', value: 'name' };

/** Parsed arguments: positionals, switches, and option values (repeatable options joined in order). */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: ReadonlySet<string>;
  readonly values: Readonly<Record<string, string[]>>;
  readonly help: boolean;
}

/** A command line the command refuses: it runs nothing. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Strict parsing: an unknown flag, an option without its value, or a repeated single option is an
 * error; `--help` (or `-h`) anywhere asks for help. `--name=value` and `--name value` both work.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], maxPositionals: number): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const flags = new Set<string>();
  const values: Record<string, string[]> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option ${name}`);
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value (received "${inline}")`);
      flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) {
      throw new UsageError(`${name} needs a value: ${name} <${spec.value}>`);
    }
    if (values[name] && !spec.repeatable) throw new UsageError(`${name} is given twice`);
    (values[name] ??= []).push(value);
  }
  if (!help && positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${positionals[maxPositionals]}"`);
  }
  return { positionals, flags, values, help };
}

/** How a command line parses: the command's name and usage, its flags, and its own rules. */
export interface CommandLine {
  readonly name: string;
  readonly usage: string;
  readonly specs: readonly FlagSpec[];
  readonly maxPositionals: number;
  /** What the first positional is, when one is required (e.g. "the environment"). @default none required */
  readonly requires?: string;
  /** The command's own rules over the parsed arguments; throw a UsageError to refuse. @default none */
  readonly check?: (args: ParsedArgs) => void;
}

/**
 * Parses a command line as every command does: `--help` prints the usage
 * (exit 0); a refused line prints the reason and the usage (exit 64) and runs
 * nothing. Returns the arguments, or the exit code to return.
 */
export function parseCommandLine(
  line: CommandLine,
  argv: readonly string[],
  io: { out(t: string): void; err(t: string): void },
): ParsedArgs | number {
  try {
    const args = parseArgs(argv, line.specs, line.maxPositionals);
    if (args.help) {
      io.out(line.usage);
      return 0;
    }
    if (line.requires && args.positionals.length === 0) throw new UsageError(`${line.requires} is required`);
    line.check?.(args);
    return args;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${line.name}: ${err.message}\n\n${line.usage}`);
    return 64;
  }
}

/**
 * Refuses an environment argument that is not an environment's name. It names a folder of the
 * output, so a path (`../x`, `a/b`) would reach outside it.
 */
export function checkEnvironmentArgument(value: string): void {
  const violation = dns1123LabelViolation(value);
  if (violation) throw new UsageError(`<env> ${violation} (received "${value}"). Fix: pass the environment's name, a folder of the output`);
}
