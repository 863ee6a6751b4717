import { IConstruct } from 'constructs';
import {
  PLATFORMS,
  Platform,
  Problem,
  ResourceDimension,
  ceilingProblems,
  formatCpu,
  formatMemory,
  formatProblem,
  throwIfProblems,
  dns1123SubdomainViolation,
  isIpv4Cidr,
  oneOfProblems,
} from '../../core';
import { NodePoolRequirement } from '../crds/karpenter-node-pool';
import { CLUSTER_LABEL, markOmsCluster } from './cluster-brand';
import { ClusterCeiling } from './cluster-ceiling';
import type { OmsEnvironment } from './oms-environment';
import { Amount, ClusterAmount, amountProblems, show, toAmount } from './cluster-amount';

// One public construct per file: the ceiling lives in its own, exported from here as before.
export { ClusterCeiling } from './cluster-ceiling';
export type { ClusterCeilingProps } from './cluster-ceiling';

export { CLUSTER_LABEL } from './cluster-brand';
export type { ClusterAmount } from './cluster-amount';

/** How the cluster's hard ceiling is enforced, and so what it renders. */
export type ClusterCeilingKind =
  /**
   * OpenShift: a `ClusterResourceQuota` over the namespaces of every environment on the cluster. The
   * quota is enforced by admission across those namespaces together.
   */
  | { readonly kind: 'openshift-quota' }
  /**
   * EKS with Karpenter: a `NodePool` whose `limits` cap the summed capacity of the nodes it launches.
   * Node capacity is not all allocatable (kubelet and system reservations, daemonsets), so
   * `systemReserved` is subtracted before the environments' shares are compared with it.
   */
  | {
      readonly kind: 'karpenter';
      /** The `EC2NodeClass` the nodes launch with. */
      readonly nodeClassName: string;
      /** Node requirements (instance families, capacity type, zones). */
      readonly requirements: readonly NodePoolRequirement[];
      /** Capacity the environments cannot use: kubelet and system reservations and daemonsets on every node. */
      readonly systemReserved: ClusterAmount;
    }
  /**
   * EKS with a managed node group: the node group's maximum size times what one node can allocate. The
   * node group (and its maximum) is rendered by the AWS stack; nothing is rendered here.
   */
  | { readonly kind: 'node-group'; readonly maxNodes: number; readonly allocatablePerNode: ClusterAmount };

/** Properties of an {@link OmsCluster}. */
export interface OmsClusterProps {
  /** The cluster's name (a DNS label); also the name of its ceiling object. */
  readonly name: string;
  readonly platform: Platform;
  /**
   * The hard ceiling of the whole cluster. For `openshift-quota` and `karpenter` it is rendered as
   * given; for `node-group` it is computed and this must be left out.
   */
  readonly ceiling?: ClusterAmount;
  readonly enforcement: ClusterCeilingKind;
  /**
   * The environment that renders the cluster-scoped ceiling object. Exactly one environment owns it,
   * so two apps on one cluster do not both apply (and prune) it; it must be a long-lived environment.
   */
  readonly owner: string;
  /** Each long-lived environment on the cluster and its share: its namespace budget may not exceed it. */
  readonly environments: Readonly<Record<string, ClusterAmount>>;
  /**
   * Room for branch environments (names made from branch names): how many at once and the largest
   * budget of each. A branch environment not listed by name in `environments` takes one of these.
   * @default no branch environments
   */
  readonly branches?: { readonly count: number; readonly each: ClusterAmount };
  /**
   * EKS: the cluster's VPC block, as laid out by the network construct. Environments placed on the
   * cluster without a `gateway` then route through an internal AWS load balancer in it.
   * @default not known (every EKS environment on the cluster must choose its gateway)
   */
  readonly vpcCidr?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The ways a cluster's ceiling is enforced. */
const ENFORCEMENT_KINDS: readonly ClusterCeilingKind['kind'][] = ['openshift-quota', 'karpenter', 'node-group'];

/**
 * A Kubernetes cluster that environments are placed on, and its hard ceiling: an OpenShift
 * `ClusterResourceQuota` over the environments' namespaces, a Karpenter `NodePool` with `limits`, or
 * a managed node group's maximum size times a node's allocatable capacity.
 *
 * Every app is synthesized on its own, so a cluster is a shared definition (not part of any one
 * app's tree) that lists each environment's share. Placing an environment on it
 * (`new OmsEnvironment(app, name, { cluster, ... })`) checks that the environment has a share, that
 * its budget fits the share, and at synthesis that all shares together fit the ceiling; the owner
 * environment renders the cluster-scoped ceiling object.
 */
export class OmsCluster {
  public readonly name: string;
  public readonly platform: Platform;
  public readonly owner: string;
  public readonly enforcement: ClusterCeilingKind;
  /** EKS: the cluster's VPC block, if named. */
  public readonly vpcCidr?: string;
  /** The ceiling in base units. */
  public readonly ceiling: Amount;
  /** What the environments may use together: the ceiling less what the system reserves. */
  public readonly usable: Amount;
  private readonly shares: ReadonlyMap<string, Amount>;
  private owned?: IConstruct;
  private readonly branches?: { readonly count: number; readonly each: Amount };

