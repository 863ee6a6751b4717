/** Every branch environment's name starts so (branchEnvironmentName). */
const BRANCH_ENVIRONMENT_PREFIX = 'br-';

/** Where the branch environments' ApplicationSet finds the published output, and where it deploys. */
export interface BranchApplicationSetInput {
  /** The Git repository the output is published to. */
  readonly repoURL: string;
  /** The rendered-manifests branch. */
  readonly revision: string;
  /** The Argo CD project. @default 'default' */
  readonly project?: string;
  /** The cluster's API address as Argo CD knows it. @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in) */
  readonly server?: string;
}

/**
 * An Argo CD ApplicationSet (argoproj.io/v1alpha1) with one Application per branch environment:
 * a Git directory generator over the rendered-manifests branch, where each branch environment is
 * one top-level folder (`br-...`) that `publish` adds when the branch is built and removes when it
 * is torn down. Each Application syncs `<env>/argocd` into the environment's namespace, pruning and
 * healing; removing the folder deletes the Application, and its finalizer deletes its resources,
 * so the PreDelete hook (the database drop) runs then.
 *
 * A directory generator, not the pull-request or SCM generator: the environment's name carries a
 * hash of the branch name (branchEnvironmentName), which an ApplicationSet template cannot compute;
 * the published folder carries the exact name. Source: Argo CD's operator manual,
 * applicationset/Generators-Git ("Git Generator: Directories"; `goTemplate` parameters
 * `.path.path` and `.path.basename`).
 */
export function branchApplicationSet(input: BranchApplicationSetInput): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'oms-branch-environments', namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ git: { repoURL: input.repoURL, revision: input.revision, directories: [{ path: `${BRANCH_ENVIRONMENT_PREFIX}*` }] } }],
      template: {
        metadata: {
          name: '{{.path.basename}}',
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
          labels: { 'oms.platform/environment': '{{.path.basename}}' },
        },
        spec: {
          project: input.project ?? 'default',
          source: { repoURL: input.repoURL, targetRevision: input.revision, path: '{{.path.path}}/argocd' },
          destination: { server: input.server ?? 'https://kubernetes.default.svc', namespace: '{{.path.basename}}' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, retry: { limit: 5 } },
        },
      },
    },
  };
}
