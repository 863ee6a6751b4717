import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  OmsConfigError,
  Problem,
  checkNewConstruct,
  joinName,
  stableHash,
  standardLabels,
  throwIfProblems,
  toDns1123Label,
} from '../../core';
import * as gw from '../crds/imports/gateway-gateways-gateway.networking.k8s.io';
import * as hr from '../crds/imports/gateway-httproutes-gateway.networking.k8s.io';
import * as openshift from '../crds/imports/route.openshift.io';
import { k8s } from '../primitives/kube';
import { registerTopologyRole } from '../primitives/topology-role';
import { OmsEnvironment } from '../environment/oms-environment';
import { ClientEntryPoint, clientEntryPoint, givenEntryPoint } from '../platform/client-entry-point';
import { HttpRoutes, ownGateway } from './http-routes';
import { IRoutable, RouteBackend, isRoutable } from '../primitives/routable';
import { INGRESS_NGINX_WARNING, addSynthesisWarning } from '../platform/synthesis-warnings';
import { routeTargets } from './route-weights';
import { TrafficPhases, TrafficPhasesProps } from './traffic-phases';
import {
  defaultBackendProblems,
  drainProblems,
  gatewayIdProblems,
  notRoutableProblems,
  terminationDrainProblems,
  validateOmsApiGatewayProps,
} from './validate-oms-api-gateway-props';
import type { GatewayRoute, OmsApiGatewayProps } from './oms-api-gateway-props';
import { omsApiIngress } from './oms-api-ingress';
import { openshiftApiRoute, routeManifest } from './openshift-api-routes';
import { apiPath } from './api-path';
import { unroutedServices } from './unrouted-services';

export type { GatewayAttachment } from './http-routes';
export type { ClientEntryPoint, EntryPointAddress } from '../platform/client-entry-point';
// Re-exported so the public API (which exports this module) offers the implementations and warnings.
export { GatewayImplementation } from '../platform/gateway-implementation';
export type { AwsLoadBalancerProps, InClusterGatewayProps, RoutingKind } from '../platform/gateway-implementation';
export { synthesisWarnings } from '../platform/synthesis-warnings';
export { TrafficPhases } from './traffic-phases';
export type { TrafficPhasesProps } from './traffic-phases';
export type { GatewayRoute, OmsApiGatewayProps } from './oms-api-gateway-props';
export { apiPath } from './api-path';

/**
 * The single entry point of an environment's OMS APIs: each API's
 * `POST /smcfs/restapi/invoke/<api>` goes to the microservice that owns it,
 * every other path to the default app server. Callers see one host.
 * The environment's gateway implementation decides the objects: Gateway API
 * `HTTPRoute`s (an exact-path rule per API, a prefix rule per plain-service
 * path, the catch-all last, at most 16 rules per route) attached to a Gateway
 * the platform owns or one created here; OpenShift Routes, one per path (the
 * router prefers the longest matching path); or an Ingress.
 */
export class OmsApiGateway extends Construct {
  /** The host callers use. */
  public readonly host: string;
  /** The Ingress (Ingress implementations). */
  public readonly ingress?: k8s.KubeIngress;
  /** The Routes by API (`''` for the catch-all), with the OpenShift router. */
  public readonly routes = new Map<string, openshift.Route>();
  /** The HTTPRoutes, first to last (Gateway API implementations). */
  public readonly httpRoutes: readonly hr.HttpRoute[] = [];
  /** The Gateway created for this entry point (Gateway API, without a platform `gateway`). */
  public readonly gatewayObject?: gw.Gateway;

