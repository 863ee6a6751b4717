import * as fs from 'node:fs';
import * as path from 'node:path';
import { KUBE_CONTEXT_OPTION, checkEnvironmentArgument, parseCommandLine } from './args';
import { CommandIo, EXIT, stdio } from './commands';
import { ReviewInputError, readEnvironment } from './dist-tree';
import { LiveObject, handEditedFields, listedKinds, unmanagedObjects } from './live-drift';
import { CommandRunner, describeFailure, pinned, spawnRunner } from './run-plan';
import { unknownEnvironment } from './known-environments';

export const DRIFT_USAGE = `usage: drift <env> --context <name> [options]

Compares what runs with what dist/<env>/ says should run, and fails when they differ: someone changed
the system by hand, or dist/ was never applied.

  Kubernetes  kubectl diff --server-side -f k8s/ (the API server computes what an apply would change)
  Terraform   terraform plan -detailed-exitcode in aws/ (refreshes state against AWS, changes nothing)

  --context <name>   the kube context of the environment's cluster (required when it has Kubernetes objects)
  --dist <dir>       the synthesized output (default: dist)
  --report <file>    also write the report to this file
  --help             this text

kubectl diff compares only the objects it is given, so the environment's namespace is also listed
(kubectl get -o json --show-managed-fields, the kinds the apply prunes):
  - an object that dist/ does not have is drift (made by hand, or never pruned); objects a
    controller owns, lifecycle-phase objects and those the cluster makes in every namespace are not;
  - a field owned (metadata.managedFields) by a person's tool (kubectl edit, patch, scale, label,
    set, create, replace, a hand server-side apply, oc, a web console) is drift, naming the object,
    the manager and the fields. Status, controllers (the autoscaler's replicas, KEDA, Argo Rollouts)
    and kubectl rollout restart are not. A hand "kubectl apply" writes under the same manager as
    ours, so it is found only where it differs from dist/.
Lifecycle phases (phases/) are not compared: they run on demand.

Exit codes: 0 no drift, 1 a check could not run (so drift is unknown), 2 drift found, 64 usage error.
`;

/** Exit code when drift is found. */
export const DRIFT_FOUND = 2;

/** Time limits of the commands drift runs, in seconds. */
export const DRIFT_TIME_LIMITS = { kubectlDiff: 600, kubectlApis: 120, kubectlGet: 300, terraformInit: 600, terraformPlan: 1800 } as const;

