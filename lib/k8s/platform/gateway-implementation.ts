import { Platform, Problem } from '../../core';
import { GATEWAY_CLASS } from '../../core/platform-components';
import { loadBalancerSubnetsCidr } from '../../core/gateway-routes';
import { AWS_GATEWAY_PARAMETERS_GROUP, LoadBalancerConfiguration, TargetGroupConfiguration } from '../crds/aws-load-balancer-configuration';
import { k8s } from '../primitives/kube';
import { DerivedEntryPoint, EntryPointContext, egressTo, entryPointPort } from './client-entry-point';
import { INGRESS_NGINX_WARNING } from './synthesis-warnings';
import { envoyHealthCheckPolicy } from './envoy-health-check';
import { checkGatewayFactory } from './validate-gateway-implementation-props';
import type {
  AwsLoadBalancerProps,
  BackendContext,
  GatewayContext,
  GatewayParts,
  InClusterGatewayProps,
  RoutedServiceContext,
  RoutingKind,
} from './gateway-contexts';

export type {
  AwsLoadBalancerProps,
  BackendContext,
  GatewayContext,
  GatewayParts,
  InClusterGatewayProps,
  RouteRuleRef,
  RoutedServiceContext,
  RoutingKind,
} from './gateway-contexts';

/**
 * The software that serves an environment's entry point, and so where its
 * traffic comes from. Each implementation decides how the services'
 * NetworkPolicies admit it (a namespace, its pods, or the address range of a
 * load balancer that sends straight to pod IPs), so the entry point always
 * reaches the pods. Private by default: a load balancer is internal unless
 * `internetFacing` is asked for.
 */
export abstract class GatewayImplementation {
  /**
   * The AWS Load Balancer Controller: an Application Load Balancer per Gateway
   * (GatewayClass `aws-alb`, installed by the AWS stack), sending to pod IPs.
   * NetworkPolicies admit the subnets the load balancer sits in.
   */
  public static awsLoadBalancer(props: AwsLoadBalancerProps): GatewayImplementation {
    checkGatewayFactory('awsLoadBalancer', props);
    return new AwsLoadBalancerImplementation(props);
  }

