import { Construct } from 'constructs';
import { Platform } from '../../core';
import { RoutableHealthCheck } from '../primitives/routable';

/** Which objects route traffic: Gateway API `HTTPRoute`s, OpenShift `Route`s, or an `Ingress`. */
export type RoutingKind = 'gateway-api' | 'openshift-route' | 'ingress';

/** What an implementation needs to know about a Gateway the environment creates. */
export interface GatewayContext {
  /** Where the Gateway's own objects go. */
  readonly scope: Construct;
  /** The Gateway's name. */
  readonly name: string;
  /** Labels of the Gateway's objects. */
  readonly labels: Record<string, string>;
  readonly platform: Platform;
  /** Whether the listener is plain HTTP (only where allowed). */
  readonly plainHttp: boolean;
  /** The Secret with the certificate (implementations that terminate TLS in the cluster). */
  readonly tlsSecretName?: string;
  /** The ACM certificate (AWS load balancers). */
  readonly certificateArn?: string;
  readonly timeoutSeconds: number;
}

/** A Service the entry point routes to, for {@link GatewayImplementation.configureBackend}. */
export interface BackendContext {
  /** Where the implementation's objects for the Service go. */
  readonly scope: Construct;
  /** The Service. */
  readonly serviceName: string;
  readonly labels: Record<string, string>;
  /** The service's health check (its readiness path and success codes). @default none */
  readonly healthCheck?: RoutableHealthCheck;
  /** The session cookie clients are kept on their pod by. @default none */
  readonly sessionCookie?: string;
}

/** One HTTPRoute rule by the route's name and the rule's (`spec.rules[].name`). */
export interface RouteRuleRef {
  readonly route: string;
  readonly rule: string;
}

/** A routed service (all the Services behind its rules), for {@link GatewayImplementation.configureRoutedService}. */
export interface RoutedServiceContext {
  /** Where the implementation's objects for the service go. */
  readonly scope: Construct;
  /** The service's name (its stable Service), naming the objects. */
  readonly serviceName: string;
  readonly labels: Record<string, string>;
  /** The service's health check (its readiness path and success codes). @default none */
  readonly healthCheck?: RoutableHealthCheck;
  /** The HTTPRoute rules that send to it, read at synthesis (services are added after construction). */
  readonly rules: () => readonly RouteRuleRef[];
}

/** What an implementation adds to a Gateway the environment creates. */
export interface GatewayParts {
  /** `spec.infrastructure`. */
  readonly infrastructure?: {
    readonly annotations?: Record<string, string>;
    readonly parametersRef?: { readonly group: string; readonly kind: string; readonly name: string };
  };
  /** The HTTPS listener's `tls`. */
  readonly tls?: { readonly mode: 'Terminate'; readonly certificateRefs: readonly { readonly name: string }[] };
}

/** Properties of {@link GatewayImplementation.awsLoadBalancer}. */
export interface AwsLoadBalancerProps {
  /** The VPC block of the cluster, laid out by the network construct: the load balancer's subnets are derived from it. */
  readonly vpcCidr: string;
  /** A public load balancer. @default false (internal: reachable only inside the VPC and its peers) */
  readonly internetFacing?: boolean;
  /** The blocks the load balancer sends from. @default the internal (workload) or public subnets of `vpcCidr` */
  readonly sourceCidrs?: readonly string[];
}

/** Properties of an in-cluster Gateway API implementation. */
export interface InClusterGatewayProps {
  /** The GatewayClass. @default the implementation's usual name ('envoy-gateway', 'istio') */
  readonly gatewayClassName?: string;
  /** The namespace its proxies run in. @default the implementation's usual one */
  readonly namespace?: string;
  /** On EKS, a public Network Load Balancer in front of the proxies. @default false (internal) */
  readonly internetFacing?: boolean;
}
