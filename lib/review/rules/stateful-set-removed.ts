import { OutputObject } from '../dist-tree';
import { kindOf } from './terraform-resources';

/** A removed StatefulSet may delete its volumes. Returns why the change loses data, or undefined. */
export function statefulSetRemoved(before: OutputObject | undefined, after: OutputObject | undefined): string | undefined {
  return before && !after && kindOf(before) === 'StatefulSet' ? 'a StatefulSet is removed: its volumes may be deleted' : undefined;
}
