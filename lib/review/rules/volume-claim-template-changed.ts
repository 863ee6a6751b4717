import { OutputObject } from '../dist-tree';
import { kindOf } from './terraform-resources';

/** Kubernetes refuses a change to a StatefulSet's volume claim templates; recreating the StatefulSet risks its data. Returns why the change loses data, or undefined. */
export function volumeClaimTemplateChanged(
  before: OutputObject | undefined,
  after: OutputObject | undefined,
  fields: readonly string[],
): string | undefined {
  return before && after && kindOf(after) === 'StatefulSet' && fields.some((f) => f.startsWith('spec.volumeClaimTemplates'))
    ? 'the StatefulSet volume claim template changes: Kubernetes refuses it, and recreating the StatefulSet risks its data'
    : undefined;
}
