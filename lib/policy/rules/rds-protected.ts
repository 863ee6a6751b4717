import { PolicyRule, resourcesOf } from '../types';

/**
 * Databases survive mistakes in every stage but branches (UAT's instance hosts the branch databases): deletion
 * protection, a final snapshot, automated backups kept after deletion, prevent_destroy; staging and production
 * are also multi-AZ with at least a week of backups.
 */
export const rdsProtected: PolicyRule = {
  id: 'rds-protected',
  description: 'RDS outside branches: deletion protection, final snapshot, backups kept, prevent_destroy; multi-AZ in staging/production',
  fix: "keep deletion protection, the final snapshot and the stage's backup retention (at least the stage minimum) on databases outside branches",
  check(tf, ctx) {
    if (ctx.stage === 'branch') return [];
    const productionLike = ctx.stage === 'staging' || ctx.stage === 'prod';
    return resourcesOf(tf, 'aws_db_instance').flatMap(([name, db]) => {
      const problems: string[] = [];
      if (db.deletion_protection !== true) problems.push('deletion_protection is not true');
      if (db.skip_final_snapshot !== false || !db.final_snapshot_identifier) problems.push('no final snapshot');
      if (db.delete_automated_backups !== false) problems.push('automated backups are deleted with the database');
      if (db.lifecycle?.prevent_destroy !== true) problems.push('lifecycle.prevent_destroy is not set');
      if (productionLike && db.multi_az !== true) problems.push('not multi-AZ');
      if (productionLike && !(db.backup_retention_period >= 7)) problems.push('backups kept less than 7 days');
      return problems.map((message) => ({ rule: this.id, resource: `aws_db_instance.${name}`, message }));
    });
  },
};
