import type { PolicyStatement } from './pod-identity-role';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsAccount,
  Problem,
  PropKinds,
  STAGES,
  arnViolation,
  awsRegionViolation,
  checkNewConstruct,
  childPath,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  iamRoleNameViolation,
  oneOfProblems,
  problemIf,
  propKindProblems,
  secretsManagerNameViolation,
  throwIfProblems,
  validateAwsAccount,
} from '../core';

/**
 * Entry checks of the AWS building blocks. The stack validates its own props
 * before it builds them, so these fire only when a block is used on its own;
 * they share the stack's rules (validate-aws-props.ts) rather than restate them.
 */

/** The longest resource-name prefix a block takes: `oms-` plus the longest AWS environment name. */
export const RESOURCE_PREFIX_MAX = 40;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** A value a construct of the stack resolves at apply time (an ARN, an id): its form is AWS's business. */
export const isReference = (value: unknown): boolean => typeof value === 'string' && Token.isUnresolved(value);

// Shared with the Kubernetes constructs; re-exported for the blocks that import it from here.
export { problemIf } from '../core';

/**
 * Checks a block's input at its constructor entry: a usable id and props
 * object, every prop of its declared kind and the required ones present
 * (reported alone, since the rules read inside them), then its rules. Throws
 * one error naming the path the block would have.
 */
export function checkBlockProps<P>(
  scope: Construct,
  id: string,
  typeName: string,
  props: P,
  kinds: PropKinds,
  required: readonly string[],
  rules: (props: P) => Problem[],
): void {
  checkNewConstruct(scope, id, props);
  const path = childPath(scope.node.path, id);
  const kindProblems = propKindProblems(typeName, props, kinds, required);
  throwIfProblems(path, kindProblems.length > 0 ? kindProblems : rules(props));
}

/** A prop that must be a construct of one class (a network, a cluster): anything else would fail deep inside with a TypeError. */
export function instanceProblems(
  property: string,
  value: unknown,
  type: abstract new (...args: never[]) => unknown,
  description: string,
): Problem[] {
  return value instanceof type
    ? []
    : [{ property, rule: `must be ${description}`, value: describeObject(value), fix: `pass ${description}` }];
}

/** A construct or object, named by its path or class, not serialized (constructs are cyclic). */
function describeObject(value: unknown): unknown {
  if (value instanceof Construct) return value.node.path;
  const kind = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value)?.constructor?.name : undefined;
  if (kind !== undefined && kind !== 'Object') return `an instance of ${kind}`;
  return value;
}

/** The prefix of the names a block gives its resources (`oms-<environment>`). */
export function resourcePrefixProblems(property: string, name: unknown): Problem[] {
  return problemIf(
    property,
    name,
    dns1123LabelViolation(name as string, RESOURCE_PREFIX_MAX),
    `use lower-case letters, digits and "-", at most ${RESOURCE_PREFIX_MAX} characters, e.g. "oms-uat-eks"`,
  );
}

const STAGE_PROFILE_KINDS: PropKinds = {
  nat: 'string',
  availabilityZones: 'number',
  dbInstanceClass: 'string',
  dbAllocatedStorageGb: 'number',
  dbMultiAz: 'boolean',
  dbBackupRetentionDays: 'number',
  deletionProtection: 'boolean',
  cacheNodeType: 'string',
  cacheNodes: 'number',
  logRetentionDays: 'number',
  nodeInstanceTypes: 'string[]',
  nodes: { min: 'number', max: 'number' },
};

/** A stage's AWS profile: every field present and of its kind (a partial profile would render undefined sizes). */
export function stageProfileProblems(property: string, profile: unknown): Problem[] {
  return propKindProblems('AwsStageProfile', profile, STAGE_PROFILE_KINDS, Object.keys(STAGE_PROFILE_KINDS), `${property}.`).map((p) =>
    p.rule === 'is required' ? { ...p, fix: 'pass awsStageProfile(stage), or a copy of it with your changes' } : p,
  );
}

/** A stage. */
export function stageProblems(property: string, stage: unknown): Problem[] {
  return oneOfProblems(property, stage, STAGES, 'use e.g. "uat"');
}

/** An environment (a namespace name). */
export function environmentProblems(property: string, environment: unknown): Problem[] {
  return problemIf(
    property,
    environment,
    typeof environment === 'string' ? dns1123LabelViolation(environment) : 'must be the name of an environment',
    'give the environment name, e.g. "uat-eks"',
  );
}

/** A region. */
export function regionProblems(property: string, region: unknown): Problem[] {
  return problemIf(property, region, awsRegionViolation(region), 'use e.g. "eu-west-1"');
}