  /** Envoy Gateway: its proxies run in the controller's namespace. */
  public static envoyGateway(props: InClusterGatewayProps = {}): GatewayImplementation {
    checkGatewayFactory('envoyGateway', props);
    return new EnvoyGateway(
      'Envoy Gateway',
      props.gatewayClassName ?? 'envoy-gateway',
      props,
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.namespace ?? 'envoy-gateway-system' } } },
      () => ({ unknown: 'Envoy Gateway names the Service of its proxies with a generated hash' }),
    );
  }

  /**
   * Istio: for a Gateway the environment creates, Istio deploys the proxy in
   * the environment's namespace (labelled with the Gateway's name); give
   * `namespace` when the platform runs a shared Gateway elsewhere. Istio has no
   * active health check to configure (its DestinationRule offers passive outlier
   * detection only; istio/istio#10537, open since 2018): its proxies send only to
   * the endpoints Kubernetes marks ready, so the readiness probe, on the same
   * readiness path, is the health check. Nothing is rendered for it.
   */
  public static istio(props: InClusterGatewayProps = {}): GatewayImplementation {
    checkGatewayFactory('istio', props);
    const peer: k8s.NetworkPolicyPeer =
      props.namespace === undefined
        ? { podSelector: { matchExpressions: [{ key: 'gateway.networking.k8s.io/gateway-name', operator: 'Exists' }] } }
        : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.namespace } } };
    const className = props.gatewayClassName ?? 'istio';
    // Istio deploys a Gateway's proxies as Deployment and Service "<gateway>-<class>", pods labelled with the gateway's name.
    const entry = (ctx: EntryPointContext): DerivedEntryPoint =>
      props.namespace !== undefined || ctx.ownGatewayName === undefined
        ? { unknown: "the Gateway is the platform's: the Service of its proxies is not known here" }
        : {
            address: `${ctx.ownGatewayName}-${className}.${ctx.namespace}.svc`,
            egress: egressTo(
              [{ podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': ctx.ownGatewayName } } }],
              [entryPointPort(ctx)],
            ),
          };
    return new InClusterGateway('Istio', className, props, peer, entry);
  }

  /**
   * The OpenShift router (Routes). Its namespaces carry the policy-group label
   * `policy-group.network.openshift.io/ingress`, which also matches routers on
   * the host network (bare metal, vSphere), unlike the older
   * `network.openshift.io/policy-group: ingress`.
   */
  public static openShiftRouter(): GatewayImplementation {
    return new OpenShiftRouter();
  }

  /**
   * OpenShift's Gateway API (GatewayClass `openshift-default`): Gateways live
   * in `openshift-ingress`, so routes attach to a Gateway the platform owns.
   */
  public static openShiftGatewayApi(props: { readonly gatewayClassName?: string } = {}): GatewayImplementation {
    checkGatewayFactory('openShiftGatewayApi', props);
    return new InClusterGateway(
      'OpenShift Gateway API',
      props.gatewayClassName ?? 'openshift-default',
      { namespace: 'openshift-ingress' },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-ingress' } } },
      () => ({ unknown: "the Gateway is the platform's: the Service of its proxies is not known here" }),
      ['openshift'],
      false,
    );
  }

  /**
   * An Ingress for an ingress controller running in `namespace`. ingress-nginx
   * was retired in March 2026 (no more security fixes): choosing it adds a
   * synthesis warning.
   */
  public static ingress(props: { readonly className: string; readonly namespace: string }): GatewayImplementation {
    checkGatewayFactory('ingress', props);
    return new IngressController(props.className, props.namespace);
  }

  /** ingress-nginx in the `ingress-nginx` namespace (retired; warns at synthesis). */
  public static ingressNginx(): GatewayImplementation {
    return new IngressController('nginx', 'ingress-nginx');
  }

  /** What it is, for messages. */
  public abstract readonly description: string;
  /** Which objects route traffic. */
  public abstract readonly routing: RoutingKind;
  /** The platforms it runs on. */
  public abstract readonly platforms: readonly Platform[];
  /** Labels of the namespace in-cluster callers reach the entry point in. */
  public abstract readonly namespaceLabels: Readonly<Record<string, string>>;
  /** The GatewayClass of Gateways the environment creates (Gateway API only). */
  public readonly gatewayClassName?: string;
  /** The IngressClass (Ingress only). */
  public readonly ingressClassName?: string;
  /** Whether an environment may create its own Gateway (otherwise the platform owns it). */
  public readonly createsGateways: boolean = true;
  /** Whether HTTPRoute rule `timeouts` are honoured (otherwise the implementation sets the timeout its own way). */
  public readonly routeTimeouts: boolean = true;
  /** A non-fatal message shown at synthesis. */
  public readonly warning?: string;

  /** Where its traffic comes from, as NetworkPolicy peers of the services it routes to. */
  public abstract peers(): k8s.NetworkPolicyPeer[];

  /**
   * How a client inside the cluster reaches the entry point for a host: the
   * in-cluster address to connect to (none: the host's name leads there) and
   * the egress it needs, or why that cannot be derived (then the user gives it).
   */
  public abstract inClusterEntryPoint(ctx: EntryPointContext): DerivedEntryPoint;

  /**
   * Objects a routed Service needs from this implementation, such as the AWS load balancer's target group health
   * check on the service's readiness path. @default none
   */
  public configureBackend(ctx: BackendContext): void {
    void ctx;
  }

  /** Whether HTTPRoute rules carry names, for policies that attach to one rule (`sectionName`). */
  public readonly namesRouteRules: boolean = false;

  /**
   * Objects a routed service needs for the rules that send to it (once per service, whatever its Services), such as
   * Envoy Gateway's active health check on its readiness path. @default none
   */
  public configureRoutedService(ctx: RoutedServiceContext): void {
    void ctx;
  }

  /** Problems with a Gateway the environment would create. */
  public gatewayProblems(ctx: Pick<GatewayContext, 'plainHttp' | 'tlsSecretName' | 'certificateArn'>): Problem[] {
    if (ctx.plainHttp || ctx.tlsSecretName !== undefined) return [];
    return [
      {
        property: 'tlsSecretName',
        rule: `is required: the ${this.description} Gateway terminates TLS with a certificate from a Secret`,
        value: ctx.tlsSecretName,
        fix: 'name the Secret with the certificate for host (or allow plainHttp in a branch environment)',
      },
    ];
  }

  /** Adds what the implementation needs to a Gateway the environment creates. */
  public configureGateway(ctx: GatewayContext): GatewayParts {
    return ctx.plainHttp ? {} : { tls: { mode: 'Terminate', certificateRefs: [{ name: ctx.tlsSecretName! }] } };
  }
}

