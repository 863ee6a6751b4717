import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problem, ceilingProblems, formatCpu, formatMemory, formatProblem } from '../../core';
import type { WorkloadFootprint } from './oms-environment';
import { oncePerRender } from '../primitives/render-pass';

/**
 * The environment's constructs (`node.findAll()`), walked once per render pass: the environment's
 * checks and the rendering share the walk (nothing is added to the tree between the two).
 * Outside a pass, a fresh walk. Callers must not change the list.
 */
export function constructsOf(env: IConstruct): IConstruct[] {
  return oncePerRender(env, 'constructs', () => env.node.findAll());
}

/** The environment's ceilings in base units, and the workloads' peak against them. */
interface Amounts {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods?: number;
}

/** Where the workloads' peak (`peak`, summed from `footprints`) exceeds the budget: one problem per ceiling. */
export function budgetProblems(budget: Amounts, footprints: readonly WorkloadFootprint[], peak: Required<Amounts>): Problem[] {
  const problems: Problem[] = [];
  // Written only into a problem: a large estate within its budget does not pay for it.
  let breakdown: string | undefined;
  const breakdownOf = () =>
    (breakdown ??= footprints
      .map((f) => `${f.path}: ${f.peakPods} x ${formatCpu(f.limits.cpuMillis)} CPU / ${formatMemory(f.limits.memoryBytes)}`)
      .join('; '));
  problems.push(
    ...ceilingProblems(peak, budget, (resource, needed, budgeted) => ({
      property: `budget.${resource.key}`,
      rule: `must cover the workloads' peak ${resource.label} limits, ${needed} (max replicas plus surge, times limits: ${breakdownOf()})`,
      value: budgeted,
      fix: `raise budget.${resource.key} to at least ${needed}, or lower maxReplicas or ${resource.label} limits`,
    })),
  );
  if (budget.pods !== undefined && peak.pods > budget.pods) {
    problems.push({
      property: 'budget.pods',
      rule: `must cover the workloads' peak pod count, ${peak.pods}`,
      value: budget.pods,
      fix: `raise budget.pods to at least ${peak.pods}, or lower maxReplicas`,
    });
  }
  return problems;
}

/** Why an EKS environment without a gateway cannot route, and the choices. */
export function gatewayRequiredProblem(): Problem {
  return {
    property: 'gateway',
    rule:
      "is required on EKS when the environment's cluster names no VPC: routed services must know what serves their entry point " +
      '(ingress-nginx, the old default, was retired in March 2026)',
    value: undefined,
    fix:
      "set vpcCidr on the environment's cluster (an internal AWS load balancer is then the default), or choose gateway: " +
      'GatewayImplementation.awsLoadBalancer({ vpcCidr }), envoyGateway(), istio(), ' +
      'or ingress({ className, namespace }) (an Ingress; ingress-nginx warns at synthesis)',
  };
}

/** Two constructs rendering the same object (kind, namespace and name): the second apply would overwrite the first. */
export function duplicateObjects(env: IConstruct): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  // What the user named: the environment's own child that holds the object (a pair's colours are inside the pair).
  const depth = env.node.path.split('/').length;
  const owner = (p: string) =>
    p
      .split('/')
      .slice(0, depth + 1)
      .join('/');
  for (const c of constructsOf(env)) {
    if (!(c instanceof ApiObject)) continue;
    const key = `${c.apiVersion.split('/')[0]}/${c.kind}/${c.metadata.namespace ?? ''}/${c.name}`;
    const other = seen.get(key);
    if (other === undefined) seen.set(key, c.node.path);
    else
      problems.push(
        formatProblem({
          property: 'objects',
          rule: `must have unique names per kind and namespace: ${other} and ${c.node.path} both render ${c.kind} "${c.name}"`,
          value: c.name,
          fix:
            owner(other) === owner(c.node.path)
              ? `give the objects of ${owner(other)} distinct names`
              : `rename ${owner(other)} or ${owner(c.node.path)}`,
        }),
      );
  }
  return problems;
}
