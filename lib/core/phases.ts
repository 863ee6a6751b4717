/*
 * The lifecycle phases by name and order: pure data, shared by the Kubernetes layer (which marks
 * constructs with their phase) and the review layer (which orders the phase plans).
 */

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
 * The phases of an environment's data lifecycle that run on purpose, once: `adopt` records that a
 * database set up before the environment managed it holds its release, before the first upgrade.
 */
export const DATA_PHASES = ['adopt'] as const;
/** One data phase. */
export type DataPhase = (typeof DATA_PHASES)[number];

/**
 * Every lifecycle phase, in the order CI runs them around a change: `adopt` first (once, before the
 * environment's first upgrade), `drain` before `upgrade`,
 * `rollback` or `uninstall` of the drained services, `rollout` after `upgrade` or `rollback` (once
 * the new pods are ready; a removed service gets no rollout). Each phase is written to
 * `phases/<phase>/` and applied on its own (`apply <env> --phase <phase>`), never with the
 * environment.
 */
export const PHASES = ['adopt', 'install', 'drain', 'upgrade', 'rollback', 'rollout', 'test', 'uninstall'] as const;
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
