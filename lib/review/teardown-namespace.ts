// The teardown's database drop when the environment's namespace is gone or Terminating: the uninstall
// Jobs, with what they need, moved into a temporary namespace.
import { teardownNamespaceName } from '../core';
import { ENVIRONMENT_SELECTOR_LABEL, PHASE_LABEL, PlanInputFile, PlanWait, TIME_LIMITS } from './plan-model';

/** Where synthesis writes the uninstall Jobs as they run in the temporary namespace (applied by the teardown only). */
export const TEARDOWN_JOBS_FILE = 'teardown/uninstall-jobs.yaml';

/** The label of the temporary namespace: the environment it drops the database of. */
export const TEARDOWN_OF_LABEL = 'oms.platform/teardown-of';

/** The uninstall Jobs as they run in a temporary namespace, or why they cannot. */
export type TemporaryUninstall =
  | { readonly namespace: string; readonly file: PlanInputFile & { readonly objects: Record<string, any>[] }; readonly waits: PlanWait[] }
  | { readonly cannot: string };

type Obj = Record<string, any>;

const PSS = 'pod-security.kubernetes.io';

/** A pod spec's references to Secrets and ConfigMaps (env, envFrom, volumes), by kind. */
function referencesOf(pod: Obj): { secrets: Set<string>; configMaps: Set<string> } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])] as Obj[]) {
    for (const e of (c.env ?? []) as Obj[]) {
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
    }
    for (const e of (c.envFrom ?? []) as Obj[]) {
      if (e.secretRef?.name) secrets.add(e.secretRef.name);
      if (e.configMapRef?.name) configMaps.add(e.configMapRef.name);
    }
  }
  for (const v of (pod.volumes ?? []) as Obj[]) {
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    if (v.configMap?.name) configMaps.add(v.configMap.name);
  }
  return { secrets, configMaps };
}

/**
 * A copy of an object in the temporary namespace: Argo CD annotations dropped (Argo CD never syncs
 * it), the phase label set, so nothing that prunes the environment's own objects selects it.
 */
function moved(o: Obj, namespace: string): Obj {
  const copy = JSON.parse(JSON.stringify(o)) as Obj;
  const annotations = Object.fromEntries(
    Object.entries(copy.metadata?.annotations ?? {}).filter(([k]) => !k.startsWith('argocd.argoproj.io/')),
  );
  copy.metadata = { ...copy.metadata, namespace, labels: { ...copy.metadata?.labels, [PHASE_LABEL]: 'uninstall' } };
  if (Object.keys(annotations).length > 0) copy.metadata.annotations = annotations;
  else delete copy.metadata.annotations;
  return copy;
}

/**
 * The uninstall phase's Jobs moved into the namespace `<environment>-teardown-<hash>`, with exactly
 * what they need from the environment: their ServiceAccount (the AWS side binds the same identity
 * to that namespace), the ExternalSecrets that write the Secrets they read (the Secret values never
 * appear: the secrets operator fetches them again), the ConfigMaps they read, the phase's own
 * NetworkPolicies (the egress to the database and AWS), and the environment's namespace-wide
 * policies that admit nothing in (default deny, DNS). The namespace enforces Pod Security
 * "restricted". When a Job needs something the environment's output does not hold (a Secret no
 * ExternalSecret writes), the answer says which, and there is no such file.
 */
export function temporaryUninstall(environment: string, files: readonly PlanInputFile[]): TemporaryUninstall | undefined {
  const objectsUnder = (prefix: string) =>
    files
      .filter((f) => f.path.startsWith(prefix))
      .flatMap((f) => (f.objects ?? []).filter((o) => o !== null && typeof o === 'object' && o.kind));
  const phase = objectsUnder('phases/uninstall/');
  const jobs = phase.filter((o) => o.kind === 'Job');
  if (jobs.length === 0) return undefined;
  const own = objectsUnder('k8s/');
  const namespace = teardownNamespaceName(environment);
  const other = phase.find((o) => !['Job', 'NetworkPolicy', 'ServiceAccount', 'ConfigMap'].includes(o.kind));
  if (other)
    return { cannot: `the uninstall phase holds a ${other.kind} (${other.metadata?.name}), which is not moved to another namespace` };

  const needed: Obj[] = [];
  const find = (kind: string, name: string, nameOf: (o: Obj) => string = (o) => o.metadata?.name) =>
    [...phase, ...own].find((o) => o.kind === kind && nameOf(o) === name);
  const add = (o: Obj) => {
    if (!needed.includes(o)) needed.push(o);
  };
  for (const job of jobs) {
    const pod = (job.spec?.template?.spec ?? {}) as Obj;
    const account = pod.serviceAccountName ?? pod.serviceAccount;
    if (account !== undefined && account !== 'default') {
      const sa = find('ServiceAccount', account);
      if (!sa)
        return { cannot: `Job ${job.metadata?.name} runs as ServiceAccount ${account}, which the environment's output does not hold` };
      add(sa);
    }
    const { secrets, configMaps } = referencesOf(pod);
    for (const name of [...secrets].sort()) {
      const es = find('ExternalSecret', name, (o) => o.spec?.target?.name ?? o.metadata?.name);
      if (!es) return { cannot: `Job ${job.metadata?.name} reads Secret ${name}, which no ExternalSecret of the environment writes` };
      add(es);
    }
    for (const name of [...configMaps].sort()) {
      const cm = find('ConfigMap', name);
      if (!cm) return { cannot: `Job ${job.metadata?.name} reads ConfigMap ${name}, which the environment's output does not hold` };
      add(cm);
    }
  }
  const envNamespace = own.find((o) => o.kind === 'Namespace' && o.metadata?.name === environment);
  // Namespace-wide policies that admit nothing in: the default deny and the DNS egress.
  const namespacePolicies = own.filter(
    (o) =>
      o.kind === 'NetworkPolicy' &&
      Object.keys(o.spec?.podSelector ?? {}).length === 0 &&
      (o.spec?.ingress ?? []).length === 0 &&
      o.metadata?.namespace === environment,
  );
  const labels: Record<string, string> = { ...envNamespace?.metadata?.labels };
  delete labels[ENVIRONMENT_SELECTOR_LABEL];
  const ns: Obj = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        ...labels,
        [TEARDOWN_OF_LABEL]: environment,
        [`${PSS}/enforce`]: 'restricted',
        [`${PSS}/audit`]: 'restricted',
        [`${PSS}/warn`]: 'restricted',
      },
    },
  };
  const order = ['NetworkPolicy', 'ServiceAccount', 'ConfigMap', 'ExternalSecret'];
  const rest = [...namespacePolicies, ...phase.filter((o) => o.kind === 'NetworkPolicy'), ...needed].sort(
    (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind),
  );
  const objects = [ns, ...[...rest, ...jobs].map((o) => moved(o, namespace))];
  const waits: PlanWait[] = [
    ...objects
      .filter((o) => o.kind === 'ExternalSecret')
      .map((o) => ({ kind: 'ExternalSecret' as const, name: o.metadata.name, namespace, timeoutSeconds: TIME_LIMITS.externalSecret })),
    ...objects
      .filter((o) => o.kind === 'Job')
      .map((o) => ({ kind: 'Job' as const, name: o.metadata.name, namespace, timeoutSeconds: TIME_LIMITS.teardownJob })),
  ];
  return { namespace, file: { path: TEARDOWN_JOBS_FILE, objects }, waits };
}
