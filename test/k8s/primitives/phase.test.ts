import { Construct } from 'constructs';
import { App } from 'cdk8s';
import {
  DATA_PHASES,
  JOB_PHASES,
  PHASES,
  PHASES_AFTER_DRAIN,
  PHASES_BEFORE_ROLLOUT,
  TRAFFIC_PHASES,
  assignPhase,
  isPhase,
  phaseOf,
} from '../../../lib/k8s/primitives/phase';

describe('lifecycle phases', () => {
  test('the data, Job and traffic phases together are every phase, each once; adopt comes first', () => {
    expect([...PHASES].sort()).toEqual([...DATA_PHASES, ...JOB_PHASES, ...TRAFFIC_PHASES].sort());
    expect(new Set(PHASES).size).toBe(PHASES.length);
    expect(PHASES[0]).toBe('adopt');
  });

  test.each(PHASES_AFTER_DRAIN.map((p) => [p]))('drain comes before %s', (phase) => {
    expect(PHASES.indexOf('drain')).toBeLessThan(PHASES.indexOf(phase));
  });

  test.each(PHASES_BEFORE_ROLLOUT.map((p) => [p]))('rollout comes after %s', (phase) => {
    expect(PHASES.indexOf('rollout')).toBeGreaterThan(PHASES.indexOf(phase));
  });

  test('the phases drain and rollout surround are Job phases', () => {
    expect(PHASES_AFTER_DRAIN.every((p) => (JOB_PHASES as readonly string[]).includes(p))).toBe(true);
    expect(PHASES_BEFORE_ROLLOUT.every((p) => PHASES_AFTER_DRAIN.includes(p))).toBe(true);
  });

  test.each([
    ['drain', true],
    ['rollout', true],
    ['install', true],
    ['deploy', false],
    ['Drain', false],
  ])('isPhase(%s) is %s', (name, expected) => {
    expect(isPhase(name)).toBe(expected);
  });

  test('a traffic phase marks its scope like a Job phase', () => {
    const root = new Construct(new App(), 'root');
    const drain = new Construct(root, 'drain');
    assignPhase(drain, 'drain');
    expect(phaseOf(new Construct(drain, 'job'))).toBe('drain');
    expect(phaseOf(root)).toBeUndefined();
  });
});
