import { OutputObject } from '../dist-tree';
import { STATEFUL_TF_TYPES, tfType } from './terraform-resources';

/** A destroyed Terraform resource that holds data or keys loses them. Returns why the change loses data, or undefined. */
export function statefulResourceDestroyed(before: OutputObject | undefined, after: OutputObject | undefined): string | undefined {
  const type = tfType(before);
  return before && !after && type && STATEFUL_TF_TYPES.includes(type) ? `${type} is destroyed` : undefined;
}
