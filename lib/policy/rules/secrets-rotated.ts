import { PolicyRule, resourcesOf } from '../types';

/** Outside branches, application database credentials rotate. */
export const secretsRotated: PolicyRule = {
  id: 'secrets-rotated',
  description: 'Secrets Manager: application database credentials rotate (every stage but branches)',
  fix: 'keep the database credentials rotation (databaseRotationDays) of the stack',
  check(tf, ctx) {
    if (ctx.stage === 'branch') return [];
    const rotated = resourcesOf(tf, 'aws_secretsmanager_secret_rotation').map(([, r]) => String(r.secret_id));
    return resourcesOf(tf, 'aws_secretsmanager_secret')
      .filter(([, s]) => /\/database\/app$/.test(String(s.name)))
      .filter(([name]) => !rotated.some((r) => r.includes(`aws_secretsmanager_secret.${name}.`)))
      .map(([name]) => ({ rule: this.id, resource: `aws_secretsmanager_secret.${name}`, message: 'application credentials never rotate' }));
  },
};
