import { AWS_RULES, checkTerraform, PolicyRule } from '../../lib/policy';
import { renderAllApps } from '../support/apps';

// One passing and one failing fixture per rule, then the whole pack over every app's stack.
const ref = (s: string) => `\${${s}}`;
const cases: [string, Record<string, any>, Record<string, any>, string][] = [
  [
    'rds-encrypted-private',
    {
      resource: {
        aws_db_instance: {
          db: {
            storage_encrypted: true,
            kms_key_id: ref('aws_kms_key.k.arn'),
            publicly_accessible: false,
            manage_master_user_password: true,
          },
        },
      },
    },
    { resource: { aws_db_instance: { db: { storage_encrypted: false, publicly_accessible: true, password: 'x' } } } },
    'storage_encrypted is not true',
  ],
  [
    'rds-protected',
    {
      resource: {
        aws_db_instance: {
          db: {
            deletion_protection: true,
            skip_final_snapshot: false,
            final_snapshot_identifier: 'f',
            multi_az: true,
            backup_retention_period: 14,
            lifecycle: { prevent_destroy: true },
          },
        },
      },
    },
    {
      resource: {
        aws_db_instance: {
          db: {
            deletion_protection: false,
            skip_final_snapshot: true,
            multi_az: true,
            backup_retention_period: 14,
            lifecycle: { prevent_destroy: true },
          },
        },
      },
    },
    'deletion_protection is not true',
  ],
  [
    'elasticache-encrypted',
    {
      resource: {
        aws_elasticache_replication_group: {
          r: {
            at_rest_encryption_enabled: 'true',
            transit_encryption_enabled: true,
            auth_token: ref('x.token'),
            automatic_failover_enabled: true,
          },
        },
      },
    },
    {
      resource: {
        aws_elasticache_replication_group: {
          r: {
            at_rest_encryption_enabled: 'true',
            transit_encryption_enabled: false,
            auth_token: 'literal',
            automatic_failover_enabled: true,
          },
        },
      },
    },
    'not encrypted in transit',
  ],
  [
    'ecr-immutable-scanned',
    {
      resource: {
        aws_ecr_repository: { r: { image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true } } },
        aws_ecr_lifecycle_policy: { p: { repository: ref('aws_ecr_repository.r.name') } },
      },
    },
    {
      resource: {
        aws_ecr_repository: { r: { image_tag_mutability: 'MUTABLE', image_scanning_configuration: { scan_on_push: true } } },
        aws_ecr_lifecycle_policy: { p: { repository: ref('aws_ecr_repository.r.name') } },
      },
    },
    'tags are mutable',
  ],
  [
    'no-open-ingress',
    {
      resource: {
        aws_lb: { lb: { internal: false, security_groups: [ref('aws_security_group.web.id')] } },
        aws_security_group: { web: { ingress: [{ from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }] } },
      },
    },
    { resource: { aws_security_group: { db: { ingress: [{ from_port: 5432, to_port: 5432, cidr_blocks: ['0.0.0.0/0'] }] } } } },
    'ingress from the internet on 5432-5432',
  ],
  [
    'no-literal-secrets',
    { resource: { aws_secretsmanager_secret_version: { v: { secret_string: ref('jsonencode({})') } } } },
    { resource: { aws_secretsmanager_secret_version: { v: { secret_string: 'hunter2' } } } },
    'secret_string holds a literal value',
  ],
  [
    'eks-private-encrypted',
    {
      resource: {
        aws_eks_cluster: {
          c: {
            vpc_config: { endpoint_private_access: true, endpoint_public_access: false },
            encryption_config: { resources: ['secrets'], provider: { key_arn: ref('k.arn') } },
            enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
          },
        },
      },
    },
    {
      resource: {
        aws_eks_cluster: {
          c: {
            vpc_config: { endpoint_private_access: true, endpoint_public_access: true },
            encryption_config: { resources: ['secrets'], provider: { key_arn: 'k' } },
            enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
          },
        },
      },
    },
    'public endpoint open without an allow-list',
  ],
  [
    'state-encrypted-locked',
    { terraform: { backend: { s3: { encrypt: true, dynamodb_table: 't' } } } },
    { terraform: { backend: { s3: { encrypt: false, dynamodb_table: 't' } } } },
    'state not encrypted',
  ],
  [
    'private-subnets',
    { resource: { aws_subnet: { s: { map_public_ip_on_launch: false } } } },
    { resource: { aws_subnet: { s: { map_public_ip_on_launch: true } } } },
    'map_public_ip_on_launch is not false',
  ],
];

const byId = (id: string): PolicyRule => AWS_RULES.find((r) => r.id === id)!;

test('every rule of the pack has fixtures', () => {
  expect(cases.map((c) => c[0]).sort()).toEqual(AWS_RULES.map((r) => r.id).sort());
});

describe.each(cases)('%s', (id, passing, failing, message) => {
  test('passes a compliant stack', () => {
    expect(byId(id).check(passing, { stage: 'prod' })).toEqual([]);
  });
  test('flags a non-compliant one', () => {
    expect(
      byId(id)
        .check(failing, { stage: 'prod' })
        .map((f) => f.message),
    ).toContain(message);
  });
});

test('rds-protected applies to staging and production only', () => {
  const weak = { resource: { aws_db_instance: { db: { deletion_protection: false } } } };
  expect(byId('rds-protected').check(weak, { stage: 'uat' })).toEqual([]);
  expect(byId('rds-protected').check(weak, { stage: 'staging' }).length).toBeGreaterThan(0);
});

describe('every synthesized stack passes the whole pack', () => {
  const stacks = renderAllApps().flatMap(({ env }) =>
    env.files.filter((f) => f.path.startsWith('aws/')).map((f) => [env.name, JSON.parse(f.content)] as const),
  );

  test('UAT, staging and production have AWS stacks', () => {
    expect(stacks.map(([name]) => name).sort()).toEqual(expect.arrayContaining(['production', 'staging', 'uat-eks']));
  });

  test.each(stacks)('%s', (_name, tf) => {
    const stage = tf.provider.aws[0].default_tags[0].tags['oms:stage'];
    expect(checkTerraform(tf, { stage })).toEqual([]);
  });
});
