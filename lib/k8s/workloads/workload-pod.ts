import { OmsConfigError } from '../../core';
import { ConnectionBinding } from '../connections/connection';
import { k8s } from '../primitives/kube';
import { WaitCondition } from '../primitives/wait-condition';
import { SidecarSpec } from './pod-extras';
import { ConfigMount, PodTemplateParts } from './pod-template';

/** The pod template parts a workload collects through its add-methods. */
export type CollectedPodParts = Pick<
  PodTemplateParts,
  'configMounts' | 'mounts' | 'volumes' | 'waitConditions' | 'initContainers' | 'sidecars' | 'podLabels' | 'podAnnotations' | 'pullSecrets'
>;

/**
 * What a workload adds to its pods besides its containers: variables,
 * volumes and mounts, init containers and sidecars, registry credentials,
 * pod labels and annotations. Repeated names and mount paths are refused
 * when added, with the workload's construct path.
 */
export class WorkloadPodParts {
  public readonly envVars = new Map<string, k8s.EnvVar>();
  public readonly volumes: k8s.Volume[] = [];
  public readonly mounts: k8s.VolumeMount[] = [];
  public readonly initContainers: k8s.Container[] = [];
  public readonly sidecars: SidecarSpec[] = [];
  public readonly pullSecrets: string[] = [];
  public readonly configMounts: ConfigMount[] = [];
  public readonly waitConditions: WaitCondition[] = [];
  public readonly podLabels: Record<string, string> = {};
  public readonly podAnnotations: Record<string, string> = {};

  public constructor(private readonly path: string) {}

  /** Sets a variable of every server container, once. */
  public putEnv(v: k8s.EnvVar): void {
    if (this.envVars.has(v.name))
      this.fail(`env["${v.name}"]`, 'must be set once (it is already set on this workload)', v.name, 'remove one of the two settings');
    this.envVars.set(v.name, v);
  }

  public addVolume(volume: k8s.Volume): void {
    if (this.volumes.some((v) => v.name === volume.name))
      this.fail('volumes', 'must not repeat a volume name', volume.name, 'give the volume another name');
    this.volumes.push(volume);
  }

  public addVolumeMount(mount: k8s.VolumeMount): void {
    if (this.mounts.some((m) => m.mountPath === mount.mountPath))
      this.fail('volumeMounts', 'must not mount two volumes at one path', mount.mountPath, 'choose another mount path');
    this.mounts.push(mount);
  }

  public addConfigFileMount(key: string, path: string): void {
    if (this.configMounts.some((m) => m.path === path) || this.mounts.some((m) => m.mountPath === path))
      this.fail('volumeMounts', 'must not mount two volumes at one path', path, 'choose another mount path');
    this.configMounts.push({ key, path });
  }

  public addPullSecret(secretName: string): void {
    if (!this.pullSecrets.includes(secretName)) this.pullSecrets.push(secretName);
  }

  /** The variables of the server containers: those set, then each connection's (a connection's value wins). */
  public env(bindings: readonly ConnectionBinding[]): k8s.EnvVar[] {
    // Rendered for every pod template: the variables in order, a connection's replacing one set before in its place.
    const vars = [...this.envVars.values()];
    let added: Map<string, number> | undefined;
    let own: Map<string, number> | undefined;
    const put = (v: k8s.EnvVar) => {
      const at = added?.get(v.name);
      if (at !== undefined) vars[at] = v;
      else if (this.envVars.has(v.name)) {
        own ??= new Map([...this.envVars.keys()].map((name, i) => [name, i]));
        vars[own.get(v.name)!] = v;
      } else (added ??= new Map()).set(v.name, vars.push(v) - 1);
    };
    for (const b of bindings) {
      for (const name of Object.keys(b.env)) put({ name, value: b.env[name] });
      for (const name of Object.keys(b.secretEnv)) {
        const ref = b.secretEnv[name];
        put({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } });
      }
    }
    return vars;
  }

  /** The pod template's parts: the workload's own, then those collected here (one object literal, no spread). */
  public templateParts(own: Omit<PodTemplateParts, keyof CollectedPodParts>): PodTemplateParts {
    return {
      name: own.name,
      image: own.image,
      platform: own.platform,
      filesystem: own.filesystem,
      files: own.files,
      configMapName: own.configMapName,
      envFrom: own.envFrom,
      scheduling: own.scheduling,
      containers: own.containers,
      env: own.env,
      resources: own.resources,
      labels: own.labels,
      selector: own.selector,
      identity: own.identity,
      mountToken: own.mountToken,
      terminationGracePeriodSeconds: own.terminationGracePeriodSeconds,
      restartPolicy: own.restartPolicy,
      configMounts: this.configMounts,
      mounts: this.mounts,
      volumes: this.volumes,
      waitConditions: this.waitConditions,
      initContainers: this.initContainers,
      sidecars: this.sidecars,
      podLabels: this.podLabels,
      podAnnotations: this.podAnnotations,
      pullSecrets: this.pullSecrets,
    };
  }

  private fail(property: string, rule: string, value: unknown, fix: string): never {
    throw new OmsConfigError(this.path, [{ property, rule, value, fix }]);
  }
}
