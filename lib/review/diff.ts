import * as fs from 'node:fs';
import * as path from 'node:path';
import { Problem, dns1123LabelViolation } from '../core';
import { EnvironmentOutput, OutputObject, ReviewInputError, readDist } from './dist-tree';
import { DESTRUCTIVE_RULES, replacementsThroughReferences } from './destructive-changes';
import { VALUE_NOT_KEPT, readPlanChanges } from './terraform-plan';
import { changedValues, showValue, ValueChange } from './values';
import { TopologyChange, topologyChange } from './topology-diff';

/** How the Terraform part of an environment was reviewed. */
export type TerraformReview = 'plan' | 'static' | 'none';

/** What changed in one environment. */
export interface EnvironmentDiff {
  readonly environment: string;
  /** `plan` when classified from `terraform show -json`, `static` when inferred offline, `none` without Terraform. */
  readonly terraform: TerraformReview;
  readonly added: string[];
  readonly removed: string[];
  readonly changed: { readonly key: string; readonly fields: ValueChange[]; readonly replaced?: boolean }[];
  readonly destructive: { readonly key: string; readonly reason: string }[];
  /** What changed in the topology diagram, if anything (for reviewers; never destructive by itself). */
  readonly topology?: TopologyChange;
}

/** Where the Terraform plans come from, and whether one is required. */
export interface DiffOptions {
  /**
   * Plan file by environment (the summary `apply --plan-only` writes, or `terraform show -json`
   * output); otherwise `<head>/<env>/aws/tfplan.review.json` when it exists.
   */
  readonly plans?: Readonly<Record<string, string>>;
  /** Fail (instead of falling back to the offline check) when an environment with Terraform has no plan. */
  readonly requirePlan?: boolean;
}

/** The file name a plan summary is looked for under `<env>/aws/` (what `apply --plan-only` writes). */
export const PLAN_JSON = 'tfplan.review.json';

/** The dotted paths where two JSON values differ (`spec.template.spec.containers.0.image`). */
export function changedFields(a: unknown, b: unknown): string[] {
  return changedValues(a, b).map((c) => c.path);
}

/** Secret payloads are never printed, only that they changed. */
const SECRET_MASK = { data: true, stringData: true };
function objectChanges(before: OutputObject, after: OutputObject): ValueChange[] {
  const secret = before.value.kind === 'Secret' || after.value.kind === 'Secret';
  return changedValues(before.value, after.value, secret ? { sensitiveBefore: SECRET_MASK, sensitiveAfter: SECRET_MASK } : {});
}

function destructiveReasons(before: OutputObject | undefined, after: OutputObject | undefined, fields: string[]): string[] {
  return DESTRUCTIVE_RULES.map((rule) => rule(before, after, fields)).filter((r): r is string => r !== undefined);
}

const isResourceKey = (key: string) =>
  key.startsWith('tf ') && !key.startsWith('tf provider.') && key !== 'tf backend' && key !== 'tf required_providers';

/**
 * Compares one environment's objects. With a Terraform plan, Terraform resources are classified from
 * the plan's `resource_changes[].change.actions`; without one, replacements are inferred offline.
 */
export function diffEnvironment(environment: string, base: EnvironmentOutput, head: EnvironmentOutput, planFile?: string): EnvironmentDiff {
  ReviewInputError.throwIfProblems('diffEnvironment', diffEnvironmentProblems(environment, base, head, planFile));
  const hasTerraform = [...base.keys(), ...head.keys()].some((k) => k.startsWith('tf '));
  const terraform: TerraformReview = !hasTerraform ? 'none' : planFile ? 'plan' : 'static';
  const diff: EnvironmentDiff = { environment, terraform, added: [], removed: [], changed: [], destructive: [] };
  const fieldsByKey = new Map<string, string[]>();
  for (const key of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    if (terraform === 'plan' && isResourceKey(key)) continue;
    const before = base.get(key);
    const after = head.get(key);
    const values = before && after ? objectChanges(before, after) : [];
    const fields = values.map((v) => v.path);
    fieldsByKey.set(key, fields);
    if (!before) diff.added.push(key);
    else if (!after) diff.removed.push(key);
    else if (values.length > 0) diff.changed.push({ key, fields: values });
    for (const reason of destructiveReasons(before, after, fields)) diff.destructive.push({ key, reason });
  }
  if (terraform === 'static') diff.destructive.push(...replacementsThroughReferences(base, head, fieldsByKey));
  if (terraform === 'plan') {
    for (const c of readPlanChanges(planFile!)) {
      const key = `tf ${c.address}`;
      if (c.action === 'create') diff.added.push(key);
      else if (c.action === 'delete') diff.removed.push(key);
      else diff.changed.push({ key, fields: c.values, replaced: c.action === 'replace' || undefined });
      for (const reason of c.destructive) diff.destructive.push({ key, reason });
    }
  }
  return diff;
}

