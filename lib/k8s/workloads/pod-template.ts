import { ENVIRONMENT_LABEL, Platform, ResourceRequirements, stableHash } from '../../core';
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
  const writable = parts.filesystem.volumes();
  const security = containerSecurityContext(parts.filesystem.readOnlyRoot);
  const files = parts.files;
  const configMounts = activeConfigMounts(parts.configMounts, files).map((m) => ({
    name: 'config',
    mountPath: m.path,
    subPath: m.key,
    readOnly: true,
  }));
  const mounts = [...writable.map((w) => ({ name: w.name, mountPath: w.path })), ...configMounts, ...parts.mounts];
  const waits = parts.waitConditions.map((w) => w.container(parts.image, security));
  const seedInit: k8s.Container[] = writable.some((w) => w.seeded) ? [seedContainer(parts, security)] : [];
  const sidecars = sidecarContainers(parts.sidecars ?? [], security).map((c) => ({ ...c, restartPolicy: 'Always' }));
  const initContainers = [...sidecars, ...seedInit, ...waits, ...parts.initContainers];
  const envFrom = envFromSources(parts.envFrom);
  const containers = parts.containers.map((c): k8s.Container => ({
    name: c.name,
    image: parts.image,
    imagePullPolicy: 'IfNotPresent',
    command: c.command && [...c.command],
    args: c.args && [...c.args],
    workingDir: c.workingDir,
    ports: c.ports && [...c.ports],
    env: [...(c.env ?? []), ...parts.env],
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
  const { 'app.kubernetes.io/name': n, 'app.kubernetes.io/instance': i, ...rest } = parts.labels;
  const podLabels = { ...parts.selector, ...rest, ...parts.podLabels, 'app.kubernetes.io/name': n, 'app.kubernetes.io/instance': i };
  // The environment label selects objects for pruning; pods are owned by their controller.
  delete (podLabels as Record<string, string>)[ENVIRONMENT_LABEL];
  const volumes = [
    ...writable.map((w) => ({ name: w.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(parts.filesystem.sizeLimit) } })),
    ...(configMounts.length > 0 ? [{ name: 'config', configMap: { name: parts.configMapName } }] : []),
    ...parts.waitConditions.flatMap((w) => w.volumes()).filter((v, i, all) => all.findIndex((o) => o.name === v.name) === i),
    ...parts.volumes,
  ];
  return {
    metadata: {
      labels: podLabels,
      annotations:
        Object.keys(files).length + Object.keys(parts.podAnnotations ?? {}).length > 0
          ? {
              ...parts.podAnnotations,
              ...(Object.keys(files).length > 0 ? { [CONFIG_HASH_ANNOTATION]: stableHash(JSON.stringify(files), 16) } : {}),
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
