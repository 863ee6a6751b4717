import { Construct } from 'constructs';
import {
  JvmSettings,
  imageVersion,
  joinName,
  selectorLabels,
  standardLabels,
  Platform,
  PoolSettings,
  SecretKeyReference,
  renderProperties,
  renderResources,
  resolveJvm,
  resolvePools,
  ResourceRequirements,
  stableHash,
} from '../../core';
import { k8s } from '../primitives/kube';
import { containerSecurityContext, podSecurityContext } from '../primitives/pod-security';
import { OmsServerProps } from './oms-server-props';

/** Key of the overrides file in the ConfigMap. */
export const OVERRIDES_KEY = 'customer_overrides.properties';
/** Where OMS reads `customer_overrides.properties` from. */
export const DEFAULT_PROPERTIES_PATH = '/opt/ssfs/runtime/properties/customer_overrides.properties';
/** Directories a Liberty-based OMS server writes to; each gets its own emptyDir under a read-only root. */
export const DEFAULT_WRITABLE_PATHS: readonly string[] = ['/tmp', '/logs', '/opt/ibm/wlp/output'];

/** What the shared pod template needs. */
export interface OmsPodTemplateInput {
  readonly platform: Platform;
  readonly serviceAccountName: string;
  readonly configMapName: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly image: string;
  readonly resources: ResourceRequirements;
  readonly memoryLimitBytes: number;
  readonly configData: Record<string, string>;
  readonly env?: Readonly<Record<string, string>>;
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  readonly ports?: k8s.ContainerPort[];
  readonly probes?: Pick<k8s.Container, 'startupProbe' | 'readinessProbe' | 'livenessProbe'>;
  readonly preStop: k8s.LifecycleHandler;
  readonly terminationGracePeriodSeconds: number;
  readonly runAsUser?: number;
  readonly propertiesPath?: string;
  /** Init containers that wait for the workload's dependencies. @default none */
  readonly initContainers?: k8s.Container[];
  /** @default 'Always' (Deployments); Jobs use 'Never' */
  readonly restartPolicy?: 'Always' | 'Never';
}

/** The ConfigMap data of an OMS server: JVM line, pool sizes and the overrides file. */
export function omsConfigData(
  jvm: JvmSettings | undefined,
  pools: PoolSettings | undefined,
  overrides: Readonly<Record<string, string>> | undefined,
  memoryLimitBytes: number,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const resolvedPools = resolvePools(pools);
  return {
    ...extra,
    JVM_ARGS: resolveJvm(jvm, memoryLimitBytes).args,
    OMS_CORE_THREADS: String(resolvedPools.coreThreads),
    OMS_MAX_THREADS: String(resolvedPools.maxThreads),
    OMS_DB_POOL_MIN: String(resolvedPools.dbPoolMin),
    OMS_DB_POOL_MAX: String(resolvedPools.dbPoolMax),
    [OVERRIDES_KEY]: renderProperties(overrides ?? {}),
  };
}

function volumeName(path: string): string {
  return `scratch-${
    path
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'root'
  }`;
}

/**
 * The pod template every OMS server shares: restricted security context,
 * configuration from its ConfigMap (with a hash annotation so a change rolls
 * the pods), writable scratch directories under a read-only root, credentials
 * only by Secret reference, and a preStop hook plus grace period for a clean stop.
 */
