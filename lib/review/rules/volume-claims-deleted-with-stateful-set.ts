import { OutputObject } from '../dist-tree';
import { at, kindOf } from './terraform-resources';

/** A StatefulSet whose claim retention policy becomes Delete deletes its volumes when deleted or scaled in. Returns why the change loses data, or undefined. */
export function volumeClaimsDeletedWithStatefulSet(before: OutputObject | undefined, after: OutputObject | undefined): string | undefined {
  if (!after || kindOf(after) !== 'StatefulSet') return undefined;
  const policy = (o: OutputObject | undefined, when: string) => at(o?.value ?? {}, `spec.persistentVolumeClaimRetentionPolicy.${when}`);
  const now = ['whenDeleted', 'whenScaled'].filter((w) => policy(after, w) === 'Delete' && policy(before, w) !== 'Delete');
  return now.length > 0
    ? `the StatefulSet's volume claims are deleted with it: persistentVolumeClaimRetentionPolicy.${now.join(' and ')} becomes Delete`
    : undefined;
}
