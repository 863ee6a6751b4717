/**
 * Errors raised at synthesis. Every problem names the property, the rule it
 * breaks, the value received and how to fix it; the error names the construct
 * path, so a failed `npm run synth` points straight at the line to change.
 */

/** One broken rule on one property. */
export interface Problem {
  /** The property, as the user wrote it (for example `resources.cpu.limit`). */
  readonly property: string;
  /** The rule, phrased as what must hold (for example `must be at least the request`). */
  readonly rule: string;
  /** The value received. */
  readonly value: unknown;
  /** What to change. */
  readonly fix: string;
}

/** Renders a received value for a message: strings quoted, objects as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

/** Renders one problem as a single line. */
export function formatProblem(problem: Problem): string {
  return `${problem.property} ${problem.rule} (received ${formatValue(problem.value)}). Fix: ${problem.fix}`;
}

/** The message of a construct's problems: its path, then one line per problem. */
export function describeProblems(constructPath: string, lines: readonly string[]): string {
  return `${constructPath}: invalid configuration\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}

/**
 * A construct received input it cannot synthesize. Thrown once per construct,
 * listing every problem found, so one run shows everything to fix.
 */
export class OmsConfigError extends Error {
  public readonly constructPath: string;
  public readonly problems: readonly Problem[];

  constructor(constructPath: string, problems: readonly Problem[]) {
    super(describeProblems(constructPath, problems.map(formatProblem)));
    this.name = 'OmsConfigError';
    this.constructPath = constructPath;
    this.problems = problems;
  }
}

/** Throws an {@link OmsConfigError} when `problems` is not empty. */
export function throwIfProblems(constructPath: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new OmsConfigError(constructPath, problems);
}

/**
 * Throws when a construct is given no props object, or an id that cannot
 * name it (empty, or already taken in its scope), before the construct
 * library itself would fail with a bare TypeError or an unexplained message.
 */
export function checkConstructInput(scopePath: string, id: unknown, props: unknown, taken: boolean): void {
  const problems: Problem[] = [];
  if (typeof id !== 'string' || id.length === 0)
    problems.push({ property: 'id', rule: 'must be a non-empty construct id', value: id, fix: 'name the construct, e.g. "order-search"' });
  else if (taken)
    problems.push({
      property: 'id',
      rule: `must be unique in its scope (${scopePath} already has a "${id}")`,
      value: id,
      fix: 'give the construct another id',
    });
  if (props === null || typeof props !== 'object')
    problems.push({ property: 'props', rule: 'is required', value: props, fix: "pass the construct's properties" });
  // The path is only spelled out for a message (every construct passes here).
  if (problems.length > 0)
    throwIfProblems([scopePath, typeof id === 'string' ? id : ''].filter((p) => p.length > 0).join('/') || '(root)', problems);
}

/** The problem with a value that must be one of a fixed list (the rule lists them), if it is not. */
export function oneOfProblems(property: string, value: unknown, allowed: readonly unknown[], fix: string): Problem[] {
  return allowed.includes(value) ? [] : [{ property, rule: `must be one of ${allowed.join(', ')}`, value, fix }];
}

/**
 * The problem with `value` at `property` when `rule` names a rule it breaks, as the `...Violation` checks return it
 * (`dns1123SubdomainViolation(name)`), or none when `rule` is undefined.
 */
export function problemIf(property: string, value: unknown, rule: string | undefined, fix: string): Problem[] {
  return rule === undefined ? [] : [{ property, rule, value, fix }];
}

/**
 * The problems of a list whose entries must each keep a rule and be listed once: for each entry, the problem `invalid`
 * finds in it, or else, when it was listed before, `must not list <noun> twice` (`noun`: "an API", "a route").
 */
export function listedOnceProblems<T>(
  property: string,
  values: readonly T[],
  noun: string,
  invalid: (value: T) => Problem | undefined,
): Problem[] {
  const repeats = repeatedEntries(values);
  return values.flatMap((value, i) => {
    const problem: Problem | undefined =
      invalid(value) ??
      (repeats.has(i) ? { property, rule: `must not list ${noun} twice`, value, fix: `remove the second "${String(value)}"` } : undefined);
    return problem === undefined ? [] : [problem];
  });
}

/** The positions of the entries of `values` that repeat an earlier entry (of a list whose entries must be unique). */
export function repeatedEntries<T>(values: readonly T[]): ReadonlySet<number> {
  return new Set(values.flatMap((value, i) => (values.indexOf(value) < i ? [i] : [])));
}

/**
 * Builds a child construct from props the user gave under `prefix` of a parent's props (a `BlueGreenPair`'s `service`,
 * a full test environment's `healthMonitor`), and reports what the child refuses where the user wrote it: on the
 * parent, as `<prefix>.<prop>`, instead of on a child the user never named, under the child's prop name. Only when
 * every problem is about a prop the user gave there, with the very value given (or left out): a prop the parent set or
 * changed is the child's to report, and then the child's error stands as it is.
 */
export function reportedOnParent<T>(parentPath: string, prefix: string, given: object | undefined, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof OmsConfigError) || given === undefined) throw err;
    if (!err.problems.every((p) => isGiven(given, p))) throw err;
    throw new OmsConfigError(
      parentPath,
      err.problems.map((p) => ({ ...p, property: `${prefix}.${p.property}` })),
    );
  }
}

/** True when `problem` is about a prop path of `given` (`resources.cpu.limit`, `env.X`, `jvm.extraArgs[1]`) and its value (or one element of it). */
function isGiven(given: object, problem: Problem): boolean {
  const steps = problem.property.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '');
  if (steps.length === 0 || !/^[A-Za-z]\w*$/.test(steps[0]!)) return false;
  let at: unknown = given;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<string, unknown>)[step];
  }
  // A rule on one element of a list reports the element (`servers` received "Schedule_Order").
  if (Object.is(at, problem.value) || (Array.isArray(at) && at.some((x) => Object.is(x, problem.value)))) return true;
  try {
    return typeof at === 'object' && at !== null && JSON.stringify(at) === JSON.stringify(problem.value);
  } catch {
    return false;
  }
}
