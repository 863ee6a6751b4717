import { Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  EgressRule,
  ParsedResources,
  Problem,
  ResourceRequirements,
  SecretKeyReference,
  formatProblem,
  imageVersion,
  joinName,
  selectorLabels,
  standardLabels,
  throwIfProblems,
  OmsConfigError,
  validateEgress,
  validateEnvVars,
  validateResources,
  checkConstructInput,
} from '../../core';
import { ConnectionBinding, IConnection, isConnection } from '../connections/connection';
import { OmsEnvironment } from '../environment/oms-environment';
import { cpuAutoscaler } from '../primitives/cpu-autoscaler';
import { HealthProbes } from '../primitives/health-probe';
import { k8s } from '../primitives/kube';
import { egressEntries, tcpPorts } from '../primitives/network-rules';
import { PodIdentity } from '../primitives/pod-security';
import { WaitCondition } from '../primitives/wait-condition';
import { Filesystem } from './filesystem';
import { WorkloadContext, completedWorkloadProblems, validateWorkloadProps } from './validate-workload-props';
import { ConfigMount, activeConfigMounts, renderPodTemplate } from './pod-template';
import { oncePerRender } from '../primitives/render-pass';
import { EnvFromSources, Scheduling, SidecarSpec, podExtrasProblems } from './pod-extras';
import { drawnWorkload, registerTopologyRole } from '../primitives/topology-role';

/** Share of the replica count a rollout may add on top (maxSurge). */
export const MAX_SURGE_PERCENT = 25;
export { CONFIG_HASH_ANNOTATION } from './pod-template';

/** Properties every workload shares: what runs, with what, and what it may reach. */
export interface WorkloadProps {
  /** The container image, pinned to a tag or digest (`latest` and untagged images are rejected). */
  readonly image: string;
  /** CPU and memory requests and limits of each server container; mandatory, they are the hard ceiling. */
  readonly resources: ResourceRequirements;
  /** The container's command (its entrypoint). @default the variant's (the image's own for a plain service) */
  readonly command?: readonly string[];
  /** Arguments to the command. @default the variant's (none for a plain service) */
  readonly args?: readonly string[];
  /** Plain environment variables (never credentials). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variables read from existing Secrets. @default none */
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** Databases, caches and brokers the workload uses: settings, credentials and egress in one. @default none */
  readonly connections?: readonly IConnection[];
  /** More places the workload may connect to outside its namespace. @default none besides DNS */
  readonly egress?: readonly EgressRule[];
  /** Fewest replicas. @default the variant's */
  readonly minReplicas?: number;
  /** Most replicas; above `minReplicas` an autoscaler owns the count. @default the variant's */
  readonly maxReplicas?: number;
  /** Average CPU use, as a percentage of the request, a CPU autoscaler aims for. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Seconds from the start of termination to SIGKILL. @default the variant's */
  readonly terminationGracePeriodSeconds?: number;
  /** Conditions the pods wait for before the server starts (init containers). @default none */
  readonly waitFor?: readonly WaitCondition[];
  /** Secrets with registry credentials, e.g. IBM's `ibm-entitlement-key`. @default none (the node's credentials) */
  readonly imagePullSecrets?: readonly string[];
  /** UID and GID on EKS (ignored on OpenShift, where the SCC assigns one). @default the variant's */
  readonly runAsUser?: number;
  /** Read-only root with writable volumes, or a writable root. @default the variant's */
  readonly filesystem?: Filesystem;
  /** Startup, readiness and liveness checks, replacing the variant's. @default the variant's */
  readonly probes?: HealthProbes;
  /** Containers beside the server for the pod's life (native sidecars). @default none */
  readonly sidecars?: readonly SidecarSpec[];
  /** Every key of these ConfigMaps and Secrets as variables of the server containers. @default none */
  readonly envFrom?: EnvFromSources;
  /** Node and pod affinity: attract to nodes, colocate with or separate from other pods. @default spreading only */
  readonly scheduling?: Scheduling;
}

/**
 * What a variant decides before the base renders anything: its role labels,
 * its resolved defaults, and the problems with its own properties (reported
 * in the same error as the base's, so one run shows every mistake).
 */
