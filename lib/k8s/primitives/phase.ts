import { IConstruct } from 'constructs';
import { Phase } from '../../core/phases';

export { DATA_PHASES, JOB_PHASES, PHASES, PHASES_AFTER_DRAIN, PHASES_BEFORE_ROLLOUT, TRAFFIC_PHASES, isPhase } from '../../core/phases';
export type { DataPhase, JobPhase, Phase, TrafficPhase } from '../../core/phases';

const PHASE = Symbol.for('oms-platform-constructs.Phase');

/** Marks everything under `scope` as belonging to `phase`: it is written to `phases/<phase>/`, not applied with the environment. */
export function assignPhase(scope: IConstruct, phase: Phase): void {
  Object.defineProperty(scope, PHASE, { value: phase });
}

/** The phase of a construct, from itself or its nearest marked scope. */
export function phaseOf(c: IConstruct): Phase | undefined {
  // Up the tree from the construct itself (`node.scopes` would copy the path at every read).
  for (let s: IConstruct | undefined = c; s !== undefined; s = s.node.scope) {
    const p = (s as unknown as Record<symbol, Phase | undefined>)[PHASE];
    if (p !== undefined) return p;
  }
  return undefined;
}

const COMPOSITE = Symbol.for('oms-platform-constructs.Composite');

/**
 * Marks a construct as a grouping of others: its children, not itself, name
 * the output files (so a composition such as a full test environment still
 * writes one file per service).
 */
export function markComposite(scope: IConstruct): void {
  Object.defineProperty(scope, COMPOSITE, { value: true });
}

/** Whether a construct only groups others for output. */
export function isComposite(c: IConstruct): boolean {
  return (c as unknown as Record<symbol, boolean | undefined>)[COMPOSITE] === true;
}
