import * as fs from 'node:fs';
import { changedValues, ValueChange } from './values';
import { ReviewInputError } from './dist-tree';
import { DESTRUCTIVE_RULES, STATEFUL_TF_TYPES } from './destructive-changes';

/** One entry of `resource_changes` in `terraform show -json <planfile>`. */
export interface TerraformResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: unknown;
  };
  readonly action_reason?: string;
}

/** What a Terraform plan does to one resource. */
export type PlannedAction = 'create' | 'update' | 'replace' | 'delete' | 'forget';

/** One resource a plan changes, with its attribute changes (sensitive values masked). */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: PlannedAction;
  readonly values: ValueChange[];
  /** Why the change loses data, when it does. */
  readonly destructive: string[];
}

/** The action of a `change.actions` list, or undefined for no-op and read. */
export function plannedAction(actions: readonly string[]): PlannedAction | undefined {
  const a = [...actions].sort().join(',');
  switch (a) {
    case 'no-op':
    case 'read':
      return undefined;
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'create,delete':
      return 'replace';
    case 'delete':
      return 'delete';
    case 'forget':
      return 'forget';
    default:
      throw new ReviewInputError(`unknown Terraform plan actions ${JSON.stringify(actions)}: the review cannot classify them`);
  }
}

/** Parses `terraform show -json` output; throws {@link ReviewInputError} when it is not a readable plan. */
export function parseTerraformPlan(text: string, source: string): TerraformResourceChange[] {
  let plan: any;
  try {
    plan = JSON.parse(text);
  } catch (err) {
    throw new ReviewInputError(
      `${source}: not valid JSON (${(err as Error).message}); expected the output of terraform show -json <planfile>`,
    );
  }
  if (plan === null || typeof plan !== 'object' || typeof plan.format_version !== 'string') {
    throw new ReviewInputError(`${source}: has no format_version; expected the output of terraform show -json <planfile>`);
  }
  if (plan.errored === true) throw new ReviewInputError(`${source}: the plan errored; it cannot be reviewed or applied`);
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes) || changes.some((c: any) => !c?.address || !Array.isArray(c?.change?.actions))) {
    throw new ReviewInputError(`${source}: resource_changes is not a list of { address, change: { actions } }`);
  }
  return changes;
}

/** Reads and parses a plan file. */
export function readTerraformPlan(file: string): TerraformResourceChange[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReviewInputError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseTerraformPlan(text, file);
}

const asObject = (v: unknown): Record<string, any> => (v !== null && typeof v === 'object' ? (v as Record<string, any>) : {});

/**
 * Classifies a plan's resource changes: a delete or replace of a stateful resource is destructive,
 * and so is an update that weakens its protection or backups (the same rules as the offline check).
 */
export function classifyPlan(changes: readonly TerraformResourceChange[]): PlannedChange[] {
  const out: PlannedChange[] = [];
  for (const rc of changes) {
    if (rc.mode === 'data') continue;
    const action = plannedAction(rc.change.actions);
    if (!action) continue;
    const values = changedValues(rc.change.before ?? undefined, rc.change.after ?? undefined, {
      unknown: rc.change.after_unknown,
      sensitiveBefore: rc.change.before_sensitive,
      sensitiveAfter: rc.change.after_sensitive,
    });
    const destructive: string[] = [];
    const stateful = STATEFUL_TF_TYPES.includes(rc.type);
    if (stateful && action === 'delete') destructive.push(`${rc.type} is destroyed`);
    if (stateful && action === 'replace') {
      const paths = Array.isArray(rc.change.replace_paths)
        ? (rc.change.replace_paths as unknown[][]).map((p) => p.join('.')).join(', ')
        : '';
      destructive.push(`${rc.type} is replaced (destroyed and recreated)${paths ? ` because ${paths} changes` : ''}`);
    }
    if (action === 'update') {
      const key = `tf ${rc.address}`;
      const before = { key, file: 'plan', value: asObject(rc.change.before) };
      const after = { key, file: 'plan', value: asObject(rc.change.after) };
      // Only the protection and backup rules apply: replacement is what the plan itself says.
      for (const rule of DESTRUCTIVE_RULES) {
        const reason = rule(
          before,
          after,
          values.map((v) => v.path),
        );
        if (reason && !/replaced/.test(reason)) destructive.push(reason);
      }
    }
    out.push({ address: rc.address, type: rc.type, action, values, destructive });
  }
  return out;
}
