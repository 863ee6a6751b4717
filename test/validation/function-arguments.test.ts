import {
  Product,
  awsEndpoints,
  awsStageProfile,
  branchEnvironmentName,
  cloudWatchDashboardUrl,
  imageTag,
  kedaSqsRoleArn,
  sqsQueueName,
  stageProfile,
  terraformStateBucketName,
} from '../../lib';
import { messageOf } from '../support/errors';

// The plain functions users call refuse a bad argument the way constructs refuse a bad prop: the function's name where a
// construct path would be, the argument, the value and the fix. Each of these used to return a name built from
// "undefined" or a bad value (or, for the last two, fail with a TypeError).
const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };

test.each([
  [
    'sqsQueueName with a space in the queue name',
    () => sqsQueueName('uat-eks', 'Bad Queue'),
    'sqsQueueName: invalid configuration\n  - name must be letters, digits, "-" and "_", with ".fifo" only on FIFO queues (SQS) (received "Bad Queue"). Fix: name the queue by its work, e.g. "order-events"',
  ],
  [
    'sqsQueueName with no environment',
    () => sqsQueueName(undefined as never, 'events'),
    'sqsQueueName: invalid configuration\n  - environment must be a name (a string) (received undefined). Fix: pass the environment name, e.g. "uat-eks"',
  ],
  [
    'stageProfile of an unknown stage',
    () => stageProfile('dev' as never),
    'stageProfile: invalid configuration\n  - stage must be one of branch, uat, staging, prod (received "dev"). Fix: pass the stage the environment runs as',
  ],
  [
    'awsStageProfile of an unknown stage',
    () => awsStageProfile('production' as never),
    'awsStageProfile: invalid configuration\n  - stage must be one of branch, uat, staging, prod (received "production"). Fix: pass the stage the environment runs as',
  ],
  [
    'kedaSqsRoleArn with an account id for an account',
    () => kedaSqsRoleArn('111122223333' as never, 'uat-eks'),
    "kedaSqsRoleArn: invalid configuration\n  - account.accountId must be a 12-digit AWS account id (received undefined). Fix: pass the account as { accountId: '111122223333', region: 'eu-west-1' }",
  ],
  [
    'terraformStateBucketName with a short account id and a plain object for the product',
    () => terraformStateBucketName({ ...ACCOUNT, accountId: '1234' }, {} as never),
    "terraformStateBucketName: invalid configuration\n  - account.accountId must be a 12-digit AWS account id (received \"1234\"). Fix: pass the account as { accountId: '111122223333', region: 'eu-west-1' }\n  - product must be a Product (received \"object\"). Fix: use Product.OMS or Product.of({ name: '...' })",
  ],
  [
    'cloudWatchDashboardUrl with the arguments swapped',
    () => cloudWatchDashboardUrl('uat-eks', 'eu-west-1'),
    'cloudWatchDashboardUrl: invalid configuration\n  - region must be an AWS region such as "eu-west-1" (received "uat-eks"). Fix: use e.g. "eu-west-1"',
  ],
  [
    'awsEndpoints of an environment name with capitals',
    () => awsEndpoints('UAT'),
    'awsEndpoints: invalid configuration\n  - environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "UAT"). Fix: pass the environment name, e.g. "uat-eks"',
  ],
  [
    'imageTag with nothing',
    () => imageTag(undefined as never),
    "imageTag needs { ref, commit } (received undefined). Fix: pass the ref and commit CI builds, e.g. imageTag({ ref: 'main', commit: process.env.GIT_COMMIT })",
  ],
  [
    'branchEnvironmentName with no branch',
    () => branchEnvironmentName(undefined as never),
    'branch must be a git branch name (received undefined). Fix: pass the branch name, e.g. branchFromEnvironment(process.env)',
  ],
])('%s', (_, call, message) => expect(messageOf(call)).toBe(message));

test('the same functions with good arguments still give the names the stacks use', () => {
  expect(sqsQueueName('uat-eks', 'order-events')).toBe('oms-uat-eks-order-events');
  expect(sqsQueueName('uat-eks', 'orders.fifo')).toBe('oms-uat-eks-orders.fifo');
  expect(kedaSqsRoleArn(ACCOUNT, 'uat-eks')).toBe('arn:aws:iam::111122223333:role/oms-uat-eks-keda-sqs');
  expect(terraformStateBucketName(ACCOUNT, Product.OMS)).toBe('oms-terraform-state-111122223333');
  expect(cloudWatchDashboardUrl('eu-west-1', 'uat-eks')).toBe(
    'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/oms-uat-eks',
  );
  expect(stageProfile('prod').minReplicas).toBe(3);
  expect(awsEndpoints('br-x', 'uat-eks').databaseHost).toBe('db.uat-eks.oms.internal');
});
