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
            delete_automated_backups: false,
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
    'no-literal-secrets',
    { resource: { aws_secretsmanager_secret_version: { v: { secret_string_wo: ref('jsonencode({})'), secret_string_wo_version: 1 } } } },
    { resource: { aws_secretsmanager_secret_version: { v: { secret_string_wo: 'hunter2', secret_string_wo_version: 1 } } } },
    'secret_string_wo holds a literal value',
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
    { terraform: { backend: { s3: { encrypt: true, use_lockfile: true } } } },
    { terraform: { backend: { s3: { encrypt: true, dynamodb_table: 't' } } } },
    'state not locked by S3 (use_lockfile)',
  ],
  [
    'private-subnets',
    { resource: { aws_subnet: { s: { map_public_ip_on_launch: false } } } },
    { resource: { aws_subnet: { s: { map_public_ip_on_launch: true } } } },
    'map_public_ip_on_launch is not false',
  ],
  [
    'eks-access-version',
    {
      resource: {
        aws_eks_cluster: {
          c: {
            version: '1.35',
            upgrade_policy: { support_type: 'STANDARD' },
            access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
          },
        },
        aws_eks_access_entry: { ci: { cluster_name: ref('aws_eks_cluster.c.name') } },
      },
    },
    {
      resource: {
        aws_eks_cluster: { c: { version: '1.33', access_config: { authentication_mode: 'API' } } },
      },
    },
    'no access entry: nobody can use the API',
  ],
  [
    'eks-platform-ready',
    {
      resource: {
        aws_eks_cluster: { c: {} },
        aws_eks_addon: Object.fromEntries(
          ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'metrics-server', 'aws-ebs-csi-driver'].map((a) => [
            a,
            { addon_name: a },
          ]),
        ),
        helm_release: {
          keda: { chart: 'keda', version: '2.20.2' },
          eso: { chart: 'external-secrets', version: '2.9.0' },
          lbc: { chart: 'aws-load-balancer-controller', version: '3.5.0' },
          objects: { chart: 'raw', version: '2.0.2', values: ['{"resources":[{"kind":"ClusterSecretStore"}]}'] },
        },
      },
    },
    {
      resource: {
        aws_eks_cluster: { c: {} },
        aws_eks_addon: { cni: { addon_name: 'vpc-cni' } },
        helm_release: { keda: { chart: 'keda', version: '^2.20' } },
      },
    },
    'managed add-on coredns missing',
  ],
  [
    'pod-identity-trust',
    {
      resource: {
        aws_iam_role: {
          r: {
            assume_role_policy: JSON.stringify({
              Statement: [
                {
                  Principal: { Service: 'pods.eks.amazonaws.com' },
                  Condition: {
                    StringEquals: {
                      'aws:SourceAccount': '111122223333',
                      'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111122223333:cluster/c',
                      'aws:RequestTag/kubernetes-namespace': 'ns',
                      'aws:RequestTag/kubernetes-service-account': 'sa',
                    },
                  },
                },
              ],
            }),
          },
        },
      },
    },
    {
      resource: {
        aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [{ Principal: { Service: 'pods.eks.amazonaws.com' } }] }) } },
      },
    },
    'trust policy has no aws:RequestTag/eks-cluster-arn condition',
  ],
  [
    'iam-no-unconditioned-writes',
    {
      resource: {
        aws_iam_role_policy: {
          p: {
            policy: JSON.stringify({
              Statement: [
                { Effect: 'Allow', Action: ['ec2:Describe*', 'secretsmanager:GetRandomPassword'], Resource: '*' },
                {
                  Effect: 'Allow',
                  Action: ['elasticloadbalancing:DeleteLoadBalancer'],
                  Resource: '*',
                  Condition: { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } },
                },
                { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' },
                { Effect: 'Deny', Action: ['*'], Resource: '*' },
              ],
            }),
          },
        },
      },
    },
    {
      resource: {
        aws_iam_role_policy: {
          p: {
            policy: JSON.stringify({
              Statement: [
                { Sid: 'Elb', Effect: 'Allow', Action: ['elasticloadbalancing:Describe*', 'elasticloadbalancing:Delete*'], Resource: '*' },
              ],
            }),
          },
        },
      },
    },
    'statement Elb allows elasticloadbalancing:Delete* on "*" without a condition',
  ],
  [
    'service-trust-source',
    {
      resource: {
        aws_iam_role: {
          task: {
            assume_role_policy: JSON.stringify({
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'ecs-tasks.amazonaws.com' },
                  Condition: {
                    StringEquals: { 'aws:SourceAccount': '111122223333' },
                    ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:*' },
                  },
                },
              ],
            }),
          },
          nodes: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }] }) },
        },
      },
    },
    {
      resource: {
        aws_iam_role: {
          logs: {
            assume_role_policy: JSON.stringify({
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
                  Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
                },
              ],
            }),
          },
        },
      },
    },
    'trust of vpc-flow-logs.amazonaws.com has no aws:SourceArn condition',
  ],
  [
    'ecs-secrets-by-arn',
    {
      resource: {
        aws_ecs_task_definition: {
          t: {
            container_definitions: JSON.stringify([
              {
                environment: [{ name: 'DB_HOST', value: 'db' }],
                secrets: [{ name: 'DB_PASSWORD', valueFrom: `${ref('aws_secretsmanager_secret.s.arn')}:password::` }],
              },
            ]),
          },
        },
        aws_iam_role_policy: {
          p: {
            policy: JSON.stringify({
              Statement: [{ Action: ['secretsmanager:GetSecretValue'], Resource: [ref('aws_secretsmanager_secret.s.arn')] }],
            }),
          },
        },
      },
    },
    {
      resource: {
        aws_iam_role_policy: {
          p: {
            policy: JSON.stringify({
              Statement: [
                {
                  Action: ['secretsmanager:GetSecretValue'],
                  Resource: ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:db:password::'],
                },
              ],
            }),
          },
        },
      },
    },
    'grants a valueFrom (with a JSON key) instead of the secret ARN',
  ],
  [
    'ecs-one-cluster',
    {
      resource: {
        aws_ecs_cluster: { c: {} },
        aws_ecs_service: {
          s: {
            network_configuration: { assign_public_ip: false },
            deployment_circuit_breaker: { rollback: true },
            lifecycle: { ignore_changes: ['desired_count'] },
          },
        },
        aws_appautoscaling_target: { t: { resource_id: `service/c/${ref('aws_ecs_service.s.name')}` } },
      },
    },
    {
      resource: {
        aws_ecs_cluster: { a: {}, b: {} },
        aws_ecs_service: { s: { network_configuration: { assign_public_ip: false }, deployment_circuit_breaker: { rollback: true } } },
        aws_appautoscaling_target: { t: { resource_id: `service/c/${ref('aws_ecs_service.s.name')}` } },
      },
    },
    'every apply resets the autoscaled desired_count',
  ],
  [
    'secrets-rotated',
    {
      resource: {
        aws_secretsmanager_secret: { app: { name: 'oms/uat/database/app' } },
        aws_secretsmanager_secret_rotation: { r: { secret_id: ref('aws_secretsmanager_secret.app.id') } },
      },
    },
    { resource: { aws_secretsmanager_secret: { app: { name: 'oms/uat/database/app' } } } },
    'application credentials never rotate',
  ],
  [
    'nodes-imdsv2',
    {
      resource: {
        aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 } } },
        aws_eks_node_group: { ng: { launch_template: { id: ref('aws_launch_template.lt.id') } } },
      },
    },
    {
      resource: {
        aws_launch_template: { lt: { metadata_options: { http_tokens: 'optional', http_put_response_hop_limit: 2 } } },
        aws_eks_node_group: { ng: {} },
      },
    },
    'IMDSv2 not required',
  ],
  [
    'cache-secret-rotated',
    {
      resource: {
        aws_secretsmanager_secret: { auth: { name: 'oms/uat/cache/auth' } },
        aws_ecs_task_definition: {
          rotate: {
            container_definitions: JSON.stringify([
              { environment: [{ name: 'ARN_TO_ROTATE', value: ref('aws_secretsmanager_secret.auth.arn') }] },
            ]),
          },
        },
        aws_scheduler_schedule: { s: { target: { ecs_parameters: { task_definition_arn: ref('aws_ecs_task_definition.rotate.arn') } } } },
      },
    },
    {
      resource: {
        aws_secretsmanager_secret: { auth: { name: 'oms/uat/cache/auth' } },
        // The task that would rotate it is not scheduled: a disabled schedule does not count.
        aws_ecs_task_definition: {
          rotate: {
            container_definitions: JSON.stringify([
              { environment: [{ name: 'ARN_TO_ROTATE', value: ref('aws_secretsmanager_secret.auth.arn') }] },
            ]),
          },
        },
        aws_scheduler_schedule: {
          s: { state: 'DISABLED', target: { ecs_parameters: { task_definition_arn: ref('aws_ecs_task_definition.rotate.arn') } } },
        },
      },
    },
    'the cache password never rotates',
  ],
  [
    'default-sg-restricted',
    {
      resource: {
        aws_vpc: { v: {} },
        aws_default_security_group: { d: { vpc_id: ref('aws_vpc.v.id'), ingress: [], egress: [] } },
      },
    },
    { resource: { aws_vpc: { v: {} } } },
    'default security group not restricted',
  ],
];

