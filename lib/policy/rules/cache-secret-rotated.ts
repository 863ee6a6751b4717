import { PolicyRule, resourcesOf } from '../types';

/**
 * Outside branches, the cache password rotates: a Secrets Manager rotation, or an enabled schedule
 * that runs an ECS task given the secret. The ElastiCache AUTH token has no rotation function from
 * AWS; a scheduled task rotates the password of the cache's user (RBAC), which may hold two.
 */
export const cacheSecretRotated: PolicyRule = {
  id: 'cache-secret-rotated',
  description: 'Secrets Manager: the cache password rotates (every stage but branches)',
  fix: 'keep the OmsAwsStack cache rotation (cacheRotationDays) and remove any override that disables its schedule',
  check(tf, ctx) {
    if (ctx.stage === 'branch') return [];
    const rotated = resourcesOf(tf, 'aws_secretsmanager_secret_rotation').map(([, r]) => String(r.secret_id));
    const scheduledTasks = resourcesOf(tf, 'aws_scheduler_schedule')
      .filter(([, s]) => s.state !== 'DISABLED')
      .map(([, s]) => /^\$\{aws_ecs_task_definition\.([^.}]+)\.arn\}$/.exec(String(s.target?.ecs_parameters?.task_definition_arn))?.[1])
      .filter((name): name is string => name !== undefined);
    const taskDefinitions = tf.resource?.aws_ecs_task_definition ?? {};
    const givenToScheduledTask = (secret: string) =>
      scheduledTasks.some((t) => String(taskDefinitions[t]?.container_definitions ?? '').includes(`aws_secretsmanager_secret.${secret}.`));
    return resourcesOf(tf, 'aws_secretsmanager_secret')
      .filter(([, s]) => /\/cache\/auth$/.test(String(s.name)))
      .filter(([name]) => !rotated.some((r) => r.includes(`aws_secretsmanager_secret.${name}.`)) && !givenToScheduledTask(name))
      .map(([name]) => ({ rule: this.id, resource: `aws_secretsmanager_secret.${name}`, message: 'the cache password never rotates' }));
  },
};
