import { parseAllDocuments, stringify } from 'yaml';
import { PHASE_LABEL, Plan } from '../review/apply-plan';

/** A file of an environment's output. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
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

function rewrite(content: string, change: (doc: Record<string, any>) => void): string {
  const docs = parseAllDocuments(content)
    .map((d) => d.toJS() as Record<string, any> | null)
    .filter((d): d is Record<string, any> => d !== null && typeof d === 'object');
  for (const d of docs) change(d);
  // The same rendering as the Kubernetes layer uses, so the files read the same.
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

const set = (doc: Record<string, any>, field: 'labels' | 'annotations', values: Record<string, string>) => {
  doc.metadata = { ...doc.metadata, [field]: { ...(doc.metadata?.[field] ?? {}), ...values } };
};

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
    if (wave !== undefined) {
      out.push({ path: f.path, content: rewrite(f.content, (d) => set(d, 'annotations', { [SYNC_WAVE]: String(wave) })) });
      resources.push({ path: f.path, order: wave });
    } else if (phase !== undefined && f.path.endsWith('.yaml')) {
      const hook = PHASE_HOOKS[phase];
      out.push({
        path: f.path,
        content: rewrite(f.content, (d) => {
          set(d, 'labels', { [PHASE_LABEL]: phase });
          if (hook) set(d, 'annotations', { [HOOK]: hook, [HOOK_DELETE_POLICY]: 'BeforeHookCreation' });
        }),
      });
      if (hook) resources.push({ path: f.path, order: hook === 'PreSync' ? -1 : KUBE_STEPS.length });
    } else out.push(f);
  }
  if (resources.length > 0) {
    const ordered = resources.sort((a, b) => a.order - b.order || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((r) => r.path);
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ordered };
    out.push({ path: 'kustomization.yaml', content: stringify(kustomization, { lineWidth: 0 }) });
  }
  return out;
}
