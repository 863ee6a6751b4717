import { parseImage } from '../image';
import { memoizedByString } from '../memo';

/** The roles of IBM's OMS images: app servers run `om-app`; agents, the health monitor and data setup `om-agent`. */
export type OmsImageRole = 'app' | 'agent';

/**
 * The role an image's name says it has, or `undefined` when its name is not
 * IBM's (a customer's own registry naming is not second-guessed).
 * `om-app`, `om-app-<variant>` are app images; `om-agent` is the agent image. (A pure function of the
 * string: remembered per reference.)
 */
export const omsImageRole: (image: string) => OmsImageRole | undefined = memoizedByString(function omsImageRole(image) {
  const repo = parseImage(image).repository.split('/').pop() ?? '';
  if (/^om-app(-[a-z0-9_.-]+)?$/.test(repo)) return 'app';
  if (/^om-agent(-[a-z0-9_.-]+)?$/.test(repo)) return 'agent';
  return undefined;
});
