import { EnvironmentOutput } from './dist-tree';
import { FORCES_REPLACEMENT, STATEFUL_TF_TYPES, UPDATES_IN_PLACE, staticReplacement, tfType } from './rules/terraform-resources';

export { DESTRUCTIVE_RULES } from './rules';
export type { DestructiveRule } from './rules';
export { FORCES_REPLACEMENT, STATEFUL_TF_TYPES, UPDATES_IN_PLACE, staticReplacement, tfType } from './rules/terraform-resources';

/** `${aws_kms_key.key.arn}`-style references from one attribute value to resource addresses. */
function references(value: unknown): string[] {
  const text = JSON.stringify(value ?? null);
  return [...text.matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)[.}[]/g)].map((m) => m[1]);
}

/**
 * Replacements that reach a stateful resource through a reference: when a subnet group is renamed or
 * a KMS key replaced, a database whose replacing attribute refers to it is replaced too, although
 * its own text did not change. Returns the destructive findings, one per resource.
 */
export function replacementsThroughReferences(
  base: EnvironmentOutput,
  head: EnvironmentOutput,
  changed: ReadonlyMap<string, readonly string[]>,
): { key: string; reason: string }[] {
  const replaced = new Map<string, string>();
  for (const [key, before] of base) {
    const type = tfType(before);
    if (!type) continue;
    const after = head.get(key);
    const address = key.slice(3);
    if (!after) replaced.set(address, 'is destroyed');
    else {
      const forcing = staticReplacement(after, changed.get(key) ?? []).forcing;
      if (forcing.length > 0) replaced.set(address, `is replaced (${forcing.join(', ')} changes)`);
    }
  }
  const findings = new Map<string, string>();
  // Follow chains (key -> subnet group -> cache) until nothing new is found.
  for (let grew = true; grew;) {
    grew = false;
    for (const [key, after] of head) {
      const type = tfType(after);
      const address = key.slice(3);
      if (!type || !base.has(key) || replaced.has(address)) continue;
      const stateful = STATEFUL_TF_TYPES.includes(type);
      const inPlace = UPDATES_IN_PLACE[type] ?? [];
      for (const attr of Object.keys(after.value).sort()) {
        const via = references(after.value[attr]).find((r) => replaced.has(r));
        if (!via) continue;
        if ((FORCES_REPLACEMENT[type] ?? []).includes(attr)) {
          replaced.set(address, `is replaced through ${attr}`);
          if (stateful) {
            findings.set(key, `${type} is replaced (destroyed and recreated) because ${attr} refers to ${via}, which ${replaced.get(via)}`);
          }
          grew = true;
          break;
        }
        if (stateful && !inPlace.includes(attr) && !findings.has(key)) {
          findings.set(
            key,
            `${type} may be replaced: ${attr} refers to ${via}, which ${replaced.get(via)}, and ${attr} is not known to update in place. ` +
              'Review it with a Terraform plan',
          );
        }
      }
    }
  }
  return [...findings].map(([key, reason]) => ({ key, reason }));
}
