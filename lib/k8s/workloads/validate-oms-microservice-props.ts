import {
  ParsedResources,
  Problem,
  Stage,
  releasePolicyViolation,
  ResourceAmounts,
  formatCpu,
  formatMemory,
  portViolation,
  unpinnedImageViolation,
  validateEgress,
  validateEnvVars,
  validateJvm,
  validatePools,
  validatePropertyOverrides,
  validateResources,
} from '../../core';
import { OmsServerProps } from './oms-server-props';

/** Longest service name: leaves room for suffixes such as `-preview` and `-config`. */
export const SERVICE_NAME_MAX = 45;
/** OMS API names are Java method names. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Service names must be DNS-1035 labels: they start with a letter. */
const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Environment variables the construct sets itself. */
export const RESERVED_ENV = ['JVM_ARGS', 'OMS_CORE_THREADS', 'OMS_MAX_THREADS', 'OMS_DB_POOL_MIN', 'OMS_DB_POOL_MAX', 'OMS_SERVER_NAMES'];

/** The inputs shared by every OMS server workload, as validated. */
export interface OmsServerInput extends OmsServerProps {
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly preStopDelaySeconds?: number;
}

/** Inputs specific to an app server. */
export interface OmsMicroserviceInput extends OmsServerInput {
  readonly apis?: readonly string[];
  readonly port?: number;
  readonly healthCheckPath?: string;
  readonly startupTimeoutSeconds?: number;
}

/** The environment facts validation needs. */
export interface ValidationContext {
  readonly defaultMinReplicas: number;
  readonly defaultMaxReplicas: number;
  readonly containerCeiling: ResourceAmounts;
  /** The stage, for its release policy (production runs release images only). @default no policy */
  readonly stage?: Stage;
  /** Fewest replicas allowed: 1 for app servers, 0 for queue-driven agents. @default 1 */
  readonly minReplicasFloor?: number;
  /** Fix suggested when minReplicas is below the floor. */
  readonly minReplicasFix?: string;
}

const wholeAtLeast = (problems: Problem[], property: string, value: number | undefined, min: number, fix: string) => {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    problems.push({ property, rule: `must be a whole number of at least ${min}`, value, fix });
  }
};

/** Checks the name of a service. */
export function validateServiceName(name: string): Problem[] {
  if (name.length <= SERVICE_NAME_MAX && SERVICE_NAME.test(name)) return [];
  return [
    {
      property: 'id',
      rule: `must be a DNS-1035 label of at most ${SERVICE_NAME_MAX} characters (lower-case letters, digits and "-", starting with a letter)`,
      value: name,
      fix: 'rename the construct, e.g. "order-search"',
    },
  ];
}

