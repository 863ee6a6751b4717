import { PolicyRule, resourcesOf } from '../types';

/** RDS instances are encrypted with a customer key, private, and use a managed master password. */
export const rdsEncryptedPrivate: PolicyRule = {
  id: 'rds-encrypted-private',
  description: 'RDS: storage encrypted with a KMS key, not publicly accessible, master password managed by RDS',
  fix: 'keep the OmsPostgres defaults: KMS-encrypted storage, not publicly accessible, master password managed by RDS',
  check(tf) {
    return resourcesOf(tf, 'aws_db_instance').flatMap(([name, db]) => {
      const problems: string[] = [];
      if (db.storage_encrypted !== true) problems.push('storage_encrypted is not true');
      if (!db.kms_key_id) problems.push('no kms_key_id');
      if (db.publicly_accessible !== false) problems.push('publicly_accessible is not false');
      if (db.manage_master_user_password !== true) problems.push('master password not managed by RDS');
      if (db.password !== undefined) problems.push('a password attribute is set');
      return problems.map((message) => ({ rule: this.id, resource: `aws_db_instance.${name}`, message }));
    });
  },
};
