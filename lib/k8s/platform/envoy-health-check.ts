import { Lazy } from 'cdk8s';
import { joinName } from '../../core';
import { BackendTrafficPolicy } from '../crds/envoy-backend-traffic-policy';
import type { RoutedServiceContext } from './gateway-contexts';

/**
 * The HTTP codes of success codes such as `"200"`, `"200,204"` or `"200-299"` (already checked: 200 to 399), as
 * the list Envoy Gateway's `expectedStatuses` takes.
 */
export function expectedStatuses(successCodes: string): number[] {
  const codes = successCodes.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  return [...new Set(codes)].sort((a, b) => a - b);
}

/**
 * Envoy Gateway's active health check of a routed service: a `BackendTrafficPolicy` attached to each HTTPRoute
 * rule that sends to the service (`targetRefs` with the rule's name as `sectionName`; a rule-level policy is the
 * most specific one Envoy Gateway applies), requesting the service's readiness path and counting its success codes
 * as healthy. Envoy Gateway builds one upstream cluster per route rule, so the check covers exactly the pods behind
 * those rules; the interval, timeout and thresholds are Envoy Gateway's defaults (3 s, 1 s, 1 up, 3 down, per its
 * CRD). Nothing is created for a service without a health check.
 */
export function envoyHealthCheckPolicy(ctx: RoutedServiceContext): BackendTrafficPolicy | undefined {
  const check = ctx.healthCheck;
  if (check === undefined) return undefined;
  return new BackendTrafficPolicy(ctx.scope, `health-check-${ctx.serviceName}`, {
    metadata: { name: joinName([ctx.serviceName, 'health-check']), labels: ctx.labels },
    spec: {
      targetRefs: Lazy.any({
        produce: () =>
          ctx.rules().map((r) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: r.route, sectionName: r.rule })),
      }),
      healthCheck: { active: { type: 'HTTP', http: { path: check.path, expectedStatuses: expectedStatuses(check.successCodes) } } },
    },
  });
}
