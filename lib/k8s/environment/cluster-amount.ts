import { CpuQuantity, MemoryQuantity, Problem, formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes } from '../../core';

/** An amount of cluster resources. */
export interface ClusterAmount {
  readonly cpu: CpuQuantity;
  readonly memory: MemoryQuantity;
  /** @default no pod-count ceiling */
  readonly pods?: number;
}

/** An amount in numbers: millicores, bytes and, when given, pods. */
export interface Amount {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods?: number;
}

/** The problems with an amount given as `property`. */
export function amountProblems(property: string, a: ClusterAmount | undefined): Problem[] {
  if (a === undefined) return [{ property, rule: 'is required', value: a, fix: `set ${property}: { cpu: '64', memory: '256Gi' }` }];
  const problems: Problem[] = [];
  if (parseCpuMillis(a.cpu) === undefined)
    problems.push({ property: `${property}.cpu`, rule: 'must be a non-negative CPU quantity', value: a.cpu, fix: "write it as e.g. '64'" });
  if (parseMemoryBytes(a.memory) === undefined)
    problems.push({
      property: `${property}.memory`,
      rule: 'must be a non-negative memory quantity',
      value: a.memory,
      fix: "write it as e.g. '256Gi'",
    });
  if (a.pods !== undefined && (!Number.isInteger(a.pods) || a.pods < 1))
    problems.push({
      property: `${property}.pods`,
      rule: 'must be a whole number of at least 1',
      value: a.pods,
      fix: 'set a pod count, or leave it out',
    });
  return problems;
}

/** An amount as numbers (after {@link amountProblems} found none). */
export const toAmount = (a: ClusterAmount): Amount => ({
  cpuMillis: parseCpuMillis(a.cpu)!,
  memoryBytes: parseMemoryBytes(a.memory)!,
  pods: a.pods,
});

/** An amount for messages, e.g. `64 CPU / 256Gi / 110 pods`. */
export const show = (a: Amount) =>
  `${formatCpu(a.cpuMillis)} CPU / ${formatMemory(a.memoryBytes)}${a.pods !== undefined ? ` / ${a.pods} pods` : ''}`;