class AwsLoadBalancerImplementation extends GatewayImplementation {
  public readonly routing = 'gateway-api';
  public readonly platforms = ['eks'] as const;
  public override readonly gatewayClassName = GATEWAY_CLASS;
  // The controller does not implement HTTPRoute timeouts; the ALB idle timeout is set instead.
  public override readonly routeTimeouts = false;
  public readonly namespaceLabels = { 'kubernetes.io/metadata.name': 'kube-system' };
  public readonly description: string;
  private readonly internetFacing: boolean;
  private readonly sourceCidrs: readonly string[];

  constructor(props: AwsLoadBalancerProps) {
    super();
    this.internetFacing = props.internetFacing ?? false;
    this.sourceCidrs = props.sourceCidrs ?? [loadBalancerSubnetsCidr(props.vpcCidr, this.internetFacing)];
    this.description = `AWS Load Balancer Controller (${this.internetFacing ? 'internet-facing' : 'internal'} ALB, IP targets)`;
  }

  public peers(): k8s.NetworkPolicyPeer[] {
    return this.sourceCidrs.map((cidr) => ({ ipBlock: { cidr } }));
  }

  /** Through the host's name, which resolves in the VPC to the internal load balancer's addresses in its subnets. */
  public inClusterEntryPoint(ctx: EntryPointContext): DerivedEntryPoint {
    if (this.internetFacing)
      return { unknown: 'an internet-facing load balancer answers on public addresses, which a NetworkPolicy cannot name' };
    return { egress: egressTo(this.peers(), [entryPointPort(ctx)]) };
  }

  public override gatewayProblems(ctx: Pick<GatewayContext, 'plainHttp' | 'tlsSecretName' | 'certificateArn'>): Problem[] {
    const problems: Problem[] = [];
    if (ctx.tlsSecretName !== undefined)
      problems.push({
        property: 'tlsSecretName',
        rule: 'is not used by the AWS load balancer: it terminates TLS with an ACM certificate, never a Kubernetes Secret',
        value: ctx.tlsSecretName,
        fix: 'remove tlsSecretName and give certificateArn (the ACM certificate for host)',
      });
    if (ctx.plainHttp || ctx.certificateArn !== undefined) return problems;
    return [
      ...problems,
      {
        property: 'certificateArn',
        rule: 'is required: the AWS load balancer terminates TLS with an ACM certificate (the controller ignores certificateRefs)',
        value: ctx.certificateArn,
        fix: 'give the ARN of the ACM certificate for host (or allow plainHttp in a branch environment)',
      },
    ];
  }

  /**
   * A `TargetGroupConfiguration` for the Service: IP targets, health-checked on its readiness path with its success
   * codes (without one, the ALB checks `/` and expects 200, so a service without a 200 at `/` is marked unhealthy).
   */
  public override configureBackend(ctx: BackendContext): void {
    if (ctx.healthCheck === undefined && ctx.sessionCookie === undefined) return;
    new TargetGroupConfiguration(ctx.scope, `target-group-${ctx.serviceName}`, {
      metadata: { name: ctx.serviceName, labels: ctx.labels },
      spec: {
        targetReference: { name: ctx.serviceName },
        defaultConfiguration: {
          targetType: 'ip',
          healthCheckConfig: ctx.healthCheck && {
            healthCheckPath: ctx.healthCheck.path,
            healthCheckProtocol: 'HTTP',
            matcher: { httpCode: ctx.healthCheck.successCodes },
          },
          // Session affinity on the application's own cookie (ELB target group attributes stickiness.type
          // app_cookie and stickiness.app_cookie.cookie_name; one day, the ELB default duration).
          targetGroupAttributes: ctx.sessionCookie
            ? [
                { key: 'stickiness.enabled', value: 'true' },
                { key: 'stickiness.type', value: 'app_cookie' },
                { key: 'stickiness.app_cookie.cookie_name', value: ctx.sessionCookie },
                { key: 'stickiness.app_cookie.duration_seconds', value: '86400' },
              ]
            : undefined,
        },
      },
    });
  }