  constructor(props: OmsClusterProps) {
    markOmsCluster(this);
    const where = `cluster ${props.name}`;
    const problems: Problem[] = [];
    if (typeof props.name !== 'string' || !DNS_LABEL.test(props.name))
      problems.push({
        property: 'name',
        rule: 'must be a DNS label (lower-case letters, digits, "-")',
        value: props.name,
        fix: "name it e.g. 'dev-eks'",
      });
    const e = props.enforcement;
    const kind: unknown = e !== null && typeof e === 'object' ? e.kind : undefined;
    if (!ENFORCEMENT_KINDS.includes(kind as ClusterCeilingKind['kind']))
      problems.push({
        property: 'enforcement.kind',
        rule: `must be one of ${ENFORCEMENT_KINDS.join(', ')}`,
        value: kind ?? e,
        fix: "use { kind: 'openshift-quota' } on OpenShift, or { kind: 'karpenter', ... } or { kind: 'node-group', ... } on EKS",
      });
    else {
      if (e.kind === 'node-group') {
        if (props.ceiling !== undefined)
          problems.push({
            property: 'ceiling',
            rule: 'must be left out for a node group: it is maxNodes times allocatablePerNode',
            value: props.ceiling,
            fix: 'remove ceiling, or use Karpenter limits',
          });
        if (!Number.isInteger(e.maxNodes) || e.maxNodes < 1)
          problems.push({
            property: 'enforcement.maxNodes',
            rule: 'must be a whole number of at least 1',
            value: e.maxNodes,
            fix: "set the node group's maximum size",
          });
        problems.push(...amountProblems('enforcement.allocatablePerNode', e.allocatablePerNode));
      } else problems.push(...amountProblems('ceiling', props.ceiling));
      if (!PLATFORMS.includes(props.platform))
        problems.push(...oneOfProblems('platform', props.platform, PLATFORMS, 'pick the Kubernetes distribution the cluster runs'));
      else if (e.kind === 'openshift-quota' && props.platform !== 'openshift')
        problems.push({
          property: 'enforcement',
          rule: 'openshift-quota needs platform openshift',
          value: props.platform,
          fix: "use 'karpenter' or 'node-group' on EKS",
        });
      else if (e.kind !== 'openshift-quota' && props.platform !== 'eks')
        problems.push({
          property: 'enforcement',
          rule: `${e.kind} needs platform eks`,
          value: props.platform,
          fix: "use 'openshift-quota' on OpenShift",
        });
      if (e.kind === 'karpenter') {
        problems.push(...amountProblems('enforcement.systemReserved', e.systemReserved));
        // They render the NodePool: its nodeClassRef names an EC2NodeClass, its requirements are a list.
        const classRule = dns1123SubdomainViolation(e.nodeClassName);
        if (classRule)
          problems.push({
            property: 'enforcement.nodeClassName',
            rule: classRule,
            value: e.nodeClassName,
            fix: 'name the EC2NodeClass, e.g. "default"',
          });
        if (!Array.isArray(e.requirements))
          problems.push({
            property: 'enforcement.requirements',
            rule: 'must be a list of node requirements',
            value: e.requirements,
            fix: "give e.g. [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }], or [] for any node",
          });
      }
    }
    for (const env of Object.keys(props.environments ?? {}))
      if (!DNS_LABEL.test(env))
        problems.push({
          property: 'environments',
          rule: 'must be keyed by environment names (DNS labels: lower-case letters, digits, "-")',
          value: env,
          fix: 'key each share by the name of its OmsEnvironment, e.g. "uat"',
        });
    for (const [env, share] of Object.entries(props.environments ?? {})) problems.push(...amountProblems(`environments.${env}`, share));
    if (props.branches) {
      if (!Number.isInteger(props.branches.count) || props.branches.count < 1)
        problems.push({
          property: 'branches.count',
          rule: 'must be a whole number of at least 1',
          value: props.branches.count,
          fix: 'set how many branch environments run at once',
        });
      problems.push(...amountProblems('branches.each', props.branches.each));
    }
    if (!(props.owner in (props.environments ?? {})))
      problems.push({
        property: 'owner',
        rule: 'must be one of the long-lived environments listed in environments (it renders the cluster-scoped ceiling)',
        value: props.owner,
        fix: `set owner to one of: ${Object.keys(props.environments ?? {}).join(', ') || '(none listed)'}`,
      });
    if (props.vpcCidr !== undefined && props.platform !== 'eks')
      problems.push({
        property: 'vpcCidr',
        rule: 'is only used on EKS (it places the default internal AWS load balancer)',
        value: props.vpcCidr,
        fix: 'remove vpcCidr from the OpenShift cluster',
      });
    else if (props.vpcCidr !== undefined && (typeof props.vpcCidr !== 'string' || !isIpv4Cidr(props.vpcCidr)))
      problems.push({
        property: 'vpcCidr',
        rule: 'must be an IPv4 CIDR block',
        value: props.vpcCidr,
        fix: "give the cluster's VPC block, e.g. '10.20.0.0/16'",
      });
    throwIfProblems(where, problems);

    this.name = props.name;
    this.vpcCidr = props.vpcCidr;
    this.platform = props.platform;
    this.owner = props.owner;
    this.enforcement = e;
    this.shares = new Map(Object.entries(props.environments).map(([k, v]) => [k, toAmount(v)]));
    this.branches = props.branches && { count: props.branches.count, each: toAmount(props.branches.each) };
    if (e.kind === 'node-group') {
      const node = toAmount(e.allocatablePerNode);
      this.ceiling = {
        cpuMillis: node.cpuMillis * e.maxNodes,
        memoryBytes: node.memoryBytes * e.maxNodes,
        pods: node.pods === undefined ? undefined : node.pods * e.maxNodes,
      };
      this.usable = this.ceiling;
    } else {
      this.ceiling = toAmount(props.ceiling!);
      const reserved = e.kind === 'karpenter' ? toAmount(e.systemReserved) : { cpuMillis: 0, memoryBytes: 0 };
      this.usable = {
        cpuMillis: this.ceiling.cpuMillis - reserved.cpuMillis,
        memoryBytes: this.ceiling.memoryBytes - reserved.memoryBytes,
        pods: this.ceiling.pods,
      };
    }
  }

