import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  CpuQuantity,
  EnvironmentConfig,
  MemoryQuantity,
  Platform,
  Product,
  ResourceAmounts,
  Stage,
  StageProfile,
  environmentLabels,
  formatProblem,
  parseCpuMillis,
  parseMemoryBytes,
  stageProfile,
  throwIfProblems,
  validateEnvironmentConfig,
  OmsConfigError,
  checkNewConstruct,
  checkPropKinds,
} from '../../core';
import { k8s } from '../primitives/kube';
import { namespaceObjects } from './namespace-objects';
import { budgetProblems, constructsOf, duplicateObjects, gatewayRequiredProblem } from './environment-checks';
import { OMS_ENVIRONMENT_PROP_KINDS, validateBranch, validateBudget, validateParts } from './validate-oms-environment-props';
import { GatewayImplementation } from '../platform/gateway-implementation';
import { isRoutable } from '../primitives/routable';
import { OmsCluster } from './oms-cluster';

export * from './oms-cluster';

/** The environment's hard ceiling: the Namespace `ResourceQuota`. */
export interface ResourceBudget {
  /** Sum of CPU limits (and requests) of every pod at its peak. */
  readonly cpu: CpuQuantity;
  /** Sum of memory limits (and requests) of every pod at its peak. */
  readonly memory: MemoryQuantity;
  /** Largest number of pods. @default no pod-count ceiling */
  readonly pods?: number;
}

/** The largest single container the LimitRange admits. */
export interface ContainerCeiling {
  /** @default '4' */
  readonly cpu?: CpuQuantity;
  /** @default '16Gi' */
  readonly memory?: MemoryQuantity;
}

/** Where the routing layer's traffic comes from, for NetworkPolicies. */
export interface GatewaySource {
  /** Labels of the namespace in-cluster callers reach the entry point in (the ingress controller's or router's). */
  readonly namespaceLabels: Record<string, string>;
  /** The peers the services' NetworkPolicies admit. @default the namespace of `namespaceLabels` */
  readonly peers?: readonly k8s.NetworkPolicyPeer[];
}

/** Properties of an {@link OmsEnvironment}. */
export interface OmsEnvironmentProps {
  /** Where the environment sits in the release path; sets replica and safety defaults. */
  readonly stage: Stage;
  /** The Kubernetes distribution. */
  readonly platform: Platform;
  /** The hard ceiling of the namespace; synthesis fails when the workloads' peak exceeds it. */
  readonly budget: ResourceBudget;
  /** The largest container admitted by the LimitRange. @default { cpu: '4', memory: '16Gi' } */
  readonly containerCeiling?: ContainerCeiling;
  /**
   * What serves the entry point (an AWS load balancer, Envoy Gateway, Istio,
   * the OpenShift router...): it decides the routing objects and how the
   * NetworkPolicies admit its traffic.
   * @default on OpenShift the router; on EKS an internal AWS load balancer in the `cluster`'s
   * `vpcCidr` (without one, an environment with routed services fails synthesis: choose a gateway)
   */
  readonly gateway?: GatewayImplementation;
  /**
   * Where routed traffic comes from, when it is not the `gateway`'s own source.
   * @default the source `gateway` decides
   */
  readonly gatewaySource?: GatewaySource;
  /**
   * The cluster the environment runs on: its budget must fit its share there, and all shares must fit
   * the cluster's hard ceiling. @default not checked against a cluster
   */
  readonly cluster?: OmsCluster;
  /**
   * The git branch a branch-stage environment was built from, written to its Namespace
   * (annotation `oms.platform/branch`) so the branch sweeper can tear it down once the branch is gone.
   * @default none (a branch environment without it is never swept)
   */
  readonly branch?: string;
  /**
   * The estate's product: the `part-of` label of every object, and the names the AWS connection and the
   * database Jobs use (DNS zone, secret paths, database and ServiceAccount names). Give the AWS stack the same one.
   * @default Product.OMS
   */
  readonly product?: Product;
}

/** What a workload adds to the environment's peak resource use. */
export interface WorkloadFootprint {
  /** Construct path of the workload, for messages. */
  readonly path: string;
  /** Pods at the peak: maximum replicas plus rolling-update surge. */
  readonly peakPods: number;
  /** Requests of one pod. */
  readonly requests: ResourceAmounts;
  /** Limits of one pod. */
  readonly limits: ResourceAmounts;
}

const DEFAULT_CEILING = { cpu: '4', memory: '16Gi' } as const;
const ENVIRONMENT_SYMBOL = Symbol.for('oms-platform-constructs.OmsEnvironment');

/**
 * One OMS environment as a cdk8s chart: its Namespace with a `ResourceQuota`
 * and `LimitRange` (the hard ceiling), a default-deny NetworkPolicy plus DNS
 * egress, and every workload added to it. Synthesis fails when the workloads'
 * peak (maximum replicas plus surge, times limits) exceeds the budget, and when
 * two services claim the same OMS API.
 */
