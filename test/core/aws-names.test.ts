import {
  BRANCH_DATABASE_PREFIX,
  branchDatabaseNames,
  branchDbAdminRoleName,
  branchEnvironmentName,
  eksClusterArn,
  iamRoleName,
  isBranchDatabaseName,
  kedaSqsRoleArn,
  podRoleName,
  Product,
  sqsQueueArn,
  terraformStateBucketName,
  terraformStateKey,
  sqsQueueName,
} from '../../lib/core';

const account = { accountId: '111122223333', region: 'eu-west-1' };

describe('iamRoleName', () => {
  test('short names are kept as they are', () => expect(iamRoleName('oms-uat-eks-keda')).toBe('oms-uat-eks-keda'));

  test('long names keep 64 characters with a stable hash suffix, and two long names never collide', () => {
    const a = iamRoleName(`oms-${'x'.repeat(70)}-a`);
    const b = iamRoleName(`oms-${'x'.repeat(70)}-b`);
    expect(a).toHaveLength(64);
    expect(a).toMatch(/^oms-x+-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(iamRoleName(`oms-${'x'.repeat(70)}-a`)).toBe(a);
  });
});

describe('names shared between stacks and with the Kubernetes layer', () => {
  test.each([
    [
      'the cluster ARN Pod Identity tags sessions with',
      eksClusterArn(account, 'uat-eks'),
      'arn:aws:eks:eu-west-1:111122223333:cluster/oms-uat-eks',
    ],
    ['a pod role in the environment namespace', podRoleName('uat-eks', 'uat-eks', 'shipment-events'), 'oms-uat-eks-shipment-events'],
    ['a pod role in a platform namespace', podRoleName('uat-eks', 'keda', 'keda-operator'), 'oms-uat-eks-keda-keda-operator'],
    ['the KEDA SQS role ARN', kedaSqsRoleArn(account, 'uat-eks'), 'arn:aws:iam::111122223333:role/oms-uat-eks-keda-sqs'],
    ['a queue name', sqsQueueName('uat-eks', 'shipment-events'), 'oms-uat-eks-shipment-events'],
    ['a queue ARN', sqsQueueArn(account, 'oms-uat-eks-shipment-events'), 'arn:aws:sqs:eu-west-1:111122223333:oms-uat-eks-shipment-events'],
    ['a branch database role', branchDbAdminRoleName('br-x-12345678'), 'oms-br-x-12345678-db-branch'],
    ['the state bucket', terraformStateBucketName(account), 'oms-terraform-state-111122223333'],
    ['the state key', terraformStateKey('uat-eks'), 'oms/uat-eks/terraform.tfstate'],
    ['a branch state key', terraformStateKey('br-x-12345678', Product.OMS, true), 'oms/branches/br-x-12345678/terraform.tfstate'],
  ])('%s', (_name, actual, expected) => expect(actual).toBe(expected));
});

describe('the names of another product start with its own name, not "oms-"', () => {
  const polls = Product.of({ name: 'polls' });
  test.each([
    ['a pod role', podRoleName('polls-uat', 'keda', 'keda-operator', polls), 'polls-polls-uat-keda-keda-operator'],
    ['the KEDA SQS role ARN', kedaSqsRoleArn(account, 'polls-uat', polls), 'arn:aws:iam::111122223333:role/polls-polls-uat-keda-sqs'],
    ['a branch database role', branchDbAdminRoleName('br-x-12345678', polls), 'polls-br-x-12345678-db-branch'],
    ['the state bucket', terraformStateBucketName(account, polls), 'polls-terraform-state-111122223333'],
    ['a queue name', sqsQueueName('polls-uat', 'votes', polls), 'polls-polls-uat-votes'],
    ['the state key', terraformStateKey('polls-uat', polls), 'polls/polls-uat/terraform.tfstate'],
    ['a branch state key', terraformStateKey('br-x-12345678', polls, true), 'polls/branches/br-x-12345678/terraform.tfstate'],
  ])('%s', (_name, actual, expected) => expect(actual).toBe(expected));
});

describe('isBranchDatabaseName', () => {
  test.each([
    ['oms_br_feature_x_1a2b3c4d', true],
    ['oms', false],
    ['oms_app', false],
    ['oms_uat_eks', false],
    ['postgres', false],
    ['oms_br_"; DROP DATABASE oms; --', false],
    [`${BRANCH_DATABASE_PREFIX}${'x'.repeat(60)}`, false],
  ])('%s -> %s', (name, expected) => expect(isBranchDatabaseName(name)).toBe(expected));

  test('every name a branch gets is a branch database name', () => {
    for (const branch of ['main', 'feature/ABC-123', `feature/${'y'.repeat(90)}`, 'Release/2026.1']) {
      expect(isBranchDatabaseName(branchDatabaseNames(branchEnvironmentName(branch)).database)).toBe(true);
    }
  });
});
