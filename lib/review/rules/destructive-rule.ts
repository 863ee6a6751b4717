import { OutputObject } from '../dist-tree';

/**
 * One rule of the review: why a change would lose data, or `undefined` when it would not. It sees the
 * object before and after (either may be missing: added or removed) and the dotted paths that changed.
 */
export type DestructiveRule = (
  before: OutputObject | undefined,
  after: OutputObject | undefined,
  changedFields: readonly string[],
) => string | undefined;
