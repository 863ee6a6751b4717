import {
  Problem,
  ciFromEnvironment,
  dns1123LabelViolation,
  envPrefixViolation,
  oneOfProblems,
  problemIf,
  unbuiltImageProblems,
  validateAwsAccount,
  validateEnvironmentConfig,
} from '../core';
import type { OmsAwsStackProps } from './oms-aws-stack';
import { validateFargateServiceProps } from './validate-fargate-service-props';
import { ECS_SERVICE_NAME_MAX } from './validate-block-props';
import {
  NetworkInput,
  validateClusterAccess,
  validateDatabase,
  productProblems,
  validateAddonVersions,
  validateKubernetesVersion,
  validateNetwork,
  queueInputProblems,
  validateApiAccessCidrs,
  rotationDaysProblems,
  toolsImageProblems,
} from './validate-aws-props';

/** Pull accounts are account ids, and only mean something with repositories to share. */
function pullAccountProblems(props: OmsAwsStackProps): Problem[] {
  const accounts = props.pullAccounts ?? [];
  if (accounts.length > 0 && (props.repositories ?? []).length === 0)
    return [
      {
        property: 'pullAccounts',
        rule: 'applies only to the repositories this stack creates, and it creates none',
        value: accounts,
        fix: 'list the repositories to share in repositories, or remove pullAccounts (set it on the stack that owns the repositories)',
      },
    ];
  return accounts.flatMap((a) =>
    typeof a === 'string' && /^\d{12}$/.test(a)
      ? []
      : [{ property: 'pullAccounts', rule: 'must be 12-digit AWS account ids', value: a, fix: 'use the account id, e.g. "444455556666"' }],
  );
}

/** One rule of an AWS stack's props: the problems it finds, in the order messages list them. */
export type OmsAwsStackRule = (props: OmsAwsStackProps) => Problem[];

const computeOf = (props: OmsAwsStackProps) => props.compute ?? 'eks';

/** The environment's name, stage and account, its network and its database. */
export const environmentIsValid: OmsAwsStackRule = (p) => [
  ...validateEnvironmentConfig({ name: p.environment, stage: p.stage, platform: 'eks' }),
  ...validateAwsAccount('account', p.account),
  ...validateNetwork('network', p.network ?? ({} as NetworkInput)),
  ...validateDatabase('database', p.database ?? {}, p.stage),
];

/** The compute is one the stack knows. */
export const computeIsKnown: OmsAwsStackRule = (p) =>
  oneOfProblems('compute', computeOf(p), ['eks', 'ecs', 'none'], 'use "eks" (a cluster), "ecs" (Fargate services) or "none"');

/** Pull accounts are account ids, and only mean something with repositories to share. */
export const pullAccountsAreValid: OmsAwsStackRule = (p) => pullAccountProblems(p);

/** A cluster's access and Kubernetes version (with compute "eks"). */
export const clusterIsValid: OmsAwsStackRule = (p) =>
  computeOf(p) === 'eks'
    ? [
        ...validateClusterAccess('clusterAccess', p.clusterAccess, p.account),
        ...validateKubernetesVersion('kubernetesVersion', p.kubernetesVersion),
        ...validateAddonVersions('eksAddonVersions', p.eksAddonVersions),
      ]
    : [];

/** The cluster's own settings mean something only with a cluster: with compute "ecs" or "none" they would be ignored. */
export const clusterPropsNeedACluster: OmsAwsStackRule = (p) =>
  computeOf(p) === 'eks'
    ? []
    : EKS_ONLY_PROPS.filter((key) => p[key] !== undefined).map((key) => ({
        property: key,
        rule: `applies only to an EKS cluster (compute "eks"), and this stack's compute is "${computeOf(p)}"`,
        value: p[key],
        fix: `remove ${key}, or set compute: "eks"`,
      }));
const EKS_ONLY_PROPS = [
  'clusterAccess',
  'kubernetesVersion',
  'clusterPublicAccessCidrs',
  'clusterPrivateAccessCidrs',
  'eksAddonVersions',
  'argoRollouts',
] as const satisfies readonly (keyof OmsAwsStackProps)[];

/**
 * Fargate service names are unique, and name a load balancer and a target group too: those take letters, digits and
 * "-" only, and at most 32 characters (Elastic Load Balancing, CreateLoadBalancer and CreateTargetGroup "Name"), so the
 * blocks cut the name to 32 characters, and two services must still differ there.
 */
export const fargateServiceNamesAreDistinct: OmsAwsStackRule = (p) => {
  const seen = new Map<string, string>();
  return (p.fargateServices ?? []).flatMap((svc, i) => {
    const property = `fargateServices[${i}].name`;
    const full = `${p.environment}-${svc.name}`;
    const rule =
      typeof svc.name !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$/.test(svc.name)
        ? 'must be letters, digits and "-", starting and ending with a letter or digit (it names the service\'s load balancer and target group, which take no "_")'
        : full.length > ECS_SERVICE_NAME_MAX
          ? `must leave the service's full name "${full}" at most ${ECS_SERVICE_NAME_MAX} characters (has ${full.length})`
          : [...seen.values()].includes(svc.name)
            ? 'must be unique among the Fargate services'
            : seen.has(full.slice(0, 32).replace(/-+$/, ''))
              ? `must differ from "${seen.get(full.slice(0, 32).replace(/-+$/, ''))}" in the first 32 characters of the full name (load balancer names are cut to 32)`
              : undefined;
    if (typeof svc.name === 'string') seen.set(full.slice(0, 32).replace(/-+$/, ''), svc.name);
    return problemIf(property, svc.name, rule, 'give each service a short, distinct name, e.g. "api"');
  });
};

