import { OutputObject } from '../dist-tree';
import { kindOf } from './terraform-resources';

/** A removed Namespace deletes everything in it. Returns why the change loses data, or undefined. */
export function namespaceRemoved(before: OutputObject | undefined, after: OutputObject | undefined): string | undefined {
  return before && !after && kindOf(before) === 'Namespace' ? 'the Namespace is removed: everything in it is deleted' : undefined;
}
