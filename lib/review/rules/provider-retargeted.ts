import { OutputObject } from '../dist-tree';
import { PROVIDER_TARGET } from './terraform-resources';

/** A provider removed or pointed at another account or region orphans the resources it created. Returns why the change loses data, or undefined. */
export function providerRetargeted(
  before: OutputObject | undefined,
  after: OutputObject | undefined,
  fields: readonly string[],
): string | undefined {
  if (!before || !before.key.startsWith('tf provider.')) return undefined;
  if (!after) return `${before.key.slice(3)} is removed: Terraform cannot manage the resources it created`;
  const moved = PROVIDER_TARGET.filter((a) => fields.some((f) => new RegExp(`^config\\.\\d+\\.${a}(\\.|$)`).test(f)));
  return moved.length > 0
    ? `${before.key.slice(3)} points at another target (${moved.join(', ')}): existing resources are orphaned and recreated there`
    : undefined;
}