  private readonly env: OmsEnvironment;
  private readonly props: OmsApiGatewayProps;
  private readonly services: IRoutable[] = [];
  private readonly labels: Record<string, string>;
  private readonly routeNames = new Set<string>();
  private readonly drained = new Set<IRoutable>();
  /** The service each OpenShift Route sends to, by API (`''` for the catch-all). */
  private readonly routeServices = new Map<string, IRoutable>();
  private readonly configuredBackends = new Set<string>();
  private readonly configuredServices = new Set<IRoutable>();
  private readonly routeSet?: HttpRoutes;
  /** The request timeout of every route, resolved once from `timeoutSeconds`. */
  private readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: OmsApiGatewayProps) {
    checkNewConstruct(scope, id, props);
    super(scope, id);
    this.env = OmsEnvironment.find(this);
    registerTopologyRole(this, () => ({
      role: 'gateway',
      host: this.host,
      routes: () => this.rules.map((r) => ({ serviceName: r.service.serviceName, api: r.api })),
    }));
    const implementation = this.env.gateway;
    throwIfProblems(this.node.path, [
      ...gatewayIdProblems(id),
      ...validateOmsApiGatewayProps(props, { platform: this.env.config.platform, stage: this.env.config.stage, implementation }),
      ...defaultBackendProblems(props.defaultBackend),
      ...this.foreign('defaultBackend', isRoutable(props.defaultBackend) ? [props.defaultBackend] : []),
      ...this.foreign('services', props.services ?? []),
    ]);
    this.host = props.host;
    this.props = props;
    this.labels = standardLabels({
      name: id,
      environment: this.env.environmentName,
      component: 'gateway',
      partOf: this.env.product.partOf,
    });
    this.timeoutSeconds = props.timeoutSeconds ?? 120;
    const timeout = this.timeoutSeconds;

    if (implementation.routing === 'gateway-api') {
      const plainHttp = props.plainHttp ?? false;
      if (props.gateway === undefined) {
        const parts = implementation.configureGateway({
          scope: this,
          name: id,
          labels: this.labels,
          platform: this.env.config.platform,
          plainHttp,
          tlsSecretName: props.tlsSecretName,
          certificateArn: props.certificateArn,
          timeoutSeconds: timeout,
        });
        this.gatewayObject = ownGateway(this, 'gateway', {
          name: id,
          labels: this.labels,
          host: props.host,
          plainHttp,
          gatewayClassName: implementation.gatewayClassName!,
          parts,
        });
      }
      const parent = props.gateway ?? { name: id };
      this.routeSet = new HttpRoutes(this, 'routes', {
        name: id,
        labels: this.labels,
        host: props.host,
        parent: { ...parent, namespace: parent.namespace === this.env.environmentName ? undefined : parent.namespace },
        implementation,
        timeoutSeconds: timeout,
        rules: () => this.rules,
        backendsOf: (service) => this.backendsOf(service),
      });
      this.httpRoutes = this.routeSet.routes;
      this.routeSet.fit(1);
    } else if (implementation.routing === 'ingress') {
      const className = props.ingressClassName ?? implementation.ingressClassName!;
      if (className === 'nginx') addSynthesisWarning(this, INGRESS_NGINX_WARNING);
      this.ingress = omsApiIngress(this, 'ingress', {
        name: id,
        labels: this.labels,
        className,
        host: props.host,
        tlsSecretName: props.tlsSecretName,
        timeoutSeconds: timeout,
        rules: () => this.rules,
      });
    } else {
      this.addRoute(undefined, '/', props.defaultBackend, timeout);
    }
    if (props.defaultBackend) this.configureBackends(props.defaultBackend);
    this.addService(...(props.services ?? []));
    this.node.addValidation({ validate: () => unroutedServices(this.env, this.services, props.defaultBackend) });
  }

  /**
   * What the implementation needs per routed service (Envoy Gateway: an active health check on its rules) and per
   * Service behind it (the AWS load balancer: a target group health check).
   */
  private configureBackends(service: IRoutable): void {
    if (
      !this.configuredServices.has(service) &&
      (service === this.props.defaultBackend || service.apis.length + service.paths.length > 0)
    ) {
      this.configuredServices.add(service);
      const rules = () => this.routeSet?.ruleRefs(service) ?? [];
      this.env.gateway.configureRoutedService({
        scope: this,
        serviceName: service.serviceName,
        labels: this.labels,
        healthCheck: service.healthCheck,
        rules,
      });
    }
    const names = (service.backends ?? [{ serviceName: service.serviceName }]).map((b) => b.serviceName);
    for (const serviceName of names.filter((n) => !this.configuredBackends.has(n))) {
      this.configuredBackends.add(serviceName);
      this.env.gateway.configureBackend({
        scope: this,
        serviceName,
        labels: this.labels,
        healthCheck: service.healthCheck,
        sessionCookie: service.sessionCookie,
      });
    }
  }

  /** Routes the APIs of `services` through this gateway. */
  public addService(...services: IRoutable[]): void {
    throwIfProblems(this.node.path, [...notRoutableProblems('services', services), ...this.foreign('services', services)]);
    for (const service of services) {
      if (this.services.includes(service)) continue;
      this.services.push(service);
      this.configureBackends(service);
      if (this.env.gateway.routing === 'openshift-route') {
        for (const api of service.apis) this.addRoute(api, apiPath(api), service, this.timeoutSeconds);
        for (const path of service.paths) this.addRoute(path, path, service, this.timeoutSeconds);
      }
    }
    this.routeSet?.fit(this.rules.length);
  }

  /**
   * Takes a service out of traffic (Gateway API): its rules keep matching, its
   * backends get weight 0, and the default backend (an OMS app server serves
   * every API) takes the requests. Connections already open finish.
   */
  public drain(...services: IRoutable[]): void {
    throwIfProblems(this.node.path, notRoutableProblems('drain', services));
    const problems = drainProblems(services, {
      routing: this.env.gateway.routing,
      description: this.env.gateway.description,
      defaultBackend: this.props.defaultBackend,
      backendCount: (s) => (this.backendsOf(s, new Set([s])) ?? []).length,
    });
    throwIfProblems(this.node.path, problems);
    for (const s of services) this.drained.add(s);
    if (this.env.gateway.routing === 'openshift-route')
      for (const [key, route] of this.routes) {
        const service = this.routeServices.get(key)!;
        if (!services.includes(service)) continue;
        route.addJsonPatch(JsonPatch.replace('/spec/to', this.routeTarget(service).to));
        route.addJsonPatch(JsonPatch.add('/spec/alternateBackends', this.routeTarget(service).alternateBackends ?? []));
      }
  }

  /** The Route targets of a service with `drained` services at weight 0. */
  private routeTarget(service: IRoutable, drained: ReadonlySet<IRoutable> = this.drained) {
    return routeTargets(service.serviceName, this.backendsOf(service, drained));
  }

  /** The Routes with `drained` (and the gateway's own drains) at weight 0, as whole objects for `kubectl apply`. */
  private routeManifests(drained: ReadonlySet<IRoutable>): Record<string, unknown>[] {
    const all = new Set([...this.drained, ...drained]);
    return [...this.routes].map(([key, route]) =>
      routeManifest(route, this.env.environmentName, this.routeTarget(this.routeServices.get(key)!, all)),
    );
  }

  /**
   * Traffic drain and rollout of `props.services` as lifecycle phases
   * (`phases/drain/`, `phases/rollout/`): CI runs drain before it updates,
   * rolls back or removes them, and rollout after (Gateway API only).
   */
  public addTrafficPhases(id: string, props: TrafficPhasesProps): TrafficPhases {
    const routes = this.routeSet;
    const openshiftRoutes = this.env.gateway.routing === 'openshift-route';
    if (routes === undefined && !openshiftRoutes)
      throwIfProblems(this.node.path, [
        {
          property: 'trafficPhases',
          rule: `need backend weights (a Gateway API implementation or OpenShift Routes); this environment uses the ${this.env.gateway.description}`,
          value: id,
          fix: 'choose a Gateway API implementation for the environment (gateway: GatewayImplementation...)',
        },
      ]);
    throwIfProblems(this.node.path, notRoutableProblems('services', props?.services ?? []));
    throwIfProblems(this.node.path, [
      ...this.foreign('services', props.services),
      ...props.services
        .filter((s) => !this.services.includes(s))
        .map((s) => ({
          property: 'services',
          rule: 'must be routed by this gateway to be drained',
          value: s.node.path,
          fix: `route ${s.node.id} through the gateway (services or addService) first`,
        })),
    ]);
    if (openshiftRoutes) {
      throwIfProblems(this.node.path, terminationDrainProblems(props.services, this.props.defaultBackend));
      return new TrafficPhases(this, id, props, {
        platform: this.env.config.platform,
        namespace: this.env.environmentName,
        labels: this.labels,
        api: { group: 'route.openshift.io', resource: 'routes' },
        routeNames: () => [...this.routes.values()].map((r) => r.name),
        manifests: (drained) => this.routeManifests(drained),
      });
    }
    return new TrafficPhases(this, id, props, {
      platform: this.env.config.platform,
      namespace: this.env.environmentName,
      labels: this.labels,
      api: { group: 'gateway.networking.k8s.io', resource: 'httproutes' },
      routeNames: () => routes!.routes.map((r) => r.name),
      manifests: (drained) =>
        routes!.manifests(this.env.environmentName, (service) => this.backendsOf(service, new Set([...this.drained, ...drained]))),
    });
  }

  /**
   * How a client inside the cluster reaches this entry point: the host's URL
   * (HTTPS unless plain HTTP is served), the in-cluster address to connect to
   * where the host's name does not lead there, and the egress it needs.
   * Throws when the implementation cannot derive it and `inClusterAddress` is not given.
   */
  public clientEntryPoint(): ClientEntryPoint {
    const implementation = this.env.gateway;
    const ctx = {
      host: this.host,
      tls:
        implementation.routing === 'gateway-api'
          ? !(this.props.plainHttp ?? false)
          : implementation.routing === 'openshift-route' || this.props.tlsSecretName !== undefined,
      namespace: this.env.environmentName,
      ownGatewayName: this.gatewayObject?.name,
    };
    const target = this.props.inClusterAddress ? givenEntryPoint(this.props.inClusterAddress) : implementation.inClusterEntryPoint(ctx);
    if ('unknown' in target)
      throw new OmsConfigError(this.node.path, [
        {
          property: 'inClusterAddress',
          rule: `is required for clients inside the cluster (smoke tests) with the ${implementation.description}: ${target.unknown}`,
          value: undefined,
          fix: 'give inClusterAddress: { address: "<service>.<namespace>.svc", egress: [<the pods behind it and their ports>] }',
        },
      ]);
    return clientEntryPoint(ctx, target);
  }

  /** Whether `service` is drained. */
  public isDrained(service: IRoutable): boolean {
    return this.drained.has(service);
  }

  /** Every rule of the gateway: API and path routes sorted by path, then the catch-all. */
  public get rules(): GatewayRoute[] {
    const routes: GatewayRoute[] = this.services
      .flatMap((service) => [
        ...service.apis.map((api) => ({ api, path: apiPath(api), prefix: false, service })),
        ...service.paths.map((path) => ({ api: undefined, path, prefix: true, service })),
      ])
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return [...routes, { api: undefined, path: '/', prefix: true, service: this.props.defaultBackend }];
  }

  /** The weighted backends of a service, or `undefined` for its Service alone. */
  private backendsOf(service: IRoutable, drained: ReadonlySet<IRoutable> = this.drained): readonly RouteBackend[] | undefined {
    if (!drained.has(service)) return service.backends;
    const own = service.backends ?? [{ serviceName: service.serviceName, port: service.port, weight: 1 }];
    const fallback = this.props.defaultBackend;
    return [
      ...own.map((b) => ({ ...b, weight: 0 })),
      ...(fallback.backends ?? [{ serviceName: fallback.serviceName, port: fallback.port, weight: 1 }]).filter((b) => b.weight > 0),
    ];
  }

  private addRoute(api: string | undefined, path: string, service: IRoutable, timeout: number): void {
    const key = api ?? '';
    let name = joinName([this.node.id, api === undefined ? 'default' : toDns1123Label(api)]);
    // Two APIs differing only in case would share a name; the hash of the API keeps them apart.
    if (this.routeNames.has(name)) name = joinName([this.node.id, toDns1123Label(key), stableHash(key, 6)]);
    this.routeNames.add(name);
    this.routeServices.set(key, service);
    this.routes.set(
      key,
      openshiftApiRoute(this, `route-${key || 'default'}`, {
        name,
        labels: this.labels,
        timeoutSeconds: timeout,
        host: this.host,
        path: api === undefined ? undefined : path,
        target: this.routeTarget(service),
        termination: service.routeTermination ?? 'edge',
      }),
    );
  }

  /** Services of another environment: their Service is in another namespace, so a route to them would point at nothing. */
  private foreign(property: string, services: readonly IRoutable[]): Problem[] {
    return services
      .filter((s) => isRoutable(s) && OmsEnvironment.find(s) !== this.env)
      .map((s) => ({
        property,
        rule: `must be services of this environment (${this.env.environmentName})`,
        value: s.node.path,
        fix: 'route only to services created in the same environment',
      }));
  }
}
