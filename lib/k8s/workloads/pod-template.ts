import { ENVIRONMENT_LABEL, Platform, ResourceRequirements, stableHash } from '../../core';
import { memoizedByString } from '../../core/memo';
import { k8s } from '../primitives/kube';
import { PodIdentity, containerSecurityContext, podSecurityContext } from '../primitives/pod-security';
import { WaitCondition } from '../primitives/wait-condition';
import { Filesystem } from './filesystem';
import { toK8sResources } from './resources';
import type { ContainerSpec } from './workload';
import { EnvFromSources, Scheduling, SidecarSpec, envFromSources, schedulingAffinity, sidecarContainers } from './pod-extras';

/** Pod annotation carrying a hash of the workload's configuration, so a change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = 'checksum/config';

/** A configuration file mounted into the server containers: its ConfigMap key and where it goes. */
export interface ConfigMount {
  readonly key: string;
  readonly path: string;
}

/** Everything a workload's pod template is made of, as it stands when the template renders. */
export interface PodTemplateParts {
  /** The workload's name: its ServiceAccount. */
  readonly name: string;
  readonly image: string;
  readonly platform: Platform;
  readonly filesystem: Filesystem;
  /** The configuration files, rendered. */
  readonly files: Readonly<Record<string, string>>;
  readonly configMapName: string;
  readonly configMounts: readonly ConfigMount[];
  readonly mounts: readonly k8s.VolumeMount[];
  readonly volumes: readonly k8s.Volume[];
  readonly waitConditions: readonly WaitCondition[];
  readonly initContainers: readonly k8s.Container[];
  /** Native sidecars: first among the init containers, so they run before the others and the servers. */
  readonly sidecars?: readonly SidecarSpec[];
  /** Whole ConfigMaps and Secrets as variables of the server containers. */
  readonly envFrom?: EnvFromSources;
  /** Node and pod affinity. */
  readonly scheduling?: Scheduling;
  readonly containers: readonly ContainerSpec[];
  /** The environment of every server container, after the containers' own. */
  readonly env: readonly k8s.EnvVar[];
  /** Requests and limits of one server container. */
  readonly resources: ResourceRequirements;
  /** The workload's labels; the pods get them without the environment label. */
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Annotations of the pods, beside the configuration hash. @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly pullSecrets: readonly string[];
  readonly identity: PodIdentity;
  readonly mountToken: boolean;
  readonly terminationGracePeriodSeconds: number;
  /** `'Never'` for run-to-completion pods (Jobs), which are not spread. @default the controller's */
  readonly restartPolicy?: 'Never';
}

/** The configuration mounts whose file has content (an empty file would hide one baked into the image). */
export function activeConfigMounts(mounts: readonly ConfigMount[], files: Readonly<Record<string, string>>): ConfigMount[] {
  return mounts.filter((m) => files[m.key] !== undefined);
}

/** A workload's pod template: server containers, init containers, volumes, security and spreading. */
export function renderPodTemplate(parts: PodTemplateParts): k8s.PodTemplateSpec {
  // Rendered for every workload at every synthesis: plain loops, and nothing built that is not part of the result.
  const writable = parts.filesystem.volumes();
  const security = containerSecurityContext(parts.filesystem.readOnlyRoot);
  const files = parts.files;
  const mounts: k8s.VolumeMount[] = [];
  for (const w of writable) mounts.push({ name: w.name, mountPath: w.path });
  let configMounted = false;
  for (const m of parts.configMounts) {
    // A configuration file without content is not mounted (an empty file would hide one baked into the image).
    if (files[m.key] === undefined) continue;
    mounts.push({ name: 'config', mountPath: m.path, subPath: m.key, readOnly: true });
    configMounted = true;
  }
  for (const m of parts.mounts) mounts.push(m);
  const initContainers: k8s.Container[] = [];
  for (const c of sidecarContainers(parts.sidecars ?? [], security)) initContainers.push({ ...c, restartPolicy: 'Always' });
  if (writable.some((w) => w.seeded)) initContainers.push(seedContainer(parts, security));
  for (const w of parts.waitConditions) initContainers.push(w.container(parts.image, security));
  for (const c of parts.initContainers) initContainers.push(c);
  const envFrom = envFromSources(parts.envFrom);
  const containers = parts.containers.map((c): k8s.Container => ({
    name: c.name,
    image: parts.image,
    imagePullPolicy: 'IfNotPresent',
    command: c.command && [...c.command],
    args: c.args && [...c.args],
    workingDir: c.workingDir,
    ports: c.ports && [...c.ports],
    env: c.env === undefined ? [...parts.env] : [...c.env, ...parts.env],
    envFrom,
    resources: toK8sResources(parts.resources),
    startupProbe: c.probes?.startup?.toProbe(),
    readinessProbe: c.probes?.readiness?.toProbe(),
    livenessProbe: c.probes?.liveness?.toProbe(),
    lifecycle: c.preStop && { preStop: c.preStop },
    securityContext: security,
    volumeMounts: mounts.length > 0 ? mounts : undefined,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  }));
  const volumes: k8s.Volume[] = [];
  for (const w of writable) volumes.push({ name: w.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(parts.filesystem.sizeLimit) } });
  if (configMounted) volumes.push({ name: 'config', configMap: { name: parts.configMapName } });
  if (parts.waitConditions.length > 0) {
    const waitVolumes = parts.waitConditions.flatMap((w) => w.volumes());
    volumes.push(...waitVolumes.filter((v, i, all) => all.findIndex((o) => o.name === v.name) === i));
  }
  for (const v of parts.volumes) volumes.push(v);
  const fileCount = Object.keys(files).length;
  return {
    metadata: {
      labels: podLabels(parts),
      annotations:
        fileCount + Object.keys(parts.podAnnotations ?? {}).length > 0
          ? {
              ...parts.podAnnotations,
              ...(fileCount > 0 ? { [CONFIG_HASH_ANNOTATION]: stableHash(filesJson(files), 16) } : {}),
            }
          : undefined,
    },
    spec: {
      serviceAccountName: parts.name,
      automountServiceAccountToken: parts.mountToken,
      enableServiceLinks: false,
      imagePullSecrets: parts.pullSecrets.length > 0 ? parts.pullSecrets.map((name) => ({ name })) : undefined,
      securityContext: podSecurityContext(parts.platform, parts.identity),
      terminationGracePeriodSeconds: parts.terminationGracePeriodSeconds,
      restartPolicy: parts.restartPolicy,
      initContainers: initContainers.length > 0 ? initContainers : undefined,
      containers,
      volumes: volumes.length > 0 ? volumes : undefined,
      affinity: schedulingAffinity(parts.scheduling),
      topologySpreadConstraints: parts.restartPolicy
        ? undefined
        : [spread('topology.kubernetes.io/zone', parts.selector), spread('kubernetes.io/hostname', parts.selector)],
    },
  };
}

