import {
  Platform,
  Problem,
  Stage,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  isDns1123Label,
  problemIf,
  hostShapeViolation,
  HOST_LABEL_MAX,
  isIpAddress,
  toDns1123Label,
} from '../../core';
import { validateEntryPointAddress } from '../platform/client-entry-point';
import type { GatewayImplementation, RoutingKind } from '../platform/gateway-implementation';
import { IRoutable, isRoutable } from '../primitives/routable';
import type { OmsApiGatewayProps } from './oms-api-gateway-props';
import { MAX_ROUTE_BACKENDS } from './route-weights';

/** DNS host names: labels of letters, digits and "-", separated by dots. */
const HOST = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What the gateway's checks depend on in its environment. */
export interface GatewayEnvironment {
  readonly platform: Platform;
  readonly stage: Stage;
  readonly implementation: GatewayImplementation;
}

/** ARN of an ACM certificate. */
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/** The gateway's construct id names its Gateway, HTTPRoutes, Ingress or Routes: it must be a DNS-1123 label. */
export function gatewayIdProblems(id: string): Problem[] {
  const rule = dns1123LabelViolation(id, 50);
  return rule === undefined
    ? []
    : [
        {
          property: 'id',
          rule: `${rule} (it names the routing objects)`,
          value: id,
          fix: `use e.g. "${toDns1123Label(String(id), { maxLength: 50 })}"`,
        },
      ];
}

/** One rule: a named pure function over the real props type, in the gateway's environment. */
export type OmsApiGatewayRule = (props: OmsApiGatewayProps, env: GatewayEnvironment) => Problem[];

/** The host is a lower-case DNS name, not an IP address. */
export const hostIsADnsName: OmsApiGatewayRule = (props) => {
  const shape = typeof props.host === 'string' ? hostShapeViolation(props.host) : undefined;
  if (shape)
    return [{ property: 'host', rule: shape, value: props.host, fix: 'give only the name callers use, e.g. "polls.uat.example.com"' }];
  if (typeof props.host === 'string' && isIpAddress(props.host))
    return [
      {
        property: 'host',
        rule: 'must be a DNS host name, not an IP address: Gateway API HTTPRoute hostnames, Ingress hosts and OpenShift Route hosts refuse IP addresses',
        value: props.host,
        fix: 'give the DNS name callers use (a record pointing at the load balancer), e.g. "polls.uat.example.com"',
      },
    ];
  if (typeof props.host !== 'string' || !HOST.test(props.host))
    return [
      {
        property: 'host',
        rule: 'must be a lower-case DNS host name',
        value: props.host,
        fix: 'use e.g. "oms.uat.example.com"',
      },
    ];
  // DNS (RFC 1123) limits each label to 63 characters; Ingress hosts, HTTPRoute hostnames and Route hosts keep to it.
  const long = props.host.split('.').find((label) => label.length > HOST_LABEL_MAX);
  return long === undefined
    ? []
    : [
        {
          property: 'host',
          rule: `must have labels of at most ${HOST_LABEL_MAX} characters ("${long.slice(0, 12)}..." has ${long.length})`,
          value: props.host,
          fix: 'shorten the name, e.g. "oms.uat.example.com"',
        },
      ];
};

/**
 * An ACM certificate is read only by the AWS load balancer: an Ingress terminates TLS with the Secret named by
 * tlsSecretName (or the controller's default certificate), so a certificateArn given with one would be ignored.
 */
export const ingressCertificateFits: OmsApiGatewayRule = (props, { implementation }) =>
  implementation.routing === 'ingress' && props.certificateArn !== undefined
    ? [
        {
          property: 'certificateArn',
          rule: `is not used by an Ingress (${implementation.description}): it terminates TLS with the Secret named by tlsSecretName`,
          value: props.certificateArn,
          fix: 'remove certificateArn and give tlsSecretName, or choose GatewayImplementation.awsLoadBalancer(...) for the environment',
        },
      ]
    : [];

/** A TLS Secret is not given where the router terminates TLS with its own certificate (OpenShift Routes). */
export const tlsSecretFitsTheRouting: OmsApiGatewayRule = (props, { implementation }) =>
  props.tlsSecretName !== undefined && implementation.routing === 'openshift-route'
    ? [
        {
          property: 'tlsSecretName',
          rule: 'is not supported on OpenShift: Routes terminate TLS at the router with its certificate',
          value: props.tlsSecretName,
          fix: 'leave tlsSecretName out on OpenShift (the router certificate is used)',
        },
      ]
    : [];

