import {
  KindsOf,
  Problem,
  dns1035LabelViolation,
  labelValueViolation,
  listedOnceProblems,
  portNameViolation,
  portViolation,
  problemIf,
  readinessCheckProblems,
} from '../../core';
import { WORKLOAD_PROP_KINDS } from './validate-workload-props';
import type { MicroserviceProps } from './microservice';

/** What the HTTP rules need besides the props: the resolved stop timing. */
export interface MicroserviceContext {
  /** The grace period, resolved. */
  readonly grace: number;
  /** The preStop delay, resolved. */
  readonly preStopDelay: number;
  /** The variant's default port, for the fix of a bad one. */
  readonly defaultPort: number;
  /** The name of the Service (the construct id), which Argo Rollouts uses as the active Service. */
  readonly serviceName: string;
  /** The server container's ports, by number and name (`http` and the variant's extra ports). */
  readonly serverPorts: readonly { readonly name: string; readonly containerPort: number }[];
}

/** One rule over the real props type. */
export type MicroserviceRule = (props: MicroserviceProps, ctx: MicroserviceContext) => Problem[];

/** The JavaScript kind of every prop of a microservice, checked before its rules. */
export const MICROSERVICE_PROP_KINDS = {
  ...WORKLOAD_PROP_KINDS,
  port: 'number',
  healthCheckPath: 'string',
  routes: 'string[]',
  startupTimeoutSeconds: 'number',
  preStopDelaySeconds: 'number',
  argoBlueGreen: { previewService: 'string', scaleDownDelaySeconds: 'number' },
  partOf: 'string',
  healthCheckSuccessCodes: 'string',
  metrics: 'object',
} satisfies KindsOf<MicroserviceProps>;

/** HTTP codes as load balancers take them: `200`, `200,204` or `200-299`. */

const ROUTE = /^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/;

/** The port is a TCP port. */
export const portIsValid: MicroserviceRule = (p, ctx) => {
  const rule = p.port === undefined ? undefined : portViolation(p.port);
  return rule ? [{ property: 'port', rule, value: p.port, fix: `use the port the server listens on, e.g. ${ctx.defaultPort}` }] : [];
};

/** The health path is an absolute URL path. */
export const healthPathIsAbsolute: MicroserviceRule = (p) =>
  readinessCheckProblems({ healthCheckPath: p.healthCheckPath }).filter((x) => x.property === 'healthCheckPath');

/** The success codes are HTTP codes the pods' probes also accept (200 to 399): see `healthCheckSuccessCodesViolation`. */
export const successCodesMatchProbes: MicroserviceRule = (p) =>
  readinessCheckProblems({ healthCheckSuccessCodes: p.healthCheckSuccessCodes }).filter((x) => x.property === 'healthCheckSuccessCodes');

/** Routes are distinct path prefixes; "/" belongs to the entry point's default backend. */
export const routesArePrefixes: MicroserviceRule = (p) =>
  listedOnceProblems('routes', p.routes ?? [], 'a route', (route) =>
    typeof route === 'string' && ROUTE.test(route)
      ? undefined
      : {
          property: 'routes',
          rule: 'must be URL path prefixes such as "/polls" (not "/", which is the default backend, and without a trailing "/")',
          value: route,
          fix: 'write the prefix the service owns, e.g. "/polls"',
        },
  );

/** Timings are whole numbers, and the grace period covers the preStop delay plus a clean stop. */
export const timingsAreConsistent: MicroserviceRule = (p, ctx) => {
  const problems: Problem[] = [];
  const whole = (property: string, value: number | undefined, min: number, fix: string) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min))
      problems.push({ property, rule: `must be a whole number of at least ${min}`, value, fix });
  };
  whole('startupTimeoutSeconds', p.startupTimeoutSeconds, 30, 'allow the server at least 30 seconds to start');
  whole('preStopDelaySeconds', p.preStopDelaySeconds, 0, 'set the seconds to wait for the load balancer to stop sending traffic');
  if (p.terminationGracePeriodSeconds !== undefined && Number.isInteger(ctx.grace) && ctx.grace < ctx.preStopDelay + 10)
    problems.push({
      property: 'terminationGracePeriodSeconds',
      rule: `must exceed preStopDelaySeconds (${ctx.preStopDelay}) by at least 10 seconds so the server can shut down`,
      value: ctx.grace,
      fix: `set it to ${ctx.preStopDelay + 10} or more`,
    });
  return problems;
};