const byId = (id: string): PolicyRule => AWS_RULES.find((r) => r.id === id)!;

test('every rule of the pack has fixtures', () => {
  expect([...new Set(cases.map((c) => c[0]))].sort()).toEqual(AWS_RULES.map((r) => r.id).sort());
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
  test('its findings carry the rule and its fix, through the pack', () => {
    const findings = checkTerraform(failing, { stage: 'prod' }).filter((f) => f.rule === id);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.fix).toBe(byId(id).fix);
    expect(byId(id).fix).toMatch(/^[a-z].{30,}[^.]$/);
  });
});

test('rds-protected applies to every stage but branches; multi-AZ only to staging and production', () => {
  const single = {
    resource: {
      aws_db_instance: {
        db: {
          deletion_protection: true,
          skip_final_snapshot: false,
          final_snapshot_identifier: 'f',
          delete_automated_backups: false,
          multi_az: false,
          backup_retention_period: 7,
          lifecycle: { prevent_destroy: true },
        },
      },
    },
  };
  const weak = { resource: { aws_db_instance: { db: { deletion_protection: false } } } };
  expect(byId('rds-protected').check(weak, { stage: 'branch' })).toEqual([]);
  expect(
    byId('rds-protected')
      .check(weak, { stage: 'uat' })
      .map((f) => f.message),
  ).toEqual([
    'deletion_protection is not true',
    'no final snapshot',
    'automated backups are deleted with the database',
    'lifecycle.prevent_destroy is not set',
  ]);
  expect(byId('rds-protected').check(single, { stage: 'uat' })).toEqual([]);
  expect(
    byId('rds-protected')
      .check(single, { stage: 'staging' })
      .map((f) => f.message),
  ).toEqual(['not multi-AZ']);
});

test('the platform rule applies only to stacks with an EKS cluster; rotation not to branches', () => {
  expect(byId('eks-platform-ready').check({ resource: {} }, { stage: 'uat' })).toEqual([]);
  const unrotated = { resource: { aws_secretsmanager_secret: { app: { name: 'oms/br-x/database/app' } } } };
  expect(byId('secrets-rotated').check(unrotated, { stage: 'branch' })).toEqual([]);
  const cache = { resource: { aws_secretsmanager_secret: { auth: { name: 'oms/br-x/cache/auth' } } } };
  expect(byId('cache-secret-rotated').check(cache, { stage: 'branch' })).toEqual([]);
  // A Secrets Manager rotation counts as well.
  const managed = {
    resource: {
      ...cache.resource,
      aws_secretsmanager_secret_rotation: { r: { secret_id: ref('aws_secretsmanager_secret.auth.id') } },
    },
  };
  expect(byId('cache-secret-rotated').check(managed, { stage: 'uat' })).toEqual([]);
  expect(
    byId('cache-secret-rotated')
      .check(cache, { stage: 'uat' })
      .map((f) => f.message),
  ).toEqual(['the cache password never rotates']);
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
