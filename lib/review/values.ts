/** One changed value: its dotted path, and what it was and becomes (as shown to a reviewer). */
export interface ValueChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Shown instead of a value Terraform marks sensitive, or a Secret's data. */
export const SENSITIVE = '(sensitive)';
/** Shown for a value Terraform computes during apply. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Masks of a Terraform plan: `after_unknown`, `before_sensitive`, `after_sensitive` (same shape as the values, `true` at masked leaves). */
export interface ValueMasks {
  readonly unknown?: unknown;
  readonly sensitiveBefore?: unknown;
  readonly sensitiveAfter?: unknown;
}

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object';
const child = (mask: unknown, k: string): unknown => (mask === true ? true : isObj(mask) ? mask[k] : undefined);

/**
 * Where two JSON values differ, with old and new values at each leaf
 * (`spec.template.spec.containers.0.image: "r/app:1" -> "r/app:2"`).
 */
export function changedValues(a: unknown, b: unknown, masks: ValueMasks = {}, prefix = ''): ValueChange[] {
  const here = prefix || '.';
  if (masks.unknown === true) return [{ path: here, before: masks.sensitiveBefore === true ? SENSITIVE : a, after: KNOWN_AFTER_APPLY }];
  const equal = JSON.stringify(a) === JSON.stringify(b);
  if (masks.sensitiveBefore === true || masks.sensitiveAfter === true) {
    // Sensitive values are never printed; whether they changed is.
    return equal ? [] : [{ path: here, before: a === undefined ? undefined : SENSITIVE, after: b === undefined ? undefined : SENSITIVE }];
  }
  const masked = hasTrue(masks.unknown) || hasTrue(masks.sensitiveBefore) || hasTrue(masks.sensitiveAfter);
  if (equal && !hasTrue(masks.unknown)) return [];
  const bothObjects = isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects && !masked) return [{ path: here, before: a, after: b }];
  const ao = isObj(a) ? a : {};
  const bo = isObj(b) ? b : {};
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo), ...(isObj(masks.unknown) ? Object.keys(masks.unknown) : [])])].sort();
  return keys.flatMap((k) =>
    changedValues(
      ao[k],
      bo[k],
      {
        unknown: child(masks.unknown, k),
        sensitiveBefore: child(masks.sensitiveBefore, k),
        sensitiveAfter: child(masks.sensitiveAfter, k),
      },
      prefix ? `${prefix}.${k}` : k,
    ),
  );
}

function hasTrue(mask: unknown): boolean {
  return mask === true || (isObj(mask) && Object.values(mask).some(hasTrue));
}

/** A value as one short line for the review. */
export function showValue(v: unknown, max = 80): string {
  if (v === undefined) return '(unset)';
  if (v === SENSITIVE || v === KNOWN_AFTER_APPLY) return v;
  const text = JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
