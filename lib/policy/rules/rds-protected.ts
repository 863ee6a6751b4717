import { PolicyRule, resourcesOf } from '../types';

/** In staging and production, databases survive mistakes: deletion protection, final snapshot, multi-AZ, prevent_destroy. */
export const rdsProtected: PolicyRule = {
  id: 'rds-protected',
  description: 'RDS in staging/production: deletion protection, final snapshot, multi-AZ, prevent_destroy, backups kept',
  check(tf, ctx) {
    if (ctx.stage !== 'staging' && ctx.stage !== 'prod') return [];
    return resourcesOf(tf, 'aws_db_instance').flatMap(([name, db]) => {
      const problems: string[] = [];
      if (db.deletion_protection !== true) problems.push('deletion_protection is not true');
      if (db.skip_final_snapshot !== false || !db.final_snapshot_identifier) problems.push('no final snapshot');
      if (db.multi_az !== true) problems.push('not multi-AZ');
      if (db.lifecycle?.prevent_destroy !== true) problems.push('lifecycle.prevent_destroy is not set');
      if (!(db.backup_retention_period >= 7)) problems.push('backups kept less than 7 days');
      return problems.map((message) => ({ rule: this.id, resource: `aws_db_instance.${name}`, message }));
    });
  },
};
