import { OutputObject } from '../dist-tree';

// What the review knows about Terraform resources of the AWS provider: which hold data, which attributes
// force a replacement, which update in place, and which settings protect data. The rules beside this file
// read these tables; a real plan (`--plan`) overrides the offline reading of replacements.

/** The Terraform resource type of an object (`aws_db_instance`), or undefined for anything else. */
export const tfType = (o: OutputObject | undefined): string | undefined =>
  o && /^tf [a-z0-9_]+\.[^.]/.test(o.key) && !o.key.startsWith('tf provider.') ? o.key.slice(3).split('.')[0] : undefined;
/** The top-level attributes among changed dotted paths, sorted. */
export const topLevel = (fields: readonly string[]) => [...new Set(fields.map((f) => f.split('.')[0]))].sort();
/** The Kubernetes kind of an object. */
export const kindOf = (o: OutputObject | undefined) => o?.value.kind as string | undefined;

/**
 * Resources that hold data or keys: destroying or replacing one loses it.
 * (A replaced KMS key is scheduled for deletion, and what it encrypted becomes unreadable.)
 */
export const STATEFUL_TF_TYPES: readonly string[] = [
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_elasticache_replication_group',
  'aws_elasticache_cluster',
  'aws_kms_key',
  'aws_s3_bucket',
  'aws_ecr_repository',
  'aws_secretsmanager_secret',
  'aws_eks_cluster',
  'aws_efs_file_system',
  'aws_dynamodb_table',
];

/**
 * Attributes whose change makes Terraform replace the resource (destroy, then create), from the
 * AWS provider's resource documentation ("forces new resource"). Supporting types are listed so a
 * replacement that reaches a stateful resource through a reference is seen.
 */
export const FORCES_REPLACEMENT: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: [
    'identifier',
    'identifier_prefix',
    'engine',
    'kms_key_id',
    'storage_encrypted',
    'username',
    'db_name',
    'availability_zone',
    'character_set_name',
    'nchar_character_set_name',
    'timezone',
    'snapshot_identifier',
    'restore_to_point_in_time',
    's3_import',
    'custom_iam_instance_profile',
  ],
  aws_rds_cluster: [
    'cluster_identifier',
    'engine',
    'kms_key_id',
    'storage_encrypted',
    'master_username',
    'database_name',
    'snapshot_identifier',
  ],
  aws_elasticache_replication_group: [
    'replication_group_id',
    'at_rest_encryption_enabled',
    'kms_key_id',
    'engine',
    'port',
    'subnet_group_name',
    'snapshot_arns',
    'snapshot_name',
  ],
  aws_elasticache_cluster: ['cluster_id', 'engine', 'port', 'subnet_group_name'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region', 'custom_key_store_id', 'xks_key_id'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_ecr_repository: ['name', 'encryption_configuration'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  aws_eks_cluster: ['name', 'encryption_config', 'bootstrap_self_managed_addons', 'kubernetes_network_config', 'outpost_config'],
  aws_efs_file_system: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode', 'availability_zone_name'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key', 'local_secondary_index'],
  aws_db_subnet_group: ['name', 'name_prefix'],
  aws_elasticache_subnet_group: ['name'],
  aws_db_parameter_group: ['name', 'name_prefix', 'family'],
  aws_security_group: ['name', 'name_prefix', 'vpc_id', 'description'],
  aws_subnet: ['vpc_id', 'availability_zone', 'availability_zone_id', 'cidr_block'],
  aws_vpc: ['cidr_block', 'instance_tenancy'],
};

/**
 * Attributes of stateful resources known to update in place. The offline check fails closed: a
 * changed attribute of a stateful resource that is on neither list is reported as a possible
 * replacement until a real plan says otherwise.
 */
