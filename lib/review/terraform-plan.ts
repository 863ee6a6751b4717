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

/** Why a delete or replace of a resource loses data (from the plan's actions and replace paths alone). */
function structuralReasons(type: string, action: PlannedAction, replacePaths: unknown): string[] {
  if (!STATEFUL_TF_TYPES.includes(type)) return [];
  if (action === 'delete') return [`${type} is destroyed`];
  if (action !== 'replace') return [];
  const paths = Array.isArray(replacePaths) ? (replacePaths as unknown[][]).map((p) => p.join('.')).join(', ') : '';
  return [`${type} is replaced (destroyed and recreated)${paths ? ` because ${paths} changes` : ''}`];
}

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
    const destructive = structuralReasons(rc.type, action, rc.change.replace_paths);
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

/**
 * The format of the plan summary `apply --plan-only` writes for the review (`aws/tfplan.review.json`).
 * It holds what review needs and nothing else: per changed resource its address, type, actions,
 * replace paths, the paths of the attributes that change and the protection findings. No attribute
 * value, no prior state, no output: HashiCorp documents that `terraform show -json` prints sensitive
 * values in plain text, so that form never stays in dist/ or goes into an artifact.
 */
export const PLAN_REVIEW_FORMAT = 'oms-plan-review/1';

/** One resource of a plan summary. */
export interface ReviewResourceChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
  readonly action_reason?: string;
  /** The attribute paths that force the replacement, as Terraform reports them. */
  readonly replace_paths?: readonly (readonly (string | number)[])[];
  /** The dotted paths of the attributes that change (values left out). */
  readonly changed: readonly string[];
  /** Updates that weaken protection or backups (deletion protection, final snapshot, retention). */
  readonly weakened: readonly string[];
}

/** The plan summary: the review's only view of a Terraform plan once the full JSON is gone. */
export interface PlanReview {
  readonly format: typeof PLAN_REVIEW_FORMAT;
  readonly terraform_version?: string;
  readonly resource_changes: readonly ReviewResourceChange[];
}

/** Shown for a value the plan summary does not keep. */
export const VALUE_NOT_KEPT = '(value not kept)';

/**
 * The summary of a parsed `terraform show -json` plan: resources with no change and data sources
 * are left out; so are every value, the prior state, the configuration and the outputs.
 */
export function summarizePlan(changes: readonly TerraformResourceChange[], terraformVersion?: string): PlanReview {
  const byAddress = new Map(changes.map((rc) => [rc.address, rc]));
  return {
    format: PLAN_REVIEW_FORMAT,
    ...(typeof terraformVersion === 'string' ? { terraform_version: terraformVersion } : {}),
    resource_changes: classifyPlan(changes).map((c) => {
      const rc = byAddress.get(c.address)!;
      const replace = replacePathsOf(rc.change.replace_paths);
      return {
        address: c.address,
        type: c.type,
        actions: [...rc.change.actions],
        ...(typeof rc.action_reason === 'string' ? { action_reason: rc.action_reason } : {}),
        ...(replace ? { replace_paths: replace } : {}),
        // A created or deleted resource is listed whole; only updates and replacements name attributes.
        changed: c.action === 'update' || c.action === 'replace' ? c.values.map((v) => v.path) : [],
        weakened: c.action === 'update' ? c.destructive : [],
      };
    }),
  };
}

/** Replace paths keep only their steps (attribute names, keys and indexes). */
function replacePathsOf(paths: unknown): (string | number)[][] | undefined {
  if (!Array.isArray(paths)) return undefined;
  return paths.map((p) => (Array.isArray(p) ? p.filter((s) => typeof s === 'string' || typeof s === 'number') : []));
}

/** `terraform show -json` output as its summary text (what `apply --plan-only` writes). */
export function summarizePlanText(text: string, source: string): string {
  const changes = parseTerraformPlan(text, source);
  const version = (JSON.parse(text) as { terraform_version?: unknown }).terraform_version;
  return `${JSON.stringify(summarizePlan(changes, typeof version === 'string' ? version : undefined), null, 2)}\n`;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Reads a plan summary, refusing one that is not in the shape {@link summarizePlan} writes. */
export function parsePlanReview(plan: Record<string, unknown>, source: string): PlannedChange[] {
  const changes = plan.resource_changes;
  const bad = (what: string) =>
    new ReviewInputError(
      `${source}: ${what}; expected the plan summary npm run apply -- <env> --plan-only writes (${PLAN_REVIEW_FORMAT}). Fix: make the plan again`,
    );
  if (!Array.isArray(changes)) throw bad('resource_changes is not a list');
  return changes.map((rc: any, i: number) => {
    if (rc === null || typeof rc !== 'object' || typeof rc.address !== 'string' || typeof rc.type !== 'string')
      throw bad(`resource_changes[${i}] has no address and type`);
    if (!isStrings(rc.actions) || !isStrings(rc.changed) || !isStrings(rc.weakened))
      throw bad(`resource_changes[${i}] (${rc.address}) needs actions, changed and weakened as lists of strings`);
    const action = plannedAction(rc.actions);
    if (!action) throw bad(`resource_changes[${i}] (${rc.address}) has no change (${JSON.stringify(rc.actions)})`);
    return {
      address: rc.address,
      type: rc.type,
      action,
      values: rc.changed.map((p: string) => ({ path: p, before: VALUE_NOT_KEPT, after: VALUE_NOT_KEPT })),
      destructive: [...structuralReasons(rc.type, action, rc.replace_paths), ...(action === 'update' ? rc.weakened : [])],
    };
  });
}

/**
 * The classified changes of a plan file: either the summary `apply --plan-only` writes, or the full
 * output of `terraform show -json <planfile>`.
 */
export function readPlanChanges(file: string): PlannedChange[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReviewInputError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === 'object' && (parsed as { format?: unknown }).format === PLAN_REVIEW_FORMAT)
    return parsePlanReview(parsed as Record<string, unknown>, file);
  return classifyPlan(parseTerraformPlan(text, file));
}
