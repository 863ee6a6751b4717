import { BRANCH_ANNOTATION, Stage } from '../core';
import { PHASES } from '../core/phases';
import {
  NamespaceClaim,
  PlanInputFile,
  PlanCommand,
  PlanWait,
  PruneKind,
  PrunePlan,
  PlanStep,
  Plan,
  WaitKind,
  ENVIRONMENT_SELECTOR_LABEL,
  PHASE_LABEL,
  TIME_LIMITS,
  PRUNE_KINDS,
} from './plan-model';
import { temporaryUninstall } from './teardown-namespace';

// What a plan is lives beside this file; its public names stay here.
export * from './plan-model';

const CONFIG_KINDS = new Set(['ConfigMap', 'ExternalSecret', 'ServiceAccount', 'PersistentVolumeClaim', 'Secret']);
const ROUTING_KINDS = new Set(['Ingress', 'Route', 'HTTPRoute', 'Gateway', 'LoadBalancerConfiguration', 'TargetGroupConfiguration']);
const WAIT_LIMITS: Record<WaitKind, number> = {
  Deployment: TIME_LIMITS.deployment,
  StatefulSet: TIME_LIMITS.statefulSet,
  Rollout: TIME_LIMITS.rollout,
  Job: TIME_LIMITS.job,
  ExternalSecret: TIME_LIMITS.externalSecret,
};

/** The Kubernetes objects of a file (anything without a kind is not one). */
function docs(file: PlanInputFile): Record<string, any>[] {
  if (file.objects === undefined) {
    throw new Error(
      `plan input ${file.path}: objects is missing (received a file with only its text); plans are built from the objects a Kubernetes file holds, never by parsing its text. Fix: pass { path, objects } as rendering returns them`,
    );
  }
  return file.objects.filter((d) => d !== null && typeof d === 'object' && d.kind);
}

/** The branch a branch environment's Namespace object names (annotation `oms.platform/branch`), as the plan's claim. */
function branchClaim(environment: string, stage: Stage | undefined, files: readonly PlanInputFile[]): NamespaceClaim | undefined {
  if (stage !== 'branch') return undefined;
  const ns = files
    .filter((f) => f.path.startsWith('k8s/') && f.objects !== undefined)
    .flatMap((f) => f.objects!)
    .find((o) => o?.kind === 'Namespace' && o.metadata?.name === environment);
  const value = ns?.metadata?.annotations?.[BRANCH_ANNOTATION];
  return typeof value === 'string' ? { namespace: environment, annotation: BRANCH_ANNOTATION, value } : undefined;
}

const apply = (file: string): PlanCommand => ({ argv: ['kubectl', 'apply', '-f', file], timeoutSeconds: TIME_LIMITS.kubectlApply });

function waitsFor(objects: readonly Record<string, any>[], kinds: readonly WaitKind[], environment: string, limit?: number): PlanWait[] {
  return objects
    .filter((o) => (kinds as readonly string[]).includes(o.kind))
    .map((o) => ({
      kind: o.kind as WaitKind,
      name: String(o.metadata?.name),
      namespace: String(o.metadata?.namespace ?? environment),
      timeoutSeconds: limit ?? WAIT_LIMITS[o.kind as WaitKind],
    }));
}

/** Where `--plan-only` leaves the plan summary the review reads, relative to the environment folder. */
export const PLAN_REVIEW_FILE = 'aws/tfplan.review.json';

/**
 * The Terraform commands: init, plan to a file, the plan's summary for the review (never the full
 * `terraform show -json`, which holds sensitive values), apply exactly that plan.
 */
export function terraformCommands(): PlanCommand[] {
  return [
    { argv: ['terraform', '-chdir=aws', 'init', '-input=false', '-lock-timeout=5m'], timeoutSeconds: TIME_LIMITS.terraformInit },
    {
      argv: ['terraform', '-chdir=aws', 'plan', '-input=false', '-lock-timeout=5m', '-out=tfplan'],
      timeoutSeconds: TIME_LIMITS.terraformPlan,
      terraform: 'plan',
    },
    {
      argv: ['terraform', '-chdir=aws', 'show', '-json', 'tfplan'],
      timeoutSeconds: TIME_LIMITS.terraformShow,
      reviewTo: PLAN_REVIEW_FILE,
      terraform: 'plan',
    },
    {
      argv: ['terraform', '-chdir=aws', 'apply', '-input=false', '-lock-timeout=5m', 'tfplan'],
      timeoutSeconds: TIME_LIMITS.terraformApply,
      terraform: 'apply',
    },
  ];
}

