import { PHASE_LABEL, PRUNE_KINDS, PruneKind } from './apply-plan';

/**
 * What `kubectl diff` cannot see: objects made by hand in the environment's namespace, and fields a
 * person added to our objects. Pure functions over the live objects (`kubectl get -o json
 * --show-managed-fields`) and the synthesized ones.
 */

/**
 * The field manager of our apply: `npm run apply` runs `kubectl apply` (client-side), whose default
 * manager is `kubectl-client-side-apply`. A person running `kubectl apply` by hand writes under the
 * same name, so those changes are only found where they differ from dist/ (`kubectl diff`).
 */
export const APPLY_FIELD_MANAGER = 'kubectl-client-side-apply';

/**
 * Managers that are people at a terminal or a console: kubectl and oc subcommands (`kubectl-edit`,
 * `kubectl-patch`, `kubectl-scale`, `kubectl-label`, `kubectl-set`, `kubectl-replace`,
 * `kubectl-create`, a hand server-side apply as `kubectl`), and web consoles, whose requests carry
 * the browser's user agent (`Mozilla`). Controllers (kube-controller-manager for the
 * HorizontalPodAutoscaler's replicas, KEDA, Argo Rollouts, the secrets operator) are not: they do
 * what our objects ask.
 */
const HAND_MANAGER = /^(kubectl|oc)(-.+)?$|^Mozilla$/;

/** Operations tools whose writes are part of running the system, not a change to it. */
const OPERATIONS_MANAGERS = new Set([APPLY_FIELD_MANAGER, 'kubectl-argo-rollouts']);

/** Fields that running the system writes legitimately, whoever writes them. */
const LEGITIMATE_FIELDS = [
  /annotations\.kubectl\.kubernetes\.io\/restartedAt$/, // kubectl rollout restart
  /^metadata\.annotations\.kubectl\.kubernetes\.io\/last-applied-configuration$/, // client-side apply
  /^metadata\.annotations\.deployment\.kubernetes\.io\/revision$/,
];

/** Objects Kubernetes or OpenShift create in every namespace. */
const BUILT_IN = new Set([
  'ConfigMap kube-root-ca.crt',
  'ConfigMap openshift-service-ca.crt',
  'ServiceAccount default',
  'ServiceAccount builder',
  'ServiceAccount deployer',
  'ServiceAccount pipeline',
  'RoleBinding system:image-pullers',
  'RoleBinding system:image-builders',
  'RoleBinding system:deployers',
]);

/** A managedFields entry (metav1.ManagedFieldsEntry). */
export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly fieldsV1?: Record<string, unknown>;
}

/** A live object as `kubectl get -o json --show-managed-fields` returns it. */
export interface LiveObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly ownerReferences?: readonly unknown[];
    readonly managedFields?: readonly ManagedFieldsEntry[];
  };
}

/** One hand-made difference. */
export interface LiveFinding {
  /** `<Kind> <namespace>/<name>` */
  readonly object: string;
  readonly message: string;
}

const objectName = (o: LiveObject) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`;

/** The kinds drift lists in the namespace: the kinds pruning manages, those the cluster serves. */
export function listedKinds(servedResources: ReadonlySet<string>): PruneKind[] {
  return PRUNE_KINDS.filter((k) => servedResources.has(k.resource));
}

/**
 * Live objects that dist/ does not have: made by hand, or left by an apply that never pruned.
 * Not reported: objects a controller owns (ownerReferences), lifecycle-phase objects (they come and
 * go with their phase), and the objects the cluster makes in every namespace.
 * `desired` holds `<Kind> <namespace>/<name>` of every object in k8s/ and phases/.
 */
export function unmanagedObjects(live: readonly LiveObject[], desired: ReadonlySet<string>): LiveFinding[] {
  return live
    .filter((o) => !desired.has(objectName(o)))
    .filter((o) => (o.metadata.ownerReferences ?? []).length === 0)
    .filter((o) => o.metadata.labels?.[PHASE_LABEL] === undefined)
    .filter((o) => !BUILT_IN.has(`${o.kind} ${o.metadata.name}`))
    .map((o) => {
      const makers = [...new Set((o.metadata.managedFields ?? []).map((m) => m.manager).filter((m): m is string => !!m))];
      return {
        object: objectName(o),
        message: `not in dist/ (written by ${makers.length > 0 ? makers.join(', ') : 'an unknown manager'}). Fix: add it to the code, or delete it`,
      };
    })
    .sort((a, b) => (a.object < b.object ? -1 : 1));
}

/**
 * The leaf paths of a fieldsV1 set: `f:spec` -> `spec`, `k:{"name":"app"}` -> `[name=app]`,
 * `v:"x"` -> `[x]`; `.` (the element itself) is not a field of its own.
 */
export function fieldPaths(fields: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === '.') continue;
    let part: string;
    if (key.startsWith('f:')) part = `${prefix ? '.' : ''}${key.slice(2)}`;
    else if (key.startsWith('k:')) {
      const k = JSON.parse(key.slice(2)) as Record<string, unknown>;
      part = `[${Object.entries(k)
        .map(([n, v]) => `${n}=${String(v)}`)
        .join(',')}]`;
    } else if (key.startsWith('v:')) part = `[${String(JSON.parse(key.slice(2)))}]`;
    else part = `${prefix ? '.' : ''}${key}`;
    const children = value && typeof value === 'object' ? Object.keys(value).filter((k) => k !== '.') : [];
    if (children.length === 0) out.push(`${prefix}${part}`);
    else out.push(...fieldPaths(value as Record<string, unknown>, `${prefix}${part}`));
  }
  return out;
}

/** At most this many fields are named per manager; the rest are counted. */
const MAX_FIELDS = 8;

/**
 * Fields of our objects (those in `desired`) that a person owns (metadata.managedFields): someone
 * ran kubectl edit, patch, scale, label or set, or changed the object in a web console. Status
 * writes are never reported (controllers own status); neither are the fields running the system
 * writes. Objects dist/ does not have are reported whole by {@link unmanagedObjects}.
 */
export function handEditedFields(live: readonly LiveObject[], desired: ReadonlySet<string>): LiveFinding[] {
  const findings: LiveFinding[] = [];
  for (const o of live.filter((x) => desired.has(objectName(x)))) {
    for (const m of o.metadata.managedFields ?? []) {
      const manager = m.manager ?? '';
      if (m.subresource === 'status' || OPERATIONS_MANAGERS.has(manager) || !HAND_MANAGER.test(manager)) continue;
      const fields = fieldPaths(m.fieldsV1 ?? {}).filter((f) => !LEGITIMATE_FIELDS.some((r) => r.test(f)));
      if (fields.length === 0) continue;
      const shown = fields.slice(0, MAX_FIELDS).join(', ');
      const more = fields.length > MAX_FIELDS ? ` and ${fields.length - MAX_FIELDS} more` : '';
      const via = m.subresource ? ` through /${m.subresource}` : '';
      findings.push({
        object: objectName(o),
        message: `${manager} (${m.operation ?? 'Update'}${via}${m.time ? `, ${m.time}` : ''}) owns ${shown}${more}. Fix: put the change in the code and apply it, or undo it`,
      });
    }
  }
  return findings.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}