export class OmsEnvironment extends Chart {
  /** Whether `x` is an OmsEnvironment (also across copies of this library). */
  public static isOmsEnvironment(x: unknown): x is OmsEnvironment {
    return x !== null && typeof x === 'object' && ENVIRONMENT_SYMBOL in x;
  }

  /**
   * `instanceof OmsEnvironment`. Chart answers `instanceof` for every chart, so
   * without this any Chart would pass as an environment.
   */
  public static override [Symbol.hasInstance](x: unknown): x is OmsEnvironment {
    return OmsEnvironment.isOmsEnvironment(x);
  }

  /**
   * Finds the environment a construct belongs to. With `childId`, it is the
   * environment of a child about to be created there, and an error names that child.
   */
  public static find(scope: IConstruct, childId?: string): OmsEnvironment {
    for (const s of scope.node.scopes.slice().reverse()) {
      if (OmsEnvironment.isOmsEnvironment(s)) return s;
    }
    const path = childId === undefined ? scope.node.path : [scope.node.path, childId].filter((p) => p.length > 0).join('/');
    throw new OmsConfigError(path, [
      {
        property: 'scope',
        rule: 'must be inside an OmsEnvironment',
        value: scope.node.path,
        fix: 'create the construct with an OmsEnvironment (or a construct inside one) as its scope',
      },
    ]);
  }

  /** The environment's name, which is also its namespace. */
  public readonly environmentName: string;
  /** Name, stage and platform. */
  public readonly config: EnvironmentConfig;
  /** The defaults of the stage. */
  public readonly profile: StageProfile;
  /**
   * What serves the entry point. Reading it throws when none was chosen and
   * none can be defaulted (EKS, with no cluster VPC).
   */
  public get gateway(): GatewayImplementation {
    if (this.chosenGateway === undefined) throw new OmsConfigError(this.node.path, [gatewayRequiredProblem()]);
    return this.chosenGateway;
  }
  /** Where routed traffic comes from. */
  public get gatewaySource(): Required<GatewaySource> {
    return gatewaySourceOf(() => this.gateway, this.givenGatewaySource);
  }
  /** The budget in base units. */
  public readonly budget: { readonly cpuMillis: number; readonly memoryBytes: number; readonly pods?: number };
  /** The largest container in base units. */
  public readonly containerCeiling: ResourceAmounts;
  /** The Namespace object. */
  public readonly namespaceObject: k8s.KubeNamespace;
  /** The ResourceQuota object. */
  public readonly quota: k8s.KubeResourceQuota;
  /** The LimitRange object. */
  public readonly limitRange: k8s.KubeLimitRange;
  /** The cluster the environment is placed on, if any. */
  public readonly cluster?: OmsCluster;
  /** The estate's product: its part-of label and the names of its backing services. */
  public readonly product: Product;

  private readonly chosenGateway?: GatewayImplementation;
  private readonly givenGatewaySource?: GatewaySource;
  private readonly footprintSources: (() => WorkloadFootprint)[] = [];
  private readonly apiOwners = new Map<string, string>();
  private readonly pathOwners = new Map<string, string>();

  constructor(scope: Construct, id: string, props: OmsEnvironmentProps) {
    checkNewConstruct(scope, id, props);
    const config: EnvironmentConfig = { name: id, stage: props.stage, platform: props.platform };
    const scopePath = scope.node.path === '' ? id : `${scope.node.path}/${id}`;
    checkPropKinds(scopePath, 'OmsEnvironmentProps', props, OMS_ENVIRONMENT_PROP_KINDS);
    throwIfProblems(scopePath, [
      ...validateEnvironmentConfig(config),
      ...validateBudget(props),
      ...validateBranch(props),
      ...validateParts(props),
    ]);
    super(scope, id, {
      namespace: id,
      labels: environmentLabels(id, (props.product ?? Product.OMS).partOf),
      disableResourceNameHashes: true,
    });

    Object.defineProperty(this, ENVIRONMENT_SYMBOL, { value: true });
    this.environmentName = id;
    this.product = props.product ?? Product.OMS;
    this.config = config;
    this.profile = stageProfile(props.stage);
    this.chosenGateway = props.gateway ?? defaultGateway(props.platform, props.cluster);
    this.givenGatewaySource = props.gatewaySource;
    if (this.chosenGateway !== undefined && !this.chosenGateway.platforms.includes(props.platform))
      throw new OmsConfigError(scopePath, [
        {
          property: 'gateway',
          rule: `must run on the environment's platform (${props.platform}); ${this.chosenGateway.description} runs on ${this.chosenGateway.platforms.join(', ')}`,
          value: this.chosenGateway.description,
          fix:
            props.platform === 'openshift'
              ? 'use GatewayImplementation.openShiftRouter() or openShiftGatewayApi()'
              : 'use GatewayImplementation.awsLoadBalancer({ vpcCidr })',
        },
      ]);
    this.budget = {
      cpuMillis: parseCpuMillis(props.budget.cpu)!,
      memoryBytes: parseMemoryBytes(props.budget.memory)!,
      pods: props.budget.pods,
    };
    const ceilingCpu = props.containerCeiling?.cpu ?? DEFAULT_CEILING.cpu;
    const ceilingMemory = props.containerCeiling?.memory ?? DEFAULT_CEILING.memory;
    this.containerCeiling = { cpuMillis: parseCpuMillis(ceilingCpu)!, memoryBytes: parseMemoryBytes(ceilingMemory)! };

    const objects = namespaceObjects(this, id, props.budget, { cpu: ceilingCpu, memory: ceilingMemory }, props.branch);
    this.namespaceObject = objects.namespace;
    this.quota = objects.quota;
    this.limitRange = objects.limitRange;

    this.node.addValidation({ validate: () => this.budgetViolations() });
    // Routed services need to know what admits their traffic; an environment of agents alone does not.
    this.node.addValidation({
      validate: () =>
        this.chosenGateway === undefined && this.givenGatewaySource === undefined && constructsOf(this).some(isRoutable)
          ? [formatProblem(gatewayRequiredProblem())]
          : [],
    });
    this.node.addValidation({ validate: () => duplicateObjects(this) });
    if (props.cluster !== undefined) {
      this.cluster = props.cluster;
      props.cluster.place(this);
    }
  }