/** The outcome of one part of the check. */
interface PartResult {
  readonly part: string;
  readonly state: 'clean' | 'drift' | 'error';
  readonly detail: string;
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/**
 * `drift <env> --context <name>`: server-side `kubectl diff` of k8s/ and `terraform plan
 * -detailed-exitcode` of aws/. Strict about its arguments; every command has a time limit; a check
 * that cannot run fails (exit 1) rather than reporting no drift.
 */
export function driftCommand(argv: readonly string[], options: { run?: CommandRunner; io?: CommandIo } = {}): number {
  const io = options.io ?? stdio;
  const run = options.run ?? spawnRunner;
  const args = parseCommandLine(
    {
      name: 'drift',
      usage: DRIFT_USAGE,
      specs: [KUBE_CONTEXT_OPTION, { name: '--dist', value: 'dir' }, { name: '--report', value: 'file' }],
      maxPositionals: 1,
      requires: 'the environment',
      check: (a) => checkEnvironmentArgument(a.positionals[0]),
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const env = args.positionals[0];
  const dir = path.join(path.resolve(args.values['--dist']?.[0] ?? 'dist'), env);
  const context = args.values['--context']?.[0];
  const unknown = unknownEnvironment('drift', path.dirname(dir), env);
  if (unknown !== undefined) {
    io.err(`${unknown}\n`);
    return EXIT.failed;
  }
  const hasK8s = fs.existsSync(path.join(dir, 'k8s'));
  const hasAws = fs.existsSync(path.join(dir, 'aws'));
  if (!hasK8s && !hasAws) {
    io.err(`drift ${env}: ${dir} has neither k8s/ nor aws/. Fix: run the synth command first (or pass --dist)\n`);
    return EXIT.failed;
  }
  if (hasK8s && !context) {
    io.err(
      `drift ${env}: --context <name> is required: the comparison is pinned to the environment's cluster. Fix: pass --context\n\n${DRIFT_USAGE}`,
    );
    return EXIT.usage;
  }

  const results: PartResult[] = [];
  if (hasK8s) {
    const argv = pinned(['kubectl', 'diff', '--server-side', '--force-conflicts', '-f', 'k8s/'], context);
    const r = run(argv, { cwd: dir, timeoutSeconds: DRIFT_TIME_LIMITS.kubectlDiff, capture: true });
    const part = `Kubernetes (${argv.join(' ')})`;
    // kubectl diff: 0 no differences, 1 differences found, >1 kubectl or diff failed.
    if (r.status === 0) results.push({ part, state: 'clean', detail: '' });
    else if (r.status === 1) results.push({ part, state: 'drift', detail: r.stdout ?? '' });
    else
      results.push({
        part,
        state: 'error',
        detail: `${describeFailure(argv, r, DRIFT_TIME_LIMITS.kubectlDiff)}${r.stderr ? `: ${r.stderr.trim()}` : ''}`,
      });
  }
  if (hasK8s) results.push(...liveChecks(dir, context, run));
  if (hasAws) {
    const init = ['terraform', '-chdir=aws', 'init', '-input=false', '-lock-timeout=5m', '-no-color'];
    const plan = ['terraform', '-chdir=aws', 'plan', '-detailed-exitcode', '-input=false', '-lock-timeout=5m', '-no-color'];
    const part = `Terraform (${plan.join(' ')})`;
    const i = run(init, { cwd: dir, timeoutSeconds: DRIFT_TIME_LIMITS.terraformInit, capture: true });
    if (i.status !== 0) {
      results.push({
        part,
        state: 'error',
        detail: `${describeFailure(init, i, DRIFT_TIME_LIMITS.terraformInit)}${i.stderr ? `: ${i.stderr.trim()}` : ''}`,
      });
    } else {
      const r = run(plan, { cwd: dir, timeoutSeconds: DRIFT_TIME_LIMITS.terraformPlan, capture: true });
      // terraform plan -detailed-exitcode: 0 no changes, 1 error, 2 changes present.
      if (r.status === 0) results.push({ part, state: 'clean', detail: '' });
      else if (r.status === 2) results.push({ part, state: 'drift', detail: r.stdout ?? '' });
      else
        results.push({
          part,
          state: 'error',
          detail: `${describeFailure(plan, r, DRIFT_TIME_LIMITS.terraformPlan)}${r.stderr ? `: ${r.stderr.trim()}` : ''}`,
        });
    }
  }

  const lines = [`## drift: ${env}${context ? ` (context ${context})` : ''}`];
  for (const r of results) {
    lines.push(
      `  ${r.part}: ${r.state === 'clean' ? 'no drift' : r.state === 'drift' ? 'DRIFT: the live state differs from dist/' : 'could not check'}`,
    );
    if (r.detail) lines.push(indent(r.detail));
  }
  const errors = results.filter((r) => r.state === 'error');
  const drifted = results.filter((r) => r.state === 'drift');
  if (errors.length > 0) lines.push(`Result: drift is unknown: ${errors.length} check(s) could not run. Fix the cause above and rerun.`);
  else if (drifted.length > 0)
    lines.push(
      'Result: drift found. Someone changed the system by hand, or dist/ was not applied. Fix: put the change in the code and apply it, or apply dist/ to undo it.',
    );
  else lines.push('Result: no drift.');
  const report = `${lines.join('\n')}\n`;
  io.out(report);
  const reportFile = args.values['--report']?.[0];
  if (reportFile) fs.writeFileSync(reportFile, report);
  return errors.length > 0 ? EXIT.failed : drifted.length > 0 ? DRIFT_FOUND : EXIT.ok;
}

/** The environment's namespace and every object it synthesizes (`<Kind> <namespace>/<name>`, k8s/ and phases/). */
function desiredObjects(dir: string): { namespace?: string; desired: Set<string> } {
  const objects = [...readEnvironment(dir).values()].filter((o) => o.key.startsWith('k8s ') || o.key.startsWith('phase:'));
  const desired = new Set(objects.map((o) => o.key.slice(o.key.indexOf(' ') + 1)));
  // The environment's own Namespace object; without one, the namespace its objects are in.
  const own = objects.find((o) => o.key.startsWith('k8s Namespace '));
  const namespace = own
    ? String(own.value.metadata?.name)
    : objects.map((o) => o.value.metadata?.namespace).find((n) => typeof n === 'string');
  return { namespace, desired };
}

/** Lists the namespace: objects dist/ does not have, and fields a person owns. */
function liveChecks(dir: string, context: string | undefined, run: CommandRunner): PartResult[] {
  const unmanaged = 'Kubernetes objects not in dist/';
  const edited = 'Kubernetes fields changed by hand (metadata.managedFields)';
  const failed = (detail: string): PartResult[] => [{ part: `${unmanaged}; ${edited}`, state: 'error', detail }];
  let wanted: { namespace?: string; desired: Set<string> };
  try {
    wanted = desiredObjects(dir);
  } catch (err) {
    if (!(err instanceof ReviewInputError)) throw err;
    return failed(err.message);
  }
  if (!wanted.namespace) return failed(`${dir}/k8s has no Namespace and no namespaced object, so there is no namespace to list`);
  const apis = pinned(['kubectl', 'api-resources', '-o', 'name'], context);
  const a = run(apis, { cwd: dir, timeoutSeconds: DRIFT_TIME_LIMITS.kubectlApis, capture: true });
  if (a.status !== 0) return failed(`${describeFailure(apis, a, DRIFT_TIME_LIMITS.kubectlApis)}${a.stderr ? `: ${a.stderr.trim()}` : ''}`);
  const kinds = listedKinds(new Set((a.stdout ?? '').split('\n').map((l) => l.trim())));
  if (kinds.length === 0) return failed(`${apis.join(' ')} lists none of the kinds the apply manages`);
  const get = pinned(
    ['kubectl', 'get', kinds.map((k) => k.resource).join(','), '-n', wanted.namespace, '-o', 'json', '--show-managed-fields'],
    context,
  );
  const g = run(get, { cwd: dir, timeoutSeconds: DRIFT_TIME_LIMITS.kubectlGet, capture: true });
  if (g.status !== 0) return failed(`${describeFailure(get, g, DRIFT_TIME_LIMITS.kubectlGet)}${g.stderr ? `: ${g.stderr.trim()}` : ''}`);
  let live: LiveObject[];
  try {
    const list = JSON.parse(g.stdout ?? '') as { items?: unknown };
    if (!Array.isArray(list.items)) throw new Error('it has no items list');
    live = list.items as LiveObject[];
  } catch (err) {
    return failed(`${get.join(' ')} printed no readable object list (${err instanceof Error ? err.message : String(err)})`);
  }
  const part = (name: string, findings: { object: string; message: string }[]): PartResult => ({
    part: `${name} (${get.join(' ')})`,
    state: findings.length > 0 ? 'drift' : 'clean',
    detail: findings.map((f) => `${f.object}: ${f.message}`).join('\n'),
  });
  return [part(unmanaged, unmanagedObjects(live, wanted.desired)), part(edited, handEditedFields(live, wanted.desired))];
}
