import { OutputObject } from '../dist-tree';
import { kindOf } from './terraform-resources';

/** A removed PersistentVolumeClaim deletes its data. Returns why the change loses data, or undefined. */
export function volumeClaimRemoved(before: OutputObject | undefined, after: OutputObject | undefined): string | undefined {
  return before && !after && kindOf(before) === 'PersistentVolumeClaim'
    ? 'a PersistentVolumeClaim is removed: its data is deleted'
    : undefined;
}
