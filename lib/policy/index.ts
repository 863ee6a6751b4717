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
import { defaultSgRestricted } from './rules/default-sg-restricted';
import { ecsOneCluster } from './rules/ecs-one-cluster';
import { ecsSecretsByArn } from './rules/ecs-secrets-by-arn';
import { eksAccessVersion } from './rules/eks-access-version';
import { eksPlatformReady } from './rules/eks-platform-ready';
import { nodesImdsv2 } from './rules/nodes-imdsv2';
import { podIdentityTrust } from './rules/pod-identity-trust';
import { secretsRotated } from './rules/secrets-rotated';
import { cacheSecretRotated } from './rules/cache-secret-rotated';
import { iamNoUnconditionedWrites } from './rules/iam-no-unconditioned-writes';
import { serviceTrustSource } from './rules/service-trust-source';

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
  eksAccessVersion,
  eksPlatformReady,
  podIdentityTrust,
  ecsSecretsByArn,
  ecsOneCluster,
  secretsRotated,
  cacheSecretRotated,
  nodesImdsv2,
  defaultSgRestricted,
  iamNoUnconditionedWrites,
  serviceTrustSource,
];

/** Runs every rule over a stack; each finding carries its rule's fix. */
export function checkTerraform(
  tf: TerraformJson,
  ctx: PolicyContext,
  rules: readonly PolicyRule[] = AWS_RULES,
): (Finding & { readonly fix: string })[] {
  return rules.flatMap((r) => r.check(tf, ctx).map((f) => ({ ...f, fix: r.fix })));
}
