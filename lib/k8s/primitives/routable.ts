import { IConstruct } from 'constructs';

const ROUTABLE = Symbol.for('oms-platform-constructs.Routable');

/** Something the routing entry point can send traffic to: a Service name, its port, the OMS APIs and path prefixes it owns. */
export interface IRoutable extends IConstruct {
  /** The Kubernetes Service that receives the traffic. */
  readonly serviceName: string;
  /** The Service port. */
  readonly port: number;
  /** The OMS APIs it owns (`POST /smcfs/restapi/invoke/<api>`, exact paths). */
  readonly apis: readonly string[];
  /** The URL path prefixes it owns (plain services), e.g. `/polls`. */
  readonly paths: readonly string[];
  /**
   * The Services behind it with their share of traffic (Gateway API backend
   * weights), e.g. both colours of a blue-green pair.
   * @default the Service `serviceName` alone
   */
  readonly backends?: readonly RouteBackend[];
  /**
   * How a load balancer in front of it tells a healthy pod: the readiness path and the HTTP codes that count as
   * healthy, the same check as the pods' readiness probe. @default none (the implementation's default check)
   */
  readonly healthCheck?: RoutableHealthCheck;
  /**
   * The session cookie the server sets (`JSESSIONID` for OMS's Liberty): a load balancer that can keeps each client
   * on the pod that holds its session, as IBM's chart does with cookie affinity. @default none (no affinity)
   */
  readonly sessionCookie?: string;
  /**
   * How an OpenShift Route carries TLS to it: `edge` ends TLS at the router and sends HTTP to the Service's `http`
   * port; `reencrypt` opens a new TLS connection to its `https` port and checks the server's certificate (issued by
   * the service CA) against the Service's name. @default 'edge'
   */
  readonly routeTermination?: RouteTermination;
}

/** The TLS termination of an OpenShift Route to a service (route.openshift.io/v1 `spec.tls.termination`). */
export type RouteTermination = 'edge' | 'reencrypt';

/** The Route terminations a service may choose. */
export const ROUTE_TERMINATIONS: readonly RouteTermination[] = ['reencrypt', 'edge'];

/** A routed service's health check, from the same source as its readiness probe. */
export interface RoutableHealthCheck {
  /** The readiness path, e.g. `/healthz`. */
  readonly path: string;
  /** HTTP codes that count as healthy, e.g. `200` or `200-299`. */
  readonly successCodes: string;
}

/** One Service behind a route, with its share of the traffic. */
export interface RouteBackend {
  readonly serviceName: string;
  readonly port: number;
  /** Relative share (0 takes no new requests). */
  readonly weight: number;
}

/** Marks a construct as routable, so the gateway can find every API owner in an environment. */
export function markRoutable(c: IRoutable): void {
  Object.defineProperty(c, ROUTABLE, { value: true });
}

/** Whether `c` is a routable construct. */
export function isRoutable(c: unknown): c is IRoutable {
  return c !== null && typeof c === 'object' && ROUTABLE in c;
}