export interface WorkloadPreset {
  /** `app.kubernetes.io/component`, e.g. `service`, `app-server`, `agent`. */
  readonly component: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  /** Fewest and most replicas, resolved. */
  readonly replicas: { readonly min: number; readonly max: number };
  /** Fewest replicas allowed, with the fix to suggest below it. */
  readonly minReplicasFloor: { readonly value: number; readonly fix: string };
  /** The grace period, resolved. */
  readonly terminationGracePeriodSeconds: number;
  /** The UID on EKS unless the props set one. */
  readonly runAsUser: number;
  /** The filesystem unless the props set one. */
  readonly filesystem: Filesystem;
  /** Problems with the variant's own properties. */
  readonly problems: readonly Problem[];
  /** Environment variables the variant sets; the user must not set them too. @default none */
  readonly reservedEnv?: readonly string[];
  /**
   * The prop the variant renders the JVM's options from, when it owns them: variables such as `JVM_ARGS` are then
   * refused. @default `jvm` for the OMS roles (which reserve IBM's `OM_POD_IP`), none otherwise
   */
  readonly jvmOptionsProperty?: string;
  /** Groups on EKS (IBM's images run with fsGroup 0 and the image's own group). @default the UID for all */
  readonly podIdentity?: Omit<PodIdentity, 'runAsUser'>;
  /** Mount the ServiceAccount token, for workloads that call the Kubernetes API. @default false */
  readonly mountServiceAccountToken?: boolean;
}

/** One container of the workload's pods, as the variant describes it; the base adds env, mounts and security. */
export interface ContainerSpec {
  readonly name: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly ports?: readonly k8s.ContainerPort[];
  readonly probes?: HealthProbes;
  readonly preStop?: k8s.LifecycleHandler;
  /** Variables of this container only (e.g. the server name). */
  readonly env?: readonly k8s.EnvVar[];
}

/**
 * The base of every server workload: a ServiceAccount without a token, its
 * configuration files, a pod template rendered at synthesis (so add-methods
 * called after construction still show up), a NetworkPolicy, a
 * PodDisruptionBudget and autoscaler when the variant asks for them, and its
 * share of the environment's budget. Variants (`Microservice`,
 * `OmsMicroservice`, `AgentPool`, ...) describe their containers and
 * controller; the controller is the child `Resource` (`node.defaultChild`).
 */
