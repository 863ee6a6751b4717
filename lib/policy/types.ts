import { Stage } from '../core';

/** Synthesized Terraform JSON, as parsed. */
export type TerraformJson = Record<string, any>;

/** One policy violation. */
export interface Finding {
  readonly rule: string;
  /** `<type>.<name>` of the offending resource, or the block. */
  readonly resource: string;
  readonly message: string;
}

/** What a rule knows besides the Terraform JSON. */
export interface PolicyContext {
  readonly stage: Stage;
}

/** A policy rule: a pure function from a stack to its findings. */
export interface PolicyRule {
  readonly id: string;
  readonly description: string;
  /** What to change when the rule finds something: printed with each finding. */
  readonly fix: string;
  check(tf: TerraformJson, ctx: PolicyContext): Finding[];
}

/** Every resource of a type, as [name, attributes]. */
export function resourcesOf(tf: TerraformJson, type: string): [string, Record<string, any>][] {
  return Object.entries(tf.resource?.[type] ?? {});
}

/**
 * The statements of every IAM role's trust policy, with the role's name. A trust policy that is not literal
 * JSON (a reference Terraform resolves) has none here: the rules cannot read it.
 */
export function trustStatementsOf(tf: TerraformJson): [string, Record<string, any>][] {
  return resourcesOf(tf, 'aws_iam_role').flatMap(([name, role]) => {
    let trust: any;
    try {
      trust = JSON.parse(role.assume_role_policy);
    } catch {
      return [];
    }
    return [trust?.Statement ?? []].flat().map((s: Record<string, any>): [string, Record<string, any>] => [name, s]);
  });
}

/** Whether a value is a Terraform reference or expression rather than a literal. */
export function isReference(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{.+\}$/s.test(value);
}

/** Compares `major.minor` versions (`1.35` vs `1.9`) numerically. */
export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}
