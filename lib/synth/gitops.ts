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

/**
 * The Argo CD hook of each lifecycle phase: install and upgrade Jobs run before the sync (the
 * workloads wait for them), the smoke test after it, uninstall when the application is deleted.
 * Rollback has no hook: it is run on purpose (`apply <env> --phase rollback`), and stays out of the
 * kustomization.
 */
export const PHASE_HOOKS: Readonly<Record<string, string>> = {
  install: 'PreSync',
  upgrade: 'PreSync',
  test: 'PostSync',
  uninstall: 'PostDelete',
};

/** The Kubernetes steps of the apply plan, in order: each one's sync wave is its position. */
const KUBE_STEPS = ['namespace', 'config', 'data-services', 'workloads', 'routing'];

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

/** The sync wave of each Kubernetes file, from the step of the apply plan that applies it. */
export function syncWaves(plan: Plan): Map<string, number> {
  const waves = new Map<string, number>();
  for (const step of plan.steps) {
    const wave = KUBE_STEPS.indexOf(step.name);
    if (wave < 0) continue;
    for (const c of step.commands) if (c.argv[1] === 'apply' && c.argv[2] === '-f') waves.set(c.argv[3], wave);
  }
  return waves;
}

/**
 * Makes an environment's output consumable by Argo CD or Flux as it is: every Kubernetes object
 * carries the sync wave of its apply step, phase objects carry their phase label (which keeps them
 * out of pruning) and, where the phase has one, the Argo CD hook; `kustomization.yaml` lists the
 * files in apply order.
 */
export function gitopsFiles(files: readonly OutputFile[], plan: Plan): OutputFile[] {
  const waves = syncWaves(plan);
  const out: OutputFile[] = [];
  const resources: { path: string; order: number }[] = [];
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
          if (hook) set(d, 'annotations', { [HOOK]: hook, [HOOK_DELETE_POLICY]: 'BeforeHookCreation' });
        }),
      );
      if (hook) resources.push({ path: f.path, order: hook === 'PreSync' ? -1 : KUBE_STEPS.length });
    } else out.push(f);
  }
  if (resources.length > 0) {
    const ordered = resources.sort((a, b) => a.order - b.order || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((r) => r.path);
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ordered };
    out.push({ path: 'kustomization.yaml', content: toYamlDocuments([kustomization]) });
  }
  return out;
}
