import {
  Problem,
  ResourceRequirements,
  configMapKeyViolation,
  envVarNameViolation,
  labelKeyViolation,
  portViolation,
  problemIf,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  unpinnedImageViolation,
  validateResources,
} from '../../core';
import { HealthProbe } from '../primitives/health-probe';
import { k8s } from '../primitives/kube';
import { toK8sResources } from './resources';

/**
 * What cdk8s-plus users expect on a pod beyond one server container: sidecars as first-class props, every key of a
 * ConfigMap or Secret as variables (`envFrom`), and scheduling helpers (attract, colocate, separate).
 */

/**
 * A container beside the server for the pod's whole life: a native sidecar (an init container with
 * `restartPolicy: Always`, Kubernetes 1.29+ by default): it starts before the server and stops after it.
 */
export interface SidecarSpec {
  /** Container name, a DNS-1123 label unique in the pod. */
  readonly name: string;
  /** Pinned image. */
  readonly image: string;
  /** CPU and memory requests and limits (counted in the environment's budget with the server's). */
  readonly resources: ResourceRequirements;
  /** Command. @default the image's */
  readonly command?: readonly string[];
  /** Arguments. @default none */
  readonly args?: readonly string[];
  /** Plain variables (never credentials). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Ports it listens on. @default none */
  readonly ports?: readonly number[];
  /** When the sidecar is ready (the server starts after it). @default none */
  readonly readiness?: HealthProbe;
}

/** Every key of a ConfigMap or a Secret as environment variables of the server containers. */
export interface EnvFromSources {
  /** ConfigMaps in the namespace. @default none */
  readonly configMaps?: readonly string[];
  /** Secrets in the namespace (their values never appear in the manifests). @default none */
  readonly secrets?: readonly string[];
  /** A prefix for every variable name. @default none */
  readonly prefix?: string;
}

/** Where the pods go, besides the zone and node spreading every workload has. */
export interface Scheduling {
  /** Only on nodes with these labels (required node affinity), e.g. `{ 'karpenter.sh/capacity-type': 'on-demand' }`. @default any node */
  readonly attract?: Readonly<Record<string, string>>;
  /** Preferably on the nodes of pods with these labels (preferred pod affinity), e.g. a cache it calls. @default none */
  readonly colocate?: Readonly<Record<string, string>>;
  /** Preferably away from the nodes of pods with these labels (preferred pod anti-affinity). @default none */
  readonly separate?: Readonly<Record<string, string>>;
}

/** The sidecars as native sidecar init containers (`restartPolicy: Always`, Kubernetes 1.28+). */
export function sidecarContainers(sidecars: readonly SidecarSpec[], security: k8s.SecurityContext): k8s.Container[] {
  return sidecars.map((s) => ({
    name: s.name,
    image: s.image,
    imagePullPolicy: 'IfNotPresent',
    restartPolicy: 'Always',
    command: s.command && [...s.command],
    args: s.args && [...s.args],
    env: Object.keys(s.env ?? {}).length > 0 ? Object.entries(s.env!).map(([name, value]) => ({ name, value })) : undefined,
    ports: s.ports?.map((containerPort) => ({ containerPort, protocol: 'TCP' })),
    resources: toK8sResources(s.resources),
    readinessProbe: s.readiness?.toProbe(),
    securityContext: security,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  }));
}

/** The `envFrom` of the server containers. */
export function envFromSources(sources: EnvFromSources | undefined): k8s.EnvFromSource[] | undefined {
  if (sources === undefined) return undefined;
  const list = [
    ...(sources.configMaps ?? []).map((name) => ({ configMapRef: { name }, prefix: sources.prefix })),
    ...(sources.secrets ?? []).map((name) => ({ secretRef: { name }, prefix: sources.prefix })),
  ];
  return list.length > 0 ? list : undefined;
}

/** The affinity of the pods, or `undefined` when nothing is asked. */
export function schedulingAffinity(s: Scheduling | undefined): k8s.Affinity | undefined {
  if (s === undefined) return undefined;
  const exprs = (labels: Readonly<Record<string, string>>) =>
    Object.entries(labels).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  const term = (labels: Readonly<Record<string, string>>) => [
    { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...labels } } } },
  ];
  const affinity: k8s.Affinity = {
    nodeAffinity: s.attract && {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs(s.attract) }] },
    },
    podAffinity: s.colocate && { preferredDuringSchedulingIgnoredDuringExecution: term(s.colocate) },
    podAntiAffinity: s.separate && { preferredDuringSchedulingIgnoredDuringExecution: term(s.separate) },
  };
  return affinity.nodeAffinity || affinity.podAffinity || affinity.podAntiAffinity ? affinity : undefined;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Every problem with the sidecars, envFrom and scheduling props; `taken` are the container names already used. */
