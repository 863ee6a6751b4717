import { Construct } from 'constructs';
import { Problem } from '../../core';
import { Filesystem } from './filesystem';
import { Microservice, MicroserviceProps, MicroservicePreset } from './microservice';
import { OMS_RESERVED_ENV, applyOmsRuntime, validateOmsServerSettings } from './oms-runtime';
import { OmsServerProps } from './oms-server-props';
import { Workload } from './workload';

/** Liberty's default HTTP port, where OMS app servers listen. */
export const DEFAULT_APP_PORT = 9080;
/** A page every OMS app server serves once the application is up. */
export const DEFAULT_HEALTH_CHECK_PATH = '/smcfs/console/start.jsp';
/** OMS API names are Java method names. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Properties of an {@link OmsMicroservice}. */
export interface OmsMicroserviceProps extends OmsServerProps, Omit<MicroserviceProps, 'routes' | 'partOf' | keyof OmsServerProps> {
  /**
   * OMS APIs this service owns; each gets its own route `POST /smcfs/restapi/invoke/<api>`.
   * @default none (the service only serves as the default backend or as a peer)
   */
  readonly apis?: readonly string[];
  /** Where `customer_overrides.properties` is mounted. @default '/opt/ssfs/runtime/properties/customer_overrides.properties' */
  readonly propertiesPath?: string;
}

function validateApis(apis: readonly string[] | undefined): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const api of apis ?? []) {
    if (typeof api !== 'string' || !API_NAME.test(api))
      problems.push({
        property: 'apis',
        rule: 'must be OMS API names (a letter, then letters, digits or "_")',
        value: api,
        fix: 'use the API name as in /smcfs/restapi/invoke/<apiName>, e.g. "getOrderList"',
      });
    else if (seen.has(api))
      problems.push({ property: 'apis', rule: 'must not list an API twice', value: api, fix: `remove the second "${api}"` });
    seen.add(api);
  }
  return problems;
}

/** The OMS app server's defaults on top of the plain service's. */
function appServerPreset(scope: Construct, id: string, props: OmsMicroserviceProps): MicroservicePreset {
  const env = Workload.environmentOf(scope, id);
  const min = props.minReplicas ?? env.profile.minReplicas;
  const preStopDelay = props.preStopDelaySeconds ?? 15;
  return {
    component: 'app-server',
    partOf: 'oms',
    port: DEFAULT_APP_PORT,
    healthCheckPath: DEFAULT_HEALTH_CHECK_PATH,
    startupTimeoutSeconds: 900,
    preStopDelaySeconds: 15,
    replicas: { min, max: props.maxReplicas ?? Math.max(min, env.profile.maxReplicas) },
    minReplicasFloor: { value: 1, fix: 'set minReplicas to 1 or more (scale to zero is for queue-driven agents)' },
    runAsUser: 10001,
    filesystem: Filesystem.readOnlyRoot({ scratch: ['/tmp', '/logs', '/opt/ibm/wlp/output'] }),
    terminationGracePeriodSeconds: preStopDelay + 75,
    apis: [...(props.apis ?? [])],
    reservedEnv: OMS_RESERVED_ENV,
    problems: [...validateApis(props.apis), ...validateOmsServerSettings(props)],
  };
}

/**
 * One OMS API, or a named group of APIs, as its own microservice: the OMS
 * preset of {@link Microservice} (app-server role, Liberty's port, slow JVM
 * starts, the OMS runtime configuration), with a route per API.
 */
export class OmsMicroservice extends Microservice {
  constructor(scope: Construct, id: string, props: OmsMicroserviceProps) {
    super(scope, id, props, appServerPreset(scope, id, props));
    applyOmsRuntime(this, { ...props, memoryLimitBytes: this.parsedResources.limits.memoryBytes });
  }
}
