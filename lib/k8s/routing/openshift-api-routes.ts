import { Construct } from 'constructs';
import * as openshift from '../crds/imports/route.openshift.io';
import { RouteTermination } from '../primitives/routable';
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
  /** The Services that take the traffic, with their weights. */
  readonly target: ReturnType<typeof routeTargets>;
  /** How TLS reaches them: `edge` (HTTP to their `http` port) or `reencrypt` (HTTPS to their `https` port). */
  readonly termination: RouteTermination;
}

/**
 * A Route for one path; plain HTTP is redirected to HTTPS. With `edge` the router ends TLS and sends HTTP to the
 * Services' `http` port. With `reencrypt` it sends HTTPS to their `https` port: a Route without
 * `destinationCACertificate` is checked against the router's default destination CA, which OpenShift's ingress
 * operator sets to the service CA bundle (`DEFAULT_DESTINATION_CA_PATH`), and each backend's certificate must name
 * its Service, `<service>.<namespace>.svc` (the router's `verifyhost`; openshift/router, haproxy-config.template).
 */
export function openshiftApiRoute(scope: Construct, id: string, input: OpenshiftApiRouteInput): openshift.Route {
  const reencrypt = input.termination === 'reencrypt';
  return new openshift.Route(scope, id, {
    metadata: {
      name: input.name,
      labels: input.labels,
      annotations: { 'haproxy.router.openshift.io/timeout': `${input.timeoutSeconds}s` },
    },
    spec: {
      host: input.host,
      path: input.path,
      to: { ...input.target.to, kind: openshift.RouteSpecToKind.SERVICE },
      alternateBackends: input.target.alternateBackends?.map((b) => ({ ...b, kind: openshift.RouteSpecAlternateBackendsKind.SERVICE })),
      port: { targetPort: reencrypt ? 'https' : 'http' },
      tls: {
        termination: reencrypt ? openshift.RouteSpecTlsTermination.REENCRYPT : openshift.RouteSpecTlsTermination.EDGE,
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
