import { OutputObject } from '../dist-tree';
import { topLevel } from './terraform-resources';

/** A removed or changed Terraform backend loses track of the state, so Terraform would create everything again. Returns why the change loses data, or undefined. */
export function backendChanged(
  before: OutputObject | undefined,
  after: OutputObject | undefined,
  fields: readonly string[],
): string | undefined {
  if (!before || before.key !== 'tf backend') return undefined;
  if (!after) return 'the Terraform backend is removed: the state is no longer found, and Terraform would create everything again';
  return fields.length > 0
    ? `the Terraform backend changes (${topLevel(fields).join(', ')}): without migrating the state (terraform init -migrate-state) Terraform finds no resources and would create everything again`
    : undefined;
}
