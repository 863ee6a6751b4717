import { Problem } from './errors';
import { CpuQuantity, MemoryQuantity, cpuToString, formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes } from './quantity';

/** A request and a limit of one resource. */
export interface RequestAndLimit<T> {
  /** What the scheduler reserves for the container. */
  readonly request: T;
  /** The hard ceiling the container cannot exceed. */
  readonly limit: T;
}

/** CPU and memory of one container; both are mandatory because they are the service's hard ceiling. */
export interface ResourceRequirements {
  /** CPU request and limit, e.g. `{ request: '500m', limit: '2' }`. */
  readonly cpu: RequestAndLimit<CpuQuantity>;
  /** Memory request and limit, e.g. `{ request: '2Gi', limit: '3Gi' }`. */
  readonly memory: RequestAndLimit<MemoryQuantity>;
  /**
   * Scratch disk request and limit (logs, temp files on emptyDir).
   * @default { request: '256Mi', limit: '2Gi' }
   */
  readonly ephemeralStorage?: RequestAndLimit<MemoryQuantity>;
}

/** Resource amounts in base units, for arithmetic. */
export interface ResourceAmounts {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

/** One resource amounts measure (CPU or memory): how props name it, how messages name it, how to read and write it. */
export interface ResourceDimension {
  /** The key in props and manifests. */
  readonly key: 'cpu' | 'memory';
  /** As messages name it. */
  readonly label: 'CPU' | 'memory';
  /** The amount in base units (millicores, bytes). */
  readonly of: (amounts: ResourceAmounts) => number;
  /** An amount in base units, in manifest form (`1500m`, `2Gi`). */
  readonly format: (amount: number) => string;
}

/** CPU and memory, the resources every ceiling (container, namespace budget, cluster share) limits. */
export const RESOURCE_DIMENSIONS: readonly ResourceDimension[] = [
  { key: 'cpu', label: 'CPU', of: (a) => a.cpuMillis, format: formatCpu },
  { key: 'memory', label: 'memory', of: (a) => a.memoryBytes, format: formatMemory },
];

/**
 * One problem per resource (CPU, then memory) in which `amount` exceeds `ceiling`, worded by `problem` from the
 * resource and both amounts in manifest form.
 */
export function ceilingProblems(
  amount: ResourceAmounts,
  ceiling: ResourceAmounts,
  problem: (resource: ResourceDimension, amount: string, ceiling: string) => Problem,
): Problem[] {
  return RESOURCE_DIMENSIONS.filter((d) => d.of(amount) > d.of(ceiling)).map((d) =>
    problem(d, d.format(d.of(amount)), d.format(d.of(ceiling))),
  );
}

/** Parsed requests and limits. */
export interface ParsedResources {
  readonly requests: ResourceAmounts;
  readonly limits: ResourceAmounts;
}

/** The scratch-disk default of a container. */
export const DEFAULT_EPHEMERAL_STORAGE: RequestAndLimit<MemoryQuantity> = { request: '256Mi', limit: '2Gi' };

function parseOrReport<T>(
  problems: Problem[],
  property: string,
  value: T,
  parse: (v: T) => number | undefined,
  example: string,
): number | undefined {
  const parsed = value === undefined || value === null ? undefined : parse(value);
  if (parsed === undefined) {
    problems.push({
      property,
      rule: 'must be a non-negative Kubernetes quantity',
      value,
      fix: `write it as Kubernetes does, e.g. ${example}`,
    });
  }
  return parsed;
}

function checkPair<T>(
  problems: Problem[],
  property: string,
  pair: RequestAndLimit<T> | undefined,
  parse: (v: T) => number | undefined,
  example: string,
): { request?: number; limit?: number } {
  if (pair === undefined || pair === null) {
    problems.push({
      property,
      rule: 'is required (requests and limits are mandatory)',
      value: pair,
      fix: `set ${property}: { request: ${example}, limit: ${example} }`,
    });
    return {};
  }
  const request = parseOrReport(problems, `${property}.request`, pair.request, parse, example);
  const limit = parseOrReport(problems, `${property}.limit`, pair.limit, parse, example);
  if (request !== undefined && limit !== undefined) {
    if (limit < request) {
      problems.push({
        property: `${property}.limit`,
        rule: `must be at least the request (${String(pair.request)})`,
        value: pair.limit,
        fix: `raise ${property}.limit to ${String(pair.request)} or more, or lower the request`,
      });
    } else if (limit === 0) {
      problems.push({
        property: `${property}.limit`,
        rule: 'must be greater than zero',
        value: pair.limit,
        fix: `give the container a real ${property} ceiling`,
      });
    }
  }
  return { request, limit };
}

/**
 * Checks requests and limits under the property name `property`; returns the
 * problems and, when there are none, the parsed amounts.
 */
export function validateResources(
  property: string,
  resources: ResourceRequirements | undefined,
): { problems: Problem[]; parsed?: ParsedResources } {
  const problems: Problem[] = [];
  if (resources === undefined || resources === null) {
    problems.push({
      property,
      rule: 'is required (every container needs CPU and memory requests and limits)',
      value: resources,
      fix: `set ${property}: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } }`,
    });
    return { problems };
  }
  const cpu = checkPair(problems, `${property}.cpu`, resources.cpu, parseCpuMillis, "'500m'");
  const memory = checkPair(problems, `${property}.memory`, resources.memory, parseMemoryBytes, "'2Gi'");
  for (const [key, value] of [
    ['request', memory.request],
    ['limit', memory.limit],
  ] as const) {
    if (value !== undefined && value > 0 && value < 2 ** 20)
      problems.push({
        property: `${property}.memory.${key}`,
        rule: 'must be at least 1Mi (a quantity without a unit is bytes)',
        value: resources.memory[key],
        fix: `write it with its unit, e.g. '${resources.memory[key]}Gi' or '${resources.memory[key]}Mi'`,
      });
  }
  if (resources.ephemeralStorage !== undefined) {
    checkPair(problems, `${property}.ephemeralStorage`, resources.ephemeralStorage, parseMemoryBytes, "'1Gi'");
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    parsed: {
      requests: { cpuMillis: cpu.request!, memoryBytes: memory.request! },
      limits: { cpuMillis: cpu.limit!, memoryBytes: memory.limit! },
    },
  };
}

/** The `resources` block of a container spec, in manifest form. */
export function renderResources(resources: ResourceRequirements): {
  requests: Record<string, string>;
  limits: Record<string, string>;
} {
  const storage = resources.ephemeralStorage ?? DEFAULT_EPHEMERAL_STORAGE;
  return {
    requests: {
      cpu: cpuToString(resources.cpu.request),
      memory: resources.memory.request.trim(),
      'ephemeral-storage': storage.request.trim(),
    },
    limits: {
      cpu: cpuToString(resources.cpu.limit),
      memory: resources.memory.limit.trim(),
      'ephemeral-storage': storage.limit.trim(),
    },
  };
}
