import { toYamlDocuments } from '../core/yaml-emitter';
import { yamlFile } from '../k8s/output/render';
import { PHASE_LABEL, Plan } from '../review/apply-plan';

/** A file of an environment's output; Kubernetes YAML files carry the objects they hold. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
  readonly objects?: readonly Record<string, any>[];
}

/** Argo CD annotations. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const HOOK = 'argocd.argoproj.io/hook';
export const HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';

/** The component label of IBM's data setup Job, and of the database administration Jobs it needs first. */
const COMPONENT = 'app.kubernetes.io/component';
const DATA_SETUP_COMPONENTS = new Set(['data-setup']);
const DATABASE_COMPONENTS = new Set(['database-admin']);

/**
 * The sync waves, in order: each step of the apply plan has one, and data setup sits between the
 * data services (and the database administration Jobs) it needs and the workloads that wait for it.
 * Argo CD applies a wave only once every resource of the waves before it is healthy, and a Job is
 * healthy once it has completed (argo-cd.readthedocs.io, user-guide/sync-waves: "How Does It Work?").
 */
export const WAVES = { namespace: 0, config: 1, 'data-services': 2, 'data-setup': 3, workloads: 4, routing: 5 } as const;

/**
 * The Argo CD hook of each lifecycle phase the Argo CD output holds. Install runs in the Sync phase at
 * the data-setup wave, so after the in-cluster database and broker are healthy (PreSync hooks would run
 * before any of them exists); the smoke test after the sync; uninstall (the database drop) only when
 * the Application is deleted, and before its resources are (PreDelete: only on deletion of the whole
 * Application, never on a sync or prune; the drop still finds its namespace, ServiceAccount and
 * credentials, which PostDelete would run after). PreDelete is documented from Argo CD 3.4's user guide
 * (3.2's lists PostDelete only): run a release that documents it. Upgrade, rollback, drain and
 * rollout stay out: an environment's upgrade is a declared change of its data lifecycle, rendered
 * with the environment, and the others run on purpose (`apply <env> --phase <phase>`). Source:
 * argo-cd.readthedocs.io, user-guide/sync-waves (hook types and their phases).
 */
export const PHASE_HOOKS: Readonly<Record<string, { readonly hook: string; readonly wave?: number }>> = {
  install: { hook: 'Sync', wave: WAVES['data-setup'] },
  test: { hook: 'PostSync' },
  uninstall: { hook: 'PreDelete' },
};

/** The phases Flux runs, each as its own Flux Kustomization after the environment's. */
const FLUX_PHASES = ['install'];

/** Where the Flux Kustomizations find the published output: a GitRepository of the rendered-manifests branch. */
export const FLUX_SOURCE = { kind: 'GitRepository', name: 'oms-rendered', namespace: 'flux-system' } as const;

/**
 * The file with `change` applied to a copy of each of its objects (the rendered objects stay as
 * they were), written the same way the Kubernetes layer writes. Works on the objects in memory:
 * our own output is never parsed back.
 */
function rewrite(file: OutputFile & { objects: readonly Record<string, any>[] }, change: (doc: Record<string, any>) => void): OutputFile {
  const docs = file.objects.filter((d) => d !== null && typeof d === 'object').map((d) => ({ ...d }));
  for (const d of docs) change(d);
  return yamlFile(file.path, docs);
}

const set = (doc: Record<string, any>, field: 'labels' | 'annotations', values: Record<string, string>) => {
  doc.metadata = { ...doc.metadata, [field]: { ...(doc.metadata?.[field] ?? {}), ...values } };
};
const hasObjects = (f: OutputFile): f is OutputFile & { objects: readonly Record<string, any>[] } => f.objects !== undefined;
const jobComponents = (f: OutputFile) =>
  (f.objects ?? []).filter((o) => o?.kind === 'Job').map((o) => o.metadata?.labels?.[COMPONENT] as string | undefined);

/** The sync wave of each Kubernetes file: its apply step's, or the data-setup wave for the data setup Job's file. */
export function syncWaves(plan: Plan, files: readonly OutputFile[] = []): Map<string, number> {
  const waves = new Map<string, number>();
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const step of plan.steps) {
    const wave = (WAVES as Record<string, number>)[step.name];
    if (wave === undefined) continue;
    for (const c of step.commands) {
      if (c.argv[1] !== 'apply' || c.argv[2] !== '-f') continue;
      const jobs = jobComponents(byPath.get(c.argv[3]) ?? { path: '', content: '' });
      const own = jobs.some((j) => j !== undefined && DATA_SETUP_COMPONENTS.has(j))
        ? WAVES['data-setup']
        : jobs.length > 0 && jobs.every((j) => j !== undefined && DATABASE_COMPONENTS.has(j))
          ? Math.min(wave, WAVES['data-services'])
          : wave;
      waves.set(c.argv[3], own);
    }
  }
  return waves;
}

const kustomization = (resources: readonly string[]) =>
  toYamlDocuments([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] }]);

/** The name of the kustomizations written beside manifests. */
export const KUSTOMIZATION = 'Kustomization';

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Makes an environment's output consumable by Argo CD or Flux as it is:
 * - `kustomization.yaml` (naming `k8s/Kustomization`): the environment, what `kubectl apply -k`
 *   and Flux apply as is, every object carrying the sync wave of its apply step. It never holds a lifecycle phase, so never a database
 *   drop, and at most one data setup: the one the environment declares for its release (create, or
 *   backup and upgrade), rendered with it;
 * - `phases/<phase>/Kustomization` for install, test and uninstall, whose objects carry their
 *   phase label (which keeps them out of pruning) and their Argo CD hook;
 * - `argocd/Kustomization`: what an Argo CD Application syncs: the environment, the install
 *   phase at the data-setup wave, the smoke test after the sync, the uninstall on deletion;
 * - `flux/kustomizations.yaml`: Flux Kustomizations for the environment and its install phase, which
 *   depends on it (see {@link fluxKustomizations}).
 */
