import { Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  EgressRule,
  ParsedResources,
  Problem,
  SecretKeyReference,
  formatProblem,
  imageVersion,
  joinName,
  selectorLabels,
  standardLabels,
  throwIfProblems,
  validateEgress,
  plainEnvVarProblems,
  secretEnvVarProblems,
  checkNewConstruct,
} from '../../core';
import { ConnectionBinding, IConnection } from '../connections/connection';
import { OmsEnvironment } from '../environment/oms-environment';
import { k8s } from '../primitives/kube';
import { PodIdentity } from '../primitives/pod-security';
import { WaitCondition } from '../primitives/wait-condition';
import { Filesystem } from './filesystem';
import { completedWorkloadProblems, validateWorkloadProps } from './validate-workload-props';
import { activeConfigMounts, renderPodTemplate } from './pod-template';
import { SidecarSpec, podExtrasProblems } from './pod-extras';
import { drawnWorkload, registerTopologyRole } from '../primitives/topology-role';
import { oncePerRender } from '../primitives/render-pass';
import { podResourceAmounts } from './resources';
import { callerProblems, connectionProblems, environmentAround, warnOfUnbuiltImage, workloadContext } from './workload-checks';
import {
  ControllerTarget,
  MAX_SURGE_PERCENT,
  workloadCpuAutoscaler,
  workloadDeployment,
  workloadDisruptionBudget,
} from './workload-controllers';
import { workloadEgress, workloadIngress, workloadNetworkPolicy } from './workload-network';
import { WorkloadConfigFiles } from './workload-config-files';
import { WorkloadPodParts } from './workload-pod';
import type { ContainerSpec, WorkloadPreset } from './workload-preset';
import type { WorkloadProps } from './workload-props';

export { CONFIG_HASH_ANNOTATION } from './pod-template';
export { MAX_SURGE_PERCENT } from './workload-controllers';
export type { ContainerSpec, WorkloadPreset } from './workload-preset';
export type { WorkloadProps } from './workload-props';

/**
 * The base of every server workload: a ServiceAccount without a token, its configuration files, a pod template
 * rendered at synthesis (so add-methods called after construction still show up), a NetworkPolicy, a
 * PodDisruptionBudget and autoscaler when the variant asks for them, and its share of the environment's budget.
 * Variants (`Microservice`, `OmsMicroservice`, `AgentPool`, ...) describe their containers and controller; the
 * controller is the child `Resource` (`node.defaultChild`).
 */
export abstract class Workload extends Construct {
  /** The environment a workload created in `scope` will belong to (variants resolve their defaults from it before construction). */
  public static environmentOf(scope: IConstruct, id: string, props?: unknown): OmsEnvironment {
    checkNewConstruct(scope, id, props);
    return environmentAround(scope, id);
  }

  /** The workload name (the construct id), also the name of its objects. */
  public readonly name: string;
  /** The environment it belongs to. */
  public readonly environment: OmsEnvironment;
  /** The image. */
  public readonly image: string;
  /** Fewest replicas. */
  public readonly minReplicas: number;
  /** Most replicas. */
  public readonly maxReplicas: number;
  /** The grace period. */
  public readonly terminationGracePeriodSeconds: number;
  /** The filesystem of the server containers. */
  public readonly filesystem: Filesystem;
  /** Labels of every object of the workload. */
  public readonly labels: Readonly<Record<string, string>>;
  /** Labels that select the workload's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The NetworkPolicy. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The ConfigMap with the workload's configuration files, once a file is added. */
  public configMap?: k8s.KubeConfigMap;
  /** The PodDisruptionBudget, when the variant keeps pods through disruptions. */
  public pdb?: k8s.KubePodDisruptionBudget;
  /** The CPU autoscaler, when one owns the replica count. */
  public hpa?: k8s.KubeHorizontalPodAutoscalerV2;

  /** The server containers; variants add theirs. */
  protected readonly containers: ContainerSpec[] = [];
  /** Requests and limits of one server container, parsed. */
  protected readonly parsedResources: ParsedResources;
  protected readonly props: WorkloadProps;
  private readonly podIdentity: Omit<PodIdentity, 'runAsUser'>;
  private readonly mountToken: boolean;
  private readonly connectionBinder: (connection: IConnection) => ConnectionBinding;
  private readonly pod = new WorkloadPodParts(this.node.path);
  private readonly egressRules: EgressRule[] = [];
  private readonly connectionList: IConnection[] = [];
  private readonly configFiles = new WorkloadConfigFiles(this);
  private readonly callers: { selector: Record<string, string>; ports: number[] }[] = [];
  private readonly callees: Workload[] = [];

