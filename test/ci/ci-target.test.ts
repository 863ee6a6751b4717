import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AppTarget,
  appKind,
  buildRefFromEnvironment,
  deployTarget,
  driftTarget,
  formatTarget,
  pullRequestPlanTarget,
  teardownTarget,
} from '../../lib/review/ci-target';
import { targetCommand } from '../../lib/review/target-command';
import { renderAllApps } from '../support/apps';

const app = (name: string, stage: AppTarget['stage'], kubernetes = true, terraform = true): AppTarget => ({
  name,
  stage,
  kubernetes,
  terraform,
});
// A project like this one: two UAT apps on Kubernetes, one on Fargate only, two staging and two production
// apps, two branch apps and a disposable test environment.
const APPS: AppTarget[] = [
  app('br-feature-x-1a2b3c4d', 'branch'),
  app('br-polls-feature-x-5e6f7a8b', 'branch'),
  app('polls-production', 'prod'),
  app('polls-staging', 'staging'),
  app('production', 'prod'),
  app('staging', 'staging'),
  app('test-full', 'branch', true, false),
  app('uat-eks', 'uat'),
  app('uat-openshift', 'uat', true, false),
  app('uat-services', 'uat', false, true),
];
const names = (t: { environments: { name: string }[] }) => t.environments.map((e) => e.name);

test.each([
  [{ tag: '10.0.2409.1' }, 'prod', ['polls-production', 'production']],
  [{ tag: 'v1.2.3' }, 'prod', ['polls-production', 'production']],
  [{ tag: '10.0.2412.0-rc.1' }, 'staging', ['polls-staging', 'staging']],
  [{ branch: 'main' }, 'uat', ['uat-eks', 'uat-openshift', 'uat-services']],
  [{ branch: 'feature/x' }, 'branch', ['br-feature-x-1a2b3c4d', 'br-polls-feature-x-5e6f7a8b']],
])('%j deploys every %s app, derived from the apps', (ref, stage, environments) => {
  const t = deployTarget(ref, APPS);
  expect([t.deploy, t.stage, names(t)]).toEqual([true, stage, environments]);
  // Each environment is locked by its own name: the same group its teardown takes.
  expect(t.environments.map((e) => e.group)).toEqual(environments.map((e) => `deploy-${e}`));
});

test('branch apps use the development CI environment; long-lived apps their own; the disposable test app is never deployed by a ref', () => {
  expect(deployTarget({ branch: 'feature/x' }, APPS).environments.map((e) => e.ciEnvironment)).toEqual(['development', 'development']);
  expect(deployTarget({ branch: 'main' }, APPS).environments.map((e) => [e.ciEnvironment, e.kubernetes])).toEqual([
    ['uat-eks', true],
    ['uat-openshift', true],
    ['uat-services', false],
  ]);
  expect(appKind(app('test-full', 'branch'))).toBe('test');
});

test('drift covers every long-lived environment; pull requests plan every long-lived one with Terraform except production', () => {
  expect(names(driftTarget(APPS))).toEqual([
    'polls-production',
    'polls-staging',
    'production',
    'staging',
    'uat-eks',
    'uat-openshift',
    'uat-services',
  ]);
  expect(names(pullRequestPlanTarget(APPS))).toEqual(['polls-staging', 'staging', 'uat-eks', 'uat-services']);
  expect(names(teardownTarget(APPS, 'feature/x'))).toEqual(['br-feature-x-1a2b3c4d', 'br-polls-feature-x-5e6f7a8b']);
});

test.each([['nightly'], ['release-10.0.2409.1'], ['docs-v2']])('tag %s is not a release: nothing is deployed', (tag) => {
  expect(deployTarget({ tag }, APPS)).toEqual({
    deploy: false,
    environments: [],
    reason: `tag ${tag} is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N): nothing is deployed`,
  });
});

test.each([['10.0-rc.1'], ['10.0.2409.1-hotfix'], ['v10.0.2501.0-rc1']])(
  'tag %s looks like a release but does not parse: refused, naming the tag and the fix',
  (tag) => {
    expect(() => deployTarget({ tag }, APPS)).toThrow(
      `target: tag ${tag} looks like a release but is neither a release (X.Y.Z[.W]) nor a release candidate (X.Y.Z[.W]-rc.N); nothing is deployed. Fix: delete the tag and push it as e.g. 10.0.2501.0-rc.1 or 10.0.2501.0`,
    );
  },
);

test('a stage without apps deploys nothing, and says so', () => {
  expect(deployTarget({ branch: 'feature/x' }, [app('uat-eks', 'uat')])).toEqual({
    deploy: false,
    stage: 'branch',
    environments: [],
    reason: 'branch feature/x: no branch app of stage branch in dist/, nothing is deployed',
  });
});