/** The application it is part of is a label value: it is written to `app.kubernetes.io/part-of` as given. */
export const partOfIsLabelValue: MicroserviceRule = (p) =>
  p.partOf === undefined
    ? []
    : problemIf('partOf', p.partOf, labelValueViolation(p.partOf), 'name the application as a label value, e.g. "order-capture"');

/** Argo's preview Service is a Service name, and the old ReplicaSet's scale-down delay is a whole number of seconds. */
export const argoBlueGreenIsValid: MicroserviceRule = (p, ctx) => {
  const argo = p.argoBlueGreen;
  if (argo === undefined) return [];
  const delay = argo.scaleDownDelaySeconds;
  return [
    // Argo Rollouts refuses a blue-green rollout whose active and preview Services are one Service
    // (argo-rollouts utils/conditions: "This rollout uses the same service for the active and preview services").
    ...(argo.previewService === ctx.serviceName
      ? [
          {
            property: 'argoBlueGreen.previewService',
            rule: `must differ from the active Service ("${ctx.serviceName}", the construct id): Argo Rollouts refuses a rollout whose active and preview Services are the same`,
            value: argo.previewService,
            fix: `name the preview Service e.g. "${ctx.serviceName}-preview"`,
          },
        ]
      : []),
    ...problemIf(
      'argoBlueGreen.previewService',
      argo.previewService,
      dns1035LabelViolation(argo.previewService),
      'name the preview Service in lower case, e.g. "order-capture-preview"',
    ),
    ...(Number.isInteger(delay) && delay >= 0
      ? []
      : [
          {
            property: 'argoBlueGreen.scaleDownDelaySeconds',
            rule: 'must be a whole number of seconds of at least 0',
            value: delay,
            fix: "use e.g. 30 (Argo Rollouts' default)",
          },
        ]),
  ];
};

/** A sidecar listens on ports of its own: two containers of a pod cannot bind one port (the second fails to start). */
export const sidecarPortsAreFree: MicroserviceRule = (p, ctx) =>
  (Array.isArray(p.sidecars) ? p.sidecars : []).flatMap((s, i) =>
    ((Array.isArray(s?.ports) ? s.ports : []) as readonly number[])
      .filter((port) => ctx.serverPorts.some((x) => x.containerPort === port))
      .map((port) => ({
        property: `sidecars[${i}].ports`,
        rule: `must not use a port of the server container (${ctx.serverPorts.map((x) => `${x.name} ${x.containerPort}`).join(', ')}): containers of one pod share its network`,
        value: port,
        fix: 'let the sidecar listen on another port',
      })),
  );

/** A probe that names a port names one of the server container's ports (a probe on an unknown name never succeeds). */
export const probePortsAreDeclared: MicroserviceRule = (p, ctx) =>
  (['startup', 'readiness', 'liveness'] as const).flatMap((kind) => {
    const port = p.probes?.[kind]?.port;
    // A name that is no port name at all is reported by the probe's own check.
    return typeof port === 'string' && portNameViolation(port) === undefined && !ctx.serverPorts.some((x) => x.name === port)
      ? [
          {
            property: `probes.${kind}.port`,
            rule: `must name a port of the server container (${ctx.serverPorts.map((x) => `"${x.name}"`).join(', ')}): the kubelet cannot resolve another name, so the probe never passes`,
            value: port,
            fix: 'use "http" or the port number',
          },
        ]
      : [];
  });

/** Every rule of an HTTP service, in the order messages list them. */
export const MICROSERVICE_RULES: readonly MicroserviceRule[] = [
  portIsValid,
  healthPathIsAbsolute,
  successCodesMatchProbes,
  routesArePrefixes,
  timingsAreConsistent,
  partOfIsLabelValue,
  argoBlueGreenIsValid,
  sidecarPortsAreFree,
  probePortsAreDeclared,
];

/** Every problem with an HTTP service's own properties (the workload base checks the shared ones). */
export function validateMicroserviceProps(props: MicroserviceProps, ctx: MicroserviceContext): Problem[] {
  return MICROSERVICE_RULES.flatMap((rule) => rule(props, ctx));
}