  public override configureGateway(ctx: GatewayContext): GatewayParts {
    const tgc = new TargetGroupConfiguration(ctx.scope, 'target-groups', {
      metadata: { name: ctx.name, labels: ctx.labels },
      // IP targets: the load balancer sends to pod IPs, which the NetworkPolicies admit from its subnets.
      spec: { defaultConfiguration: { targetType: 'ip' } },
    });
    const config = new LoadBalancerConfiguration(ctx.scope, 'load-balancer', {
      metadata: { name: ctx.name, labels: ctx.labels },
      spec: {
        scheme: this.internetFacing ? 'internet-facing' : 'internal',
        listenerConfigurations: ctx.plainHttp ? undefined : [{ protocolPort: 'HTTPS:443', defaultCertificate: ctx.certificateArn! }],
        loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: String(ctx.timeoutSeconds) }],
        defaultTargetGroupConfiguration: { name: tgc.name },
      },
    });
    return { infrastructure: { parametersRef: { group: AWS_GATEWAY_PARAMETERS_GROUP, kind: config.kind, name: config.name } } };
  }
}

class InClusterGateway extends GatewayImplementation {
  public readonly routing = 'gateway-api';
  public readonly namespaceLabels: Readonly<Record<string, string>>;

  constructor(
    public readonly description: string,
    public override readonly gatewayClassName: string,
    private readonly props: InClusterGatewayProps,
    private readonly peer: k8s.NetworkPolicyPeer,
    private readonly entry: (ctx: EntryPointContext) => DerivedEntryPoint,
    public readonly platforms: readonly Platform[] = ['eks', 'openshift'],
    public override readonly createsGateways: boolean = true,
  ) {
    super();
    this.namespaceLabels = peer.namespaceSelector?.matchLabels ?? {};
  }

  public peers(): k8s.NetworkPolicyPeer[] {
    return [this.peer];
  }

  public inClusterEntryPoint(ctx: EntryPointContext): DerivedEntryPoint {
    return this.entry(ctx);
  }

  public override configureGateway(ctx: GatewayContext): GatewayParts {
    const parts = super.configureGateway(ctx);
    if (ctx.platform !== 'eks') return parts;
    // The implementation copies these onto the Service of its proxies; the AWS Load Balancer
    // Controller then makes an NLB, internal unless asked otherwise.
    const scheme = this.props.internetFacing ? 'internet-facing' : 'internal';
    return {
      ...parts,
      infrastructure: {
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': scheme,
        },
      },
    };
  }
}

/** Envoy Gateway: an active health check per routed service on its named HTTPRoute rules (envoy-health-check.ts). */
class EnvoyGateway extends InClusterGateway {
  public override readonly namesRouteRules = true;

  public override configureRoutedService(ctx: RoutedServiceContext): void {
    envoyHealthCheckPolicy(ctx);
  }
}

class OpenShiftRouter extends GatewayImplementation {
  public readonly description = 'OpenShift router';
  public readonly routing = 'openshift-route';
  public readonly platforms = ['openshift'] as const;
  public readonly namespaceLabels = { 'policy-group.network.openshift.io/ingress': '' };

  public peers(): k8s.NetworkPolicyPeer[] {
    return [{ namespaceSelector: { matchLabels: { ...this.namespaceLabels } } }];
  }

  /** The default router's internal Service; the router ends the client's TLS (edge or re-encrypt Routes), so always HTTPS on 443. */
  public inClusterEntryPoint(): DerivedEntryPoint {
    return { address: 'router-internal-default.openshift-ingress.svc', port: 443, egress: egressTo(this.peers(), [443]) };
  }
}

class IngressController extends GatewayImplementation {
  public readonly routing = 'ingress';
  public readonly platforms = ['eks'] as const;
  public readonly description: string;
  public readonly namespaceLabels: Readonly<Record<string, string>>;
  public override readonly warning: string | undefined;
  private readonly nginxDefaults: boolean;

  constructor(
    public override readonly ingressClassName: string,
    namespace: string,
  ) {
    super();
    this.description = `Ingress (class ${ingressClassName})`;
    this.namespaceLabels = { 'kubernetes.io/metadata.name': namespace };
    this.warning = ingressClassName === 'nginx' || namespace === 'ingress-nginx' ? INGRESS_NGINX_WARNING : undefined;
    this.nginxDefaults = ingressClassName === 'nginx' && namespace === 'ingress-nginx';
  }

  public peers(): k8s.NetworkPolicyPeer[] {
    return [{ namespaceSelector: { matchLabels: { ...this.namespaceLabels } } }];
  }

  /** ingress-nginx installed with its defaults answers on its controller Service; any other controller is the platform's. */
  public inClusterEntryPoint(ctx: EntryPointContext): DerivedEntryPoint {
    if (!this.nginxDefaults) return { unknown: `the Service of the ${this.description} controller is the platform's` };
    return { address: 'ingress-nginx-controller.ingress-nginx.svc', egress: egressTo(this.peers(), [entryPointPort(ctx)]) };
  }
}
