import { parseAllDocuments } from 'yaml';
import { Stage } from '../core';

/** A file of an environment's output. */
export interface PlanInputFile {
  readonly path: string;
  readonly content: string;
}

/** One step of a plan: commands run in order from the environment's output folder. */
export interface PlanStep {
  readonly name: string;
  readonly description: string;
  /** Each command as argv (no shell). */
  readonly commands: string[][];
  /** Run the step only when this command succeeds (makes teardown safe to repeat). @default always */
  readonly onlyIf?: string[];
}

/** An ordered list of steps for one environment. */
export interface Plan {
  readonly environment: string;
  readonly stage?: Stage;
  readonly steps: PlanStep[];
}

const CONFIG_KINDS = new Set(['ConfigMap', 'ExternalSecret', 'ServiceAccount', 'PersistentVolumeClaim', 'Secret']);
const ROUTING_KINDS = new Set(['Ingress', 'Route']);
/** Never pruned: deleting them loses data or everything else. */
const NEVER_PRUNED = new Set(['Namespace', 'PersistentVolumeClaim']);

function docs(file: PlanInputFile): Record<string, any>[] {
  return parseAllDocuments(file.content)
    .map((d) => d.toJS() as Record<string, any>)
    .filter((d) => d && d.kind);
}

function gvk(m: Record<string, any>): string {
  const [group, version] = String(m.apiVersion).includes('/') ? String(m.apiVersion).split('/') : ['core', m.apiVersion];
  return `${group}/${version}/${m.kind}`;
}

/**
 * The order in which CI applies an environment: Terraform first (the cluster,
 * database and secrets must exist), then the namespace and its ceilings,
 * configuration and ExternalSecrets (waiting until the Secrets exist), data
 * services, the workloads, the routing, and finally a pruning apply that
 * removes objects deleted from the code, selected by the environment label and
 * never touching namespaces or volumes. Lifecycle phases are separate plans
 * ({@link phasePlan}): workloads that depend on them wait in their init containers.
 */
