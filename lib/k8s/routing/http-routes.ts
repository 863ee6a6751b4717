import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { HTTP_ROUTE_MAX_RULES, httpRouteName, routeRuleName, splitRouteRules } from '../../core/gateway-routes';
import * as gw from '../crds/imports/gateway-gateways-gateway.networking.k8s.io';
import * as hr from '../crds/imports/gateway-httproutes-gateway.networking.k8s.io';
import { GatewayImplementation, RouteRuleRef } from '../platform/gateway-implementation';
import { IRoutable, RouteBackend } from '../primitives/routable';

/** A Gateway an HTTPRoute attaches to. */
export interface GatewayAttachment {
  /** The Gateway's name. */
  readonly name: string;
  /** Its namespace. @default the environment's namespace */
  readonly namespace?: string;
  /** The listener to attach to. @default every listener whose hostname matches */
  readonly sectionName?: string;
}

/** One rule before rendering: a path (exact or prefix) and the service behind it. */
export interface RouteRuleInput {
  readonly path: string;
  readonly prefix: boolean;
  readonly service: IRoutable;
}

/** Properties of {@link HttpRoutes}. */
export interface HttpRoutesProps {
  /** Name of the first HTTPRoute; more get `-2`, `-3`... */
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly host: string;
  readonly parent: GatewayAttachment;
  readonly implementation: GatewayImplementation;
  readonly timeoutSeconds: number;
  /** The rules, read at synthesis: API and path rules in a stable order, the catch-all last. */
  readonly rules: () => readonly RouteRuleInput[];
  /** The backends of a service, read at synthesis (drained services get weight 0). */
  readonly backendsOf: (service: IRoutable) => readonly RouteBackend[] | undefined;
}

/**
 * The HTTPRoutes of a gateway: one rule per OMS API (an exact path) or path
 * prefix, the catch-all last, at most 16 rules per HTTPRoute (the Gateway
 * API's limit), split in order so the same rules always give the same routes.
 */
export class HttpRoutes extends Construct {
  /** The HTTPRoutes, first to last. */
  public readonly routes: hr.HttpRoute[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: HttpRoutesProps,
  ) {
    super(scope, id);
  }

  /** Makes sure there are enough HTTPRoutes for `ruleCount` rules (rules are only ever added). */
  public fit(ruleCount: number): void {
    const needed = Math.max(1, Math.ceil(ruleCount / HTTP_ROUTE_MAX_RULES));
    while (this.routes.length < needed) this.addRoute(this.routes.length);
  }

  private addRoute(index: number): void {
    const name = httpRouteName(this.props.name, index);
    const props = {
      metadata: { name, labels: this.props.labels },
      spec: { ...this.spec(), rules: Lazy.any({ produce: () => this.rulesOf(index) }) },
    };
    this.routes.push(
      this.props.implementation.namesRouteRules
        ? new NamedRulesHttpRoute(this, name, props, () => this.ruleNames(index))
        : new hr.HttpRoute(this, name, props),
    );
  }

  /** The rules of the `index`-th route by name (implementations that name rules). */
  private ruleNames(index: number): string[] {
    return (splitRouteRules(this.props.rules())[index] ?? []).map(routeRuleName);
  }

  /** The HTTPRoute rules that send to `service`, by route and rule name (read at synthesis). */
  public ruleRefs(service: IRoutable): RouteRuleRef[] {
    return splitRouteRules(this.props.rules()).flatMap((chunk, index) =>
      chunk.filter((r) => r.service === service).map((r) => ({ route: httpRouteName(this.props.name, index), rule: routeRuleName(r) })),
    );
  }

