import { OMS_MICROSERVICE_PROP_KINDS } from './validate-oms-server-props';
import { Construct } from 'constructs';
import {
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
  omsApiProblems,
} from '../../core';
import { LIBERTY_METRICS } from '../../core/monitoring';
import { ConnectionBinding, IConnection } from '../connections/connection';
import { DatabaseConnection } from '../connections/database-connection';
import { HealthProbe } from '../primitives/health-probe';
import { Microservice, MicroservicePreset, MicroserviceProps } from './microservice';
import {
  OMS_RESERVED_ENV,
  OmsServerProps,
  applyOmsRuntime,
  heapMi,
  omsConnectionBinding,
  omsRolePreset,
  validateOmsServerSettings,
} from './oms-runtime';
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
    reservedEnv: OMS_RESERVED_ENV,
    problems: validateAppServer(props),
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
    super(scope, id, { ...props, ...appServerStart({ wrapper: props.libertyWrapper }), ...commandOverrides(props) }, preset);
    applyOmsRuntime(this, 'app-server', props);
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

  protected override bindConnection(connection: IConnection): ConnectionBinding {
    return omsConnectionBinding(connection);
  }
}

/** A custom image's own command and arguments replace IBM's start sequence. */
function commandOverrides(props: OmsMicroserviceProps): { command?: readonly string[]; args?: readonly string[] } {
  return {
    ...(props.command ? { command: props.command, args: props.args } : {}),
    ...(props.args && !props.command ? { args: props.args } : {}),
  };
}