/**
 * The order in which CI applies an environment: Terraform first (the cluster, database and secrets
 * must exist), from a saved plan; then the namespace and its ceilings, configuration and
 * ExternalSecrets (waiting until the Secrets exist), data services (waiting until ready), the
 * workloads (waiting for every rollout and Job, failing early on a failed one), the routing, and
 * finally a pruning apply that removes objects deleted from the code: a fixed list of kinds,
 * selected by the environment label, never phase objects. Lifecycle phases are separate plans
 * ({@link phasePlan}).
 */
export function applyPlan(environment: string, files: readonly PlanInputFile[], stage?: Stage): Plan {
  const k8sFiles = files.filter((f) => f.path.startsWith('k8s/')).map((f) => ({ path: f.path, objects: docs(f) }));
  const steps: PlanStep[] = [];
  if (files.some((f) => f.path.startsWith('aws/') && f.path.endsWith('.tf.json'))) {
    steps.push({
      name: 'terraform',
      description: 'AWS backing services (network, cluster, database, cache, secrets), applied from the saved plan',
      commands: terraformCommands(),
    });
  }
  const environmentFile = k8sFiles.find((f) => f.path === 'k8s/environment.yaml');
  if (environmentFile) {
    steps.push({
      name: 'namespace',
      description: 'the namespace, its quota, limits and default-deny policies',
      commands: [apply(environmentFile.path)],
    });
  }
  const rest = k8sFiles.filter((f) => f !== environmentFile);
  const isConfig = (f: (typeof rest)[number]) => f.objects.every((o) => CONFIG_KINDS.has(o.kind));
  const isData = (f: (typeof rest)[number]) => f.objects.some((o) => o.kind === 'StatefulSet');
  const isRouting = (f: (typeof rest)[number]) => f.objects.every((o) => ROUTING_KINDS.has(o.kind));
  const config = rest.filter(isConfig);
  const data = rest.filter((f) => !isConfig(f) && isData(f));
  const routing = rest.filter((f) => !isConfig(f) && !isData(f) && isRouting(f));
  const workloads = rest.filter((f) => !config.includes(f) && !data.includes(f) && !routing.includes(f));
  const objectsOf = (list: typeof rest) => list.flatMap((f) => f.objects);
  if (config.length > 0) {
    steps.push({
      name: 'config',
      description: 'configuration, service accounts, volumes and ExternalSecrets (waits until the Secrets are synced)',
      commands: config.map((f) => apply(f.path)),
      waits: waitsFor(objectsOf(config), ['ExternalSecret'], environment),
    });
  }
  if (data.length > 0) {
    steps.push({
      name: 'data-services',
      description: 'in-cluster database and broker (waits until they are ready)',
      commands: data.map((f) => apply(f.path)),
      waits: waitsFor(objectsOf(data), ['StatefulSet'], environment),
    });
  }
  if (workloads.length > 0) {
    steps.push({
      name: 'workloads',
      description: 'app servers, agent pools, blue-green pairs and their autoscaling (waits for every rollout and Job)',
      commands: workloads.map((f) => apply(f.path)),
      waits: waitsFor(objectsOf(workloads), ['StatefulSet', 'Deployment', 'Rollout', 'Job'], environment),
    });
  }
  if (routing.length > 0) {
    steps.push({
      name: 'routing',
      description: 'the routing entry point (Ingress or Routes), last so it never points at missing Services',
      commands: routing.map((f) => apply(f.path)),
    });
  }
  if (k8sFiles.length > 0) {
    steps.push({
      name: 'prune',
      description:
        'removes objects deleted from the code: only this environment, a fixed list of kinds, never phase objects, namespaces or volumes',
      commands: [],
      prune: {
        selector: `${ENVIRONMENT_SELECTOR_LABEL}=${environment},!${PHASE_LABEL}`,
        kinds: [...PRUNE_KINDS],
        timeoutSeconds: TIME_LIMITS.prune,
      },
    });
  }
  const claim = branchClaim(environment, stage, files);
  return claim ? { environment, stage, claim, steps } : { environment, stage, steps };
}

/** The kubectl command of a prune, for the kinds the cluster serves. */
export function pruneCommand(prune: PrunePlan, kinds: readonly PruneKind[] = prune.kinds): string[] {
  // Without an allowlist kubectl prunes its own default kinds (Secrets, volume claims, namespaces among them).
  if (kinds.length === 0)
    throw new RangeError(
      `prune of ${prune.selector}: the list of kinds to prune is empty, and kubectl would then prune its built-in default kinds (Secrets, PersistentVolumeClaims, Namespaces among them). Fix: check that the cluster serves the kinds (kubectl api-resources -o name) and that the plan lists them`,
    );
  return ['kubectl', 'apply', '-f', 'k8s/', '--prune', '-l', prune.selector, ...kinds.flatMap((k) => ['--prune-allowlist', k.gvk])];
}

/**
 * The plan of one lifecycle phase: apply the phase's objects, then wait until its Jobs complete
 * (a failed Job ends the wait at once). CI runs it when the phase is due (install on a new
 * environment, upgrade before a new release, rollback, test, uninstall).
 */
