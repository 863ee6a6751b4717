import { OutputObject } from '../dist-tree';
import { STATEFUL_TF_TYPES, show, staticReplacement, tfType } from './terraform-resources';

/** A change to an attribute that forces replacement destroys a stateful resource and creates it again. Returns why the change loses data, or undefined. */
export function statefulResourceReplaced(
  before: OutputObject | undefined,
  after: OutputObject | undefined,
  fields: readonly string[],
): string | undefined {
  if (!before || !after || !tfType(after) || !STATEFUL_TF_TYPES.includes(tfType(after)!)) return undefined;
  const { type, forcing } = staticReplacement(after, fields);
  if (forcing.length === 0) return undefined;
  const detail = forcing.map((a) => `${a} ${show(before.value[a])} -> ${show(after.value[a])}`).join(', ');
  return `${type} is replaced (destroyed and recreated) because ${forcing.join(', ')} changes: ${detail}`;
}
