import { cidrSubnet, internalLoadBalancerSubnetsCidr } from './cidr';
import { stableHash } from './hash';
import { joinName, toDns1123Label } from './naming';

/** The Gateway API's ceiling on rules in one HTTPRoute (`spec.rules` maxItems in the standard-channel CRD). */
export const HTTP_ROUTE_MAX_RULES = 16;

/**
 * Splits rules into HTTPRoutes of at most `max` rules, keeping their order: the
 * same rules always give the same routes. Order between routes does not change
 * which rule wins (the Gateway API ranks matches across every route of a
 * listener: exact paths first, then the longest prefix).
 */
export function splitRouteRules<T>(rules: readonly T[], max: number = HTTP_ROUTE_MAX_RULES): T[][] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a whole number of at least 1, got ${max}`);
  const chunks: T[][] = [];
  for (let i = 0; i < rules.length; i += max) chunks.push(rules.slice(i, i + max));
  return chunks.length === 0 ? [[]] : chunks;
}

/** The name of the `index`-th (0-based) HTTPRoute of a gateway: the first keeps the gateway's name, later ones add `-2`, `-3`... */
export function httpRouteName(gatewayName: string, index: number): string {
  return index === 0 ? joinName([gatewayName]) : joinName([gatewayName, String(index + 1)]);
}

/**
 * The address block AWS load balancers of a VPC laid out by the network construct sit in:
 * internal ones in their own subnets ({@link internalLoadBalancerSubnetsCidr}), internet-facing
 * ones in the public subnets (tagged `kubernetes.io/role/elb`, the third quarter of the VPC
 * block). With IP targets the load balancer connects to pods from these addresses, so admitting
 * this block admits the load balancers and not the pods of other namespaces.
 */
export function loadBalancerSubnetsCidr(vpcCidr: string, internetFacing: boolean): string {
  return internetFacing ? cidrSubnet(vpcCidr, 2, 2) : internalLoadBalancerSubnetsCidr(vpcCidr);
}

/**
 * The name of an HTTPRoute rule (`spec.rules[].name`, a DNS subdomain), for policies that attach to one rule
 * through `sectionName` (Envoy Gateway's BackendTrafficPolicy): the catch-all `default`, every other rule its last
 * path segment with a hash of the match, so two rules never share a name (`getItem` and `GetItem` included) and
 * the same rule always gets the same name.
 */
export function routeRuleName(rule: { readonly path: string; readonly prefix: boolean }): string {
  if (rule.path === '/' && rule.prefix) return 'default';
  const slug = toDns1123Label(
    rule.path
      .split('/')
      .filter((s) => s.length > 0)
      .pop() ?? 'root',
    { maxLength: 40 },
  );
  return joinName([slug, stableHash(`${rule.prefix ? 'prefix' : 'exact'}:${rule.path}`, 6)]);
}