/** An Ingress class is given only where the environment routes with an Ingress. */
export const ingressClassFitsTheRouting: OmsApiGatewayRule = (props, { platform, implementation }) => {
  if (props.ingressClassName !== undefined && platform === 'openshift')
    return [
      {
        property: 'ingressClassName',
        rule: 'is not used on OpenShift (Routes are served by the router)',
        value: props.ingressClassName,
        fix: 'leave ingressClassName out on OpenShift',
      },
    ];
  if (props.ingressClassName !== undefined && implementation.routing !== 'ingress')
    return [
      {
        property: 'ingressClassName',
        rule: `is only used with an Ingress; this environment routes with the ${implementation.description}`,
        value: props.ingressClassName,
        fix: 'leave ingressClassName out, or choose GatewayImplementation.ingress(...) for the environment',
      },
    ];
  return [];
};

/** The TLS Secret and the Ingress class, when given, are object names as Kubernetes has them. */
export const namesAreObjectNames: OmsApiGatewayRule = (props) => [
  ...(props.tlsSecretName === undefined
    ? []
    : problemIf(
        'tlsSecretName',
        props.tlsSecretName,
        dns1123SubdomainViolation(props.tlsSecretName),
        'name the Secret of type kubernetes.io/tls as Kubernetes has it, e.g. "oms-uat-tls"',
      )),
  ...(props.ingressClassName === undefined
    ? []
    : problemIf(
        'ingressClassName',
        props.ingressClassName,
        dns1123SubdomainViolation(props.ingressClassName),
        'use the name of an IngressClass of the cluster (kubectl get ingressclass), e.g. "nginx"',
      )),
];

/** Plain HTTP only in branch (disposable) environments. */
export const plainHttpOnlyInBranches: OmsApiGatewayRule = (props, env) =>
  props.plainHttp === true && env.stage !== 'branch'
    ? [
        {
          property: 'plainHttp',
          rule: `is only allowed in branch (disposable) environments; this one is ${env.stage}`,
          value: props.plainHttp,
          fix: 'leave plainHttp out and give the certificate (tlsSecretName or certificateArn)',
        },
      ]
    : [];

/** The certificate is an ACM certificate's ARN. */
export const certificateIsAnAcmArn: OmsApiGatewayRule = (props) =>
  props.certificateArn !== undefined && !ACM_ARN.test(props.certificateArn)
    ? [
        {
          property: 'certificateArn',
          rule: 'must be the ARN of an ACM certificate',
          value: props.certificateArn,
          fix: 'use e.g. "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-..."',
        },
      ]
    : [];

/** The in-cluster address, when given, is usable. */
export const inClusterAddressIsValid: OmsApiGatewayRule = (props) => validateEntryPointAddress('inClusterAddress', props.inClusterAddress);

/** The timeout is a whole number of seconds the load balancers accept. */
export const timeoutIsInRange: OmsApiGatewayRule = (props) => {
  const t = props.timeoutSeconds;
  return t !== undefined && (!Number.isInteger(t) || t < 1 || t > 3600)
    ? [{ property: 'timeoutSeconds', rule: 'must be a whole number of seconds from 1 to 3600', value: t, fix: 'use e.g. 120' }]
    : [];
};

/** The Gateway the HTTPRoutes attach to: the platform's, or one the implementation can create. */
export const gatewayAttachmentFits: OmsApiGatewayRule = (props, env) => {
  const { implementation } = env;
  if (implementation.routing !== 'gateway-api') {
    return props.gateway === undefined
      ? []
      : [
          {
            property: 'gateway',
            rule: `is only used with a Gateway API implementation; this environment routes with the ${implementation.description}`,
            value: props.gateway,
            fix: 'leave gateway out, or choose a Gateway API implementation for the environment',
          },
        ];
  }
  if (props.gateway !== undefined) {
    const g = props.gateway;
    const bad = [g.name, g.namespace, g.sectionName].filter((x) => x !== undefined && !isDns1123Label(x));
    return bad.length === 0
      ? []
      : [
          {
            property: 'gateway',
            rule: 'must name the Gateway, its namespace and listener with DNS-1123 labels',
            value: g,
            fix: 'use e.g. { name: "shared", namespace: "gateways" }',
          },
        ];
  }
  if (!implementation.createsGateways) {
    return [
      {
        property: 'gateway',
        rule: `is required: the ${implementation.description} serves only Gateways the platform owns`,
        value: props.gateway,
        fix: 'name the platform Gateway, e.g. gateway: { name: "oms", namespace: "openshift-ingress" }',
      },
    ];
  }
  return implementation.gatewayProblems({
    plainHttp: props.plainHttp ?? false,
    tlsSecretName: props.tlsSecretName,
    certificateArn: props.certificateArn,
  });
};