/** `JSON.stringify` of one file's content, remembered: most files (server.xml, the overrides) are alike on every service. */
const fileJson = memoizedByString((content: string) => JSON.stringify(content), 256, 65536);

/** `JSON.stringify(files)` (the configuration hash's input), from each file's remembered JSON text. */
function filesJson(files: Readonly<Record<string, string>>): string {
  let json = '';
  for (const key of Object.keys(files)) {
    const content = files[key];
    // JSON.stringify writes an object's own keys in this order; any value but a string goes its own way.
    if (typeof content !== 'string') return JSON.stringify(files);
    json += `${json === '' ? '{' : ','}${JSON.stringify(key)}:${fileJson(content)}`;
  }
  return json === '' ? '{}' : `${json}}`;
}

const NAME_LABEL = 'app.kubernetes.io/name';
const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/**
 * The pods' labels: the selector, the workload's other labels and the pod labels, then its name and instance;
 * without the environment label, which selects objects for pruning (pods are owned by their controller).
 */
function podLabels(parts: PodTemplateParts): Record<string, string> {
  const labels: Record<string, string> = {};
  const copy = (from: Readonly<Record<string, string>>, skip?: (key: string) => boolean) => {
    for (const key of Object.keys(from)) if (key !== ENVIRONMENT_LABEL && !skip?.(key)) labels[key] = from[key];
  };
  copy(parts.selector);
  copy(parts.labels, (key) => key === NAME_LABEL || key === INSTANCE_LABEL);
  copy(parts.podLabels);
  labels[NAME_LABEL] = parts.labels[NAME_LABEL];
  labels[INSTANCE_LABEL] = parts.labels[INSTANCE_LABEL];
  return labels;
}

/** Copies the image's content of every seeded path into its volume before the servers start. */
function seedContainer(parts: PodTemplateParts, security: k8s.SecurityContext): k8s.Container {
  const seeded = parts.filesystem.volumes().filter((w) => w.seeded);
  // Paths are arguments, never part of the script text.
  const pairs = seeded.flatMap((w, i) => [w.path, `/seed/${i}`]);
  return {
    name: 'seed-writable-paths',
    image: parts.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', 'set -eu; while [ "$#" -gt 1 ]; do cp -a "$1/." "$2/"; shift 2; done', 'seed', ...pairs],
    resources: toK8sResources({ cpu: { request: '100m', limit: '500m' }, memory: { request: '128Mi', limit: '256Mi' } }),
    securityContext: security,
    volumeMounts: seeded.map((w, i) => ({ name: w.name, mountPath: `/seed/${i}` })),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

function spread(topologyKey: string, selector: Readonly<Record<string, string>>): k8s.TopologySpreadConstraint {
  return {
    topologyKey,
    maxSkew: 1,
    // ScheduleAnyway keeps scale-up possible when a zone is full; the scheduler still prefers spreading.
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
    // Count only pods of the same revision, so a rollout does not skew against old pods.
    matchLabelKeys: ['pod-template-hash'],
  };
}
