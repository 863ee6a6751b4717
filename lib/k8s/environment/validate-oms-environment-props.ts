import type { KindsOf } from '../../core';
import { Problem, Product, parseCpuMillis, parseMemoryBytes } from '../../core';
import { GatewayImplementation } from '../platform/gateway-implementation';
import { isOmsClusterDefinition } from './cluster-brand';
import type { OmsEnvironmentProps } from './oms-environment';

/**
 * The JavaScript kind of every prop of an environment, checked before its
 * rules. Quantities may be numbers or strings; their parsers check them.
 */
export const OMS_ENVIRONMENT_PROP_KINDS = {
  stage: 'string',
  platform: 'string',
  budget: { pods: 'number' },
  containerCeiling: 'object',
  gateway: 'object',
  gatewaySource: { namespaceLabels: 'record', peers: 'object[]' },
  cluster: 'object',
  branch: 'string',
  product: 'object',
} satisfies KindsOf<OmsEnvironmentProps>;

/** A git branch name as the sweeper compares it with the remote's heads (no spaces, no `..`, no git-special characters). */
const BRANCH_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/+-]{1,200}(?<![./])$/;

/** Problems with the `branch` property. */
export function validateBranch(props: OmsEnvironmentProps): Problem[] {
  if (props.branch === undefined) return [];
  const problems: Problem[] = [];
  if (props.stage !== 'branch')
    problems.push({
      property: 'branch',
      rule: `is only for branch-stage environments (the sweeper tears annotated environments down); this one is ${String(props.stage)}`,
      value: props.branch,
      fix: "remove branch, or use stage: 'branch'",
    });
  if (typeof props.branch !== 'string' || !BRANCH_NAME.test(props.branch))
    problems.push({
      property: 'branch',
      rule: 'must be a git branch name: 1 to 200 letters, digits, ".", "_", "+", "-" or "/", not starting with "-", not ending with "." or "/", without ".." or "//"',
      value: props.branch,
      fix: 'pass the branch as CI names it, e.g. branchFromEnvironment()',
    });
  return problems;
}

/** Every problem with the environment's budget properties. */
export function validateBudget(props: OmsEnvironmentProps): Problem[] {
  const problems: Problem[] = [];
  const budget = props.budget;
  if (budget === undefined) {
    return [
      {
        property: 'budget',
        rule: 'is required (every environment has a hard resource ceiling)',
        value: budget,
        fix: "set budget: { cpu: '40', memory: '160Gi' }",
      },
    ];
  }
  if (parseCpuMillis(budget.cpu) === undefined) {
    problems.push({
      property: 'budget.cpu',
      rule: 'must be a non-negative CPU quantity',
      value: budget.cpu,
      fix: "write it as e.g. '40' or '40000m'",
    });
  }
  if (parseMemoryBytes(budget.memory) === undefined) {
    problems.push({
      property: 'budget.memory',
      rule: 'must be a non-negative memory quantity',
      value: budget.memory,
      fix: "write it as e.g. '160Gi'",
    });
  }
  if (budget.pods !== undefined && (!Number.isInteger(budget.pods) || budget.pods < 1)) {
    problems.push({
      property: 'budget.pods',
      rule: 'must be a whole number of at least 1',
      value: budget.pods,
      fix: 'set the largest number of pods, or leave it out',
    });
  }
  const ceiling = props.containerCeiling ?? {};
  if (ceiling.cpu !== undefined && parseCpuMillis(ceiling.cpu) === undefined) {
    problems.push({
      property: 'containerCeiling.cpu',
      rule: 'must be a non-negative CPU quantity',
      value: ceiling.cpu,
      fix: "write it as e.g. '4'",
    });
  }
  if (ceiling.memory !== undefined && parseMemoryBytes(ceiling.memory) === undefined) {
    problems.push({
      property: 'containerCeiling.memory',
      rule: 'must be a non-negative memory quantity',
      value: ceiling.memory,
      fix: "write it as e.g. '16Gi'",
    });
  }
  return problems;
}

/**
 * The value-class props are made by their factories: from plain JavaScript an object literal would pass the kind
 * check and then crash (`props.cluster.place is not a function`) or render nothing (a product or gateway source
 * without its fields).
 */
export function validateParts(props: OmsEnvironmentProps): Problem[] {
  const problems: Problem[] = [];
  if (props.cluster !== undefined && !isOmsClusterDefinition(props.cluster))
    problems.push({
      property: 'cluster',
      rule: 'must be an OmsCluster',
      value: typeof props.cluster,
      fix: 'pass the cluster made with new OmsCluster({...}), or leave cluster out',
    });
  if (props.gateway !== undefined && !(props.gateway instanceof GatewayImplementation))
    problems.push({
      property: 'gateway',
      rule: 'must be a GatewayImplementation',
      value: typeof props.gateway,
      fix: 'use a factory, e.g. GatewayImplementation.awsLoadBalancer({ vpcCidr }) or GatewayImplementation.openShiftRouter()',
    });
  if (props.product !== undefined && !(props.product instanceof Product))
    problems.push({
      property: 'product',
      rule: 'must be a Product',
      value: typeof props.product,
      fix: "use Product.OMS or Product.of({ name: '...' }), or leave product out",
    });
  const labels = props.gatewaySource?.namespaceLabels;
  if (props.gatewaySource !== undefined && (labels === undefined || Object.keys(labels).length === 0))
    problems.push({
      property: 'gatewaySource.namespaceLabels',
      rule: "must name the labels of the routing layer's namespace (an empty selector would admit every namespace)",
      value: labels,
      fix: "give e.g. { 'kubernetes.io/metadata.name': 'ingress-nginx' }",
    });
  return problems;
}
