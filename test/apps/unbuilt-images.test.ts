import * as path from 'node:path';
import { listApps, renderApps } from '../../lib/synth/synth-apps';
import { renderAllApps } from '../support/apps';

// A fresh clone synthesizes with no CI variables: the images built from this checkout are tagged
// local-0000000 (imageTag of branch "local" and no commit), which no registry has. That is fine for a
// developer's `npm run synth`, and refused when CI synthesizes (CI applies what it renders).
const APPS = path.resolve(__dirname, '..', '..', 'apps');

function renderShippedApps(env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let result: ReturnType<typeof renderApps> | undefined;
    // The apps read the environment when they load: a fresh copy of them for each run.
    jest.isolateModules(() => {
      const { renderApps: render } = jest.requireActual<{ renderApps: typeof renderApps }>('../../lib/synth/synth-apps');
      result = render(listApps(APPS).map((file) => ({ label: file, modulePath: path.join(APPS, file) })));
    });
    return result!;
  } finally {
    for (const name of Object.keys(env))
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
  }
}

jest.setTimeout(60_000);

test('with no CI variables every app renders, and each image tagged without a commit is a warning', () => {
  // The tests run without CI variables (test/support/setup-env.ts), so this is the run's shared rendering of
  // the apps (test/support/apps.ts), which fails if any app fails, instead of a third rendering of its own.
  const environments = renderAllApps().map(({ env }) => env);
  expect(environments).toHaveLength(listApps(APPS).length);
  const warnings = environments.flatMap((e) => (e.warnings ?? []).filter((w) => w.includes('0000000')));
  expect(warnings.length).toBeGreaterThan(0);
  expect(warnings.every((w) => /: image \S+:local-0000000 was tagged without a commit id/.test(w))).toBe(true);
});

test('in CI with no commit id the apps that run this checkout’s images fail, naming the construct, prop, value and fix', () => {
  const result = renderShippedApps({ CI: 'true' });
  expect(result.ok).toBe(false);
  const failures = result.ok ? [] : result.failures;
  const byApp = new Map(failures.map((f) => [f.slice(0, f.indexOf(':\n')), f.slice(f.indexOf(':\n') + 2)]));
  // The apps that run images built from this checkout (buildImageTag / imageTag of the branch and commit).
  expect([...byApp.keys()].sort()).toEqual([
    'branch.ts',
    'polls-branch.ts',
    'polls-uat.ts',
    'test-partial.ts',
    'uat-eks.ts',
    'uat-services.ts',
  ]);
  const rule =
    'must name an image CI built: the tag was made without a commit id (GIT_COMMIT, GITHUB_SHA and CI_COMMIT_SHA unset), so no registry has it (refused in CI)';
  const fix =
    'Fix: synthesize with the commit CI builds (GIT_COMMIT, GITHUB_SHA or CI_COMMIT_SHA set, as CI sets them), or pin an image tag CI pushed';
  expect(byApp.get('uat-eks.ts')).toBe(
    `uat-eks/data/data-setup: invalid configuration\n  - image ${rule} (received "registry.example.com/oms/om-agent:local-0000000"). ${fix}`,
  );
  // The Fargate service of the AWS stack is refused the same way.
  expect(byApp.get('uat-services.ts')).toBe(
    `uat-services: invalid configuration\n  - fargateServices[0].image ${rule} (received "registry.example.com/services/flask-api:local-0000000"). ${fix}`,
  );
});

test('in CI with the commit set, as CI sets it, every app renders', () => {
  const result = renderShippedApps({ CI: 'true', GITHUB_SHA: '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39' });
  expect(result.ok ? [] : result.failures).toEqual([]);
});
