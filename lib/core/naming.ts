import { stableHash } from './hash';

/** Kubernetes limit for a DNS-1123 label (most object names, label values, namespaces). */
export const DNS1123_LABEL_MAX = 63;
/** Kubernetes limit for a DNS-1123 subdomain (ConfigMap, Ingress and other names). */
export const DNS1123_SUBDOMAIN_MAX = 253;

const LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HASH_LENGTH = 8;

/**
 * The rule `value` breaks as a DNS-1123 label of at most `maxLength`
 * characters, or `undefined` when it is valid.
 */
export function dns1123LabelViolation(value: string, maxLength = DNS1123_LABEL_MAX): string | undefined {
  if (typeof value !== 'string') return 'must be a name (a string)';
  if (value.length === 0) return 'must not be empty';
  if (value.length > maxLength) return `must be at most ${maxLength} characters (has ${value.length})`;
  if (!LABEL_PATTERN.test(value)) {
    return 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Whether `value` is a valid DNS-1123 label of at most `maxLength` characters. */
export function isDns1123Label(value: string, maxLength = DNS1123_LABEL_MAX): boolean {
  return dns1123LabelViolation(value, maxLength) === undefined;
}

/**
 * Makes any string a DNS-1123 label: lower-cased, runs of other characters
 * turned into one "-", trimmed of leading and trailing "-". When the result is
 * longer than `maxLength` it is cut and given a stable hash suffix of the
 * original input, so two long inputs sharing a prefix still get different names.
 * With `alwaysHash`, the suffix is added even to short names (use it where two
 * different inputs could sanitize to the same name, such as branch names).
 */
export function toDns1123Label(raw: string, options: { maxLength?: number; alwaysHash?: boolean } = {}): string {
  const maxLength = options.maxLength ?? DNS1123_LABEL_MAX;
  if (maxLength < HASH_LENGTH + 2) throw new RangeError(`maxLength must be at least ${HASH_LENGTH + 2}`);
  const sanitized = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = sanitized.length > 0 ? sanitized : 'x';
  if (!options.alwaysHash && base.length <= maxLength) return base;
  const suffix = stableHash(raw, HASH_LENGTH);
  const head = base.slice(0, maxLength - HASH_LENGTH - 1).replace(/-+$/, '');
  return head.length > 0 ? `${head}-${suffix}` : suffix;
}

/**
 * Joins already-valid name parts with "-" into an object name. Names that would
 * exceed `maxLength` are shortened with a stable hash suffix of the full name,
 * so the same inputs always give the same name.
 */
export function joinName(parts: readonly string[], maxLength = DNS1123_LABEL_MAX): string {
  if (maxLength < HASH_LENGTH + 2) throw new RangeError(`maxLength must be at least ${HASH_LENGTH + 2}`);
  const full = parts.filter((p) => p.length > 0).join('-');
  if (full.length <= maxLength) return full;
  const suffix = stableHash(full, HASH_LENGTH);
  const head = full.slice(0, maxLength - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${suffix}`;
}

/**
 * The namespace a teardown creates for a while when the environment's own namespace is gone or
 * Terminating: `<environment>-teardown-<hash>`, the same every run (so a rerun finds what an
 * earlier run left, and the AWS side can bind the database Jobs' identity to it in advance).
 */
export function teardownNamespaceName(environment: string): string {
  return toDns1123Label(`${environment}-teardown`, { alwaysHash: true });
}