export function phasePlan(environment: string, phase: string, files: readonly PlanInputFile[], stage?: Stage): Plan | undefined {
  const phaseFiles = files.filter((f) => f.path.startsWith(`phases/${phase}/`)).map((f) => ({ path: f.path, objects: docs(f) }));
  if (phaseFiles.length === 0) return undefined;
  return {
    environment,
    stage,
    steps: [
      {
        name: phase,
        description: `the ${phase} Jobs, waited for until they complete`,
        commands: phaseFiles.map((f) => apply(f.path)),
        waits: waitsFor(
          phaseFiles.flatMap((f) => f.objects),
          ['Job'],
          environment,
          TIME_LIMITS.phaseJob,
        ),
      },
    ],
  };
}

/** The plan of every phase that has Jobs, by phase. */
export function phasePlans(environment: string, files: readonly PlanInputFile[], stage?: Stage): Record<string, Plan> {
  // In lifecycle order (install, drain, upgrade, rollback, rollout, test, uninstall), the order CI runs them; unknown names last.
  const rank = (p: string) => ((PHASES as readonly string[]).includes(p) ? (PHASES as readonly string[]).indexOf(p) : PHASES.length);
  const phases = [...new Set(files.filter((f) => f.path.startsWith('phases/')).map((f) => f.path.split('/')[1]))].sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const plans: Record<string, Plan> = {};
  for (const phase of phases) {
    const plan = phasePlan(environment, phase, files, stage);
    if (plan) plans[phase] = plan;
  }
  return plans;
}

/** Deletes the teardown's temporary namespace, waiting until it is gone (a no-op when there is none). */
const deleteTemporaryNamespace = (namespace: string): PlanCommand => ({
  argv: ['kubectl', 'delete', 'namespace', namespace, '--ignore-not-found', '--wait=true', `--timeout=${TIME_LIMITS.teardownNamespace}s`],
  timeoutSeconds: TIME_LIMITS.teardownNamespace + 60,
});

/**
 * The uninstall Jobs' step of a teardown: in the environment's namespace while it is Active; when it
 * is gone (deleted by hand) or Terminating (nothing new can be created in it), from the temporary
 * namespace {@link temporaryUninstall} renders: a leftover of an earlier run is deleted first (a
 * failed Job is never rerun by applying it again), then the namespace and the Jobs are applied and
 * waited for, then the namespace is deleted. When the Jobs cannot move, the run stops and says so.
 */
function uninstallStep(environment: string, files: readonly PlanInputFile[], stage: Stage | undefined): PlanStep | undefined {
  const uninstall = phasePlan(environment, 'uninstall', files, stage);
  if (!uninstall) return undefined;
  const step = {
    ...uninstall.steps[0],
    name: 'uninstall-jobs',
    waits: (uninstall.steps[0].waits ?? []).map((w) => ({ ...w, timeoutSeconds: TIME_LIMITS.teardownJob })),
    onlyIfNamespaceExists: environment,
    hint: 'the failed Job named above says why in its log; fix the cause, then resume',
  };
  const temporary = temporaryUninstall(environment, files);
  if (temporary === undefined || 'cannot' in temporary)
    return {
      ...step,
      description: 'drop the environment database and user (needs the namespace: gone or Terminating stops the teardown)',
      leftUndoneIfSkipped: `the uninstall Jobs (the drop of the environment database and user) cannot run${temporary ? `, and cannot move to a temporary namespace: ${temporary.cannot}` : ''}, so what they remove is left behind, on a shared database instance too. Fix: drop them by hand (the Jobs under phases/uninstall/ name them), then rerun the teardown with --skip uninstall-jobs`,
    };
  const ns = temporary.namespace;
  return {
    ...step,
    description: 'drop the environment database and user (in its namespace; from a temporary namespace when it is gone or Terminating)',
    ifNamespaceGone: {
      description: `run the uninstall Jobs in the temporary namespace ${ns} (${temporary.file.path}), then delete it`,
      commands: [deleteTemporaryNamespace(ns), apply(temporary.file.path)],
      waits: temporary.waits,
      afterWaits: [deleteTemporaryNamespace(ns)],
      // A rerun after the terraform step began: the role and the credentials the Jobs need are gone, and the drop came before them.
      ...(files.some((f) => f.path.startsWith('aws/') && f.path.endsWith('.tf.json'))
        ? {
            doneIfNoOutput: {
              commands: [
                terraformCommands()[0],
                { argv: ['terraform', '-chdir=aws', 'state', 'list'], timeoutSeconds: TIME_LIMITS.terraformShow },
              ],
              why: "the environment's Terraform state is empty: its AWS resources (the Jobs' role and credentials) are destroyed, which a teardown does only after the drop. If they were destroyed another way, drop the database and user by hand",
              // terraform state list fails so when the backend holds no state at all (never applied).
              orFailureWith: 'No state file was found!',
            },
          }
        : {}),
      hint:
        `a failed Job says why in its log (kubectl logs job/<name> -n ${ns}); an ExternalSecret that is not ready, in its status (kubectl describe externalsecret -n ${ns}). ` +
        `The temporary namespace is left for that, and the next run deletes it before it starts again; one that does not go away waits for finalizers (kubectl get namespace ${ns} -o jsonpath='{.status.conditions}'). Fix the cause, then resume. ` +
        `If the environment's AWS resources are already destroyed (an earlier teardown reached its terraform step), the database went before them: resume from the terraform step`,
    },
  };
}