export function podExtrasProblems(
  props: { sidecars?: readonly SidecarSpec[]; envFrom?: EnvFromSources; scheduling?: Scheduling },
  taken: readonly string[],
): Problem[] {
  // Most workloads have none of these: nothing to check.
  if ((props.sidecars === undefined || props.sidecars.length === 0) && props.envFrom === undefined && props.scheduling === undefined)
    return [];
  const problems: Problem[] = [];
  const names = new Set(taken);
  (props.sidecars ?? []).forEach((s, i) => {
    const at = `sidecars[${i}]`;
    const nameRule = dns1123LabelViolation(s.name);
    if (nameRule || names.has(s.name))
      problems.push({
        property: `${at}.name`,
        rule: nameRule ?? `must be unique in the pod ("${s.name}" is taken)`,
        value: s.name,
        fix: 'name the sidecar after what it runs, e.g. "envoy"',
      });
    names.add(s.name);
    const image = unpinnedImageViolation(s.image ?? '');
    if (image) problems.push({ property: `${at}.image`, rule: image, value: s.image, fix: 'pin the image to a tag or digest' });
    problems.push(...validateResources(`${at}.resources`, s.resources).problems);
    if (s.readiness) problems.push(...s.readiness.validate(`${at}.readiness`));
    problems.push(...sidecarProcessProblems(at, s));
  });
  const e = props.envFrom;
  for (const [kind, list] of [
    ['configMaps', e?.configMaps],
    ['secrets', e?.secrets],
  ] as const)
    (list ?? []).forEach((name, i) => {
      const rule = dns1123SubdomainViolation(name);
      if (rule) problems.push({ property: `envFrom.${kind}[${i}]`, rule, value: name, fix: 'use the object name as Kubernetes has it' });
    });
  if (e?.prefix !== undefined && configMapKeyViolation(e.prefix) !== undefined)
    problems.push({
      property: 'envFrom.prefix',
      rule: 'must be letters, digits, "-", "_" and "."',
      value: e.prefix,
      fix: 'use e.g. "APP_"',
    });
  for (const key of ['attract', 'colocate', 'separate'] as const) {
    const labels = props.scheduling?.[key];
    if (labels !== undefined && labels !== null && typeof labels === 'object' && Object.keys(labels).length === 0)
      problems.push({
        property: `scheduling.${key}`,
        rule:
          key === 'attract'
            ? 'must name at least one node label: a node selector term without requirements matches no node, so no pod would ever be scheduled'
            : 'must name at least one pod label: an empty selector matches every pod of the namespace',
        value: labels,
        fix: `give the labels, e.g. { "${key === 'attract' ? 'karpenter.sh/capacity-type": "on-demand' : 'app.kubernetes.io/name": "redis'}" }, or leave ${key} out`,
      });
    for (const [k, v] of Object.entries(labels ?? {}))
      if (labelKeyViolation(k) !== undefined || typeof v !== 'string' || !LABEL_VALUE.test(v))
        problems.push({
          property: `scheduling.${key}["${k}"]`,
          rule: 'must be a label key and value',
          value: v,
          fix: 'use labels as Kubernetes has them, e.g. { "topology.kubernetes.io/zone": "eu-west-1a" }',
        });
  }
  return problems;
}

/** A sidecar's command, variables and ports follow the server container's rules; its ports are its own. */
function sidecarProcessProblems(at: string, s: SidecarSpec): Problem[] {
  const problems: Problem[] = [];
  if (s.command !== undefined && (s.command.length === 0 || s.command.some((a) => typeof a !== 'string' || a.length === 0)))
    problems.push({
      property: `${at}.command`,
      rule: 'must be a non-empty list of non-empty strings',
      value: s.command,
      fix: "give the program and its arguments, or leave command out for the image's own",
    });
  for (const name of Object.keys(s.env ?? {}))
    problems.push(
      ...problemIf(`${at}.env["${name}"]`, name, envVarNameViolation(name), 'use letters, digits and "_", not starting with a digit'),
    );
  const ports = s.ports ?? [];
  ports.forEach((port, j) =>
    problems.push(
      ...problemIf(
        `${at}.ports`,
        port,
        portViolation(port) ?? (ports.indexOf(port) < j ? 'must not list a port twice' : undefined),
        'use the port the sidecar listens on',
      ),
    ),
  );
  return problems;
}
