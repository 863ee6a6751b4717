import { OMS_MICROSERVICE_PROP_KINDS } from './validate-oms-server-props';
import { Construct } from 'constructs';
import {
  OMS_HTTPS_PORT,
  OMS_HTTP_PORT,
  OMS_PATHS,
  PoolSettings,
  Problem,
  appServerStart,
  renderJvmOptions,
  renderServerXml,
  resolvePools,
  validatePools,
  checkPropKinds,
  childPath,
  joinName,
  omsApiProblems,
} from '../../core';
import { LIBERTY_METRICS } from '../../core/monitoring';
import { DatabaseConnection } from '../connections/database-connection';
import { HealthProbe } from '../primitives/health-probe';
import { ROUTE_TERMINATIONS, RouteTermination } from '../primitives/routable';
import { OmsEnvironment } from '../environment/oms-environment';
import { Microservice, MicroservicePreset, MicroserviceProps } from './microservice';
import { OMS_RESERVED_ENV, OmsServerProps, applyCheckedOmsRuntime, heapMi, omsRolePreset, validateOmsServerSettings } from './oms-runtime';
import { Workload } from './workload';

/** IBM's app server UID (its chart sets runAsUser 1001, fsGroup 0). */
export const OMS_APP_UID = 1001;
/** Properties of an {@link OmsMicroservice}. */
export interface OmsMicroserviceProps extends OmsServerProps, Omit<MicroserviceProps, 'routes' | 'partOf' | keyof OmsServerProps> {
  /**
   * OMS APIs this service owns; each gets its own route `POST /smcfs/restapi/invoke/<api>`.
   * @default none (the service only serves as the default backend or as a peer)
   */
  readonly apis?: readonly string[];
  /**
   * APIs of your own (extended APIs and services invoked like IBM's), or IBM APIs missing from the library's partial
   * list of IBM's (`OMS_STANDARD_APIS`): routed like `apis`, but not checked against IBM's names.
   * @default none
   */
  readonly customApis?: readonly string[];
  /** Executor threads and datasource pool sizes (server.xml). @default 20/100 threads, 10/50 connections */
  readonly pools?: PoolSettings;
  /** `-DSCI.Server.Name`, the server's name in OMS. @default the construct id */
  readonly serverName?: string;
  /** The program Liberty starts behind; '' runs `server run` directly. @default IBM's '/opt/ibm/helpers/runtime/docker-server.sh' */
  readonly libertyWrapper?: string;
  /**
   * How the OpenShift router's Routes carry TLS to the server. `reencrypt`, as IBM's chart does: the router opens
   * TLS again to Liberty's HTTPS port 9443 and checks the certificate against the Service's name; the service CA
   * issues that certificate into a Secret (Service annotation `service.beta.openshift.io/serving-cert-secret-name`),
   * the pods mount it and make Liberty's key store from it at start, with the app Secret's `tlskeystorepassword`
   * (then required). `edge` ends TLS at the router and sends HTTP to 9080. Only for environments routed by the
   * OpenShift router. @default 'reencrypt' with the OpenShift router
   */
  readonly routeTermination?: RouteTermination;
}

/** The annotation that makes OpenShift's service CA issue a serving certificate for the Service into a Secret. */
export const SERVING_CERT_ANNOTATION = 'service.beta.openshift.io/serving-cert-secret-name';

/** The Secret the service CA issues a Service's serving certificate into. */
export function servingCertificateSecret(serviceName: string): string {
  return joinName([serviceName, 'serving-cert'], 253);
}

/** The Route termination of an app server, and what is wrong with the one asked for. */
function routeTerminationOf(env: OmsEnvironment, given: unknown): { termination: RouteTermination; problems: Problem[] } {
  const router = env.config.platform === 'openshift' && env.gateway.routing === 'openshift-route';
  if (given === undefined) return { termination: router ? 'reencrypt' : 'edge', problems: [] };
  if (!ROUTE_TERMINATIONS.includes(given as RouteTermination))
    return {
      termination: 'edge',
      problems: [
        {
          property: 'routeTermination',
          rule: `must be ${ROUTE_TERMINATIONS.map((t) => `"${t}"`).join(' or ')}`,
          value: given,
          fix: 'use "reencrypt" (HTTPS to 9443, as IBM) or "edge" (HTTP to 9080), or leave it out for "reencrypt"',
        },
      ],
    };
  if (!router)
    return {
      termination: 'edge',
      problems: [
        {
          property: 'routeTermination',
          rule: `applies only to the OpenShift router's Routes; ${env.config.platform === 'openshift' ? `this environment is routed by the ${env.gateway.description}` : `this environment runs on ${env.config.platform}`}`,
          value: given,
          fix: 'leave routeTermination out (the gateway decides how TLS reaches the server)',
        },
      ],
    };
  return { termination: given as RouteTermination, problems: [] };
}

function validateAppServer(props: OmsMicroserviceProps): Problem[] {
  const problems: Problem[] = [...validateOmsServerSettings(props, 'app-server'), ...validatePools('pools', props.pools)];
  problems.push(...omsApiProblems(props.apis ?? [], props.customApis ?? []));
  if (props.serverName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(props.serverName))
    problems.push({
      property: 'serverName',
      rule: 'must be an OMS server name (letters, digits and "-"; OMS refuses "_")',
      value: props.serverName,
      fix: 'rename the server',
    });
  if (props.libertyWrapper !== undefined && props.libertyWrapper !== '' && !/^\/[A-Za-z0-9._/-]+$/.test(props.libertyWrapper))
    problems.push({
      property: 'libertyWrapper',
      rule: 'must be an absolute path or empty',
      value: props.libertyWrapper,
      fix: "use IBM's '/opt/ibm/helpers/runtime/docker-server.sh' or ''",
    });
  return problems;
}

