/**
 * Property test over the building blocks the constructs compose, called directly with values of
 * any type: each either returns or throws its own error (OmsConfigError, or ReviewInputError in
 * the review), never a TypeError or a raw system error.
 */
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { WRONG_VALUE, crash as crashOf } from '../support/wrong-values';
import { ClusterCeiling, OmsConfigError, apiPath, listApps, renderApp } from '../../lib';
import { checkBranchDatabaseNames, schemaCompatibilityProblems } from '../../lib/core';
import { applyOmsRuntime, validateOmsServerSettings } from '../../lib/k8s/workloads/oms-runtime';
import { ReviewInputError, diffEnvironment, pinned, planProblems, readDist, readEnvironment, runPlan } from '../../lib/review';

/** A crash: an error other than the library's own. */
const crash = (attempt: () => unknown) => crashOf(attempt, [OmsConfigError, ReviewInputError]);

const step = (v: unknown) => ({ name: 'a', description: 'b', commands: [v], waits: [v], prune: v, onlyIfNamespaceExists: v });
const CALLS: readonly (readonly [string, (v: any) => unknown])[] = [
  ['schemaCompatibilityProblems: a requirement', (v) => schemaCompatibilityProblems('schema', v, { label: 'green', schemaVersion: 42 })],
  [
    'schemaCompatibilityProblems: the property',
    (v) => schemaCompatibilityProblems(v, { label: 'blue', schemaVersion: 41 }, { label: 'green', schemaVersion: 42 }),
  ],
  ['checkBranchDatabaseNames', (v) => checkBranchDatabaseNames(v)],
  ['apiPath', (v) => apiPath(v)],
  ['ClusterCeiling: props', (v) => new ClusterCeiling(new Chart(new App(), 'c'), 'ceiling', v)],
  ['ClusterCeiling: cluster', (v) => new ClusterCeiling(new Chart(new App(), 'c'), 'ceiling', { cluster: v })],
  ['renderApp', (v) => renderApp(v)],
  ['listApps', (v) => listApps(v)],
  ['validateOmsServerSettings: props', (v) => validateOmsServerSettings(v, 'agent')],
  ['validateOmsServerSettings: role', (v) => validateOmsServerSettings({ image: 'r/om-agent:1' } as any, v)],
  ['validateOmsServerSettings: appSecret', (v) => validateOmsServerSettings({ image: 'r/om-agent:1', appSecret: v } as any, 'agent')],
  ['applyOmsRuntime', (v) => applyOmsRuntime(v, v, v)],
  ['readEnvironment', (v) => readEnvironment(v)],
  ['readDist', (v) => readDist(v)],
  ['diffEnvironment', (v) => diffEnvironment(v, v, v, v)],
  ['pinned: argv', (v) => pinned(v, 'uat')],
  ['pinned: context', (v) => pinned(['kubectl', 'get', 'pods'], v)],
  ['planProblems: plan', (v) => planProblems(v)],
  ['planProblems: a step', (v) => planProblems({ environment: 'e', steps: [v] })],
  ["planProblems: a step's parts", (v) => planProblems({ environment: 'e', steps: [step(v)] })],
  ['runPlan: plan', (v) => runPlan(v, { cwd: __dirname, dryRun: true, log: () => undefined })],
  ['runPlan: options', (v) => runPlan({ environment: 'e', steps: [step(v)] } as any, v)],
];

test.each(CALLS)('%s: a value of any type gives a result or a complete error, never a crash', (name, call) => {
  fc.assert(
    fc.property(WRONG_VALUE, (value) => {
      const error = crash(() => call(value));
      if (error) throw new Error(`${name} with ${JSON.stringify(value)} crashed: ${error.name}: ${error.message}`);
    }),
    { numRuns: 40 },
  );
});