export function gitopsFiles(files: readonly OutputFile[], plan: Plan, environment?: string): OutputFile[] {
  const waves = syncWaves(plan, files);
  const out: OutputFile[] = [];
  const resources: { path: string; order: number }[] = [];
  const phaseFiles = new Map<string, string[]>();
  for (const f of files) {
    const wave = waves.get(f.path);
    const phase = f.path.startsWith('phases/') ? f.path.split('/')[1] : undefined;
    if (wave !== undefined && hasObjects(f)) {
      out.push(rewrite(f, (d) => set(d, 'annotations', { [SYNC_WAVE]: String(wave) })));
      resources.push({ path: f.path, order: wave });
    } else if (phase !== undefined && f.path.endsWith('.yaml') && hasObjects(f)) {
      const hook = PHASE_HOOKS[phase];
      out.push(
        rewrite(f, (d) => {
          set(d, 'labels', { [PHASE_LABEL]: phase });
          if (hook)
            set(d, 'annotations', {
              [HOOK]: hook.hook,
              [HOOK_DELETE_POLICY]: 'BeforeHookCreation',
              ...(hook.wave === undefined ? {} : { [SYNC_WAVE]: String(hook.wave) }),
            });
        }),
      );
      if (hook) phaseFiles.set(phase, [...(phaseFiles.get(phase) ?? []), f.path.slice(`phases/${phase}/`.length)]);
    } else out.push(f);
  }
  if (resources.length === 0) return out;
  // kustomize refuses a root that contains one it is reached from (`..` from argocd/ is a cycle), so
  // the environment's own list sits in k8s/, beside its files, and the root kustomization names k8s.
  // Beside manifests the file is named `Kustomization` (one of the three names kustomize reads), which
  // `kubectl apply -f k8s/` skips (it reads .yaml, .yml and .json only).
  const ordered = resources.sort((a, b) => a.order - b.order || byPath(a.path, b.path)).map((r) => r.path);
  const outside = ordered.filter((p) => !p.startsWith('k8s/') || p.slice(4).includes('/'));
  if (outside.length > 0) throw new Error(`GitOps output: environment files must sit directly in k8s/ (received ${outside.join(', ')})`);
  out.push({ path: `k8s/${KUSTOMIZATION}`, content: kustomization(ordered.map((p) => p.slice(4))) });
  out.push({ path: 'kustomization.yaml', content: kustomization(['k8s']) });
  const phases = Object.keys(PHASE_HOOKS).filter((p) => phaseFiles.has(p));
  for (const p of phases) out.push({ path: `phases/${p}/${KUSTOMIZATION}`, content: kustomization(phaseFiles.get(p)!.sort(byPath)) });
  out.push({ path: `argocd/${KUSTOMIZATION}`, content: kustomization(['../k8s', ...phases.map((p) => `../phases/${p}`)]) });
  if (environment !== undefined) {
    const flux = fluxKustomizations(
      environment,
      files,
      waves,
      FLUX_PHASES.filter((p) => phaseFiles.has(p)),
    );
    out.push(yamlFile('flux/kustomizations.yaml', flux));
  }
  return out;
}

/**
 * Flux Kustomizations (kustomize.toolkit.fluxcd.io/v1) for an environment published at `./<env>` of
 * the rendered-manifests branch:
 * - `<env>`: the environment. Its readiness waits for the in-cluster data services and the database
 *   administration Jobs only (`healthChecks`): the app servers wait in their pods for data setup, so
 *   waiting for them here would deadlock a phase that depends on it;
 * - `<env>-<phase>` (install): the phase's Jobs, `dependsOn` the environment, `wait: true` (ready once
 *   the Jobs have completed) and `force: true`.
 * Jobs are immutable: Flux applies an unchanged Job as a no-op, and `force` recreates one whose
 * template changed (fluxcd.io/flux/use-cases/running-jobs; the Kustomization API's `spec.force`).
 * Our Job names carry the release and a hash of what they run, and data setup checks its marker
 * first, so a Job recreated (for example after `ttlSecondsAfterFinished` removed it) does nothing.
 * Flux has no deletion hook: the uninstall phase is not synced by Flux (`npm run teardown`).
 */
export function fluxKustomizations(
  environment: string,
  files: readonly OutputFile[],
  waves: ReadonlyMap<string, number>,
  phases: readonly string[],
): Record<string, unknown>[] {
  const health: Record<string, string>[] = [];
  for (const f of files) {
    const wave = waves.get(f.path);
    if (wave === undefined || wave > WAVES['data-services']) continue;
    for (const o of f.objects ?? [])
      if (o?.kind === 'StatefulSet' || o?.kind === 'Job')
        health.push({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, namespace: o.metadata?.namespace ?? environment });
  }
  const base = (name: string, path: string) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: FLUX_SOURCE.namespace },
    spec: {
      interval: '10m',
      path,
      prune: true,
      sourceRef: { kind: FLUX_SOURCE.kind, name: FLUX_SOURCE.name },
      timeout: '30m',
    },
  });
  const env = base(environment, `./${environment}`);
  const docs: Record<string, unknown>[] = [
    { ...env, spec: { ...env.spec, force: true, ...(health.length > 0 ? { healthChecks: health } : {}) } },
  ];
  for (const p of phases) {
    const k = base(`${environment}-${p}`, `./${environment}/phases/${p}`);
    docs.push({ ...k, spec: { ...k.spec, dependsOn: [{ name: environment }], force: true, wait: true, timeout: '2h' } });
  }
  return docs;
}