/**
 * What a merged branch's pipeline runs to remove its environment, leaving nothing behind, and safe
 * to run twice: the uninstall Jobs (drop the database and user), in the namespace or, when it is
 * already gone or Terminating, in a temporary one; then the namespace; then the AWS resources and
 * their state. Only disposable (branch) environments have one.
 */
export function teardownPlan(environment: string, files: readonly PlanInputFile[], stage?: Stage): Plan | undefined {
  if (stage !== 'branch') return undefined;
  const steps: PlanStep[] = [];
  const uninstall = uninstallStep(environment, files, stage);
  if (uninstall) steps.push(uninstall);
  // An AWS-only app (e.g. services on Fargate) has no namespace to delete.
  if (files.some((f) => f.path.startsWith('k8s/')))
    steps.push({
      name: 'namespace',
      description: 'delete the namespace and everything in it',
      commands: [
        {
          argv: [
            'kubectl',
            'delete',
            'namespace',
            environment,
            '--ignore-not-found',
            '--wait=true',
            `--timeout=${TIME_LIMITS.namespaceDelete}s`,
          ],
          timeoutSeconds: TIME_LIMITS.namespaceDelete + 60,
        },
      ],
      hint: `a namespace stuck in Terminating waits for finalizers: kubectl get namespace ${environment} -o jsonpath='{.status.conditions}' names what is left; remove the finalizer of a resource whose controller is gone, then resume`,
    });
  if (files.some((f) => f.path.startsWith('aws/') && f.path.endsWith('.tf.json'))) {
    steps.push({
      name: 'terraform',
      description: 'destroy the AWS resources of the environment (a no-op when already destroyed)',
      commands: [
        terraformCommands()[0],
        {
          argv: ['terraform', '-chdir=aws', 'destroy', '-input=false', '-auto-approve', '-lock-timeout=5m'],
          timeoutSeconds: TIME_LIMITS.terraformDestroy,
        },
      ],
    });
  }
  const claim = branchClaim(environment, stage, files);
  return claim ? { environment, stage, claim, steps } : { environment, stage, steps };
}

const waitText = (w: PlanWait) => `wait for ${w.kind} ${w.namespace}/${w.name} (at most ${w.timeoutSeconds}s; a failure stops the run)`;

/** A plan as readable text (what `--dry-run` prints). */
export function formatPlan(plan: Plan): string {
  const lines = [`# ${plan.environment}${plan.stage ? ` (${plan.stage})` : ''}`];
  plan.steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.name}: ${s.description}`);
    if (s.onlyIfNamespaceExists) lines.push(`   only if namespace ${s.onlyIfNamespaceExists} exists and is Active`);
    const commandText = (c: PlanCommand, indent: string) =>
      `${indent}$ ${c.argv.join(' ')}${c.stdoutTo ? ` > ${c.stdoutTo}` : ''}${c.reviewTo ? ` (summarized into ${c.reviewTo})` : ''}   (at most ${c.timeoutSeconds}s)`;
    for (const c of s.commands) lines.push(commandText(c, '   '));
    for (const w of s.waits ?? []) lines.push(`   ${waitText(w)}`);
    const gone = s.ifNamespaceGone;
    if (gone) {
      lines.push(`   when namespace ${s.onlyIfNamespaceExists} is gone or Terminating: ${gone.description}`);
      if (gone.doneIfNoOutput) {
        for (const c of gone.doneIfNoOutput.commands) lines.push(commandText(c, '     '));
        lines.push(`     (nothing printed: skipped, as ${gone.doneIfNoOutput.why})`);
      }
      for (const c of gone.commands) lines.push(commandText(c, '     '));
      for (const w of gone.waits ?? []) lines.push(`     ${waitText(w)}`);
      for (const c of gone.afterWaits ?? []) lines.push(commandText(c, '     '));
    }
    if (s.prune) {
      lines.push(`   $ ${pruneCommand(s.prune).join(' ')}   (at most ${s.prune.timeoutSeconds}s)`);
      lines.push('     (kinds whose API the cluster does not serve are left out when it runs)');
    }
  });
  return `${lines.join('\n')}\n`;
}
