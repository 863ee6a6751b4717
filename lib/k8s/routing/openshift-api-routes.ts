import { Construct } from 'constructs';
import * as openshift from '../crds/imports/route.openshift.io';
import { routeTargets } from './route-weights';

/** One path of the API gateway as an OpenShift Route. */
export interface OpenshiftApiRouteInput {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The router's timeout for a request. */
  readonly timeoutSeconds: number;
  readonly host: string;
  /** The path, or `undefined` for the catch-all. */
  readonly path?: string;
  /** The Service that takes the traffic. */
  readonly serviceName: string;
}

/** A Route for one path: TLS at the router's edge (plain HTTP redirected), to the Service's `http` port. */
export function openshiftApiRoute(scope: Construct, id: string, input: OpenshiftApiRouteInput): openshift.Route {
  return new openshift.Route(scope, id, {
    metadata: {
      name: input.name,
      labels: input.labels,
      annotations: { 'haproxy.router.openshift.io/timeout': `${input.timeoutSeconds}s` },
    },
    spec: {
      host: input.host,
      path: input.path,
      to: { kind: openshift.RouteSpecToKind.SERVICE, name: input.serviceName, weight: 100 },
      port: { targetPort: 'http' },
      tls: {
        termination: openshift.RouteSpecTlsTermination.EDGE,
        insecureEdgeTerminationPolicy: openshift.RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT,
      },
      wildcardPolicy: openshift.RouteSpecWildcardPolicy.NONE,
    },
  });
}

/** A Route as a whole object for `kubectl apply`, in `namespace`, sending to `target` (its alternates replaced). */
export function routeManifest(route: openshift.Route, namespace: string, target: ReturnType<typeof routeTargets>): Record<string, unknown> {
  const json = route.toJson() as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  const { alternateBackends: _alternates, ...spec } = json.spec;
  void _alternates;
  return {
    ...json,
    metadata: { ...json.metadata, namespace },
    spec: { ...spec, to: target.to, ...(target.alternateBackends ? { alternateBackends: target.alternateBackends } : {}) },
  };
}
