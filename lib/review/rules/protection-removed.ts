import { OutputObject } from '../dist-tree';
import { SAFETY_SWITCHES, at, show, tfType } from './terraform-resources';

/** Weakening deletion protection, final snapshots, kept backups or prevent_destroy makes a later loss possible. Returns why the change loses data, or undefined. */
export function protectionRemoved(before: OutputObject | undefined, after: OutputObject | undefined): string | undefined {
  const type = tfType(after);
  if (!before || !after || !type) return undefined;
  const dropped = SAFETY_SWITCHES.filter(
    ([t, attr, safe]) => t === type && at(before.value, attr) === safe && at(after.value, attr) !== safe,
  ).map(([, attr]) => `${attr} ${show(at(before.value, attr))} -> ${show(at(after.value, attr))}`);
  if (at(before.value, 'lifecycle.prevent_destroy') === true && at(after.value, 'lifecycle.prevent_destroy') !== true)
    dropped.push('lifecycle.prevent_destroy no longer set');
  return dropped.length > 0 ? `${type} loses its protection: ${dropped.join(', ')}` : undefined;
}
