import { OutputObject } from '../dist-tree';
import { BACKUP_RETENTION, at, show, tfType } from './terraform-resources';

/** Lowering a backup retention or recovery window loses restore points. Returns why the change loses data, or undefined. */
export function backupsReduced(before: OutputObject | undefined, after: OutputObject | undefined): string | undefined {
  const type = tfType(after);
  if (!before || !after || !type) return undefined;
  const lowered = BACKUP_RETENTION.filter(([t, attr]) => {
    if (t !== type) return false;
    const was = Number(at(before.value, attr) ?? 0);
    const now = at(after.value, attr);
    return was > 0 && (now === undefined || Number(now) < was);
  }).map(([, attr]) => `${attr} ${show(at(before.value, attr))} -> ${show(at(after.value, attr))}`);
  return lowered.length > 0 ? `${type} keeps fewer backups or less time to recover: ${lowered.join(', ')}` : undefined;
}