/** Days of CloudWatch log retention; 0 keeps logs forever (Terraform's retention_in_days). */
export function logRetentionProblems(property: string, days: unknown): Problem[] {
  return days === 0 || LOG_RETENTION_DAYS.includes(days as number)
    ? []
    : [
        {
          property,
          rule: `must be a retention CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')} days, or 0 to keep logs forever)`,
          value: days,
          fix: 'use e.g. 30',
        },
      ];
}

/** An ARN of a service, or a reference resolved at apply time. */
export function arnProblems(property: string, value: unknown, service: string, fix: string): Problem[] {
  return isReference(value) ? [] : problemIf(property, value, arnViolation(value, { service }), fix);
}

/** A Secrets Manager secret name (a literal: Kubernetes finds the secret by it). */
export function secretNameProblems(property: string, name: unknown): Problem[] {
  return isReference(name) ? [] : problemIf(property, name, secretsManagerNameViolation(name), 'use e.g. "oms/uat-eks/database"');
}

/** The account, namespace and ServiceAccount a Pod Identity trust policy binds a role to. */
export function podIdentityBindingProblems(input: {
  readonly account: AwsAccount;
  readonly clusterEnvironment: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}): Problem[] {
  return [
    ...validateAwsAccount('account', input.account),
    ...environmentProblems('clusterEnvironment', input.clusterEnvironment),
    ...problemIf('namespace', input.namespace, dns1123LabelViolation(input.namespace), 'give the namespace of the pods, e.g. "uat-eks"'),
    ...problemIf(
      'serviceAccount',
      input.serviceAccount,
      dns1123SubdomainViolation(input.serviceAccount),
      'give the name of the pods\' ServiceAccount, e.g. "order-search"',
    ),
  ];
}

/** The longest ECS service name the blocks take: their IAM roles add up to 9 characters (`-ecs-exec`), and IAM allows 64. */
export const ECS_SERVICE_NAME_MAX = 55;

/** An ECS service name (a service the block creates, or one it restarts). */
export function ecsServiceNameProblems(property: string, name: unknown): Problem[] {
  return typeof name === 'string' && new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${ECS_SERVICE_NAME_MAX - 1}}$`).test(name)
    ? []
    : [
        {
          property,
          rule: `must be 1-${ECS_SERVICE_NAME_MAX} letters, digits, "-" or "_", starting with a letter or digit (ECS service and IAM role names)`,
          value: name,
          fix: 'use e.g. "uat-services-api"',
        },
      ];
}

/** What a block's tasks run in: the network, the environment's ECS cluster, the region and the log retention. */
export function taskWiringProblems(
  props: {
    readonly network: unknown;
    readonly cluster?: unknown;
    readonly region: unknown;
    readonly logRetentionDays?: unknown;
  },
  network: abstract new (...args: never[]) => unknown,
  cluster?: abstract new (...args: never[]) => unknown,
): Problem[] {
  return [
    ...instanceProblems('network', props.network, network, 'an OmsNetwork'),
    ...(cluster ? instanceProblems('cluster', props.cluster, cluster, "an EcsCluster (the environment's ECS cluster)") : []),
    ...regionProblems('region', props.region),
    ...('logRetentionDays' in props ? logRetentionProblems('logRetentionDays', props.logRetentionDays) : []),
  ];
}

/** An IAM role name. */
export function roleNameProblems(property: string, name: unknown): Problem[] {
  return problemIf(property, name, iamRoleNameViolation(name), 'use at most 64 letters, digits and +=,.@_-, e.g. built with podRoleName()');
}

/** Every problem with IAM policy statements: an effect, and non-empty actions and resources (IAM refuses others). */
export function policyStatementProblems(property: string, statements: readonly PolicyStatement[] | undefined): Problem[] {
  const problems: Problem[] = [];
  (statements ?? []).forEach((s, i) => {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
      problems.push({ property: `${property}[${i}].Effect`, rule: 'must be "Allow" or "Deny"', value: s.Effect, fix: 'use "Allow"' });
    for (const key of ['Action', 'Resource'] as const) {
      const v: unknown = s[key];
      const ok =
        (typeof v === 'string' && v.length > 0) ||
        (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.length > 0));
      if (!ok)
        problems.push({
          property: `${property}[${i}].${key}`,
          rule: 'must be a non-empty string or list of strings',
          value: v,
          fix: key === 'Action' ? 'list the actions, e.g. ["sqs:ReceiveMessage"]' : 'list the ARNs the role may act on',
        });
    }
  });
  return problems;
}