  /**
   * The HTTPRoutes as manifests with the backends `backendsOf` chooses (e.g.
   * with a service drained), for a lifecycle phase to apply over the live ones.
   */
  public manifests(namespace: string, backendsOf: HttpRoutesProps['backendsOf']): Record<string, unknown>[] {
    return this.routes.map((route, index) => {
      const spec = hr.toJson_HttpRouteSpec({ ...this.spec(), rules: this.rulesOf(index, backendsOf) });
      return {
        apiVersion: route.apiVersion,
        kind: route.kind,
        metadata: { name: route.name, namespace, labels: { ...this.props.labels } },
        spec: this.props.implementation.namesRouteRules ? withRuleNames(spec, this.ruleNames(index)) : spec,
      };
    });
  }

  private spec(): Omit<hr.HttpRouteSpec, 'rules'> {
    const { parent, host } = this.props;
    return {
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: parent.name,
          namespace: parent.namespace,
          sectionName: parent.sectionName,
        },
      ],
      hostnames: [host],
    };
  }

  private rulesOf(index: number, backendsOf: HttpRoutesProps['backendsOf'] = this.props.backendsOf): hr.HttpRouteSpecRules[] {
    const chunk = splitRouteRules(this.props.rules())[index] ?? [];
    const timeout = `${this.props.timeoutSeconds}s`;
    return chunk.map((rule) => ({
      matches: [
        {
          path: {
            type: rule.prefix ? hr.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX : hr.HttpRouteSpecRulesMatchesPathType.EXACT,
            value: rule.path,
          },
        },
      ],
      backendRefs: backendRefs(rule.service, backendsOf(rule.service)),
      timeouts: this.props.implementation.routeTimeouts ? { request: timeout, backendRequest: timeout } : undefined,
    }));
  }
}

/**
 * An HTTPRoute whose rules carry names (`spec.rules[].name`, in the standard channel of the vendored Gateway API
 * v1.6.1 CRD; the generated class predates the field and would drop it).
 */
class NamedRulesHttpRoute extends hr.HttpRoute {
  constructor(
    scope: Construct,
    id: string,
    props: hr.HttpRouteProps,
    private readonly names: () => readonly string[],
  ) {
    super(scope, id, props);
  }

  public override toJson(): any {
    const json = super.toJson();
    return { ...json, spec: withRuleNames(json.spec, this.names()) };
  }
}

/** A rendered HTTPRoute spec with each rule's name first. */
function withRuleNames(spec: any, names: readonly string[]): any {
  return { ...spec, rules: (spec.rules ?? []).map((rule: object, i: number) => ({ name: names[i], ...rule })) };
}

function backendRefs(service: IRoutable, weighted: readonly RouteBackend[] | undefined): hr.HttpRouteSpecRulesBackendRefs[] {
  if (weighted === undefined) return [{ name: service.serviceName, port: service.port }];
  return weighted.map((b) => ({ name: b.serviceName, port: b.port, weight: b.weight }));
}

/** Properties of a Gateway the environment creates. */
export interface OwnGatewayProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly host: string;
  readonly plainHttp: boolean;
  readonly gatewayClassName: string;
  readonly parts: {
    readonly infrastructure?: gw.GatewaySpecInfrastructure;
    readonly tls?: { readonly certificateRefs: readonly { readonly name: string }[] };
  };
}

/** A Gateway with one listener for the host: HTTPS terminating TLS, or plain HTTP where allowed. Routes of its namespace only. */
export function ownGateway(scope: Construct, id: string, props: OwnGatewayProps): gw.Gateway {
  const tls = props.parts.tls;
  return new gw.Gateway(scope, id, {
    metadata: { name: props.name, labels: props.labels },
    spec: {
      gatewayClassName: props.gatewayClassName,
      infrastructure: props.parts.infrastructure,
      listeners: [
        {
          name: props.plainHttp ? 'http' : 'https',
          hostname: props.host,
          port: props.plainHttp ? 80 : 443,
          protocol: props.plainHttp ? 'HTTP' : 'HTTPS',
          tls:
            tls === undefined
              ? undefined
              : { mode: gw.GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: tls.certificateRefs.map((r) => ({ ...r })) },
          allowedRoutes: { namespaces: { from: gw.GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } },
        },
      ],
    },
  });
}