/** The OMS app server's defaults on top of the plain service's, as IBM's chart sets them. */
function appServerPreset(scope: Construct, id: string, props: OmsMicroserviceProps): MicroservicePreset {
  const env = Workload.environmentOf(scope, id, props);
  checkPropKinds(childPath(scope.node.path, id), 'OmsMicroserviceProps', props, OMS_MICROSERVICE_PROP_KINDS);
  const min = props.minReplicas ?? env.profile.minReplicas;
  const path = props.healthCheckPath ?? OMS_PATHS.heartbeat;
  const startup = props.startupTimeoutSeconds ?? 1020;
  const http = (timing: object) => HealthProbe.http(path, 'http', timing);
  const delay = props.preStopDelaySeconds ?? 15;
  const route = routeTerminationOf(env, props.routeTermination);
  return {
    component: 'app-server',
    port: OMS_HTTP_PORT,
    healthCheckPath: OMS_PATHS.heartbeat,
    // IBM waits 900 + 120 s before its first liveness check; a startup probe gives the same allowance.
    startupTimeoutSeconds: 1020,
    preStopDelaySeconds: delay,
    probes: {
      startup: http({ periodSeconds: 10, failureThreshold: Math.ceil(startup / 10) }),
      readiness: http({ periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 }),
      // IBM restarts after ten minutes of failed checks, one a minute.
      liveness: http({ periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 10 }),
    },
    // The load balancer stops sending first; then Liberty stops as IBM's chart stops it.
    preStop: {
      exec: { command: ['/bin/bash', '-c', `sleep "$1"; ${OMS_PATHS.libertyServer} stop defaultServer`, 'pre-stop', String(delay)] },
    },
    terminationGracePeriodSeconds: delay + 60,
    replicas: { min, max: props.maxReplicas ?? Math.max(min, env.profile.maxReplicas) },
    minReplicasFloor: { value: 1, fix: 'set minReplicas to 1 or more (scale to zero is for queue-driven agents)' },
    ...omsRolePreset(OMS_APP_UID),
    apis: [...(props.apis ?? []), ...(props.customApis ?? [])],
    // Liberty's metrics (server.xml enables them) are served on its HTTPS port only.
    metrics: LIBERTY_METRICS,
    extraPorts: [{ name: LIBERTY_METRICS.portName!, containerPort: LIBERTY_METRICS.port }],
    // Liberty's HTTP session cookie: IBM's chart gives the app servers cookie affinity.
    sessionCookie: 'JSESSIONID',
    routeTermination: route.termination,
    httpsPort: OMS_HTTPS_PORT,
    reservedEnv: OMS_RESERVED_ENV,
    problems: [...validateAppServer(props), ...route.problems],
  };
}

/**
 * One OMS API, or a named group of APIs, as its own microservice: the OMS
 * preset of {@link Microservice}, started as IBM starts its `om-app` image:
 * `jvm.options`, `server.xml` (executor threads, one datasource with its pool
 * and vendor properties) and `system_overrides.properties` are mounted where
 * IBM's start script expands them, then Liberty runs; heartbeat probes; a
 * `server stop` on preStop; IBM's UID. Each API gets its own route.
 */
export class OmsMicroservice extends Microservice {
  constructor(scope: Construct, id: string, props: OmsMicroserviceProps) {
    // The preset checks the props exist before anything reads them.
    const preset = appServerPreset(scope, id, props);
    const reencrypt = preset.routeTermination === 'reencrypt';
    const start = appServerStart({ wrapper: props.libertyWrapper, servingCertificate: reencrypt });
    super(scope, id, { ...props, ...start, ...commandOverrides(props) }, preset);
    applyCheckedOmsRuntime(this, 'app-server', props, { tlsKeyStorePasswordRequired: reencrypt });
    if (reencrypt) {
      // IBM's chart on OpenShift: the service CA issues the Service's certificate, the pods mount it where the
      // start script makes Liberty's key store from it. The router trusts the service CA for re-encrypt Routes.
      const secretName = servingCertificateSecret(this.serviceName);
      this.service.metadata.addAnnotation(SERVING_CERT_ANNOTATION, secretName);
      this.addVolume({ name: 'serving-certificate', secret: { secretName } });
      this.addVolumeMount({ name: 'serving-certificate', mountPath: OMS_PATHS.servingCertificate, readOnly: true });
    }
    const heap = heapMi(props.jvm, this.parsedResources.limits.memoryBytes);
    this.addConfigFile('jvm.options', renderJvmOptions({ ...heap, serverName: props.serverName ?? id }));
    this.addConfigFileMount('jvm.options', OMS_PATHS.jvmOptionsInit);
    const pools = resolvePools(props.pools);
    this.addConfigFile('server.xml', () => {
      const db = this.connections.find((c): c is DatabaseConnection => c instanceof DatabaseConnection);
      if (db === undefined) return undefined;
      return renderServerXml({
        database: { vendor: db.vendor, host: db.host, port: db.port, database: db.database, schema: db.schema },
        coreThreads: pools.coreThreads,
        maxThreads: pools.maxThreads,
        minPoolSize: pools.dbPoolMin,
        maxPoolSize: pools.dbPoolMax,
        httpPort: this.port,
      });
    });
    this.addConfigFileMount('server.xml', OMS_PATHS.serverXml);
  }
}

/** A custom image's own command and arguments replace IBM's start sequence. */
function commandOverrides(props: OmsMicroserviceProps): { command?: readonly string[]; args?: readonly string[] } {
  return {
    ...(props.command ? { command: props.command, args: props.args } : {}),
    ...(props.args && !props.command ? { args: props.args } : {}),
  };
}