export function applyPlan(environment: string, files: readonly PlanInputFile[], stage?: Stage): Plan {
  const ns = ['-n', environment];
  const k8sFiles = files.filter((f) => f.path.startsWith('k8s/')).map((f) => ({ path: f.path, objects: docs(f) }));
  const steps: PlanStep[] = [];
  if (files.some((f) => f.path.startsWith('aws/'))) {
    steps.push({
      name: 'terraform',
      description: 'AWS backing services (network, cluster, database, cache, secrets)',
      commands: [
        ['terraform', '-chdir=aws', 'init', '-input=false'],
        ['terraform', '-chdir=aws', 'apply', '-input=false', '-auto-approve'],
      ],
    });
  }
  const environmentFile = k8sFiles.find((f) => f.path === 'k8s/environment.yaml');
  if (environmentFile) {
    steps.push({
      name: 'namespace',
      description: 'the namespace, its quota, limits and default-deny policies',
      commands: [['kubectl', 'apply', '-f', environmentFile.path]],
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
  if (config.length > 0) {
    const externalSecrets = config.flatMap((f) =>
      f.objects.filter((o) => o.kind === 'ExternalSecret').map((o) => `externalsecret/${o.metadata.name}`),
    );
    steps.push({
      name: 'config',
      description: 'configuration, service accounts, volumes and ExternalSecrets (waits until the Secrets are synced)',
      commands: [
        ...config.map((f) => ['kubectl', 'apply', '-f', f.path]),
        ...(externalSecrets.length > 0 ? [['kubectl', 'wait', '--for=condition=Ready', ...externalSecrets, ...ns, '--timeout=5m']] : []),
      ],
    });
  }
  if (data.length > 0) {
    const sets = data.flatMap((f) => f.objects.filter((o) => o.kind === 'StatefulSet').map((o) => `statefulset/${o.metadata.name}`));
    steps.push({
      name: 'data-services',
      description: 'in-cluster database and broker (waits until they are ready)',
      commands: [
        ...data.map((f) => ['kubectl', 'apply', '-f', f.path]),
        ...sets.map((s) => ['kubectl', 'rollout', 'status', s, ...ns, '--timeout=15m']),
      ],
    });
  }
  if (workloads.length > 0) {
    steps.push({
      name: 'workloads',
      description: 'app servers, agent pools, blue-green pairs and their autoscaling',
      commands: workloads.map((f) => ['kubectl', 'apply', '-f', f.path]),
    });
  }
  if (routing.length > 0) {
    steps.push({
      name: 'routing',
      description: 'the routing entry point (Ingress or Routes), last so it never points at missing Services',
      commands: routing.map((f) => ['kubectl', 'apply', '-f', f.path]),
    });
  }
  const kinds = [
    ...new Set(
      k8sFiles
        .flatMap((f) => f.objects)
        .filter((o) => !NEVER_PRUNED.has(o.kind))
        .map(gvk),
    ),
  ].sort();
  if (kinds.length > 0) {
    steps.push({
      name: 'prune',
      description: 'removes objects deleted from the code: only this environment, never namespaces or volumes',
      commands: [
        [
          'kubectl',
          'apply',
          '-f',
          'k8s/',
          '--prune',
          '-l',
          `oms.platform/environment=${environment}`,
          ...kinds.flatMap((k) => ['--prune-allowlist', k]),
        ],
      ],
    });
  }
  return { environment, stage, steps };
}

/**
 * The plan of one lifecycle phase: apply the phase's Jobs, then wait until
 * they complete. CI runs it when the phase is due (install on a new
 * environment, upgrade before a new release, rollback, test, uninstall).
 */
export function phasePlan(environment: string, phase: string, files: readonly PlanInputFile[], stage?: Stage): Plan | undefined {
  const phaseFiles = files.filter((f) => f.path.startsWith(`phases/${phase}/`)).map((f) => ({ path: f.path, objects: docs(f) }));
  if (phaseFiles.length === 0) return undefined;
  const jobs = phaseFiles.flatMap((f) => f.objects.filter((o) => o.kind === 'Job').map((o) => `job/${o.metadata.name}`));
  return {
    environment,
    stage,
    steps: [
      {
        name: phase,
        description: `the ${phase} Jobs, waited for until they complete`,
        commands: [
          ...phaseFiles.map((f) => ['kubectl', 'apply', '-f', f.path]),
          ...(jobs.length > 0 ? [['kubectl', 'wait', '--for=condition=complete', ...jobs, '-n', environment, '--timeout=2h']] : []),
        ],
      },
    ],
  };
}

/** The plan of every phase that has Jobs, by phase. */
export function phasePlans(environment: string, files: readonly PlanInputFile[], stage?: Stage): Record<string, Plan> {
  const phases = [...new Set(files.filter((f) => f.path.startsWith('phases/')).map((f) => f.path.split('/')[1]))].sort();
  const plans: Record<string, Plan> = {};
  for (const phase of phases) {
    const plan = phasePlan(environment, phase, files, stage);
    if (plan) plans[phase] = plan;
  }
  return plans;
}

/**
 * What a merged branch's pipeline runs to remove its environment, leaving
 * nothing behind, and safe to run twice: the uninstall Jobs (drop the
 * database and user) while the namespace still exists, then the namespace,
 * then the AWS resources and their state. Only disposable (branch) environments have one.
 */
export function teardownPlan(environment: string, files: readonly PlanInputFile[], stage?: Stage): Plan | undefined {
  if (stage !== 'branch') return undefined;
  const exists = ['kubectl', 'get', 'namespace', environment];
  const steps: PlanStep[] = [];
  const uninstall = phasePlan(environment, 'uninstall', files, stage);
  if (uninstall) {
    steps.push({
      ...uninstall.steps[0],
      name: 'uninstall-jobs',
      description: 'drop the environment database and user (skipped when the namespace is already gone)',
      onlyIf: exists,
    });
  }
  steps.push({
    name: 'namespace',
    description: 'delete the namespace and everything in it',
    commands: [['kubectl', 'delete', 'namespace', environment, '--ignore-not-found', '--wait=true']],
  });
  if (files.some((f) => f.path.startsWith('aws/'))) {
    steps.push({
      name: 'terraform',
      description: 'destroy the AWS resources of the environment (a no-op when already destroyed)',
      commands: [
        ['terraform', '-chdir=aws', 'init', '-input=false'],
        ['terraform', '-chdir=aws', 'destroy', '-input=false', '-auto-approve'],
      ],
    });
  }
  return { environment, stage, steps };
}

/** A plan as readable text (what `--dry-run` prints). */
export function formatPlan(plan: Plan): string {
  const lines = [`# ${plan.environment}${plan.stage ? ` (${plan.stage})` : ''}`];
  plan.steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.name}: ${s.description}`);
    if (s.onlyIf) lines.push(`   only if: ${s.onlyIf.join(' ')}`);
    for (const c of s.commands) lines.push(`   $ ${c.join(' ')}`);
  });
  return `${lines.join('\n')}\n`;
}