  /**
   * Records a workload's peak resource use, checked against the budget at
   * synthesis. A function is read then, so later changes to the workload count.
   */
  public addFootprint(footprint: WorkloadFootprint | (() => WorkloadFootprint)): void {
    this.footprintSources.push(typeof footprint === 'function' ? footprint : () => footprint);
  }

  /** Every workload's peak resource use, as it stands now. */
  public get footprints(): WorkloadFootprint[] {
    return this.footprintSources.map((f) => f());
  }

  /**
   * Claims an OMS API for the service at `ownerPath`. Throws at once, naming
   * both services, when another service already owns it.
   */
  public claimApi(api: string, ownerPath: string): void {
    claim(this.apiOwners, api, ownerPath, 'apis', 'an API');
  }

  /**
   * Claims a URL path prefix for the service at `ownerPath`. Throws at once,
   * naming both services, when another service already owns it.
   */
  public claimPath(path: string, ownerPath: string): void {
    claim(this.pathOwners, path, ownerPath, 'routes', 'a route');
  }

  /** The construct path of the service that owns `api`, if any. */
  public apiOwner(api: string): string | undefined {
    return this.apiOwners.get(api);
  }

  /** The workloads' peak, summed. */
  public peakUse(footprints: readonly WorkloadFootprint[] = this.footprints): { cpuMillis: number; memoryBytes: number; pods: number } {
    let cpuMillis = 0;
    let memoryBytes = 0;
    let pods = 0;
    for (const f of footprints) {
      cpuMillis += f.peakPods * f.limits.cpuMillis;
      memoryBytes += f.peakPods * f.limits.memoryBytes;
      pods += f.peakPods;
    }
    return { cpuMillis, memoryBytes, pods };
  }

  private budgetViolations(): string[] {
    const footprints = this.footprints;
    return budgetProblems(this.budget, footprints, this.peakUse(footprints)).map(formatProblem);
  }
}

/** The gateway of an environment that names none: the router on OpenShift, an internal load balancer in a known EKS VPC. */
function defaultGateway(platform: Platform, cluster: OmsCluster | undefined): GatewayImplementation | undefined {
  if (platform === 'openshift') return GatewayImplementation.openShiftRouter();
  return cluster?.vpcCidr === undefined ? undefined : GatewayImplementation.awsLoadBalancer({ vpcCidr: cluster.vpcCidr });
}

function gatewaySourceOf(gateway: () => GatewayImplementation, given: GatewaySource | undefined): Required<GatewaySource> {
  if (given !== undefined)
    return {
      namespaceLabels: given.namespaceLabels,
      peers: given.peers ?? [{ namespaceSelector: { matchLabels: { ...given.namespaceLabels } } }],
    };
  const chosen = gateway();
  return { namespaceLabels: { ...chosen.namespaceLabels }, peers: chosen.peers() };
}

function claim(owners: Map<string, string>, key: string, ownerPath: string, property: string, what: string): void {
  const existing = owners.get(key);
  if (existing !== undefined && existing !== ownerPath) {
    throw new OmsConfigError(ownerPath, [
      {
        property,
        rule: `must not list ${what} another service owns: ${existing} already serves it`,
        value: key,
        fix: `remove "${key}" from one of ${existing} and ${ownerPath}`,
      },
    ]);
  }
  owners.set(key, ownerPath);
}