/** The API endpoint's public and private access ranges. */
export const apiAccessIsValid: OmsAwsStackRule = (p) =>
  validateApiAccessCidrs('clusterPublicAccessCidrs', p.clusterPublicAccessCidrs, 'clusterPrivateAccessCidrs', p.clusterPrivateAccessCidrs);

/** The queues, and consumers only where there are ServiceAccounts to consume them. */
export const queuesAreValid: OmsAwsStackRule = (p) => [
  ...queueInputProblems('queues', p.environment, p.queues ?? [], p.product),
  ...(p.queues ?? []).flatMap((q, i) =>
    (q.consumers ?? []).length > 0 && computeOf(p) !== 'eks'
      ? [
          {
            property: `queues[${i}].consumers`,
            rule: 'are Kubernetes ServiceAccounts and need compute "eks"',
            value: q.consumers,
            fix: 'consume the queue from a Fargate service (autoscaling.queue) instead',
          },
        ]
      : [],
  ),
];

/** Each Fargate service: its own props, a built image in CI, its Service Connect name, prefixes and queue. */
export const fargateServicesAreValid: OmsAwsStackRule = (p) => {
  const queueNames = new Set((p.queues ?? []).map((q) => q.name));
  return (p.fargateServices ?? []).flatMap((svc, i) => {
    const at = `fargateServices[${i}]`;
    const autoscaling = svc.autoscaling;
    const problems: Problem[] = [
      ...validateFargateServiceProps(at, {
        ...svc,
        serviceConnect: undefined,
        autoscaling: autoscaling && {
          ...autoscaling,
          queue: autoscaling.queue && { queueName: autoscaling.queue.name, messagesPerTask: autoscaling.queue.messagesPerTask },
        },
      }),
      // In CI (which applies what it renders) an image tagged without a commit cannot be pulled.
      ...unbuiltImageProblems(`${at}.image`, svc.image, ciFromEnvironment()),
    ];
    const discovery = svc.serviceConnect?.discoveryName;
    if (discovery !== undefined)
      problems.push(
        ...problemIf(
          `${at}.serviceConnect.discoveryName`,
          discovery,
          dns1123LabelViolation(discovery),
          'use the short name clients call, e.g. "pricing"',
        ),
      );
    for (const kind of ['database', 'cache'] as const) {
      const c = svc[kind];
      const rule = typeof c === 'object' && c !== null && c.envPrefix !== undefined ? envPrefixViolation(c.envPrefix) : undefined;
      problems.push(
        ...problemIf(
          `${at}.${kind}.envPrefix`,
          typeof c === 'object' ? c.envPrefix : c,
          rule,
          `use e.g. "${kind === 'database' ? 'DB' : 'CACHE'}", the same prefix the service's Kubernetes connection uses`,
        ),
      );
    }
    if (autoscaling?.queue && !queueNames.has(autoscaling.queue.name))
      problems.push({
        property: `${at}.autoscaling.queue.name`,
        rule: "must name one of the stack's queues",
        value: autoscaling.queue.name,
        fix: `add { name: "${autoscaling.queue.name}" } to queues, or use one of: ${[...queueNames].join(', ') || 'none defined'}`,
      });
    return problems;
  });
};

/** The database tools image, and the rotation periods of the cache and database secrets. */
export const toolsAndRotationAreValid: OmsAwsStackRule = (p) => [
  ...toolsImageProblems('databaseToolsImage', p.databaseToolsImage),
  ...rotationDaysProblems('cacheRotationDays', p.cacheRotationDays),
  ...rotationDaysProblems('databaseRotationDays', p.databaseRotationDays),
];

/** Every rule of an AWS stack's props, in the order messages list them. */
export const OMS_AWS_STACK_RULES: readonly OmsAwsStackRule[] = [
  environmentIsValid,
  computeIsKnown,
  pullAccountsAreValid,
  clusterIsValid,
  clusterPropsNeedACluster,
  apiAccessIsValid,
  queuesAreValid,
  fargateServiceNamesAreDistinct,
  fargateServicesAreValid,
  toolsAndRotationAreValid,
];

/** Every problem with a stack's props, collected. */
export function validateOmsAwsStackProps(props: OmsAwsStackProps): Problem[] {
  // The other rules name resources with the product: one that is no Product is reported alone.
  const product = productProblems(props.product);
  return product.length > 0 ? product : OMS_AWS_STACK_RULES.flatMap((rule) => rule(props));
}
