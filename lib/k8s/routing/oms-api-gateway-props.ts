import { EntryPointAddress } from '../platform/client-entry-point';
import { IRoutable } from '../primitives/routable';
import { GatewayAttachment } from './http-routes';

/** Properties of an {@link OmsApiGateway}. */
export interface OmsApiGatewayProps {
  /** The one host callers use. */
  readonly host: string;
  /** The app server that receives every path no API route claims. */
  readonly defaultBackend: IRoutable;
  /** Services whose APIs are routed to them. More can be added with {@link OmsApiGateway.addService}. @default none */
  readonly services?: readonly IRoutable[];
  /**
   * A Gateway the platform owns, to attach the HTTPRoutes to (Gateway API implementations).
   * @default the gateway creates its own Gateway in the environment (named like the gateway)
   */
  readonly gateway?: GatewayAttachment;
  /** Ingress implementations: the IngressClass. @default the implementation's class */
  readonly ingressClassName?: string;
  /**
   * The Secret with the TLS certificate for `host`, for a Gateway terminating TLS
   * in the cluster (Envoy Gateway, Istio) or an Ingress.
   * @default none (required for such a Gateway unless `plainHttp`)
   */
  readonly tlsSecretName?: string;
  /**
   * The ACM certificate for `host`, for a Gateway on an AWS load balancer.
   * @default none (required for such a Gateway unless `plainHttp`)
   */
  readonly certificateArn?: string;
  /**
   * A plain-HTTP listener instead of HTTPS. Only branch (disposable) environments may ask for it.
   * @default false
   */
  readonly plainHttp?: boolean;
  /** Longest time a request may take, for long-running OMS APIs. @default 120 */
  readonly timeoutSeconds?: number;
  /**
   * Where clients inside the cluster (smoke tests) connect to reach the entry
   * point, for implementations that cannot derive it (Envoy Gateway, a
   * platform-owned Gateway or ingress controller, an internet-facing load balancer).
   * @default derived from the implementation where it can be
   */
  readonly inClusterAddress?: EntryPointAddress;
}

/** One path-to-service rule of the gateway. */
export interface GatewayRoute {
  /** The OMS API (an exact path), or `undefined` for a path prefix or the catch-all. */
  readonly api?: string;
  /** Whether the path is a prefix (plain-service routes and the catch-all) rather than an exact OMS API path. */
  readonly prefix: boolean;
  /** The URL path. */
  readonly path: string;
  /** The service behind it. */
  readonly service: IRoutable;
}
