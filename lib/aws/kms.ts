import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

/** A customer-managed KMS key with rotation, and an alias `alias/<name>`. */
export function encryptionKey(scope: Construct, id: string, name: string, description: string, deletionWindowDays: number): KmsKey {
  const key = new KmsKey(scope, id, { description, enableKeyRotation: true, deletionWindowInDays: deletionWindowDays });
  new KmsAlias(scope, `${id}-alias`, { name: `alias/${name}`, targetKeyId: key.keyId });
  return key;
}
