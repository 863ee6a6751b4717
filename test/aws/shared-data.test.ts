import { Testing } from 'cdktf';
import { Stage, teardownNamespaceName } from '../../lib/core';
import { OmsAwsStack, OmsBranchAwsStack, OmsBranchAwsStackProps, POSTGRES_ROTATION_APPLICATION } from '../../lib/aws';

const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };
const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';
const all = (tf: any, type: string) => Object.values<any>(tf.resource[type] ?? {});
const stack = (stage: Stage, environment = `env-${stage}`) =>
  JSON.parse(
    Testing.synth(
      new OmsAwsStack(Testing.app(), 'stack', {
        environment,
        stage,
        account: ACCOUNT,
        state: { bucket: 'state' },
        network: { cidr: '10.20.0.0/16' },
        databaseToolsImage: TOOLS,
        clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
      }),
    ),
  );

describe('the shared UAT database keeps its data like staging', () => {
  const db = (stage: Stage) => all(stack(stage), 'aws_db_instance')[0];

  test.each<Stage>(['uat', 'staging', 'prod'])('%s: deletion protection, final snapshot, backups kept, prevent_destroy', (stage) => {
    expect(db(stage)).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `oms-env-${stage}-final`,
      delete_automated_backups: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test.each([
    [
      'turning deletion protection off in UAT',
      'uat' as Stage,
      'stack: invalid configuration\n  - database.deletionProtection must stay on in uat: a typo must not be able to delete the database (received false). Fix: remove deletionProtection: false',
    ],
    [
      'turning deletion protection off in staging',
      'staging' as Stage,
      'stack: invalid configuration\n  - database.deletionProtection must stay on in staging: a typo must not be able to delete the database (received false). Fix: remove deletionProtection: false',
    ],
  ])('%s is refused', (_name, stage, message) => {
    expect(
      () =>
        new OmsAwsStack(Testing.app(), 'stack', {
          environment: 'uat-eks',
          stage,
          account: ACCOUNT,
          state: { bucket: 'state' },
          network: { cidr: '10.20.0.0/16' },
          compute: 'none',
          databaseToolsImage: TOOLS,
          database: { deletionProtection: false },
        }),
    ).toThrow(new Error(message));
  });
});

describe('the application database password rotates', () => {
  const tf = stack('uat');

  test('AWS rotation function at a pinned version, in the workload subnets, on a schedule only', () => {
    const [app] = all(tf, 'aws_serverlessapplicationrepository_cloudformation_stack');
    expect(app).toMatchObject({
      application_id: POSTGRES_ROTATION_APPLICATION.applicationId,
      semantic_version: '1.1.618',
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'],
    });
    expect(app.parameters).toMatchObject({
      endpoint: 'https://secretsmanager.eu-west-1.amazonaws.com',
      vpcSubnetIds: expect.stringMatching(/^\$\{aws_subnet\.network_workload-0_\w+\.id\},\$\{aws_subnet\.network_workload-1_\w+\.id\}$/),
    });
    const [rotation] = all(tf, 'aws_secretsmanager_secret_rotation');
    expect(rotation).toMatchObject({
      rotate_immediately: false,
      rotation_rules: { automatically_after_days: 30 },
      secret_id: expect.stringContaining('aws_secretsmanager_secret.database-credentials_secret'),
    });
  });

  test('the secret carries what the rotation function reads', () => {
    const version = all(tf, 'aws_secretsmanager_secret_version').find((v) => v.secret_id.includes('database-credentials'));
    for (const field of ['engine', 'host', 'port', 'dbname', 'username']) expect(version.secret_string_wo).toContain(field);
  });
});

describe('a branch gets a scoped database role, never the master secret', () => {
  const branchProps = (environment: string): OmsBranchAwsStackProps => ({
    environment,
    hostEnvironment: 'uat-eks',
    account: ACCOUNT,
    state: { bucket: 'state' },
  });
  const tf = JSON.parse(Testing.synth(new OmsBranchAwsStack(Testing.app(), 'branch', branchProps('br-feature-x-1a2b3c4d'))));

  test('its role connects as the branch-admin database user with IAM authentication and reads the endpoint only', () => {
    const statements = JSON.parse(all(tf, 'aws_iam_role_policy')[0].policy).Statement;
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameter'],
        Resource: ['arn:aws:ssm:eu-west-1:111122223333:parameter/oms/uat-eks/database/endpoint'],
      },
      {
        Effect: 'Allow',
        Action: ['rds-db:connect'],
        Resource: ['arn:aws:rds-db:eu-west-1:111122223333:dbuser:${data.aws_db_instance.host-database.resource_id}/oms_branch_admin'],
      },
    ]);
    expect(JSON.stringify(statements)).not.toContain('secretsmanager');
    expect(tf.data.aws_db_instance['host-database'].db_instance_identifier).toBe('oms-uat-eks');
  });

  test("only the branch namespace of the host cluster, and the teardown's temporary namespace, can assume it", () => {
    const trust = JSON.parse(all(tf, 'aws_iam_role')[0].assume_role_policy).Statement[0].Condition.StringEquals;
    expect(trust).toEqual({
      'aws:SourceAccount': '111122223333',
      'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111122223333:cluster/oms-uat-eks',
      'aws:RequestTag/kubernetes-namespace': ['br-feature-x-1a2b3c4d', teardownNamespaceName('br-feature-x-1a2b3c4d')],
      'aws:RequestTag/kubernetes-service-account': 'oms-db-admin',
    });
    expect(teardownNamespaceName('br-feature-x-1a2b3c4d')).toMatch(/^br-feature-x-1a2b3c4d-teardown-[0-9a-f]{8}$/);
    // One association per namespace, the same ServiceAccount and role.
    const role = '${aws_iam_role.db-admin_role_7702DE10.arn}';
    expect(all(tf, 'aws_iam_role')).toHaveLength(1);
    expect(
      all(tf, 'aws_eks_pod_identity_association')
        .map((a) => [a.namespace, a.service_account, a.role_arn])
        .sort(),
    ).toEqual([
      ['br-feature-x-1a2b3c4d', 'oms-db-admin', role],
      [teardownNamespaceName('br-feature-x-1a2b3c4d'), 'oms-db-admin', role],
    ]);
  });

  const notBranch = (environment: string) =>
    `branch: invalid configuration\n  - environment must give a database name starting with "oms_br_" (only those may be dropped on the shared instance) (received "${environment}"). Fix: name the environment with branchEnvironmentName(branch)`;
  test.each([
    ['uat-eks', notBranch('uat-eks')],
    ['staging-copy', notBranch('staging-copy')],
    [
      'br-Feature/X',
      'branch: invalid configuration\n  - environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "br-Feature/X"). Fix: name the environment with branchEnvironmentName(branch), e.g. "br-feature-x-1a2b3c4d"',
    ],
  ])('an environment whose database would not be a branch database is refused: %s', (environment, message) => {
    expect(() => new OmsBranchAwsStack(Testing.app(), 'branch', branchProps(environment))).toThrow(new Error(message));
  });
});
