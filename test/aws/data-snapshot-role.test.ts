import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { OmsAwsStack } from '../../lib/aws';
import { OmsDataSnapshotRole } from '../../lib/aws/data-snapshot-role';

Testing.setupJest();

const account = { accountId: '111122223333', region: 'eu-west-1' };
const stackProps = {
  environment: 'staging',
  stage: 'staging' as const,
  account,
  state: { bucket: 'state-bucket' },
  network: { cidr: '10.40.0.0/16' },
  clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
  databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
};

describe('OmsDataSnapshotRole', () => {
  const stack = OmsAwsStack.standalone(stackProps);
  new OmsDataSnapshotRole(stack, 'data-snapshot', { stack, account });
  const synth = Testing.synth(stack);

  test("the data setup pods' ServiceAccount gets the role through EKS Pod Identity", () => {
    expect(synth).toHaveResourceWithProperties(EksPodIdentityAssociation, { namespace: 'staging', service_account: 'data-setup' });
  });

  test('it may take and read snapshots named before-* of its own instance, nothing else', () => {
    const policies = Object.values<any>(JSON.parse(synth).resource.aws_iam_role_policy).map((p) => JSON.parse(p.policy));
    const mine = policies.find((p) => p.Statement.some((s: any) => [s.Action].flat().includes('rds:CreateDBSnapshot')));
    expect(mine.Statement.map((s: any) => [s.Action, s.Resource[1]])).toEqual([
      [['rds:CreateDBSnapshot'], 'arn:aws:rds:eu-west-1:111122223333:snapshot:before-*'],
      [['rds:DescribeDBSnapshots'], 'arn:aws:rds:eu-west-1:111122223333:snapshot:before-*'],
    ]);
    expect(mine.Statement.flatMap((s: any) => [s.Action].flat())).not.toContain('rds:DeleteDBSnapshot');
    expect(IamRolePolicy).toBeDefined();
  });

  test.each([['an ECS-only stack', { compute: 'ecs' as const, clusterAccess: undefined }]])('refused: %s', (_what, overrides) => {
    const ecs = OmsAwsStack.standalone({ ...stackProps, ...overrides });
    expect(() => new OmsDataSnapshotRole(ecs, 'data-snapshot', { stack: ecs, account })).toThrow(
      'staging/data-snapshot: invalid configuration\n  - stack must run an EKS cluster: the snapshot is taken by a pod with EKS Pod Identity (received "staging"). Fix: take the snapshot another way on ECS, or give the stack an EKS cluster',
    );
  });
});
