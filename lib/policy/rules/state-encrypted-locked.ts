import { PolicyRule } from '../types';

/** Remote state in S3, encrypted, locked by S3 itself (`use_lockfile`; DynamoDB locking is deprecated). */
export const stateEncryptedLocked: PolicyRule = {
  id: 'state-encrypted-locked',
  description: 'Terraform state: S3 backend, encrypted, S3-native locking',
  fix: "bind the stack to an encrypted S3 backend with use_lockfile (bindToAccount with the account's state bucket)",
  check(tf) {
    const s3 = tf.terraform?.backend?.s3;
    const problems: string[] = [];
    if (!s3) problems.push('no S3 backend');
    else {
      if (s3.encrypt !== true) problems.push('state not encrypted');
      if (s3.use_lockfile !== true) problems.push('state not locked by S3 (use_lockfile)');
      if (s3.dynamodb_table) problems.push('deprecated DynamoDB locking');
    }
    return problems.map((message) => ({ rule: this.id, resource: 'terraform.backend', message }));
  },
};
