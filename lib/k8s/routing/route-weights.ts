import { RouteBackend } from '../primitives/routable';

/** The most Services one OpenShift Route sends to: `spec.to` and up to three `alternateBackends`. */
export const MAX_ROUTE_BACKENDS = 4;

/** One Service of an OpenShift Route, with its weight (0 to 256; 0 takes no new requests). */
export interface RouteTarget {
  readonly kind: 'Service';
  readonly name: string;
  readonly weight: number;
}

/**
 * The `spec.to` and `spec.alternateBackends` of an OpenShift Route for weighted backends: the first
 * backend is `to`, the others alternates. The router shares requests by weight among the backends
 * with a weight above 0; a backend at weight 0 gets no new requests, and connections already open
 * finish. Source: OpenShift's Route API (route.openshift.io/v1, `spec.to.weight`,
 * `spec.alternateBackends`, at most 3 alternates, weights 0 to 256).
 */
export function routeTargets(
  serviceName: string,
  backends: readonly RouteBackend[] | undefined,
): { to: RouteTarget; alternateBackends?: RouteTarget[] } {
  if (backends === undefined || backends.length === 0) return { to: { kind: 'Service', name: serviceName, weight: 100 } };
  const [first, ...rest] = backends.map((b) => ({
    kind: 'Service' as const,
    name: b.serviceName,
    weight: Math.min(256, Math.max(0, Math.round(b.weight))),
  }));
  return rest.length === 0 ? { to: first } : { to: first, alternateBackends: rest };
}
