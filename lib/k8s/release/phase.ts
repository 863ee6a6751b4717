import { IConstruct } from 'constructs';

/**
 * The Job phases of an environment's lifecycle: install (data setup, queues), upgrade (backup, then
 * schema upgrade), rollback (restore), test (smoke tests) and uninstall (drop, disposable only).
 */
export const JOB_PHASES = ['install', 'upgrade', 'rollback', 'test', 'uninstall'] as const;
/** One Job phase. */
export type JobPhase = (typeof JOB_PHASES)[number];

/**
 * The traffic phases of a routed service: `drain` takes it out of traffic (backend weight 0, then a
 * wait for open connections), `rollout` gives the traffic back.
 */
export const TRAFFIC_PHASES = ['drain', 'rollout'] as const;
/** One traffic phase. */
export type TrafficPhase = (typeof TRAFFIC_PHASES)[number];

/**
 * Every lifecycle phase, in the order CI runs them around a change: `drain` before `upgrade`,
 * `rollback` or `uninstall` of the drained services, `rollout` after `upgrade` or `rollback` (once
 * the new pods are ready; a removed service gets no rollout). Each phase is written to
 * `phases/<phase>/` and applied on its own (`apply <env> --phase <phase>`), never with the
 * environment.
 */
export const PHASES = ['install', 'drain', 'upgrade', 'rollback', 'rollout', 'test', 'uninstall'] as const;
/** One lifecycle phase. */
export type Phase = (typeof PHASES)[number];

/** The phases `drain` comes before: they replace or remove the pods a drained service's traffic went to. */
export const PHASES_AFTER_DRAIN: readonly JobPhase[] = ['upgrade', 'rollback', 'uninstall'];
/** The phases `rollout` comes after: they leave new pods that take the traffic back. */
export const PHASES_BEFORE_ROLLOUT: readonly JobPhase[] = ['upgrade', 'rollback'];

/** Whether `name` is a lifecycle phase. */
export function isPhase(name: string): name is Phase {
  return (PHASES as readonly string[]).includes(name);
}

const PHASE = Symbol.for('oms-platform-constructs.Phase');

/** Marks everything under `scope` as belonging to `phase`: it is written to `phases/<phase>/`, not applied with the environment. */
export function assignPhase(scope: IConstruct, phase: Phase): void {
  Object.defineProperty(scope, PHASE, { value: phase });
}

/** The phase of a construct, from itself or its nearest marked scope. */
export function phaseOf(c: IConstruct): Phase | undefined {
  for (const s of c.node.scopes.slice().reverse()) {
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