export abstract class Workload extends Construct {
  /** The environment a workload created in `scope` will belong to (variants resolve their defaults from it before construction). */
  public static environmentOf(scope: IConstruct, id: string, props?: unknown): OmsEnvironment {
    checkConstructInput(scope.node.path, id, props, typeof id === 'string' && scope.node.tryFindChild(id) !== undefined);
    return OmsEnvironment.find(scope, id);
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

  private readonly podLabels: Record<string, string> = {};
  private readonly podAnnotations: Record<string, string> = {};
  private readonly envVars = new Map<string, k8s.EnvVar>();
  private readonly volumes: k8s.Volume[] = [];
  private readonly mounts: k8s.VolumeMount[] = [];
  private readonly initContainers: k8s.Container[] = [];
  private readonly sidecars: SidecarSpec[] = [];
  private readonly egressRules: EgressRule[] = [];
  private readonly pullSecrets: string[] = [];
  private readonly connectionList: IConnection[] = [];
  private readonly configFiles = new Map<string, () => string | undefined>();
  private readonly configMounts: ConfigMount[] = [];
  private readonly waitConditions: WaitCondition[] = [];
  private readonly callers: { selector: Record<string, string>; ports: number[] }[] = [];
  private readonly callees: Workload[] = [];

  protected constructor(scope: Construct, id: string, props: WorkloadProps, preset: WorkloadPreset) {
    super(scope, id);
    registerTopologyRole(this, () => ({ role: 'workload', ...drawnWorkload(this) }));
    this.environment = OmsEnvironment.find(this);
    const ctx: WorkloadContext = {
      name: id,
      stage: this.environment.config.stage,
      containerCeiling: this.environment.containerCeiling,
      replicas: preset.replicas,
      minReplicasFloor: preset.minReplicasFloor,
      reservedEnv: preset.reservedEnv ?? [],
      jvmOptionsProperty: preset.jvmOptionsProperty ?? ((preset.reservedEnv ?? []).includes('OM_POD_IP') ? 'jvm' : undefined),
    };
    const result = validateWorkloadProps(props, ctx);
    // The server containers are named after the variant's role ("server", or each agent server): checked again at render.
    throwIfProblems(this.node.path, [...result.problems, ...preset.problems, ...podExtrasProblems(props, ['server'])]);
    this.sidecars.push(...(props.sidecars ?? []));
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

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: this.metadata(),
      automountServiceAccountToken: false,
    });
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: this.metadata(),
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: Lazy.any({ produce: () => nonEmpty(this.renderIngress()) }),
        egress: Lazy.any({ produce: () => nonEmpty(this.renderEgress()) }),
      },
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
    throwIfProblems(this.node.path, validateEnvVars({ [name]: value }, undefined, []));
    this.putEnv({ name, value });
  }

  /** Sets an environment variable from a key of an existing Secret; `optional` tolerates a missing key. */
  public addSecretEnv(name: string, ref: SecretKeyReference, options: { optional?: boolean } = {}): void {
    throwIfProblems(this.node.path, validateEnvVars(undefined, { [name]: ref }, []));
    this.putEnv({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key, optional: options.optional } } });
  }

  /** Sets an environment variable from a field of the pod (downward API), e.g. `status.podIP`. */
  public addFieldEnv(name: string, fieldPath: string): void {
    this.putEnv({ name, valueFrom: { fieldRef: { fieldPath } } });
  }

  /** Adds a volume to the pods (mount it with {@link addVolumeMount}). */
  public addVolume(volume: k8s.Volume): void {
    if (this.volumes.some((v) => v.name === volume.name))
      this.fail('volumes', 'must not repeat a volume name', volume.name, 'give the volume another name');
    this.volumes.push(volume);
  }

  /** Mounts a volume into every server container. */
  public addVolumeMount(mount: k8s.VolumeMount): void {
    if (this.mounts.some((m) => m.mountPath === mount.mountPath))
      this.fail('volumeMounts', 'must not mount two volumes at one path', mount.mountPath, 'choose another mount path');
    this.mounts.push(mount);
  }

  /** Runs a container before the servers start (in the order added). */
  public addInitContainer(container: k8s.Container): void {
    this.initContainers.push(container);
  }

  /** Lets the pods connect to more places outside the namespace. */
  public addEgress(...rules: EgressRule[]): void {
    const problems = validateEgress('egress', rules);
    throwIfProblems(this.node.path, problems);
    this.egressRules.push(...rules);
  }

  /** Adds a registry credential Secret to the pods. */
  public addImagePullSecret(secretName: string): void {
    if (!this.pullSecrets.includes(secretName)) this.pullSecrets.push(secretName);
  }

  /** Adds a label to the pods (not to the selector). */
  public addPodLabel(key: string, value: string): void {
    this.podLabels[key] = value;
  }

  /** Adds an annotation to the pods (e.g. a vendor's licence metering). */
  public addPodAnnotation(key: string, value: string): void {
    this.podAnnotations[key] = value;
  }

  /**
   * Connects the workload to databases, caches and brokers: their settings and
   * credentials reach the containers, their network paths the NetworkPolicy.
   */
  public connectTo(...connections: IConnection[]): void {
    for (const c of connections) {
      if (!isConnection(c))
        this.fail(
          'connectTo',
          'must be given connections',
          c,
          'pass a DatabaseConnection, CacheConnection, MessageBroker or an AWS connection',
        );
      if (c.environment !== undefined && c.environment !== this.environment.environmentName)
        this.fail(
          'connectTo',
          `must use connections of its own environment (${this.environment.environmentName}); ${c.connectionName} belongs to ${c.environment}`,
          c.connectionName,
          `create the connection in ${this.environment.environmentName}, or reach the other environment's service by an existing connection`,
        );
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
      if (ports.length === 0)
        this.fail('allowFrom', 'needs a workload that serves traffic', this.name, 'allow callers only on services with a port');
      if (peer.environment !== this.environment)
        this.fail(
          'allowFrom',
          `must name workloads of the same environment (${this.environment.environmentName})`,
          peer.node.path,
          'call services of other environments through their routing entry point',
        );
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
   * Adds a file to the workload's ConfigMap (created with the first file).
   * `content` may be a function, read at synthesis; a file it returns
   * `undefined` for is left out, and so are its mounts.
   */
  public addConfigFile(key: string, content: string | (() => string | undefined)): void {
    this.configFiles.set(key, typeof content === 'function' ? content : () => content);
    this.configMap ??= new k8s.KubeConfigMap(this, 'config', {
      metadata: this.metadata(this.configMapName),
      data: Lazy.any({ produce: () => this.renderConfigFiles() }),
    });
  }

  /** Mounts one file of the ConfigMap at `path` (read-only), when the file has content. */
  public addConfigFileMount(key: string, path: string): void {
    if (this.configMounts.some((m) => m.path === path) || this.mounts.some((m) => m.mountPath === path))
      this.fail('volumeMounts', 'must not mount two volumes at one path', path, 'choose another mount path');
    this.configMounts.push({ key, path });
  }

  /** Makes the pods wait for a condition before the servers start (init containers, in the order added). */
  public addWaitCondition(condition: WaitCondition): void {
    this.waitConditions.push(condition);
  }

  /** The name of the ConfigMap. */
  public get configMapName(): string {
    return joinName([this.name, 'config']);
  }

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

  /** What one connection gives the containers; variants with their own configuration (OMS) override it. */
  protected bindConnection(connection: IConnection): ConnectionBinding {
    return connection.binding();
  }

  /** Metadata of an object of this workload. */
  protected metadata(name: string = this.name): k8s.ObjectMeta {
    return { name, labels: { ...this.labels } };
  }

  /** The Deployment that runs the pods (the child `Resource`). */
  /** Adds a container beside the server for the pod's whole life (a native sidecar). */
  public addSidecar(sidecar: SidecarSpec): void {
    throwIfProblems(this.node.path, podExtrasProblems({ sidecars: [sidecar] }, this.containerNames()));
    this.sidecars.push(sidecar);
  }

  private containerNames(): string[] {
    return [...this.containers.map((c) => c.name), ...this.initContainers.map((c) => c.name), ...this.sidecars.map((s) => s.name)];
  }

  protected addDeployment(spec: { replicas?: number; progressDeadlineSeconds: number; minReadySeconds?: number }): k8s.KubeDeployment {
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: this.metadata(),
      spec: {
        replicas: spec.replicas,
        selector: { matchLabels: { ...this.selector } },
        revisionHistoryLimit: 5,
        minReadySeconds: spec.minReadySeconds,
        progressDeadlineSeconds: spec.progressDeadlineSeconds,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString(`${MAX_SURGE_PERCENT}%`) },
        },
        template: this.podTemplate(),
      },
    });
  }

  /** A PodDisruptionBudget keeping all but one pod through voluntary disruptions. */
  protected addDisruptionBudget(): k8s.KubePodDisruptionBudget {
    this.pdb = new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: this.metadata(),
      spec: {
        selector: { matchLabels: { ...this.selector } },
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        // Pods that never became ready must not block node drains.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
    return this.pdb;
  }

  /** A CPU autoscaler owning the replica count of `target`. */
  protected addCpuAutoscaler(target: { apiVersion: string; kind: string }): k8s.KubeHorizontalPodAutoscalerV2 {
    this.hpa = cpuAutoscaler(this, 'hpa', {
      metadata: this.metadata(),
      target: { ...target, name: this.name },
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas,
      targetCpuUtilization: this.props.targetCpuUtilization ?? 70,
    });
    return this.hpa;
  }

  /** The pod template, rendered at synthesis (for the generated Kubernetes classes, which resolve it before conversion). */
  protected podTemplate(restartPolicy?: 'Never'): k8s.PodTemplateSpec {
    return Lazy.any({ produce: () => this.renderPodTemplate(restartPolicy) }) as unknown as k8s.PodTemplateSpec;
  }

  /** The pod template as it stands now; hand-written custom resources call it at synthesis. */
  protected renderPodTemplate(restartPolicy?: 'Never'): k8s.PodTemplateSpec {
    return renderPodTemplate({
      name: this.name,
      image: this.image,
      platform: this.environment.config.platform,
      filesystem: this.filesystem,
      files: this.renderConfigFiles(),
      configMapName: this.configMapName,
      configMounts: this.configMounts,
      mounts: this.mounts,
      volumes: this.volumes,
      waitConditions: this.waitConditions,
      initContainers: this.initContainers,
      sidecars: this.sidecars,
      envFrom: this.props.envFrom,
      scheduling: this.props.scheduling,
      containers: this.containers,
      env: this.renderEnv(),
      resources: this.props.resources,
      labels: this.labels,
      selector: this.selector,
      podLabels: this.podLabels,
      podAnnotations: this.podAnnotations,
      pullSecrets: this.pullSecrets,
      identity: { ...this.podIdentity, runAsUser: this.runAsUser },
      mountToken: this.mountToken,
      terminationGracePeriodSeconds: this.terminationGracePeriodSeconds,
      restartPolicy,
    });
  }

  private renderConfigFiles(): Record<string, string> {
    // The ConfigMap, the pod template and its hash read the same files: rendered once while objects render.
    return oncePerRender(this, 'configFiles', () => {
      const data: Record<string, string> = {};
      for (const [key, produce] of this.configFiles) {
        const content = produce();
        if (content !== undefined) data[key] = content;
      }
      return data;
    });
  }

  private renderEnv(): k8s.EnvVar[] {
    const vars = new Map(this.envVars);
    for (const c of this.connectionList) {
      const b = this.bindConnection(c);
      for (const [name, value] of Object.entries(b.env)) vars.set(name, { name, value });
      for (const [name, ref] of Object.entries(b.secretEnv))
        vars.set(name, { name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } });
    }
    return [...vars.values()];
  }

  private renderIngress(): k8s.NetworkPolicyIngressRule[] {
    return [
      ...this.ingressRules(),
      ...this.callers.map((c) => ({ from: [{ podSelector: { matchLabels: c.selector } }], ports: tcpPorts(c.ports) })),
    ];
  }

  private renderEgress(): k8s.NetworkPolicyEgressRule[] {
    const peers = this.callees.map((c) => ({
      to: [{ podSelector: { matchLabels: { ...c.selector } } }],
      ports: tcpPorts(c.servingPorts()),
    }));
    const rules = [...this.connectionList.flatMap((c) => this.bindConnection(c).egress), ...this.egressRules];
    const seen = new Set<string>();
    const unique = rules.filter((r) => {
      const key = JSON.stringify([r.cidr, r.podLabels, r.namespaceLabels, r.ports]);
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return [...peers, ...egressEntries(unique)];
  }

  private putEnv(v: k8s.EnvVar): void {
    if (this.envVars.has(v.name))
      this.fail(`env["${v.name}"]`, 'must be set once (it is already set on this workload)', v.name, 'remove one of the two settings');
    this.envVars.set(v.name, v);
  }

  /** Problems that can only show once the workload is complete (connections may be added after construction). */
  private lateProblems(): Problem[] {
    const files = this.configMounts.length > 0 ? this.renderConfigFiles() : {};
    return completedWorkloadProblems({
      envNames: [...this.envVars.keys()],
      connections: this.connectionList.map((c) => {
        const b = this.bindConnection(c);
        return { name: c.connectionName, variables: [...Object.keys(b.env), ...Object.keys(b.secretEnv)] };
      }),
      builtInPaths: [...this.filesystem.volumes().map((w) => w.path), ...activeConfigMounts(this.configMounts, files).map((m) => m.path)],
      mountPaths: this.mounts.map((m) => m.mountPath),
      containers: this.containers.length,
    });
  }

  private podAmounts(kind: 'requests' | 'limits') {
    const one = this.parsedResources[kind];
    const n = Math.max(1, this.containers.length);
    // Native sidecars run for the pod's whole life: they count with the servers.
    const sidecars = this.sidecars.map((s) => validateResources('sidecar', s.resources).parsed![kind]);
    return {
      cpuMillis: one.cpuMillis * n + sidecars.reduce((sum, s) => sum + s.cpuMillis, 0),
      memoryBytes: one.memoryBytes * n + sidecars.reduce((sum, s) => sum + s.memoryBytes, 0),
    };
  }

  private fail(property: string, rule: string, value: unknown, fix: string): never {
    throw new OmsConfigError(this.node.path, [{ property, rule, value, fix }]);
  }
}

/** An empty list as `undefined`, so it is left out of the output. */
function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
