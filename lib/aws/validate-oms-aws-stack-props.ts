import {
  Problem,
  ciFromEnvironment,
  dns1123LabelViolation,
  envPrefixViolation,
  oneOfProblems,
  unbuiltImageProblems,
  validateAwsAccount,
  validateEnvironmentConfig,
} from '../core';
import type { OmsAwsStackProps } from './oms-aws-stack';
import { validateFargateServiceProps } from './validate-fargate-service-props';
import {
  NetworkInput,
  validateClusterAccess,
  validateDatabase,
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

/** Every problem with a stack's props, collected. */
export function validateOmsAwsStackProps(props: OmsAwsStackProps): Problem[] {
  const compute = props.compute ?? 'eks';
  const problems: Problem[] = [
    ...validateEnvironmentConfig({ name: props.environment, stage: props.stage, platform: 'eks' }),
    ...validateAwsAccount('account', props.account),
    ...validateNetwork('network', props.network ?? ({} as NetworkInput)),
    ...validateDatabase('database', props.database ?? {}, props.stage),
    ...oneOfProblems('compute', compute, ['eks', 'ecs', 'none'], 'use "eks" (a cluster), "ecs" (Fargate services) or "none"'),
    ...pullAccountProblems(props),
  ];
  if (compute === 'eks') {
    problems.push(...validateClusterAccess('clusterAccess', props.clusterAccess, props.account));
    problems.push(...validateKubernetesVersion('kubernetesVersion', props.kubernetesVersion));
  }
  problems.push(
    ...validateApiAccessCidrs(
      'clusterPublicAccessCidrs',
      props.clusterPublicAccessCidrs,
      'clusterPrivateAccessCidrs',
      props.clusterPrivateAccessCidrs,
    ),
  );
  const queueNames = new Set((props.queues ?? []).map((q) => q.name));
  problems.push(...queueInputProblems('queues', props.environment, props.queues ?? [], props.product));
  (props.queues ?? []).forEach((q, i) => {
    if ((q.consumers ?? []).length > 0 && compute !== 'eks') {
      problems.push({
        property: `queues[${i}].consumers`,
        rule: 'are Kubernetes ServiceAccounts and need compute "eks"',
        value: q.consumers,
        fix: 'consume the queue from a Fargate service (autoscaling.queue) instead',
      });
    }
  });
  (props.fargateServices ?? []).forEach((svc, i) => {
    const at = `fargateServices[${i}]`;
    const autoscaling = svc.autoscaling;
    problems.push(
      ...validateFargateServiceProps(at, {
        ...svc,
        serviceConnect: undefined,
        autoscaling: autoscaling && {
          ...autoscaling,
          queue: autoscaling.queue && { queueName: autoscaling.queue.name, messagesPerTask: autoscaling.queue.messagesPerTask },
        },
      }),
    );
    // In CI (which applies what it renders) an image tagged without a commit cannot be pulled.
    problems.push(...unbuiltImageProblems(`${at}.image`, svc.image, ciFromEnvironment()));
    const discovery = svc.serviceConnect?.discoveryName;
    if (discovery !== undefined && dns1123LabelViolation(discovery) !== undefined)
      problems.push({
        property: `${at}.serviceConnect.discoveryName`,
        rule: dns1123LabelViolation(discovery)!,
        value: discovery,
        fix: 'use the short name clients call, e.g. "pricing"',
      });
    for (const kind of ['database', 'cache'] as const) {
      const c = svc[kind];
      const rule = typeof c === 'object' && c !== null && c.envPrefix !== undefined ? envPrefixViolation(c.envPrefix) : undefined;
      if (rule)
        problems.push({
          property: `${at}.${kind}.envPrefix`,
          rule,
          value: typeof c === 'object' ? c.envPrefix : c,
          fix: `use e.g. "${kind === 'database' ? 'DB' : 'CACHE'}", the same prefix the service's Kubernetes connection uses`,
        });
    }
    if (autoscaling?.queue && !queueNames.has(autoscaling.queue.name)) {
      problems.push({
        property: `${at}.autoscaling.queue.name`,
        rule: "must name one of the stack's queues",
        value: autoscaling.queue.name,
        fix: `add { name: "${autoscaling.queue.name}" } to queues, or use one of: ${[...queueNames].join(', ') || 'none defined'}`,
      });
    }
  });
  problems.push(
    ...toolsImageProblems('databaseToolsImage', props.databaseToolsImage),
    ...rotationDaysProblems('cacheRotationDays', props.cacheRotationDays),
    ...rotationDaysProblems('databaseRotationDays', props.databaseRotationDays),
  );
  return problems;
}