export function omsPodTemplate(input: OmsPodTemplateInput): k8s.PodTemplateSpec {
  const configEnv: k8s.EnvVar[] = Object.keys(input.configData)
    .filter((key) => key !== OVERRIDES_KEY)
    .map((key) => ({ name: key, valueFrom: { configMapKeyRef: { name: input.configMapName, key } } }));
  const plainEnv: k8s.EnvVar[] = Object.keys(input.env ?? {})
    .sort()
    .map((name) => ({ name, value: input.env![name] }));
  const secretEnv: k8s.EnvVar[] = Object.keys(input.secretEnv ?? {})
    .sort()
    .map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: input.secretEnv![name].secretName, key: input.secretEnv![name].key } },
    }));
  const scratch = DEFAULT_WRITABLE_PATHS.map((path) => ({ path, name: volumeName(path) }));
  const container: k8s.Container = {
    name: 'server',
    image: input.image,
    imagePullPolicy: 'IfNotPresent',
    ports: input.ports,
    env: [...configEnv, ...plainEnv, ...secretEnv],
    resources: toK8sResources(input.resources),
    ...input.probes,
    lifecycle: { preStop: input.preStop },
    securityContext: containerSecurityContext(),
    volumeMounts: [
      { name: 'config', mountPath: input.propertiesPath ?? DEFAULT_PROPERTIES_PATH, subPath: OVERRIDES_KEY, readOnly: true },
      ...scratch.map((s) => ({ name: s.name, mountPath: s.path })),
    ],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  return {
    metadata: {
      labels: { ...input.labels, ...input.selector },
      annotations: { 'oms.platform/config-hash': stableHash(JSON.stringify(input.configData), 16) },
    },
    spec: {
      serviceAccountName: input.serviceAccountName,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: podSecurityContext(input.platform, input.runAsUser),
      terminationGracePeriodSeconds: input.terminationGracePeriodSeconds,
      restartPolicy: input.restartPolicy,
      initContainers: input.initContainers && input.initContainers.length > 0 ? input.initContainers : undefined,
      containers: [container],
      volumes: [
        { name: 'config', configMap: { name: input.configMapName } },
        ...scratch.map((s) => ({ name: s.name, emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } })),
      ],
      topologySpreadConstraints: [spread('topology.kubernetes.io/zone', input.selector), spread('kubernetes.io/hostname', input.selector)],
    },
  };
}

function spread(topologyKey: string, selector: Record<string, string>): k8s.TopologySpreadConstraint {
  return {
    topologyKey,
    maxSkew: 1,
    // ScheduleAnyway keeps scale-up possible when a zone is full; the scheduler still prefers spreading.
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
    // Count only pods of the same revision, so a rollout does not skew against old pods.
    matchLabelKeys: ['pod-template-hash'],
  };
}

function toK8sResources(resources: ResourceRequirements): k8s.ResourceRequirements {
  const rendered = renderResources(resources);
  const q = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
  return { requests: q(rendered.requests), limits: q(rendered.limits) };
}

/** What every OMS server workload creates before its own controller: identity, configuration, labels. */
export interface OmsServerFoundation {
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly configMap: k8s.KubeConfigMap;
  /** The pod-template inputs every server shares; each workload adds ports, probes and its stop behaviour. */
  readonly templateBase: Omit<OmsPodTemplateInput, 'preStop' | 'terminationGracePeriodSeconds'>;
}

/**
 * Creates the ServiceAccount (no token) and ConfigMap of an OMS server, and
 * returns its labels and the shared pod-template inputs, so app servers and
 * agent pools differ only in what really differs.
 */
export function omsServerFoundation(
  scope: Construct,
  input: {
    readonly name: string;
    readonly environment: string;
    readonly platform: Platform;
    readonly component: string;
    readonly props: OmsServerProps;
    readonly memoryLimitBytes: number;
    readonly extraConfig?: Readonly<Record<string, string>>;
  },
): OmsServerFoundation {
  const { name, props } = input;
  const labels = standardLabels({ name, environment: input.environment, component: input.component, version: imageVersion(props.image) });
  const selector = selectorLabels({ name, environment: input.environment });
  const serviceAccount = new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name, labels },
    automountServiceAccountToken: false,
  });
  const configData = omsConfigData(props.jvm, props.pools, props.propertyOverrides, input.memoryLimitBytes, input.extraConfig);
  const configMapName = joinName([name, 'config']);
  const configMap = new k8s.KubeConfigMap(scope, 'config', { metadata: { name: configMapName, labels }, data: configData });
  return {
    labels,
    selector,
    serviceAccount,
    configMap,
    templateBase: {
      platform: input.platform,
      serviceAccountName: name,
      configMapName,
      labels,
      selector,
      image: props.image,
      resources: props.resources,
      memoryLimitBytes: input.memoryLimitBytes,
      configData,
      env: props.env,
      secretEnv: props.secretEnv,
      runAsUser: props.runAsUser,
      initContainers: props.waitFor?.map((w) => w.container()),
    },
  };
}
