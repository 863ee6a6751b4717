import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { Stage } from '../../lib/core';
import { FargateSecret, OmsAwsStack, OmsAwsStackProps, POSTGRES_INSTANCE_CLASSES, POSTGRES_VERSIONS } from '../../lib/aws';
import { messageOf } from '../support/errors';

/** 32768 blocks of /16: each narrow enough, together half the IPv4 space. */
const HALF_THE_INTERNET = Array.from({ length: 32768 }, (_, i) => `${Math.floor(i / 256)}.${i % 256}.0.0/16`);

/** The message of the error `build` throws (exact comparisons, not substrings). */

Testing.setupJest();

function props(stage: Stage, overrides: Partial<OmsAwsStackProps> = {}): OmsAwsStackProps {
  return {
    environment: `env-${stage}`,
    stage,
    account: { accountId: '111122223333', region: 'eu-west-1' },
    state: { bucket: 'state-bucket' },
    network: { cidr: '10.20.0.0/16' },
    clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
    databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
    ...overrides,
  };
}
const synth = (stage: Stage, overrides: Partial<OmsAwsStackProps> = {}) =>
  Testing.synth(new OmsAwsStack(Testing.app(), 'stack', props(stage, overrides)));
const parsed = (stage: Stage, overrides: Partial<OmsAwsStackProps> = {}) => JSON.parse(synth(stage, overrides));
const count = (tf: any, type: string) => Object.keys(tf.resource[type] ?? {}).length;