export const UPDATES_IN_PLACE: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: [
    'allocated_storage',
    'max_allocated_storage',
    'instance_class',
    'engine_version',
    'auto_minor_version_upgrade',
    'allow_major_version_upgrade',
    'apply_immediately',
    'backup_window',
    'maintenance_window',
    'backup_retention_period',
    'copy_tags_to_snapshot',
    'enabled_cloudwatch_logs_exports',
    'iam_database_authentication_enabled',
    'monitoring_interval',
    'monitoring_role_arn',
    'multi_az',
    'parameter_group_name',
    'option_group_name',
    'performance_insights_enabled',
    'performance_insights_kms_key_id',
    'performance_insights_retention_period',
    'publicly_accessible',
    'storage_type',
    'iops',
    'storage_throughput',
    'vpc_security_group_ids',
    'deletion_protection',
    'skip_final_snapshot',
    'final_snapshot_identifier',
    'delete_automated_backups',
    'manage_master_user_password',
    'master_user_secret_kms_key_id',
    'ca_cert_identifier',
    'port',
    'network_type',
    'tags',
    'lifecycle',
    'depends_on',
  ],
  aws_elasticache_replication_group: [
    'description',
    'node_type',
    'num_cache_clusters',
    'engine_version',
    'parameter_group_name',
    'security_group_ids',
    'snapshot_retention_limit',
    'snapshot_window',
    'maintenance_window',
    'automatic_failover_enabled',
    'multi_az_enabled',
    'auth_token',
    'auth_token_update_strategy',
    'apply_immediately',
    'auto_minor_version_upgrade',
    'log_delivery_configuration',
    'notification_topic_arn',
    'final_snapshot_identifier',
    'tags',
    'lifecycle',
    'depends_on',
  ],
  aws_kms_key: [
    'description',
    'enable_key_rotation',
    'rotation_period_in_days',
    'policy',
    'deletion_window_in_days',
    'is_enabled',
    'bypass_policy_lockout_safety_check',
    'tags',
    'lifecycle',
    'depends_on',
  ],
  aws_s3_bucket: ['force_destroy', 'tags', 'lifecycle', 'depends_on'],
  aws_ecr_repository: ['image_tag_mutability', 'image_scanning_configuration', 'force_delete', 'tags', 'lifecycle', 'depends_on'],
  aws_secretsmanager_secret: ['description', 'kms_key_id', 'policy', 'recovery_window_in_days', 'tags', 'lifecycle', 'depends_on'],
  aws_eks_cluster: [
    'version',
    'vpc_config',
    'access_config',
    'enabled_cluster_log_types',
    'upgrade_policy',
    'zonal_shift_config',
    'compute_config',
    'storage_config',
    'tags',
    'lifecycle',
    'depends_on',
  ],
};

/** Settings that protect data; weakening one makes a later loss possible. `[type, attribute, safe value]`. */
export const SAFETY_SWITCHES: readonly [string, string, unknown][] = [
  ['aws_db_instance', 'deletion_protection', true],
  ['aws_db_instance', 'skip_final_snapshot', false],
  ['aws_db_instance', 'delete_automated_backups', false],
  ['aws_rds_cluster', 'deletion_protection', true],
  ['aws_rds_cluster', 'skip_final_snapshot', false],
  ['aws_s3_bucket', 'force_destroy', false],
  ['aws_ecr_repository', 'force_delete', false],
];
/** Backup settings whose lowering loses restore points. `[type, attribute]`. */
export const BACKUP_RETENTION: readonly [string, string][] = [
  ['aws_db_instance', 'backup_retention_period'],
  ['aws_rds_cluster', 'backup_retention_period'],
  ['aws_elasticache_replication_group', 'snapshot_retention_limit'],
  ['aws_secretsmanager_secret', 'recovery_window_in_days'],
  ['aws_kms_key', 'deletion_window_in_days'],
];
/** Provider settings that point Terraform at other resources (another account or region). */
export const PROVIDER_TARGET = ['region', 'allowed_account_ids', 'forbidden_account_ids', 'assume_role', 'profile', 'endpoints'];

/** The value at a dotted path of an object, or undefined. */
export const at = (value: Record<string, any>, dotted: string) =>
  dotted.split('.').reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), value);
/** A value as the findings print it. */
export const show = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));

/** Replacement of one Terraform resource as the offline check sees it. */
export function staticReplacement(after: OutputObject, fields: readonly string[]) {
  const type = tfType(after)!;
  const changed = topLevel(fields);
  const forcing = changed.filter((a) => (FORCES_REPLACEMENT[type] ?? []).includes(a));
  const known = UPDATES_IN_PLACE[type] ?? ['tags', 'lifecycle', 'depends_on'];
  const unknown = STATEFUL_TF_TYPES.includes(type) ? changed.filter((a) => !known.includes(a) && !forcing.includes(a)) : [];
  return { type, forcing, unknown };
}
