import { Problem } from './errors';
import { PropKinds, propKindProblems } from './prop-types';

/** Compares dotted numeric versions (`10.0.2409.1`); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/** The database schema a release needs and the oldest it can still run against. */
export interface SchemaRequirement {
  /** Which colour or release this is, for messages. */
  readonly label: string;
  /** The schema version the release needs (its migrations are applied). */
  readonly schemaVersion: number;
  /** The oldest schema version the release can run against. @default schemaVersion */
  readonly oldestSchemaVersion?: number;
}

/**
 * Whether two releases can share one database (expand, migrate, contract).
 * The database sits at the newer release's schema; the older release must be
 * able to run there, which holds when the newer release still accepts the
 * older one's schema (the change was an expansion, not yet a contraction).
 */
export function schemaCompatibilityProblems(property: string, a: SchemaRequirement, b: SchemaRequirement): Problem[] {
  const input = schemaInputProblems(property, a, b);
  if (input.length > 0) return input;
  const problems: Problem[] = [];
  for (const r of [a, b]) {
    const oldest = r.oldestSchemaVersion ?? r.schemaVersion;
    if (!Number.isInteger(r.schemaVersion) || r.schemaVersion < 0) {
      problems.push({
        property: `${property}.${r.label}.schemaVersion`,
        rule: 'must be a whole number',
        value: r.schemaVersion,
        fix: 'declare the schema version the release needs',
      });
    } else if (!Number.isInteger(oldest) || oldest < 0 || oldest > r.schemaVersion) {
      problems.push({
        property: `${property}.${r.label}.oldestSchemaVersion`,
        rule: `must be a whole number no greater than schemaVersion (${r.schemaVersion})`,
        value: r.oldestSchemaVersion,
        fix: 'declare the oldest schema the release can run against',
      });
    }
  }
  if (problems.length > 0) return problems;
  const [older, newer] = a.schemaVersion <= b.schemaVersion ? [a, b] : [b, a];
  const newerOldest = newer.oldestSchemaVersion ?? newer.schemaVersion;
  if (newerOldest > older.schemaVersion) {
    problems.push({
      property: `${property}.${newer.label}.oldestSchemaVersion`,
      rule: `must be at most ${older.schemaVersion} (the schema ${older.label} runs on): ${newer.label} needs schema ${newer.schemaVersion} and runs against schemas from ${newerOldest} only, so the two colours cannot share one database`,
      value: newerOldest,
      fix: `ship an expand step first (a release that needs ${newer.schemaVersion} but still runs against ${older.schemaVersion}), and contract only after ${older.label} is retired`,
    });
  }
  return problems;
}

const SCHEMA_REQUIREMENT_KINDS: PropKinds = { label: 'string', schemaVersion: 'number', oldestSchemaVersion: 'number' };

/** The arguments' shapes: a property name and two requirements with distinct labels (the rules above read them). */
function schemaInputProblems(property: unknown, a: unknown, b: unknown): Problem[] {
  const problems: Problem[] = [];
  if (typeof property !== 'string' || property.length === 0)
    problems.push({
      property: 'property',
      rule: 'must be a non-empty property name',
      value: property,
      fix: 'pass the name the problems are reported under, e.g. "schema"',
    });
  for (const [arg, r] of [
    ['a', a],
    ['b', b],
  ] as const) {
    const at = `${typeof property === 'string' && property.length > 0 ? property : '(property)'}.${arg}`;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      problems.push({
        property: at,
        rule: 'must be a SchemaRequirement',
        value: r,
        fix: 'pass { label, schemaVersion, oldestSchemaVersion? }',
      });
      continue;
    }
    problems.push(...propKindProblems('SchemaRequirement', r, SCHEMA_REQUIREMENT_KINDS, ['label', 'schemaVersion'], `${at}.`));
    if ((r as SchemaRequirement).label === '')
      problems.push({
        property: `${at}.label`,
        rule: 'must be a non-empty label',
        value: '',
        fix: 'name the colour or release, e.g. "blue"',
      });
  }
  const labels = [a, b].map((r) => (r !== null && typeof r === 'object' ? (r as SchemaRequirement).label : undefined));
  if (problems.length === 0 && labels[0] === labels[1])
    problems.push({
      property: `${property as string}.b.label`,
      rule: `must differ from a.label (both are ${JSON.stringify(labels[0])}), or the problems cannot say which release is meant`,
      value: labels[1],
      fix: 'label each release by its colour or version, e.g. "blue" and "green"',
    });
  return problems;
}
