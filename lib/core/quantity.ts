import { memoizedByString } from './memo';

/**
 * CPU and memory quantities, parsed the way Kubernetes reads them, so that
 * requests, limits and budgets can be compared and summed before anything is applied.
 */

const CPU_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(m?)$/;
const MEMORY_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(?:[eE]([0-9]+))?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

const MEMORY_FACTORS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A CPU amount as written in a manifest (`"500m"`, `"2"`) or as a number of cores. */
export type CpuQuantity = string | number;
/** A memory amount as written in a manifest (`"1536Mi"`, `"2Gi"`). */
export type MemoryQuantity = string;

/**
 * Millicores in a CPU quantity, or `undefined` when it is not a valid,
 * non-negative quantity. Sub-millicore precision is rejected, as the API server does.
 */
export function parseCpuMillis(value: CpuQuantity): number | undefined {
  return typeof value === 'string' ? cpuMillisOfString(value) : cpuMillis(value);
}

// Pure functions of the quantity, read again for every container of an estate: remembered per string.
const cpuMillisOfString = memoizedByString((value: string) => cpuMillis(value));
const memoryBytesOfString = memoizedByString((value: string) => memoryBytes(value));

function cpuMillis(value: CpuQuantity): number | undefined {
  let cores: number;
  if (typeof value === 'number') {
    cores = value;
  } else if (typeof value === 'string') {
    const match = CPU_PATTERN.exec(value.trim());
    if (!match) return undefined;
    cores = match[2] === 'm' ? Number(match[1]) / 1000 : Number(match[1]);
  } else {
    return undefined;
  }
  if (!Number.isFinite(cores) || cores < 0) return undefined;
  const millis = cores * 1000;
  const rounded = Math.round(millis);
  return Math.abs(millis - rounded) < 1e-6 ? rounded : undefined;
}

/** Bytes in a memory quantity, or `undefined` when it is not a valid, non-negative quantity. */
export function parseMemoryBytes(value: MemoryQuantity): number | undefined {
  return typeof value === 'string' ? memoryBytesOfString(value) : undefined;
}

function memoryBytes(value: MemoryQuantity): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = MEMORY_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const exponent = match[2] === undefined ? 1 : 10 ** Number(match[2]);
  const bytes = Number(match[1]) * exponent * MEMORY_FACTORS[match[3] ?? ''];
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/** A CPU amount in manifest form: whole cores as `"2"`, otherwise millicores as `"1500m"`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** A memory amount in manifest form, in the largest binary unit that divides it exactly. */
export function formatMemory(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const factor = MEMORY_FACTORS[unit];
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

/** The CPU form of a quantity for a manifest: numbers become strings, strings are kept as written. */
export function cpuToString(value: CpuQuantity): string {
  return typeof value === 'number' ? formatCpu(Math.round(value * 1000)) : value.trim();
}

/**
 * The rule a storage size (a PersistentVolumeClaim's request) breaks, or `undefined`: a Kubernetes quantity
 * with a binary (`Gi`) or decimal (`G`) suffix. `50GB` is not one (Kubernetes has no `B` suffix).
 */
export function storageQuantityViolation(value: unknown): string | undefined {
  if (typeof value === 'string' && parseMemoryBytes(value) !== undefined && parseMemoryBytes(value)! > 0) return undefined;
  return 'must be a Kubernetes storage quantity such as "50Gi" or "50G" (suffixes Ki, Mi, Gi, Ti or k, M, G, T; no "B")';
}

/** The nearest storage quantity to what a user wrote, for a fix (`50GB` → `50Gi`). */
export function suggestStorageQuantity(value: unknown): string {
  const m = typeof value === 'string' ? /^(\d+)\s*([KMGT])i?B?$/i.exec(value.trim()) : null;
  return m ? `${m[1]}${m[2].toUpperCase()}i` : '20Gi';
}
