import { PolicyRule, isReference, resourcesOf } from '../types';

/** Redis is encrypted at rest and in transit, requires AUTH, and fails over in staging/production. */
export const elasticacheEncrypted: PolicyRule = {
  id: 'elasticache-encrypted',
  description: 'ElastiCache: encryption at rest and in transit, AUTH token by reference or RBAC, failover in staging/production',
  fix: 'keep the OmsRedis defaults: encryption at rest and in transit, RBAC or an AUTH token by reference, failover in staging and production',
  check(tf, ctx) {
    return resourcesOf(tf, 'aws_elasticache_replication_group').flatMap(([name, rg]) => {
      const problems: string[] = [];
      if (String(rg.at_rest_encryption_enabled) !== 'true') problems.push('not encrypted at rest');
      if (rg.transit_encryption_enabled !== true) problems.push('not encrypted in transit');
      if (!isReference(rg.auth_token) && !(rg.user_group_ids?.length > 0))
        problems.push('no AUTH token by reference and no RBAC user group');
      if ((ctx.stage === 'staging' || ctx.stage === 'prod') && rg.automatic_failover_enabled !== true)
        problems.push('no automatic failover');
      return problems.map((message) => ({ rule: this.id, resource: `aws_elasticache_replication_group.${name}`, message }));
    });
  },
};