/** Checks every property shared by OMS server workloads; returns problems and the parsed resources. */
export function validateOmsServerInput(props: OmsServerInput, ctx: ValidationContext): { problems: Problem[]; parsed?: ParsedResources } {
  const problems: Problem[] = [];
  const imageRule = props.image === undefined ? 'is required' : unpinnedImageViolation(props.image);
  if (imageRule) {
    problems.push({
      property: 'image',
      rule: imageRule,
      value: props.image,
      fix: 'pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"',
    });
  }
  const releaseRule = imageRule || ctx.stage === undefined ? undefined : releasePolicyViolation(props.image, ctx.stage);
  if (releaseRule) {
    problems.push({
      property: 'image',
      rule: releaseRule,
      value: props.image,
      fix: 'deploy the image built from the release tag (imageTag({ ref: tag, commit }))',
    });
  }
  const resources = validateResources('resources', props.resources);
  problems.push(...resources.problems);
  if (resources.parsed) {
    const { limits } = resources.parsed;
    if (limits.cpuMillis > ctx.containerCeiling.cpuMillis) {
      problems.push({
        property: 'resources.cpu.limit',
        rule: `must not exceed the environment's container ceiling (${formatCpu(ctx.containerCeiling.cpuMillis)})`,
        value: props.resources.cpu.limit,
        fix: 'lower the limit or raise containerCeiling.cpu on the environment',
      });
    }
    if (limits.memoryBytes > ctx.containerCeiling.memoryBytes) {
      problems.push({
        property: 'resources.memory.limit',
        rule: `must not exceed the environment's container ceiling (${formatMemory(ctx.containerCeiling.memoryBytes)})`,
        value: props.resources.memory.limit,
        fix: 'lower the limit or raise containerCeiling.memory on the environment',
      });
    }
  }
  wholeAtLeast(
    problems,
    'minReplicas',
    props.minReplicas,
    ctx.minReplicasFloor ?? 1,
    ctx.minReplicasFix ?? 'set minReplicas to 1 or more (scale to zero is for queue-driven agents)',
  );
  wholeAtLeast(problems, 'maxReplicas', props.maxReplicas, 1, 'set maxReplicas to 1 or more');
  const min = props.minReplicas ?? ctx.defaultMinReplicas;
  const max = props.maxReplicas ?? Math.max(min, ctx.defaultMaxReplicas);
  if (Number.isInteger(min) && Number.isInteger(max) && min > max) {
    problems.push({
      property: 'minReplicas',
      rule: `must not exceed maxReplicas (${max})`,
      value: min,
      fix: 'lower minReplicas or raise maxReplicas',
    });
  }
  problems.push(...validateJvm('jvm', props.jvm, resources.parsed?.limits.memoryBytes));
  problems.push(...validatePools('pools', props.pools));
  problems.push(...validatePropertyOverrides('propertyOverrides', props.propertyOverrides));
  problems.push(...validateEnvVars(props.env, props.secretEnv, RESERVED_ENV));
  problems.push(...validateEgress('egress', props.egress));
  wholeAtLeast(
    problems,
    'preStopDelaySeconds',
    props.preStopDelaySeconds,
    0,
    'set the seconds to wait for the load balancer to stop sending traffic',
  );
  wholeAtLeast(
    problems,
    'terminationGracePeriodSeconds',
    props.terminationGracePeriodSeconds,
    1,
    'set the seconds the server gets to finish its work',
  );
  const preStop = props.preStopDelaySeconds ?? 0;
  const grace = props.terminationGracePeriodSeconds;
  if (grace !== undefined && Number.isInteger(grace) && grace < preStop + 10) {
    problems.push({
      property: 'terminationGracePeriodSeconds',
      rule: `must exceed preStopDelaySeconds (${preStop}) by at least 10 seconds so the JVM can shut down`,
      value: grace,
      fix: `set it to ${preStop + 10} or more`,
    });
  }
  wholeAtLeast(problems, 'runAsUser', props.runAsUser, 1000, 'run as an unprivileged UID such as 10001');
  (props.waitFor ?? []).forEach((w, i) => problems.push(...w.validate(`waitFor[${i}]`)));
  return { problems, parsed: problems.length === 0 ? resources.parsed : undefined };
}

/** Checks the properties of an `OmsMicroservice`. */
export function validateOmsMicroserviceProps(
  name: string,
  props: OmsMicroserviceInput,
  ctx: ValidationContext,
): { problems: Problem[]; parsed?: ParsedResources } {
  const problems = validateServiceName(name);
  const server = validateOmsServerInput(props, ctx);
  problems.push(...server.problems);
  const seen = new Set<string>();
  for (const api of props.apis ?? []) {
    if (!API_NAME.test(api)) {
      problems.push({
        property: 'apis',
        rule: 'must be OMS API names (a letter, then letters, digits or "_")',
        value: api,
        fix: 'use the API name as in /smcfs/restapi/invoke/<apiName>, e.g. "getOrderList"',
      });
    } else if (seen.has(api)) {
      problems.push({ property: 'apis', rule: 'must not list an API twice', value: api, fix: `remove the second "${api}"` });
    }
    seen.add(api);
  }
  if (props.port !== undefined) {
    const rule = portViolation(props.port);
    if (rule) problems.push({ property: 'port', rule, value: props.port, fix: 'use the port the server listens on, e.g. 9080' });
  }
  if (props.healthCheckPath !== undefined && !/^\/[^\s]*$/.test(props.healthCheckPath)) {
    problems.push({
      property: 'healthCheckPath',
      rule: 'must be an absolute URL path',
      value: props.healthCheckPath,
      fix: 'start it with "/", e.g. "/smcfs/console/start.jsp"',
    });
  }
  wholeAtLeast(
    problems,
    'startupTimeoutSeconds',
    props.startupTimeoutSeconds,
    60,
    'allow a slow JVM start at least a minute (the default is 900)',
  );
  const cpu = props.targetCpuUtilization;
  if (cpu !== undefined && (!Number.isInteger(cpu) || cpu < 10 || cpu > 95)) {
    problems.push({ property: 'targetCpuUtilization', rule: 'must be a whole percentage from 10 to 95', value: cpu, fix: 'use e.g. 70' });
  }
  return { problems, parsed: problems.length === 0 ? server.parsed : undefined };
}