  protected constructor(scope: Construct, id: string, props: WorkloadProps, preset: WorkloadPreset) {
    super(scope, id);
    registerTopologyRole(this, () => ({ role: 'workload', ...drawnWorkload(this) }));
    this.environment = OmsEnvironment.isOmsEnvironment(scope) ? scope : OmsEnvironment.find(this);
    const context = workloadContext(id, this.environment, preset);
    const result = validateWorkloadProps(props, context);
    // The server containers are named after the variant's role ("server", or each agent server): checked again at render.
    throwIfProblems(this.node.path, [...result.problems, ...preset.problems, ...podExtrasProblems(props, ['server'])]);
    warnOfUnbuiltImage(this, context, props.image);
    this.pod.sidecars.push(...(props.sidecars ?? []));
    this.props = props;
    this.parsedResources = result.parsed!;
    this.name = id;
    this.image = props.image;
    this.minReplicas = preset.replicas.min;
    this.maxReplicas = preset.replicas.max;
    this.terminationGracePeriodSeconds = preset.terminationGracePeriodSeconds;
    this.filesystem = props.filesystem ?? preset.filesystem;
    const environment = this.environment.environmentName;
    this.labels = standardLabels({
      name: id,
      environment,
      component: preset.component,
      partOf: preset.partOf,
      version: imageVersion(props.image),
    });
    this.selector = selectorLabels({ name: id, environment });
    this.runAsUser = props.runAsUser ?? preset.runAsUser;
    this.podIdentity = preset.podIdentity ?? {};
    this.mountToken = preset.mountServiceAccountToken === true;
    this.connectionBinder = preset.bindConnection ?? ((c) => c.binding());

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: this.metadata(),
      automountServiceAccountToken: false,
    });
    this.networkPolicy = workloadNetworkPolicy(this, this.metadata(), this.selector, {
      ingress: () => workloadIngress(this.ingressRules(), this.callers),
      egress: () =>
        workloadEgress(
          this.callees.map((c) => ({ selector: c.selector, ports: c.servingPorts() })),
          [...this.bindings().flatMap((b) => b.egress), ...this.egressRules],
        ),
    });

    for (const [name, value] of Object.entries(props.env ?? {}).sort(([a], [b]) => a.localeCompare(b))) this.addEnv(name, value);
    for (const [name, ref] of Object.entries(props.secretEnv ?? {}).sort(([a], [b]) => a.localeCompare(b))) this.addSecretEnv(name, ref);
    this.addEgress(...(props.egress ?? []));
    for (const s of props.imagePullSecrets ?? []) this.addImagePullSecret(s);
    for (const w of props.waitFor ?? []) this.addWaitCondition(w);
    this.connectTo(...(props.connections ?? []));
    this.environment.addFootprint(() => ({
      path: this.node.path,
      peakPods: this.peakPods(),
      requests: this.podAmounts('requests'),
      limits: this.podAmounts('limits'),
    }));
    this.node.addValidation({ validate: () => this.lateProblems().map(formatProblem) });
  }

  /** The UID on EKS. */
  public readonly runAsUser: number;

  /** Sets a plain environment variable on every server container. Credentials are refused: use {@link addSecretEnv}. */
  public addEnv(name: string, value: string): void {
    throwIfProblems(this.node.path, plainEnvVarProblems(name, value));
    this.pod.putEnv({ name, value });
  }

  /** Sets an environment variable from a key of an existing Secret; `optional` tolerates a missing key. */
  public addSecretEnv(name: string, ref: SecretKeyReference, options: { optional?: boolean } = {}): void {
    throwIfProblems(this.node.path, secretEnvVarProblems(name, ref));
    this.pod.putEnv({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key, optional: options.optional } } });
  }

  /** Sets an environment variable from a field of the pod (downward API), e.g. `status.podIP`. */
  public addFieldEnv(name: string, fieldPath: string): void {
    this.pod.putEnv({ name, valueFrom: { fieldRef: { fieldPath } } });
  }

  /** Adds a volume to the pods (mount it with {@link addVolumeMount}). */
  public addVolume(volume: k8s.Volume): void {
    this.pod.addVolume(volume);
  }

  /** Mounts a volume into every server container. */
  public addVolumeMount(mount: k8s.VolumeMount): void {
    this.pod.addVolumeMount(mount);
  }

  /** Runs a container before the servers start (in the order added). */
  public addInitContainer(container: k8s.Container): void {
    this.pod.initContainers.push(container);
  }

  /** Lets the pods connect to more places outside the namespace. */
  public addEgress(...rules: EgressRule[]): void {
    const problems = validateEgress('egress', rules);
    throwIfProblems(this.node.path, problems);
    this.egressRules.push(...rules);
  }

  /** Adds a registry credential Secret to the pods. */
  public addImagePullSecret(secretName: string): void {
    this.pod.addPullSecret(secretName);
  }

  /** Adds a label to the pods (not to the selector). */
  public addPodLabel(key: string, value: string): void {
    this.pod.podLabels[key] = value;
  }

  /** Adds an annotation to the pods (e.g. a vendor's licence metering). */
  public addPodAnnotation(key: string, value: string): void {
    this.pod.podAnnotations[key] = value;
  }

  /** Connects the workload to databases, caches and brokers: their settings and credentials reach the containers, their network paths the NetworkPolicy. */
  public connectTo(...connections: IConnection[]): void {
    for (const c of connections) {
      throwIfProblems(this.node.path, connectionProblems(c, this.environment.environmentName));
      if (!this.connectionList.includes(c)) this.connectionList.push(c);
    }
  }

  /** The connections, in the order given. */
  public get connections(): readonly IConnection[] {
    return [...this.connectionList];
  }

  /** Lets `peers` call this workload on its ports: ingress here, egress on their side. */
  public allowFrom(...peers: Workload[]): void {
    const ports = this.servingPorts();
    for (const peer of peers) {
      const callee = { name: this.name, ports, environment: this.environment };
      throwIfProblems(this.node.path, callerProblems(callee, { path: peer.node.path, environment: peer.environment }));
      if (peer === this || peer.callees.includes(this)) continue;
      this.callers.push({ selector: { ...peer.selector }, ports });
      peer.callees.push(this);
    }
  }

  /** Lets pods with these labels (in the same namespace) call this workload. Their own NetworkPolicy must allow the egress. */
  public allowPodsFrom(selector: Record<string, string>): void {
    this.callers.push({ selector: { ...selector }, ports: this.servingPorts() });
  }

  /**
   * Adds a file to the workload's ConfigMap (created with the first file). `content` may be a function,
   * read at synthesis; a file it returns `undefined` for is left out, and so are its mounts.
   */
  public addConfigFile(key: string, content: string | (() => string | undefined)): void {
    this.configMap = this.configFiles.add(key, content, () => this.metadata(this.configMapName));
  }

  /** Mounts one file of the ConfigMap at `path` (read-only), when the file has content. */
  public addConfigFileMount(key: string, path: string): void {
    this.pod.addConfigFileMount(key, path);
  }

  /** Makes the pods wait for a condition before the servers start (init containers, in the order added). */
  public addWaitCondition(condition: WaitCondition): void {
    this.pod.waitConditions.push(condition);
  }

  /** The name of the ConfigMap (fixed at construction: spelled once). */
  public get configMapName(): string {
    return (this.configMapNameOnce ??= joinName([this.name, 'config']));
  }
  private configMapNameOnce?: string;

  /** The ports other workloads may call (none for queue-driven workloads). */
  protected servingPorts(): number[] {
    return [];
  }

  /** Pods at the peak: the variant decides (surge, Jobs, suspended pools). */
  protected peakPods(): number {
    return this.maxReplicas + Math.ceil((this.maxReplicas * MAX_SURGE_PERCENT) / 100);
  }

  /** NetworkPolicy ingress; variants that serve traffic add their sources. */
  protected ingressRules(): k8s.NetworkPolicyIngressRule[] {
    return [];
  }

  /** What one connection gives the containers: as the variant's preset binds it (OMS servers), or as it binds itself. */
  protected bindConnection(connection: IConnection): ConnectionBinding {
    return this.connectionBinder(connection);
  }

  /** Metadata of an object of this workload. */
  protected metadata(name: string = this.name): k8s.ObjectMeta {
    return { name, labels: { ...this.labels } };
  }

  /** Adds a container beside the server for the pod's whole life (a native sidecar). */
  public addSidecar(sidecar: SidecarSpec): void {
    throwIfProblems(this.node.path, podExtrasProblems({ sidecars: [sidecar] }, this.containerNames()));
    this.pod.sidecars.push(sidecar);
  }

  private containerNames(): string[] {
    return [...this.containers.map((c) => c.name), ...this.pod.initContainers.map((c) => c.name), ...this.pod.sidecars.map((s) => s.name)];
  }

  /** The Deployment that runs the pods (the child `Resource`). */
  protected addDeployment(spec: { replicas?: number; progressDeadlineSeconds: number; minReadySeconds?: number }): k8s.KubeDeployment {
    return workloadDeployment(this.controllerTarget(), spec, this.podTemplate());
  }

  /** A PodDisruptionBudget keeping all but one pod through voluntary disruptions. */
  protected addDisruptionBudget(): k8s.KubePodDisruptionBudget {
    this.pdb = workloadDisruptionBudget(this.controllerTarget());
    return this.pdb;
  }

  /** A CPU autoscaler owning the replica count of `target`. */
  protected addCpuAutoscaler(target: { apiVersion: string; kind: string }): k8s.KubeHorizontalPodAutoscalerV2 {
    this.hpa = workloadCpuAutoscaler(
      this.controllerTarget(),
      { ...target, name: this.name },
      { minReplicas: this.minReplicas, maxReplicas: this.maxReplicas, targetCpuUtilization: this.props.targetCpuUtilization ?? 70 },
    );
    return this.hpa;
  }

  private controllerTarget(): ControllerTarget {
    return { scope: this, metadata: this.metadata(), selector: this.selector };
  }

  /** The pod template, rendered at synthesis (for the generated Kubernetes classes, which resolve it before conversion). */
  protected podTemplate(restartPolicy?: 'Never'): k8s.PodTemplateSpec {
    return Lazy.any({ produce: () => this.renderPodTemplate(restartPolicy) }) as unknown as k8s.PodTemplateSpec;
  }

  /** The pod template as it stands now; hand-written custom resources call it at synthesis. */
  protected renderPodTemplate(restartPolicy?: 'Never'): k8s.PodTemplateSpec {
    return renderPodTemplate(
      this.pod.templateParts({
        name: this.name,
        image: this.image,
        platform: this.environment.config.platform,
        filesystem: this.filesystem,
        files: this.configFiles.render(),
        configMapName: this.configMapName,
        envFrom: this.props.envFrom,
        scheduling: this.props.scheduling,
        containers: this.containers,
        env: this.renderEnv(),
        resources: this.props.resources,
        labels: this.labels,
        selector: this.selector,
        identity: { ...this.podIdentity, runAsUser: this.runAsUser },
        mountToken: this.mountToken,
        terminationGracePeriodSeconds: this.terminationGracePeriodSeconds,
        restartPolicy,
      }),
    );
  }

  private renderEnv(): k8s.EnvVar[] {
    return this.pod.env(this.bindings());
  }

  /** Each connection's binding: the template, the NetworkPolicy and the late checks read them once per rendering. */
  private bindings(): readonly ConnectionBinding[] {
    return oncePerRender(this, 'bindings', () => this.connectionList.map((c) => this.bindConnection(c)));
  }

  /** Problems that can only show once the workload is complete (connections may be added after construction). */
  private lateProblems(): Problem[] {
    const files = this.pod.configMounts.length > 0 ? this.configFiles.render() : {};
    return completedWorkloadProblems({
      envNames: [...this.pod.envVars.keys()],
      connections: this.bindings().map((b, i) => ({
        name: this.connectionList[i].connectionName,
        variables: [...Object.keys(b.env), ...Object.keys(b.secretEnv)],
      })),
      builtInPaths: [
        ...this.filesystem.volumes().map((w) => w.path),
        ...activeConfigMounts(this.pod.configMounts, files).map((m) => m.path),
      ],
      mountPaths: this.pod.mounts.map((m) => m.mountPath),
      containers: this.containers.length,
    });
  }

  private podAmounts(kind: 'requests' | 'limits') {
    return podResourceAmounts(this.parsedResources, this.containers.length, this.pod.sidecars, kind);
  }
}
