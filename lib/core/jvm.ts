import { Problem } from './errors';
import { MemoryQuantity, formatMemory, parseMemoryBytes } from './quantity';

/** JVM, thread-pool and database-pool settings of one OMS server. */
export interface JvmSettings {
  /**
   * Largest heap (`-Xmx`).
   * @default 70% of the memory limit, rounded down to whole MiB
   */
  readonly maxHeap?: MemoryQuantity;
  /** Initial heap (`-Xms`). @default the maximum heap (no resizing pauses) */
  readonly minHeap?: MemoryQuantity;
  /** More JVM arguments, appended after the generated ones. @default none */
  readonly extraArgs?: readonly string[];
}

/** Thread and database-connection pool sizes. */
export interface PoolSettings {
  /** Core threads of the server's executor. @default 20 */
  readonly coreThreads?: number;
  /** Maximum threads of the server's executor. @default 100 */
  readonly maxThreads?: number;
  /** Smallest database connection pool. @default 10 */
  readonly dbPoolMin?: number;
  /** Largest database connection pool. @default 50 */
  readonly dbPoolMax?: number;
}

/** Share of the memory limit given to the heap by default; the rest is metaspace, threads and buffers. */
export const DEFAULT_HEAP_SHARE = 0.7;
/** Largest share of the memory limit the heap may take before the container is likely to be OOM-killed. */
export const MAX_HEAP_SHARE = 0.85;

const MI = 2 ** 20;
/** Smallest heap accepted. */
export const MIN_HEAP_BYTES = 256 * MI;

/** The default maximum heap for a memory limit: 70% of it, rounded down to whole MiB. */
export function defaultMaxHeap(memoryLimitBytes: number): number {
  return Math.floor((memoryLimitBytes * DEFAULT_HEAP_SHARE) / MI) * MI;
}

/** The JVM settings in base units, defaults applied. */
export interface ResolvedJvm {
  readonly maxHeapBytes: number;
  readonly minHeapBytes: number;
  readonly args: string;
}

/** Checks JVM settings against the container memory limit; `property` prefixes the messages. */
export function validateJvm(property: string, jvm: JvmSettings | undefined, memoryLimitBytes: number | undefined): Problem[] {
  const problems: Problem[] = [];
  if (jvm?.maxHeap === undefined && memoryLimitBytes !== undefined && defaultMaxHeap(memoryLimitBytes) < MIN_HEAP_BYTES)
    problems.push({
      property: 'resources.memory.limit',
      rule: `must give the JVM at least 256Mi of heap at its default 70% share (it gives ${formatMemory(defaultMaxHeap(memoryLimitBytes))}; a quantity without a unit is bytes)`,
      value: formatMemory(memoryLimitBytes),
      fix: "write the limit with its unit, e.g. '3Gi', or set jvm.maxHeap",
    });
  if (jvm === undefined) return problems;
  const max = jvm.maxHeap === undefined ? undefined : parseMemoryBytes(jvm.maxHeap);
  const min = jvm.minHeap === undefined ? undefined : parseMemoryBytes(jvm.minHeap);
  if (jvm.maxHeap !== undefined && max === undefined) {
    problems.push({
      property: `${property}.maxHeap`,
      rule: 'must be a memory quantity',
      value: jvm.maxHeap,
      fix: "write it as e.g. '2048Mi'",
    });
  }
  if (jvm.minHeap !== undefined && min === undefined) {
    problems.push({
      property: `${property}.minHeap`,
      rule: 'must be a memory quantity',
      value: jvm.minHeap,
      fix: "write it as e.g. '1024Mi'",
    });
  }
  if (max !== undefined && max < MIN_HEAP_BYTES) {
    problems.push({
      property: `${property}.maxHeap`,
      rule: 'must be at least 256Mi (an OMS server does not start in less)',
      value: jvm.maxHeap,
      fix: 'raise maxHeap, or leave it out to use 70% of the memory limit',
    });
  }
  if (max !== undefined && memoryLimitBytes !== undefined && max > memoryLimitBytes * MAX_HEAP_SHARE) {
    problems.push({
      property: `${property}.maxHeap`,
      rule: `must leave room for non-heap memory: at most ${MAX_HEAP_SHARE * 100}% of the memory limit (${formatMemory(Math.floor((memoryLimitBytes * MAX_HEAP_SHARE) / MI) * MI)})`,
      value: jvm.maxHeap,
      fix: 'lower maxHeap or raise resources.memory.limit',
    });
  }
  // Compare with the heap the JVM will really get: the explicit maximum, or the default share of the limit.
  const effectiveMax = max ?? (memoryLimitBytes === undefined ? undefined : defaultMaxHeap(memoryLimitBytes));
  if (min !== undefined && effectiveMax !== undefined && min > effectiveMax) {
    const maxText = jvm.maxHeap ?? `${formatMemory(effectiveMax)}, the default of 70% of the memory limit`;
    problems.push({
      property: `${property}.minHeap`,
      rule: `must not exceed the maximum heap (${maxText})`,
      value: jvm.minHeap,
      fix: 'lower minHeap or raise maxHeap',
    });
  }
  for (const arg of jvm.extraArgs ?? []) {
    // Each argument is a line of jvm.options (or a word of the agents' JVM arguments): an empty one is no option, and
    // one with a line break would add options that were never written as such.
    if (typeof arg !== 'string' || arg.trim().length === 0 || /[\r\n]/.test(arg)) {
      problems.push({
        property: `${property}.extraArgs`,
        rule: 'must be JVM options of one line each, not empty',
        value: arg,
        fix: 'give each option as its own entry, e.g. ["-XX:+UseG1GC"], or remove the empty one',
      });
      continue;
    }
    if (
      /^-Xm[sx]|^-XX:(MaxHeapSize|InitialHeapSize|MinHeapSize|MaxRAM|(Max|Min|Initial)RAMPercentage|MaxRAMFraction|InitialRAMFraction)=/.test(
        arg,
      )
    ) {
      problems.push({
        property: `${property}.extraArgs`,
        rule: 'must not set the heap or its share of memory (use maxHeap and minHeap, which are checked against the memory limit)',
        value: arg,
        fix: 'move the heap size to maxHeap/minHeap',
      });
    }
  }
  return problems;
}

