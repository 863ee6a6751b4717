import * as path from 'node:path';
import { renderApp } from '../../lib/synth/synth-apps';
import { ACCOUNTS } from '../../apps/config/aws';

// Images are built once, in the development account's registry, and every stage pulls those bytes: the
// repositories the UAT stacks create let the staging and production accounts pull, and nothing more.
const terraformOf = (name: string): any => {
  const env = renderApp(path.resolve(__dirname, '..', '..', 'apps', `${name}.ts`));
  const file = env.files.find((f) => f.path === 'aws/main.tf.json')!;
  return JSON.parse(file.content);
};

test.each(['uat-eks', 'polls-uat'])('%s: every repository it creates can be pulled by staging and production, and only pulled', (name) => {
  const tf = terraformOf(name);
  const repositories = Object.keys(tf.resource.aws_ecr_repository ?? {});
  const policies = Object.values<any>(tf.resource.aws_ecr_repository_policy ?? {});
  expect(repositories.length).toBeGreaterThan(0);
  expect(policies).toHaveLength(repositories.length);
  for (const p of policies) {
    const [statement] = JSON.parse(p.policy).Statement;
    expect(statement.Principal.AWS).toEqual(
      [ACCOUNTS.production.accountId, ACCOUNTS.staging.accountId].sort().map((a) => `arn:aws:iam::${a}:root`),
    );
    expect([...statement.Action].sort()).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
  }
});
