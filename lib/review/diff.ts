import { EnvironmentOutput, OutputObject, readDist } from './dist-tree';
import { DESTRUCTIVE_RULES } from './destructive-changes';

/** What changed in one environment. */
export interface EnvironmentDiff {
  readonly environment: string;
  readonly added: string[];
  readonly removed: string[];
  readonly changed: { readonly key: string; readonly fields: string[] }[];
  readonly destructive: { readonly key: string; readonly reason: string }[];
}

/** The dotted paths where two JSON values differ (`spec.template.spec.containers.0.image`). */
export function changedFields(a: unknown, b: unknown, prefix = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x: unknown) => x !== null && typeof x === 'object';
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return [prefix || '.'];
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
  return keys.flatMap((k) => changedFields((a as any)[k], (b as any)[k], prefix ? `${prefix}.${k}` : k));
}

function destructiveReasons(before: OutputObject | undefined, after: OutputObject | undefined, fields: string[]): string[] {
  return DESTRUCTIVE_RULES.map((rule) => rule(before, after, fields)).filter((r): r is string => r !== undefined);
}

/** Compares one environment's objects. */
export function diffEnvironment(environment: string, base: EnvironmentOutput, head: EnvironmentOutput): EnvironmentDiff {
  const diff: EnvironmentDiff = { environment, added: [], removed: [], changed: [], destructive: [] };
  for (const key of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const before = base.get(key);
    const after = head.get(key);
    const fields = before && after ? changedFields(before.value, after.value) : [];
    if (!before) diff.added.push(key);
    else if (!after) diff.removed.push(key);
    else if (fields.length > 0) diff.changed.push({ key, fields });
    for (const reason of destructiveReasons(before, after, fields)) diff.destructive.push({ key, reason });
  }
  return diff;
}

/** Compares two `dist/` trees, environment by environment (a missing environment counts as empty). */
export function diffDist(baseDir: string, headDir: string): EnvironmentDiff[] {
  const base = readDist(baseDir);
  const head = readDist(headDir);
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  return names
    .map((n) => diffEnvironment(n, base.get(n) ?? new Map(), head.get(n) ?? new Map()))
    .filter((d) => d.added.length + d.removed.length + d.changed.length > 0);
}

/** The review text: per environment, added, changed (with fields) and removed objects, destructive changes first. */
export function formatDiff(diffs: readonly EnvironmentDiff[]): string {
  if (diffs.length === 0) return 'No changes.\n';
  const out: string[] = [];
  for (const d of diffs) {
    out.push(`## ${d.environment}: ${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed`);
    for (const x of d.destructive) out.push(`  !! DESTRUCTIVE ${x.key}: ${x.reason}`);
    for (const k of d.added) out.push(`  + ${k}`);
    for (const c of d.changed)
      out.push(`  ~ ${c.key}: ${c.fields.slice(0, 8).join(', ')}${c.fields.length > 8 ? `, and ${c.fields.length - 8} more` : ''}`);
    for (const k of d.removed) out.push(`  - ${k}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
