import { OutputObject } from '../dist-tree';
import { staticReplacement, tfType } from './terraform-resources';

/** Fails closed: a changed attribute of a stateful resource not known to update in place may replace it. Returns why the change loses data, or undefined. */
export function statefulResourceMayBeReplaced(
  before: OutputObject | undefined,
  after: OutputObject | undefined,
  fields: readonly string[],
): string | undefined {
  if (!before || !after || !tfType(after)) return undefined;
  const { type, unknown } = staticReplacement(after, fields);
  return unknown.length > 0
    ? `${type} may be replaced: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not known to update in place. ` +
        'Review it with a Terraform plan (npm run diff -- ... --plan <env>=<plan.json>)'
    : undefined;
}
