import { AppTarget, appKind, deployTarget, driftTarget, pullRequestPlanTarget } from '../../lib/review/ci-target';
import { renderAllApps } from '../support/apps';

const rendered = renderAllApps();

// Whole-environment snapshots, one per synthesized file: the pull request shows
// exactly which manifests a change touches. Update with `npm run test:update`.
describe.each(rendered.map(({ file, env }) => [file, env] as const))('%s', (_file, env) => {
  test.each(env.files.map((f) => [f.path, f.content] as const))('%s', (filePath, content) => {
    expect(content).toMatchSnapshot(`${env.name}/${filePath}`);
  });
});

// CI derives its targets from the apps (lib/review/ci-target.ts): checked here on the apps already rendered.
test("this project's apps: every long-lived app is deployed by some ref and checked for drift; a branch push deploys every branch app", () => {
  const apps: AppTarget[] = rendered.map(({ env }) => {
    const plan = env.files.find((f) => f.path === 'apply-plan.json')!;
    const stage = JSON.parse(plan.content).stage;
    return {
      name: env.name,
      stage,
      kubernetes: env.files.some((f) => f.path.startsWith('k8s/')),
      terraform: env.files.some((f) => f.path.startsWith('aws/')),
    };
  });
  const deployed = new Set(
    [{ branch: 'main' }, { branch: 'local' }, { tag: '1.0.0-rc.1' }, { tag: '1.0.0' }].flatMap((ref) =>
      deployTarget(ref, apps).environments.map((e) => e.name),
    ),
  );
  const longLived = apps.filter((a) => appKind(a) === 'long-lived').map((a) => a.name);
  expect(longLived).toEqual(expect.arrayContaining(['uat-eks', 'uat-openshift', 'polls-uat', 'uat-services', 'staging', 'production']));
  for (const name of longLived) expect([name, deployed.has(name)]).toEqual([name, true]);
  expect(driftTarget(apps).environments.map((e) => e.name)).toEqual(longLived);
  // The test apps render for the branch "local": both branch apps are deployed by its push.
  const branchApps = apps.filter((a) => appKind(a) === 'branch').map((a) => a.name);
  expect(branchApps).toHaveLength(2);
  expect(deployTarget({ branch: 'local' }, apps).environments.map((e) => e.name)).toEqual(branchApps);
  // Production is never planned by a pull request.
  expect(
    pullRequestPlanTarget(apps)
      .environments.map((e) => e.name)
      .filter((n) => apps.find((a) => a.name === n)!.stage === 'prod'),
  ).toEqual([]);
});