  /** The owner environment, once it is placed on the cluster: the only scope its ceiling renders in. */
  public get ownerEnvironment(): IConstruct | undefined {
    return this.owned;
  }

  /** Each share on the cluster, by name (`branches (n x ...)` for the branch room). */
  public get allShares(): { readonly name: string; readonly amount: Amount }[] {
    const out = [...this.shares.entries()].map(([name, amount]) => ({ name, amount }));
    if (this.branches) {
      const { count, each } = this.branches;
      out.push({
        name: `branch environments (${count} x ${show(each)})`,
        amount: {
          cpuMillis: count * each.cpuMillis,
          memoryBytes: count * each.memoryBytes,
          pods: each.pods === undefined ? undefined : count * each.pods,
        },
      });
    }
    return out;
  }

  /** The share an environment may use: its own, or a branch environment's. */
  public shareOf(environment: string, stage?: string): Amount | undefined {
    return this.shares.get(environment) ?? (stage === 'branch' ? this.branches?.each : undefined);
  }

  /** Whether the shares together fit the ceiling; one problem per resource that does not, naming every share. */
  public fitProblems(): Problem[] {
    const shares = this.allShares;
    const listing = (f: (a: Amount) => string) => shares.map((s) => `${s.name} ${f(s.amount)}`).join(', ');
    const problems: Problem[] = [];
    const total = shares.reduce(
      (t, s) => ({
        cpuMillis: t.cpuMillis + s.amount.cpuMillis,
        memoryBytes: t.memoryBytes + s.amount.memoryBytes,
        pods: t.pods + (s.amount.pods ?? 0),
      }),
      { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    );
    const what =
      this.enforcement.kind === 'karpenter'
        ? ' (the NodePool limits less systemReserved)'
        : this.enforcement.kind === 'node-group'
          ? ' (maxNodes x allocatablePerNode)'
          : '';
    if (total.cpuMillis > this.usable.cpuMillis)
      problems.push({
        property: `cluster ${this.name}: environments`,
        rule: `must fit the cluster's ${formatCpu(this.usable.cpuMillis)} CPU${what} together, but their shares add up to ${formatCpu(total.cpuMillis)}: ${listing((a) => formatCpu(a.cpuMillis))}`,
        value: formatCpu(total.cpuMillis),
        fix: `lower the shares by ${formatCpu(total.cpuMillis - this.usable.cpuMillis)} CPU, or raise the cluster's ceiling`,
      });
    if (total.memoryBytes > this.usable.memoryBytes)
      problems.push({
        property: `cluster ${this.name}: environments`,
        rule: `must fit the cluster's ${formatMemory(this.usable.memoryBytes)} memory${what} together, but their shares add up to ${formatMemory(total.memoryBytes)}: ${listing((a) => formatMemory(a.memoryBytes))}`,
        value: formatMemory(total.memoryBytes),
        fix: `lower the shares by ${formatMemory(total.memoryBytes - this.usable.memoryBytes)}, or raise the cluster's ceiling`,
      });
    if (this.usable.pods !== undefined && total.pods > this.usable.pods)
      problems.push({
        property: `cluster ${this.name}: environments`,
        rule: `must fit the cluster's ${this.usable.pods} pods together, but their shares add up to ${total.pods}: ${listing((a) => String(a.pods ?? 0))}`,
        value: total.pods,
        fix: `lower the shares' pods by ${total.pods - this.usable.pods}, or raise the cluster's ceiling`,
      });
    if (this.usable.pods !== undefined)
      for (const s of shares.filter((x) => x.amount.pods === undefined))
        problems.push({
          property: `cluster ${this.name}: environments.${s.name}.pods`,
          rule: 'must be set: the cluster has a pod ceiling',
          value: undefined,
          fix: 'give the share a pod count',
        });
    return problems;
  }

  /**
   * Places an environment on the cluster (called by the environment's constructor): checks the
   * platform and the environment's share at once, labels its namespace, adds the cluster-wide check
   * to its synthesis, and renders the ceiling object in the owner environment.
   */
  public place(env: OmsEnvironment): void {
    const problems: Problem[] = [];
    const name = env.environmentName;
    if (env.config.platform !== this.platform)
      problems.push({
        property: 'cluster',
        rule: `must be a cluster of the environment's platform (${env.config.platform})`,
        value: `${this.name} (${this.platform})`,
        fix: `place it on an ${env.config.platform} cluster`,
      });
    const share = this.shareOf(name, env.config.stage);
    if (share === undefined) {
      problems.push({
        property: 'cluster',
        rule: `must list the environment: cluster ${this.name} has no share for "${name}"${env.config.stage === 'branch' ? ' and no room for branch environments' : ''}`,
        value: this.name,
        fix: `add "${name}" with its budget to the cluster's environments (the check then tells whether it still fits)`,
      });
    } else {
      const b = env.budget;
      const overShare = (resource: ResourceDimension, budgeted: string, shared: string): Problem => ({
        property: `budget.${resource.key}`,
        rule: `must fit the environment's share of cluster ${this.name}, ${shared}`,
        value: budgeted,
        fix: `lower budget.${resource.key}, or raise the share in the cluster's definition`,
      });
      problems.push(...ceilingProblems(b, share, overShare));
      if (share.pods !== undefined && (b.pods === undefined || b.pods > share.pods))
        problems.push({
          property: 'budget.pods',
          rule: `must be set and fit the environment's share of cluster ${this.name}, ${share.pods}`,
          value: b.pods,
          fix: `set budget.pods to at most ${share.pods}`,
        });
    }
    if (name === this.owner && env.config.stage === 'branch')
      problems.push({
        property: 'cluster',
        rule: 'must not be owned by a branch environment (its teardown would leave the ceiling unowned)',
        value: name,
        fix: 'make a long-lived environment the owner',
      });
    throwIfProblems(env.node.path, problems);

    env.namespaceObject.metadata.addLabel(CLUSTER_LABEL, this.name);
    env.node.addValidation({ validate: () => this.fitProblems().map(formatProblem) });
    if (name === this.owner) {
      this.owned = env;
      new ClusterCeiling(env, 'cluster', { cluster: this });
    }
  }
}