/** Checks pool sizes; `property` prefixes the messages. */
export function validatePools(property: string, pools: PoolSettings | undefined): Problem[] {
  const problems: Problem[] = [];
  if (pools === undefined) return problems;
  const whole = (name: keyof PoolSettings) => {
    const v = pools[name];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      problems.push({
        property: `${property}.${name}`,
        rule: 'must be a whole number of at least 1',
        value: v,
        fix: `set ${name} to a positive whole number`,
      });
      return false;
    }
    return true;
  };
  const ok = (['coreThreads', 'maxThreads', 'dbPoolMin', 'dbPoolMax'] as const).map(whole).every(Boolean);
  if (!ok) return problems;
  const r = resolvePools(pools);
  if (r.coreThreads > r.maxThreads) {
    problems.push({
      property: `${property}.coreThreads`,
      rule: `must not exceed maxThreads (${r.maxThreads})`,
      value: r.coreThreads,
      fix: 'lower coreThreads or raise maxThreads',
    });
  }
  if (r.dbPoolMin > r.dbPoolMax) {
    problems.push({
      property: `${property}.dbPoolMin`,
      rule: `must not exceed dbPoolMax (${r.dbPoolMax})`,
      value: r.dbPoolMin,
      fix: 'lower dbPoolMin or raise dbPoolMax',
    });
  }
  return problems;
}

/** Pool sizes with defaults applied. */
export function resolvePools(pools: PoolSettings | undefined): Required<PoolSettings> {
  return {
    coreThreads: pools?.coreThreads ?? 20,
    maxThreads: pools?.maxThreads ?? 100,
    dbPoolMin: pools?.dbPoolMin ?? 10,
    dbPoolMax: pools?.dbPoolMax ?? 50,
  };
}

/** JVM settings with defaults applied, as the argument line the container receives. */
export function resolveJvm(jvm: JvmSettings | undefined, memoryLimitBytes: number): ResolvedJvm {
  const maxHeapBytes = jvm?.maxHeap !== undefined ? parseMemoryBytes(jvm.maxHeap)! : defaultMaxHeap(memoryLimitBytes);
  const minHeapBytes = jvm?.minHeap !== undefined ? parseMemoryBytes(jvm.minHeap)! : maxHeapBytes;
  const args = [
    `-Xms${Math.floor(minHeapBytes / MI)}m`,
    `-Xmx${Math.floor(maxHeapBytes / MI)}m`,
    // Die on OOM so Kubernetes restarts the pod rather than leaving a half-working JVM.
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:+UseG1GC',
    ...(jvm?.extraArgs ?? []),
  ].join(' ');
  return { maxHeapBytes, minHeapBytes, args };
}
