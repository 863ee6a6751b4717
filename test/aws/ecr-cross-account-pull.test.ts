import { Testing } from 'cdktf';
import { EcrCrossAccountPull } from '../../lib/aws/ecr-cross-account-pull';

test('each repository lets the stage accounts pull, and only pull', () => {
  const stack = JSON.parse(
    Testing.synthScope((scope) => {
      new EcrCrossAccountPull(scope, 'pull', {
        repositories: ['oms/om-app', 'polls/polls-api'],
        pullAccounts: ['777788889999', '444455556666'],
      });
    }),
  );
  const policies = Object.values(stack.resource.aws_ecr_repository_policy) as any[];
  expect(policies.map((p) => p.repository)).toEqual(['oms/om-app', 'polls/polls-api']);
  for (const p of policies) {
    expect(JSON.parse(p.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PullFromStageAccounts',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:root'] },
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        },
      ],
    });
  }
});

test.each([
  [['4444'], 'pullAccounts must be 12-digit AWS account ids (received "4444"). Fix: use the account id, e.g. "444455556666"'],
  [[], 'pullAccounts must name at least one account (received []). Fix: list the staging and production account ids'],
])('pull accounts %j are refused', (pullAccounts, message) => {
  expect(() =>
    Testing.synthScope((scope) => {
      new EcrCrossAccountPull(scope, 'pull', { repositories: ['oms/om-app'], pullAccounts });
    }),
  ).toThrow(message);
});
