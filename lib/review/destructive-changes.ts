import { OutputObject } from './dist-tree';

/** Why a change would lose data, or `undefined` when it would not. */
export type DestructiveRule = (
  before: OutputObject | undefined,
  after: OutputObject | undefined,
  changedFields: readonly string[],
) => string | undefined;

const kindOf = (o: OutputObject | undefined) => o?.value.kind as string | undefined;
const tfType = (o: OutputObject) => (o.key.startsWith('tf ') ? o.key.slice(3).split('.')[0] : undefined);

/** Attributes whose change makes Terraform replace the resource (destroy, then create). */
const FORCES_REPLACEMENT: Record<string, readonly string[]> = {
  aws_db_instance: [
    'identifier',
    'engine',
    'kms_key_id',
    'storage_encrypted',
    'username',
    'db_name',
    'availability_zone',
    'character_set_name',
    'timezone',
  ],
  aws_elasticache_replication_group: [
    'replication_group_id',
    'at_rest_encryption_enabled',
    'kms_key_id',
    'engine',
    'port',
    'subnet_group_name',
  ],
  aws_kms_key: ['customer_master_key_spec', 'key_usage'],
  aws_s3_bucket: ['bucket'],
  aws_ecr_repository: ['name', 'encryption_configuration'],
  aws_secretsmanager_secret: ['name'],
  aws_eks_cluster: ['name', 'encryption_config'],
};
const STATEFUL_TF = Object.keys(FORCES_REPLACEMENT);

/** Safety switches whose removal makes a later deletion possible. */
const SAFETY_SWITCHES: readonly [string, string, unknown][] = [
  ['aws_db_instance', 'deletion_protection', true],
  ['aws_db_instance', 'skip_final_snapshot', false],
  ['aws_db_instance', 'lifecycle.prevent_destroy', true],
];

const at = (value: Record<string, any>, dotted: string) =>
  dotted.split('.').reduce<any>((v, k) => (v === undefined ? undefined : v[k]), value);

/** The rules that flag a change as destructive to stateful resources. */
export const DESTRUCTIVE_RULES: readonly DestructiveRule[] = [
  (before, after) =>
    before && !after && kindOf(before) === 'Namespace' ? 'the Namespace is removed: everything in it is deleted' : undefined,
  (before, after) =>
    before && !after && kindOf(before) === 'PersistentVolumeClaim' ? 'a PersistentVolumeClaim is removed: its data is deleted' : undefined,
  (before, after) =>
    before && !after && kindOf(before) === 'StatefulSet' ? 'a StatefulSet is removed: its volumes may be deleted' : undefined,
  (before, after, fields) =>
    before && after && kindOf(after) === 'StatefulSet' && fields.some((f) => f.startsWith('spec.volumeClaimTemplates'))
      ? 'the StatefulSet volume claim template changes: Kubernetes refuses it, and recreating the StatefulSet risks its data'
      : undefined,
  (before, after) => {
    const type = before ? tfType(before) : undefined;
    return before && !after && type && STATEFUL_TF.includes(type) ? `${type} is destroyed` : undefined;
  },
  (before, after, fields) => {
    const type = after ? tfType(after) : undefined;
    if (!before || !after || !type) return undefined;
    const forcing = (FORCES_REPLACEMENT[type] ?? []).filter((a) => fields.some((f) => f === a || f.startsWith(`${a}.`)));
    return forcing.length > 0 ? `${type} is replaced (destroyed and recreated) because ${forcing.join(', ')} changes` : undefined;
  },
  (before, after) => {
    const type = after ? tfType(after) : undefined;
    if (!before || !after || !type) return undefined;
    const dropped = SAFETY_SWITCHES.filter(
      ([t, attr, safe]) => t === type && at(before.value, attr) === safe && at(after.value, attr) !== safe,
    ).map(([, attr]) => attr);
    return dropped.length > 0 ? `${type} loses its protection: ${dropped.join(', ')} no longer set` : undefined;
  },
];