describe('secure defaults (every stage)', () => {
  const tf = synth('uat', { repositories: ['oms/om-app'] });

  test('RDS PostgreSQL: encrypted, private, managed master password, IAM auth, TLS, backups, logs', () => {
    expect(tf).toHaveResourceWithProperties(DbInstance, {
      engine: 'postgres',
      storage_encrypted: true,
      publicly_accessible: false,
      manage_master_user_password: true,
      iam_database_authentication_enabled: true,
      backup_retention_period: 7,
      copy_tags_to_snapshot: true,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
    });
    const db = Object.values<any>(JSON.parse(tf).resource.aws_db_instance)[0];
    expect(db).not.toHaveProperty('password');
    expect(db.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(JSON.stringify(JSON.parse(tf).resource.aws_db_parameter_group)).toContain('"rds.force_ssl","value":"1"');
  });

  test("ElastiCache Redis: encryption at rest and in transit, its only user's password from Secrets Manager", () => {
    expect(tf).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
    });
    const res = JSON.parse(tf).resource;
    const rg = Object.values<any>(res.aws_elasticache_replication_group)[0];
    // Role-based access (a user can hold two passwords, so it can rotate); no cluster-wide AUTH token.
    expect(rg.auth_token).toBeUndefined();
    expect(rg.user_group_ids).toEqual([expect.stringMatching(/^\$\{aws_elasticache_user_group\.cache_users_\w+\.user_group_id\}$/)]);
    const [group] = Object.values<any>(res.aws_elasticache_user_group);
    expect(group).toMatchObject({ user_group_id: 'oms-env-uat-cache', engine: 'redis' });
    const [user] = Object.values<any>(res.aws_elasticache_user);
    // The group's user must be named "default": clients keep sending AUTH <token>.
    expect(user).toMatchObject({ user_id: 'oms-env-uat-default', user_name: 'default', access_string: 'on ~* +@all' });
    expect(user.authentication_mode.type).toBe('password');
    expect(user.authentication_mode.passwords).toEqual([
      expect.stringMatching(/^\$\{jsondecode\(aws_secretsmanager_secret_version\.cache_auth_version_\w+\.secret_string\)\.token\}$/),
    ]);
    // The rotation owns the passwords after the first apply.
    expect(user.lifecycle.ignore_changes).toEqual(['authentication_mode', 'passwords']);
    expect(tf).toHaveResourceWithProperties(SecretsmanagerSecret, { name: 'oms/env-uat/cache/auth' });
  });

  test('EKS: private endpoint, KMS-encrypted Secrets, all control-plane logs, Pod Identity agent', () => {
    expect(tf).toHaveResourceWithProperties(EksCluster, {
      enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    });
    const cluster = Object.values<any>(JSON.parse(tf).resource.aws_eks_cluster)[0];
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.vpc_config).not.toHaveProperty('public_access_cidrs');
    expect(cluster.encryption_config).toEqual({
      resources: ['secrets'],
      provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\./) },
    });
    expect(JSON.parse(tf).resource.aws_eks_addon).toBeDefined();
  });

  test('network policies are enforced (VPC CNI) and AWS APIs are reached through VPC endpoints', () => {
    const parsedTf = JSON.parse(tf);
    const cni = Object.values<any>(parsedTf.resource.aws_eks_addon).find((a) => a.addon_name === 'vpc-cni');
    expect(JSON.parse(cni.configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    const endpoints = Object.values<any>(parsedTf.resource.aws_vpc_endpoint).map((e) => e.service_name.split('.').slice(3).join('.'));
    expect(endpoints).toEqual(
      expect.arrayContaining(['sts', 'ssm', 'secretsmanager', 'sqs', 'ecr.api', 'ecr.dkr', 'logs', 'eks-auth', 's3']),
    );
    // Nodes come after their IAM policies and the networking add-ons, so they join with network policies enforced.
    const nodes = Object.values<any>(parsedTf.resource.aws_eks_node_group)[0];
    expect(nodes.depends_on.map((d: string) => d.split('.')[1].replace(/_[0-9A-F]{8}$/, ''))).toEqual([
      'eks_node-AmazonEKSWorkerNodePolicy',
      'eks_node-AmazonEKS_CNI_Policy',
      'eks_node-AmazonEC2ContainerRegistryReadOnly',
      'eks_vpc-cni',
      'eks_kube-proxy',
      'eks_eks-pod-identity-agent',
    ]);
  });

  test('ECR: immutable tags, scan on push, lifecycle policy', () => {
    expect(tf).toHaveResourceWithProperties(EcrRepository, {
      name: 'oms/om-app',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
    });
    expect(count(JSON.parse(tf), 'aws_ecr_lifecycle_policy')).toBe(1);
  });

  test('network: private subnets never hand out public IPs; data subnets have no route out', () => {
    const subnets = Object.values<any>(JSON.parse(tf).resource.aws_subnet);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(tf).toHaveResourceWithProperties(Subnet, { cidr_block: '10.20.0.0/20' });
    expect(tf).toHaveResourceWithProperties(Subnet, { cidr_block: '10.20.64.0/20' });
    const routes = Object.values<any>(JSON.parse(tf).resource.aws_route);
    expect(routes.filter((r) => r.route_table_id.includes('data'))).toEqual([]);
  });

  test('deterministic endpoint names: private DNS for the database and cache, app credentials by name', () => {
    expect(tf).toHaveResourceWithProperties(Route53Record, { name: 'db.env-uat.oms.internal', type: 'CNAME' });
    expect(tf).toHaveResourceWithProperties(Route53Record, { name: 'cache.env-uat.oms.internal', type: 'CNAME' });
    expect(tf).toHaveResourceWithProperties(SecretsmanagerSecret, { name: 'oms/env-uat/database/app' });
  });

  test('state in S3, encrypted and locked by S3 itself (no DynamoDB), one key per environment; provider pinned to the account', () => {
    const parsedTf = JSON.parse(tf);
    expect(parsedTf.terraform.backend.s3).toEqual({
      bucket: 'state-bucket',
      key: 'oms/env-uat/terraform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    });
    expect(parsedTf.terraform.required_version).toBe('>= 1.11.0');
    expect(parsedTf.provider.aws[0].allowed_account_ids).toEqual(['111122223333']);
  });

  test('no literal secret anywhere in the JSON', () => {
    expect(tf).not.toMatch(/"(password|auth_token)":\s*"[^$]/);
  });
});

describe('stage differences', () => {
  const uat = parsed('uat');
  const prod = parsed('prod');
  const db = (tf: any) => Object.values<any>(tf.resource.aws_db_instance)[0];
  const rg = (tf: any) => Object.values<any>(tf.resource.aws_elasticache_replication_group)[0];

  test.each([
    ['multi-AZ', (d: any) => d.multi_az, false, true],
    ['backup days', (d: any) => d.backup_retention_period, 7, 35],
    ['instance class', (d: any) => d.instance_class, 'db.m6g.large', 'db.r6g.2xlarge'],
  ])('database %s: UAT vs production', (_name, pick, inUat, inProd) => {
    expect(pick(db(uat))).toEqual(inUat);
    expect(pick(db(prod))).toEqual(inProd);
  });

  test('production keeps a final snapshot with a stable name', () => {
    expect(db(prod).final_snapshot_identifier).toBe('oms-env-prod-final');
  });

  test('cache: failover and multi-AZ only with several nodes (staging, production)', () => {
    expect(rg(uat)).toMatchObject({ automatic_failover_enabled: false, num_cache_clusters: 1 });
    expect(rg(prod)).toMatchObject({ automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 3 });
  });

  test('NAT: one shared gateway in UAT, one per zone in production; log retention grows', () => {
    expect(count(uat, 'aws_nat_gateway')).toBe(1);
    expect(count(prod, 'aws_nat_gateway')).toBe(3);
    expect(count(uat, 'aws_subnet')).toBe(8); // workload, load balancer, data and public, per zone
    expect(count(prod, 'aws_subnet')).toBe(12);
    const retention = (tf: any) => Object.values<any>(tf.resource.aws_cloudwatch_log_group).map((g) => g.retention_in_days);
    expect(new Set(retention(uat))).toEqual(new Set([30]));
    expect(new Set(retention(prod))).toEqual(new Set([365]));
  });

  test('no NAT at all when a branch-sized stack asks for none is not offered; branch uses one', () => {
    expect(synth('branch')).toHaveResourceWithProperties(NatGateway, {});
  });
});

describe('ECS Fargate service', () => {
  const tf = synth('uat', {
    fargateServices: [
      {
        name: 'pricing',
        image: 'registry.example.com/pricing:1.2.3',
        secrets: { DB_PASSWORD: FargateSecret.fromSecretsManager('arn:aws:secretsmanager:eu-west-1:111122223333:secret:pricing-db') },
      },
    ],
  });

  test('private tasks without public IPs behind an internal load balancer, read-only root, secrets by reference', () => {
    expect(tf).toHaveResourceWithProperties(EcsService, { launch_type: 'FARGATE' });
    const service = Object.values<any>(JSON.parse(tf).resource.aws_ecs_service)[0];
    expect(service.network_configuration.assign_public_ip).toBe(false);
    expect(tf).toHaveResourceWithProperties(Lb, { internal: true });
    const task = Object.values<any>(JSON.parse(tf).resource.aws_ecs_task_definition).find((t) => t.family === service.name);
    const container = JSON.parse(task.container_definitions)[0];
    expect(container).toMatchObject({
      readonlyRootFilesystem: true,
      user: '10001',
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:pricing-db' }],
    });
    expect(container.logConfiguration.logDriver).toBe('awslogs');
  });

  test('a public service gets an internet-facing load balancer on HTTPS only', () => {
    const pub = synth('uat', {
      fargateServices: [
        {
          name: 'storefront',
          image: 'registry.example.com/sf:2.0.0',
          public: true,
          certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc',
        },
      ],
    });
    expect(pub).toHaveResourceWithProperties(Lb, { internal: false });
    const sgs = Object.values<any>(JSON.parse(pub).resource.aws_security_group);
    const open = sgs.flatMap((sg) => sg.ingress ?? []).filter((r: any) => (r.cidr_blocks ?? []).includes('0.0.0.0/0'));
    expect(open.map((r: any) => r.from_port)).toEqual([443]);
  });
});

describe('validation', () => {
  const cases: [string, Stage, Partial<OmsAwsStackProps>, string][] = [
    [
      'a production database without deletion protection',
      'prod',
      { database: { deletionProtection: false } },
      'database.deletionProtection must stay on in prod: a typo must not be able to delete the database (received false). Fix: remove deletionProtection: false',
    ],
    [
      'a public database',
      'uat',
      { database: { publiclyAccessible: true } },
      'database.publiclyAccessible must be false: the database is reachable only from the private workload subnets (received true). Fix: remove publiclyAccessible; connect through the VPC',
    ],
    [
      'a literal password',
      'uat',
      { database: { masterPassword: 'hunter2' } },
      'database.masterPassword must not be given: a literal password would be written to the Terraform JSON and state (received "<redacted>"). Fix: remove it; RDS manages the master password in Secrets Manager',
    ],
    [
      'an invalid CIDR',
      'uat',
      { network: { cidr: '10.20.0.1/16' } },
      `network.cidr must be a valid IPv4 CIDR block with no host bits set (received "10.20.0.1/16"). Fix: use e.g. '10.20.0.0/16'`,
    ],
    [
      'an overlapping CIDR',
      'uat',
      { network: { cidr: '10.20.0.0/16', avoidCidrs: ['10.20.128.0/17'] } },
      'network.cidr must not overlap 10.20.128.0/17, a network this VPC must reach (peering and routing would break) (received "10.20.0.0/16"). Fix: pick a block that overlaps none of avoidCidrs',
    ],
    [
      'an instance class that does not exist',
      'uat',
      { database: { instanceClass: 'db.m9.huge' } },
      `database.instanceClass must be an RDS instance class available for PostgreSQL (received "db.m9.huge"). Fix: use one of ${POSTGRES_INSTANCE_CLASSES.join(', ')}`,
    ],
    [
      'an engine version that does not exist',
      'uat',
      { database: { engineVersion: '13.99' } },
      `database.engineVersion must be a PostgreSQL version RDS offers (${POSTGRES_VERSIONS.join(', ')}) (received "13.99"). Fix: pick one of the listed versions`,
    ],
    [
      'the Kubernetes API open to the internet',
      'uat',
      { clusterPublicAccessCidrs: ['0.0.0.0/0'] },
      'clusterPublicAccessCidrs must not open a block wider than /16 ("0.0.0.0/0") (the Kubernetes API is open to every address listed) (received ["0.0.0.0/0"]). Fix: list the office or CI networks that need the API (/16 or narrower), or leave it out and reach the private endpoint',
    ],
    [
      'the Kubernetes API open to the internet in two halves',
      'uat',
      { clusterPublicAccessCidrs: HALF_THE_INTERNET },
      `clusterPublicAccessCidrs must not together cover the internet (they span half the IPv4 space or more) (the Kubernetes API is open to every address listed) (received ${JSON.stringify(HALF_THE_INTERNET)}). Fix: list the office or CI networks that need the API (/16 or narrower), or leave it out and reach the private endpoint`,
    ],
    [
      'a wrong account id',
      'uat',
      { account: { accountId: '123', region: 'eu-west-1' } },
      'account.accountId must be a 12-digit AWS account id (received "123"). Fix: use the account of this stage',
    ],
  ];
  test.each(cases)('%s', (_name, stage, overrides, expected) => {
    expect(messageOf(() => new OmsAwsStack(Testing.app(), 'stack', props(stage, overrides)))).toBe(
      `stack: invalid configuration\n  - ${expected}`,
    );
  });

  test('errors name the construct path', () => {
    expect(() => new OmsAwsStack(Testing.app(), 'stack', props('prod', { database: { deletionProtection: false } }))).toThrow(
      /^stack: invalid configuration\n/,
    );
  });
});

describe('branch databases on the shared development instance', () => {
  test('every stack publishes the master secret ARN and endpoint in SSM, and the admin role for its namespace', () => {
    const tf = parsed('uat');
    expect(
      Object.values<any>(tf.resource.aws_ssm_parameter)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['/oms/env-uat/database/endpoint', '/oms/env-uat/database/master-secret-arn']);
    expect(Object.values<any>(tf.resource.aws_iam_role).map((r) => r.name)).toContain('oms-env-uat-db-admin');
    expect(Object.values<any>(tf.resource.aws_eks_pod_identity_association)[0]).toMatchObject({
      namespace: 'env-uat',
      service_account: 'oms-db-admin',
    });
  });

  test('a branch stack: generated credentials under its own name, Pod Identity for its namespace, its own state key', () => {
    const { OmsBranchAwsStack } = jest.requireActual('../../lib/aws');
    const stack = new OmsBranchAwsStack(Testing.app(), 'branch', {
      environment: 'br-x',
      hostEnvironment: 'uat-eks',
      account: { accountId: '111122223333', region: 'eu-west-1' },
      state: { bucket: 'oms-terraform-state-dev' },
    });
    const tf = JSON.parse(Testing.synth(stack));
    expect(tf.terraform.backend.s3.key).toBe('oms/branches/br-x/terraform.tfstate');
    expect(Object.values<any>(tf.resource.aws_secretsmanager_secret)[0]).toMatchObject({
      name: 'oms/br-x/database/app',
      recovery_window_in_days: 0,
    });
    // Its own role, bound to its namespace: never the host's database-admin role.
    const associations = Object.values<any>(tf.resource.aws_eks_pod_identity_association);
    expect(associations.find((a) => a.namespace === 'br-x')).toEqual(
      expect.objectContaining({
        cluster_name: 'oms-uat-eks',
        namespace: 'br-x',
        service_account: 'oms-db-admin',
        role_arn: expect.stringMatching(/^\$\{aws_iam_role\.db-admin_role_\w+\.arn\}$/),
      }),
    );
    // The same role for the namespace a teardown creates when br-x is already gone.
    expect(associations.map((a) => a.namespace).sort()).toEqual(['br-x', 'br-x-teardown-9e8a81cf']);
    expect(Object.values<any>(tf.resource.aws_iam_role)[0].name).toBe('oms-br-x-db-branch');
    const version = Object.values<any>(tf.resource.aws_secretsmanager_secret_version)[0];
    expect(version.secret_string_wo).toMatch(/^\$\{jsonencode\(/);
    expect(version.secret_string_wo).toContain('oms_br_x');
  });
});
