import { Finding, PolicyContext, PolicyRule, TerraformJson } from './types';
import { ecrImmutableScanned } from './rules/ecr-immutable-scanned';
import { eksPrivateEncrypted } from './rules/eks-private-encrypted';
import { elasticacheEncrypted } from './rules/elasticache-encrypted';
import { noLiteralSecrets } from './rules/no-literal-secrets';
import { noOpenIngress } from './rules/no-open-ingress';
import { privateSubnets } from './rules/private-subnets';
import { rdsEncryptedPrivate } from './rules/rds-encrypted-private';
import { rdsProtected } from './rules/rds-protected';
import { stateEncryptedLocked } from './rules/state-encrypted-locked';

export * from './types';

/** The rule pack every synthesized stack must pass. */
export const AWS_RULES: readonly PolicyRule[] = [
  rdsEncryptedPrivate,
  rdsProtected,
  elasticacheEncrypted,
  ecrImmutableScanned,
  noOpenIngress,
  noLiteralSecrets,
  eksPrivateEncrypted,
  stateEncryptedLocked,
  privateSubnets,
];

/** Runs every rule over a stack. */
export function checkTerraform(tf: TerraformJson, ctx: PolicyContext, rules: readonly PolicyRule[] = AWS_RULES): Finding[] {
  return rules.flatMap((r) => r.check(tf, ctx));
}