/** Every rule of the gateway's own props, in the order messages list them. */
export const OMS_API_GATEWAY_RULES: readonly OmsApiGatewayRule[] = [
  hostIsADnsName,
  tlsSecretFitsTheRouting,
  ingressClassFitsTheRouting,
  ingressCertificateFits,
  namesAreObjectNames,
  plainHttpOnlyInBranches,
  certificateIsAnAcmArn,
  gatewayAttachmentFits,
  inClusterAddressIsValid,
  timeoutIsInRange,
];

/** Checks the gateway's own properties (its id and default backend have their checks below). */
export function validateOmsApiGatewayProps(props: OmsApiGatewayProps, env: GatewayEnvironment): Problem[] {
  return OMS_API_GATEWAY_RULES.flatMap((rule) => rule(props, env));
}

/** The catch-all backend is required: every path that no service owns goes there. */
export function defaultBackendProblems(backend: unknown): Problem[] {
  if (isRoutable(backend)) return [];
  return [
    {
      property: 'defaultBackend',
      rule: 'is required and must be a routed service (a Microservice, OmsMicroservice or BlueGreenPair) that takes every path no other service owns',
      value: backend === undefined ? undefined : typeof backend,
      fix: 'pass the default app server, e.g. defaultBackend: appServer',
    },
  ];
}

/** What draining services is checked against. */
export interface DrainContext {
  readonly routing: RoutingKind;
  /** The gateway implementation, for messages. */
  readonly description: string;
  /** The service that takes a drained service's traffic. */
  readonly defaultBackend: IRoutable;
  /** How many backends a drained service's Route would hold. */
  readonly backendCount: (service: IRoutable) => number;
}

/** Every reason the gateway cannot drain `services`. */
export function drainProblems(services: readonly IRoutable[], ctx: DrainContext): Problem[] {
  const problems: Problem[] = [];
  if (ctx.routing === 'ingress')
    problems.push({
      property: 'drain',
      rule: `needs backend weights (a Gateway API implementation or OpenShift Routes); this environment uses the ${ctx.description}`,
      value: services.map((s) => s.node.path),
      fix: 'choose a Gateway API implementation for the environment (gateway: GatewayImplementation...)',
    });
  if (ctx.routing === 'openshift-route') {
    for (const s of services) {
      const count = ctx.backendCount(s);
      if (count > MAX_ROUTE_BACKENDS)
        problems.push({
          property: 'drain',
          rule: `must leave at most ${MAX_ROUTE_BACKENDS} backends on an OpenShift Route (spec.to and 3 alternateBackends); draining ${s.node.id} would need ${count}`,
          value: s.node.path,
          fix: 'give the default backend fewer weighted backends, or drain on a Gateway API implementation',
        });
    }
    problems.push(...terminationDrainProblems(services, ctx.defaultBackend));
  }
  for (const s of services.filter((x) => x === ctx.defaultBackend))
    problems.push({
      property: 'drain',
      rule: 'must not drain the default backend: nothing would take its traffic',
      value: s.node.path,
      fix: 'drain the API owners only, or route through another default backend first',
    });
  return problems;
}

/**
 * A drained service's Route also sends to the default backend, and one Route has one target port and one TLS
 * termination for all its backends: both must be reached the same way.
 */
export function terminationDrainProblems(services: readonly IRoutable[], defaultBackend: IRoutable): Problem[] {
  const fallback = defaultBackend.routeTermination ?? 'edge';
  return services
    .filter((s) => (s.routeTermination ?? 'edge') !== fallback)
    .map((s) => ({
      property: 'drain',
      rule: `must drain to a default backend with the same Route termination (one Route reaches all its backends on one port): ${s.node.id} is "${s.routeTermination ?? 'edge'}", the default backend ${defaultBackend.node.id} is "${fallback}"`,
      value: s.node.path,
      fix: `give ${s.node.id} and ${defaultBackend.node.id} the same routeTermination`,
    }));
}

/** The entries of a list of services (given to addService or drain from plain JavaScript) that are no routed services. */
export function notRoutableProblems(property: string, services: readonly unknown[]): Problem[] {
  return services.flatMap((s, i) =>
    isRoutable(s)
      ? []
      : [
          {
            property: `${property}[${i}]`,
            rule: 'must be a routed service (a Microservice, OmsMicroservice or BlueGreenPair)',
            value: s === undefined || s === null ? s : typeof s,
            fix: 'pass the service object, e.g. gateway.addService(orderSearch)',
          },
        ],
  );
}