/** The arguments of {@link diffEnvironment}: an environment name, the two sides as read from dist/, and a plan file path. */
function diffEnvironmentProblems(environment: unknown, base: unknown, head: unknown, planFile: unknown): Problem[] {
  const problems: Problem[] = [];
  const rule = dns1123LabelViolation(environment as string);
  if (rule) problems.push({ property: 'environment', rule, value: environment, fix: "pass the environment's name (its dist/ folder)" });
  for (const [property, side] of [
    ['base', base],
    ['head', head],
  ] as const)
    if (!(side instanceof Map))
      problems.push({
        property,
        rule: 'must be the objects of one environment, as readEnvironment returns them',
        value: side !== null && typeof side === 'object' ? 'an object that is no Map' : side,
        fix: `pass readEnvironment(<dist>/<environment>), or an empty Map when the environment is new or removed`,
      });
  if (planFile !== undefined && (typeof planFile !== 'string' || planFile.length === 0))
    problems.push({
      property: 'planFile',
      rule: 'must be the path of a file, when given',
      value: planFile,
      fix: 'pass the plan summary apply --plan-only writes (or terraform show -json output), or leave it out to review Terraform offline',
    });
  return problems;
}

/**
 * Compares two `dist/` trees, environment by environment. An environment missing on one side counts
 * as empty; a tree that is missing, empty or unreadable is an error ({@link ReviewInputError}).
 */
export function diffDist(baseDir: string, headDir: string, options: DiffOptions = {}): EnvironmentDiff[] {
  const base = readDist(baseDir);
  const head = readDist(headDir);
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const env of Object.keys(options.plans ?? {})) {
    if (!names.includes(env))
      throw new ReviewInputError(`--plan ${env}=...: there is no environment ${env} (environments: ${names.join(', ')})`);
  }
  return names
    .map((n) => {
      const headEnv = head.get(n) ?? new Map();
      const found = path.join(headDir, n, 'aws', PLAN_JSON);
      const planFile = options.plans?.[n] ?? (fs.existsSync(found) ? found : undefined);
      const usesTerraform = [...headEnv.keys(), ...(base.get(n)?.keys() ?? [])].some(isResourceKey);
      if (options.requirePlan && usesTerraform && !planFile) {
        throw new ReviewInputError(
          `${n}: has Terraform resources but no plan (looked for ${found}). Fix: npm run apply -- ${n} --plan-only (it writes ${PLAN_JSON}), or pass --plan ${n}=<file>`,
        );
      }
      const diff = diffEnvironment(n, base.get(n) ?? new Map(), headEnv, usesTerraform ? planFile : undefined);
      const topology = topologyChange(baseDir, headDir, n);
      return topology ? { ...diff, topology } : diff;
    })
    .filter((d) => d.added.length + d.removed.length + d.changed.length + d.destructive.length > 0 || d.topology !== undefined);
}

const MAX_FIELDS = 12;
const LABEL_PATH = /^metadata\.labels\./;

/**
 * Changes that touch only an object's labels, grouped by the exact label change: an image bump moves
 * `app.kubernetes.io/version` on every object of a service, and the review shows that once.
 */
function groupLabelOnly(changed: EnvironmentDiff['changed']) {
  const groups = new Map<string, { summary: string; keys: string[] }>();
  const other: EnvironmentDiff['changed'][number][] = [];
  for (const c of changed) {
    if (c.replaced || c.fields.length === 0 || !c.fields.every((f) => LABEL_PATH.test(f.path))) {
      other.push(c);
      continue;
    }
    const summary = c.fields.map((f) => `${f.path.replace(LABEL_PATH, '')} ${showValue(f.before)} -> ${showValue(f.after)}`).join(', ');
    const group = groups.get(summary) ?? { summary, keys: [] };
    group.keys.push(c.key);
    groups.set(summary, group);
  }
  return { labelOnly: [...groups.values()], other };
}

/** The review text: per environment, destructive changes first, then added, changed (old and new values) and removed objects. */
export function formatDiff(diffs: readonly EnvironmentDiff[]): string {
  if (diffs.length === 0) return 'No changes.\n';
  const out: string[] = [];
  for (const d of diffs) {
    out.push(`## ${d.environment}: ${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed`);
    if (d.terraform === 'plan') out.push('  Terraform: classified from the Terraform plan');
    if (d.terraform === 'static') out.push('  Terraform: no plan; replacements inferred offline (a plan is more precise)');
    for (const x of d.destructive) out.push(`  !! DESTRUCTIVE ${x.key}: ${x.reason}`);
    for (const k of d.added) out.push(`  + ${k}`);
    const { labelOnly, other } = groupLabelOnly(d.changed);
    for (const g of labelOnly) {
      out.push(`  ~ ${g.keys.length} object${g.keys.length === 1 ? '' : 's'}, labels only: ${g.summary}`);
      out.push(`      ${g.keys.join(', ')}`);
    }
    for (const c of other) {
      out.push(`  ${c.replaced ? '-/+' : '~'} ${c.key}${c.replaced ? ' (replaced)' : ''}`);
      for (const f of c.fields.slice(0, MAX_FIELDS))
        out.push(
          f.before === VALUE_NOT_KEPT && f.after === VALUE_NOT_KEPT
            ? `      ${f.path}: changes (the plan summary keeps no values)`
            : `      ${f.path}: ${showValue(f.before)} -> ${showValue(f.after)}`,
        );
      if (c.fields.length > MAX_FIELDS) out.push(`      and ${c.fields.length - MAX_FIELDS} more`);
    }
    for (const k of d.removed) out.push(`  - ${k}`);
    if (d.topology) {
      out.push('  Topology (topology.md):');
      for (const l of d.topology.removed) out.push(`    - ${l}`);
      for (const l of d.topology.added) out.push(`    + ${l}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