test.each([
  [{ GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '1.2.3' }, { tag: '1.2.3' }],
  [{ GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' }, { branch: 'main' }],
  [{ TAG_NAME: '1.2.3', BRANCH_NAME: '1.2.3' }, { tag: '1.2.3' }],
  [{ BRANCH_NAME: 'feature/x' }, { branch: 'feature/x' }],
])('the ref from %j', (env, ref) => {
  expect(buildRefFromEnvironment(env)).toEqual(ref);
});

test('the output is key=value lines for $GITHUB_OUTPUT, with the matrix of environments', () => {
  expect(formatTarget(deployTarget({ branch: 'main' }, [app('uat-eks', 'uat'), app('uat-services', 'uat', false)]))).toBe(
    'deploy=true\nstage=uat\nenvironments=uat-eks uat-services\nkube_environments=uat-eks\n' +
      'matrix={"include":[{"env":"uat-eks","ci_environment":"uat-eks","stage":"uat","kubernetes":true,"terraform":true,"group":"deploy-uat-eks"},' +
      '{"env":"uat-services","ci_environment":"uat-services","stage":"uat","kubernetes":false,"terraform":true,"group":"deploy-uat-services"}]}\n' +
      'reason=branch main\n',
  );
});

describe('the command reads the apps from dist/', () => {
  function dist(plans: Record<string, object>): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-target-'));
    for (const [env, plan] of Object.entries(plans)) {
      fs.mkdirSync(path.join(d, env, 'k8s'), { recursive: true });
      fs.writeFileSync(path.join(d, env, 'apply-plan.json'), JSON.stringify(plan));
    }
    return d;
  }
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  };

  test('a new app is picked up without any pipeline edit', () => {
    const d = dist({
      staging: { environment: 'staging', stage: 'staging' },
      'new-api-staging': { environment: 'new-api-staging', stage: 'staging' },
    });
    const o = io();
    const sha = '4f2a9c1e0b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a';
    expect(targetCommand(['--dist', d], o.io, { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '2.0.0-rc.1', GITHUB_SHA: sha })).toBe(0);
    expect(o.out.join('')).toContain('environments=new-api-staging staging\n');
    // The candidate's images are the same commit's build on main, retagged.
    expect(o.out.join('')).toMatch(/\nimage_tag=2\.0\.0-rc\.1-4f2a9c1\npromote_from=main-4f2a9c1\n$/);
  });

  test.each([
    [
      {},
      'no-dist',
      'target: {dist} not found, so no app can be targeted. Fix: run `npm run synth` first (CI: download the dist artifact)\n',
    ],
    [
      { e: { environment: 'e' } },
      '',
      "target: {dist}/e/apply-plan.json has no stage (received undefined), so CI cannot tell where it deploys. Fix: give the app's environment or AWS stack a stage (branch, uat, staging, prod)\n",
    ],
    [{}, '', 'target: {dist} holds no synthesized app (no */apply-plan.json). Fix: run `npm run synth` first\n'],
  ])('bad input fails naming the file and the fix (%j)', (plans, sub, message) => {
    const d = path.join(dist(plans), sub);
    const o = io();
    expect(targetCommand(['--dist', d], o.io, { BRANCH_NAME: 'main' })).toBe(1);
    expect(o.err.join('')).toBe(message.replace(/\{dist\}/g, d));
  });

  test('--images needs no dist/: the image tags of the ref and commit', () => {
    const o = io();
    const env = { GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'feature/x', GITHUB_SHA: '4f2a9c1e0b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a' };
    expect(targetCommand(['--images', '--dist', 'no-such-dir'], o.io, env)).toBe(0);
    expect(o.out.join('')).toBe('image_tag=feature-x-4f2a9c1\n');
  });

  test('two modes at once are a usage error', () => {
    const o = io();
    expect(targetCommand(['--drift', '--teardown'], o.io, {})).toBe(64);
    expect(o.err.join('')).toContain('target: give at most one of --drift, --teardown');
  });
});

test("this project's apps: every long-lived app is deployed by some ref and checked for drift; a branch push deploys every branch app", () => {
  const apps = renderAllApps().map(({ env }) => {
    const plan = env.files.find((f) => f.path === 'apply-plan.json')!;
    const stage = JSON.parse(plan.content).stage;
    return app(
      env.name,
      stage,
      env.files.some((f) => f.path.startsWith('k8s/')),
      env.files.some((f) => f.path.startsWith('aws/')),
    );
  });
  const deployed = new Set(
    [{ branch: 'main' }, { branch: 'local' }, { tag: '1.0.0-rc.1' }, { tag: '1.0.0' }].flatMap((ref) => names(deployTarget(ref, apps))),
  );
  const longLived = apps.filter((a) => appKind(a) === 'long-lived').map((a) => a.name);
  expect(longLived).toEqual(expect.arrayContaining(['uat-eks', 'uat-openshift', 'polls-uat', 'uat-services', 'staging', 'production']));
  for (const name of longLived) expect([name, deployed.has(name)]).toEqual([name, true]);
  expect(names(driftTarget(apps))).toEqual(longLived);
  // The test apps render for the branch "local": both branch apps are deployed by its push.
  const branchApps = apps.filter((a) => appKind(a) === 'branch').map((a) => a.name);
  expect(branchApps).toHaveLength(2);
  expect(names(deployTarget({ branch: 'local' }, apps))).toEqual(branchApps);
  // Production is never planned by a pull request.
  expect(names(pullRequestPlanTarget(apps)).filter((n) => apps.find((a) => a.name === n)!.stage === 'prod')).toEqual([]);
});
