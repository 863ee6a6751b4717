import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EKS_KUBERNETES_VERSION } from '../../lib/core/platform-components';
import { branchEnvironmentName } from '../../lib/core';

const root = path.resolve(__dirname, '..', '..');
const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
const workflow = parse(fs.readFileSync(path.join(root, '.github/workflows/environments.yml'), 'utf8'));
const jenkinsfile = fs.readFileSync(path.join(root, 'Jenkinsfile'), 'utf8');
const FAKE_NPM = path.join(__dirname, 'fake-npm');

const npmRuns = (text: string) => [...text.matchAll(/npm run (?:--silent )?([a-z:-]+)/g)].map((m) => m[1]);

/**
 * The command GitHub Actions runs a `run:` step with on Linux: `bash -e {0}` when no shell is given,
 * `bash --noprofile --norc -eo pipefail {0}` for `shell: bash` (workflow syntax, jobs.<id>.steps[*].shell).
 */
function githubShell(job: any, step: any): string[] {
  const shell = step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
  if (shell === undefined) return ['bash', '-e'];
  if (shell === 'bash') return ['bash', '--noprofile', '--norc', '-eo', 'pipefail'];
  if (shell === 'sh') return ['sh', '-e'];
  throw new Error(`shell ${shell} is not modelled`);
}

/** The scripts of Jenkins `sh '''...'''` steps. Jenkins runs one with its #! interpreter, or else `sh -xe`. */
const jenkinsScripts = () => [...jenkinsfile.matchAll(/sh(?:\(script: )? '''([\s\S]*?)'''/g)].map((m) => m[1]);
const jenkinsShell = (script: string) => (script.startsWith('#!') ? script.split('\n')[0].slice(2).trim().split(/\s+/) : ['sh', '-xe']);

function run(shell: string[], script: string, cwd: string, env: Record<string, string> = {}) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oms-step-')), 'step.sh');
  fs.writeFileSync(file, script);
  return spawnSync(shell[0], [...shell.slice(1), file], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${FAKE_NPM}:${process.env.PATH}`, ...env },
  });
}

/** A workspace as the diff steps see it: main/ (the checkout), base/dist, head-dist, main/dist. */
function workspace(destructive: boolean): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-ws-'));
  const db = (attrs: object) => JSON.stringify({ resource: { aws_db_instance: { db: { engine: 'postgres', ...attrs } } } });
  const write = (dir: string, content: string) => {
    fs.mkdirSync(path.join(ws, dir, 'e', 'aws'), { recursive: true });
    fs.writeFileSync(path.join(ws, dir, 'e', 'aws', 'main.tf.json'), content);
  };
  write('base/dist', db({ identifier: 'oms', instance_class: 'db.m6g.large' }));
  const head = destructive
    ? db({ identifier: 'oms-2', instance_class: 'db.m6g.large' })
    : db({ identifier: 'oms', instance_class: 'db.r6g.large' });
  write('head-dist', head);
  write('main/dist', head);
  return ws;
}

describe('the review diff step, replayed as each CI system runs it', () => {
  const job = workflow.jobs.diff;
  const step = job.steps.find((s: any) => typeof s.run === 'string' && s.run.includes('npm run --silent diff'));
  const jenkinsDiff = jenkinsScripts().find((s) => s.includes('npm run --silent diff -- ../base/dist dist'))!;

  test.each([
    ['GitHub Actions', () => ({ shell: githubShell(job, step), script: step.run as string, cwd: 'main' })],
    ['Jenkins', () => ({ shell: jenkinsShell(jenkinsDiff), script: jenkinsDiff, cwd: 'main' })],
  ])('%s: a change that replaces a database fails the step; a resize passes', (_ci, stepOf) => {
    const { shell, script, cwd } = stepOf();
    const failing = workspace(true);
    const r = run(shell, script, path.join(failing, cwd));
    expect(r.stderr).toContain('1 destructive change(s) to stateful resources');
    expect(r.status).toBe(2);
    // The report still reaches the log and the file, through the pipe.
    expect(fs.readFileSync(path.join(failing, cwd, 'diff.txt'), 'utf8')).toContain(
      '!! DESTRUCTIVE tf aws_db_instance.db: aws_db_instance is replaced (destroyed and recreated) because identifier changes: identifier "oms" -> "oms-2"',
    );
    const passing = workspace(false);
    const ok = run(shell, script, path.join(passing, cwd));
    expect([ok.status, ok.stderr]).toEqual([0, '']);
  });

  test('GitHub Actions: a plan made for the pull request is what the review classifies from', () => {
    // A resize the offline check passes; the real plan says the instance is replaced.
    const ws = workspace(false);
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_db_instance.db',
          mode: 'managed',
          type: 'aws_db_instance',
          name: 'db',
          change: {
            actions: ['delete', 'create'],
            before: { identifier: 'oms', instance_class: 'db.m6g.large' },
            after: { identifier: 'oms', instance_class: 'db.r6g.large' },
            replace_paths: [['instance_class']],
          },
        },
      ],
    };
    fs.mkdirSync(path.join(ws, 'plans', 'pr-plan-e'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'plans', 'pr-plan-e', 'tfplan.review.json'), JSON.stringify(plan));
    const r = run(githubShell(job, step), step.run, path.join(ws, 'main'));
    expect(r.status).toBe(2);
    const report = fs.readFileSync(path.join(ws, 'main', 'diff.txt'), 'utf8');
    expect(report).toContain('!! DESTRUCTIVE tf aws_db_instance.db');
    expect(report).not.toContain('no plan; replacements inferred offline');
    // Without the plan, the same change passes the offline check and says so.
    fs.rmSync(path.join(ws, 'plans'), { recursive: true });
    const offline = run(githubShell(job, step), step.run, path.join(ws, 'main'));
    expect(offline.status).toBe(0);
    expect(fs.readFileSync(path.join(ws, 'main', 'diff.txt'), 'utf8')).toContain('Terraform: no plan; replacements inferred offline');
  });

  test('GitHub Actions: a missing base dist/ fails the step instead of passing', () => {
    const ws = workspace(false);
    fs.rmSync(path.join(ws, 'base', 'dist'), { recursive: true });
    const r = run(githubShell(job, step), step.run, path.join(ws, 'main'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('diff: the review cannot run, so it fails:');
  });

  test('every run step of the workflow runs with pipefail; every Jenkins sh step is bash with -euo pipefail', () => {
    for (const [name, j] of Object.entries<any>(workflow.jobs)) {
      for (const s of j.steps.filter((x: any) => x.run))
        expect([name, s.name ?? s.run, githubShell(j, s)]).toEqual([name, s.name ?? s.run, expect.arrayContaining(['pipefail'])]);
    }
    const shs = jenkinsScripts();
    expect(shs.length).toBeGreaterThan(5);
    for (const s of shs) {
      expect(jenkinsShell(s)).toEqual(['/bin/bash']);
      expect(s.split('\n')[1].trim()).toBe('set -euo pipefail');
    }
  });
});

test('Jenkins: the review worktree can be made again in the same workspace (a second pull-request build)', () => {
  const prep = jenkinsScripts().find((s) => s.includes('git worktree add'))!;
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-jenkins-'));
  const git = (cwd: string, ...a: string[]) => {
    const r = spawnSync('git', a, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  git(ws, 'init', '-q', '-b', 'main', 'origin');
  git(path.join(ws, 'origin'), '-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'base');
  git(ws, 'clone', '-q', 'origin', 'main');
  const synthOutput = path.join(ws, 'synthesized');
  fs.mkdirSync(path.join(synthOutput, 'e'), { recursive: true });
  for (let build = 1; build <= 2; build++) {
    const r = run(jenkinsShell(prep), prep, path.join(ws, 'main'), { CHANGE_TARGET: 'main', FAKE_SYNTH_FROM: synthOutput });
    expect([build, r.status, r.stderr]).toEqual([build, 0, expect.any(String)]);
    expect(fs.existsSync(path.join(ws, 'base', 'dist', 'e'))).toBe(true);
  }
  // The repository carries its own schemas: no pipeline checks out a second repository.
  expect(jenkinsfile).not.toMatch(/SHARED_REPO|\.\.\/shared/);
});

test('every npm script the pipelines call exists', () => {
  const used = new Set([...npmRuns(JSON.stringify(workflow)), ...npmRuns(jenkinsfile)]);
  expect([...used].sort()).toEqual([
    'apply',
    'deployments',
    'diff',
    'drift',
    'env-name',
    'lint',
    'sweep-branches',
    'synth',
    'target',
    'teardown',
    'upgrade-test',
  ]);
  for (const s of used) expect(scripts).toHaveProperty(s);
});

test('the scheduled drift job checks every long-lived environment, derived from the apps, with scripts that exist', () => {
  const drift = parse(fs.readFileSync(path.join(root, '.github/workflows/drift.yml'), 'utf8'));
  expect(drift.on.schedule).toEqual([{ cron: '17 5 * * *' }]);
  expect(drift.jobs.targets.steps.map((s: any) => s.run ?? '').join('\n')).toContain(
    'npm run --silent target -- --drift | tee -a "$GITHUB_OUTPUT"',
  );
  expect(drift.jobs.drift.strategy.matrix).toBe('${{ fromJSON(needs.targets.outputs.matrix) }}');
  // Staging and production are compared with their last verified deployment, not with main.
  expect(drift.jobs.drift.steps.map((s: any) => s.run ?? '').join('\n')).toContain('ci/synth-at.sh');
  expect([...new Set(npmRuns(JSON.stringify(drift)))].sort()).toEqual(['deployments', 'drift', 'synth', 'target']);
  for (const s of npmRuns(JSON.stringify(drift))) expect(scripts).toHaveProperty(s);
  const jenkinsDrift = jenkinsfile.slice(jenkinsfile.indexOf("stage('Drift')"), jenkinsfile.indexOf("stage('Deploy')"));
  expect(jenkinsDrift).toContain("sh(script: 'npm run --silent target -- --drift', returnStdout: true)");
});

describe('the upgrade test, replayed: from the recorded previous release, or greenfield for the first release candidate', () => {
  const ghStep = workflow.jobs['upgrade-test'].steps.find((s: any) => String(s.run).includes('upgrade-test'));
  const jenkinsStep = jenkinsScripts().find((s) => s.includes('npm run --silent upgrade-test'))!;

  /** main/ with stand-ins for npm (previous release from PREVIOUS), ci/synth-at.sh and images/check.sh, logging calls. */
  function upgradeWorkspace(previous: string) {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-upgrade-ws-'));
    const main = path.join(ws, 'main');
    for (const d of ['bin', 'main/ci', 'main/images']) fs.mkdirSync(path.join(ws, d), { recursive: true });
    const log = (name: string) => `#!/bin/bash\necho "${name} $*" >>"$CALLS"\n`;
    fs.writeFileSync(
      path.join(ws, 'bin', 'npm'),
      `${log('npm')}case "$*" in *"deployments -- previous"*) echo "previous=$PREVIOUS"; echo "reason=stand-in";; esac\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(
      path.join(ws, 'bin', 'git'),
      `${log('git')}[ "$1" = rev-list ] && echo 9b1e7d2c0a4f6e8d1b3c5a7e9f0d2c4b6a8e0f1d\nexit 0\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(main, 'ci', 'synth-at.sh'), log('synth-at'), { mode: 0o755 });
    fs.writeFileSync(path.join(main, 'images', 'check.sh'), log('check'), { mode: 0o755 });
    const calls = path.join(ws, 'calls');
    fs.writeFileSync(calls, '');
    const env = {
      PATH: `${path.join(ws, 'bin')}:${process.env.PATH}`,
      CALLS: calls,
      PREVIOUS: previous,
      CANDIDATE: '10.0.2501.0-rc.1',
      TAG_NAME: '10.0.2501.0-rc.1',
    };
    const story = () =>
      fs
        .readFileSync(calls, 'utf8')
        .split('\n')
        .filter((l) => /upgrade-test|teardown|synth-at|^check/.test(l))
        .map((l) => l.replace(/^npm run --silent /, ''));
    return { main, env, story };
  }

  test.each([
    [
      'GitHub Actions',
      () => ({ shell: githubShell(workflow.jobs['upgrade-test'], ghStep), script: ghStep.run as string, candidate: '../candidate-dist' }),
    ],
    ['Jenkins', () => ({ shell: jenkinsShell(jenkinsStep), script: jenkinsStep, candidate: 'dist' })],
  ])('%s', (_ci, stepOf) => {
    const { shell, script, candidate } = stepOf();
    const first = upgradeWorkspace('');
    expect(run(shell, script, first.main, first.env).status).toBe(0);
    expect(first.story()).toEqual([
      `check test-full ${candidate}`,
      `upgrade-test -- test-full --greenfield --candidate ${candidate} --context test-full`,
      expect.stringMatching(/^teardown -- test-full .*--context test-full$/),
    ]);
    const later = upgradeWorkspace('10.0.2412.0');
    expect(run(shell, script, later.main, later.env).status).toBe(0);
    expect(later.story()).toEqual([
      `check test-full ${candidate}`,
      'synth-at 10.0.2412.0 9b1e7d2c0a4f6e8d1b3c5a7e9f0d2c4b6a8e0f1d staging ../previous test-full',
      `upgrade-test -- test-full --previous ../previous/dist --candidate ${candidate} --context test-full`,
    ]);
  });

  test('runs before staging, which is applied only after it passed', () => {
    expect(workflow.jobs['upgrade-test'].if).toBe("needs.target.outputs.stage == 'staging'");
    expect(workflow.jobs.apply.needs).toContain('upgrade-test');
    expect(workflow.jobs.apply.if).toBe(
      "!cancelled() && needs.plan.result == 'success' && (needs['upgrade-test'].result == 'success' || needs['upgrade-test'].result == 'skipped')",
    );
    expect(jenkinsfile.indexOf("stage('Upgrade test')")).toBeLessThan(jenkinsfile.indexOf("stage('Deploy')"));
  });
});

describe('images: built once on a branch, promoted by retagging on a tag, production behind its gate (replayed)', () => {
  const ghStep = workflow.jobs.images.steps.find((s: any) => String(s.run).includes('images/build.sh'));
  const jenkinsStep = jenkinsScripts().find((s) => s.includes('images/build.sh'))!;

  function imagesWorkspace(gate: 'pass' | 'fail') {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-images-ws-'));
    const main = path.join(ws, 'main');
    for (const d of ['bin', 'main/images']) fs.mkdirSync(path.join(ws, d), { recursive: true });
    const log = (name: string) => `#!/bin/bash\necho "${name} $*" >>"$CALLS"\n`;
    const gateOut =
      gate === 'pass'
        ? 'echo candidate=10.0.2501.0-rc.2'
        : 'echo "deployments gate: gate: release 10.0.2501.0 (commit 4f2a9c1) has no release candidate" >&2; exit 1';
    fs.writeFileSync(
      path.join(ws, 'bin', 'npm'),
      `${log('npm')}case "$*" in *"deployments -- gate"*) ${gateOut};; *"target -- --images"*) printf 'image_tag=%s\\n' "$IMAGE_TAG"; [ -z "$PROMOTE_FROM" ] || printf 'promote_from=%s\\n' "$PROMOTE_FROM";; esac\n`,
      { mode: 0o755 },
    );
    for (const tool of ['git', 'aws', 'buildah']) fs.writeFileSync(path.join(ws, 'bin', tool), `${log(tool)}exit 0\n`, { mode: 0o755 });
    for (const script of ['build.sh', 'promote.sh']) fs.writeFileSync(path.join(main, 'images', script), log(script), { mode: 0o755 });
    const calls = path.join(ws, 'calls');
    fs.writeFileSync(calls, '');
    return {
      main,
      calls: () =>
        fs
          .readFileSync(calls, 'utf8')
          .split('\n')
          .filter((l) => /^(build|promote)\.sh/.test(l)),
      bin: path.join(ws, 'bin'),
      callsFile: calls,
    };
  }
  const SHA = '4f2a9c1e0b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a';
  const cases = [
    [
      'a branch',
      { REF_TYPE: 'branch', REF_NAME: 'feature/x', IMAGE_TAG: 'feature-x-4f2a9c1', PROMOTE_FROM: '' },
      'pass',
      0,
      ['build.sh feature-x-4f2a9c1'],
    ],
    [
      'a release candidate',
      {
        REF_TYPE: 'tag',
        REF_NAME: '10.0.2501.0-rc.2',
        TAG_NAME: '10.0.2501.0-rc.2',
        IMAGE_TAG: '10.0.2501.0-rc.2-4f2a9c1',
        PROMOTE_FROM: 'main-4f2a9c1',
      },
      'pass',
      0,
      ['promote.sh main-4f2a9c1 10.0.2501.0-rc.2-4f2a9c1'],
    ],
    [
      'a release whose candidate passed staging',
      { REF_TYPE: 'tag', REF_NAME: '10.0.2501.0', TAG_NAME: '10.0.2501.0', IMAGE_TAG: '10.0.2501.0-4f2a9c1', PROMOTE_FROM: '' },
      'pass',
      0,
      ['promote.sh 10.0.2501.0-rc.2-4f2a9c1 10.0.2501.0-4f2a9c1'],
    ],
    [
      'a release without a staged candidate',
      { REF_TYPE: 'tag', REF_NAME: '10.0.2501.0', TAG_NAME: '10.0.2501.0', IMAGE_TAG: '10.0.2501.0-4f2a9c1', PROMOTE_FROM: '' },
      'fail',
      1,
      [],
    ],
  ] as const;

  test.each(cases)('GitHub Actions, %s', (_case, vars, gate, status, calls) => {
    const w = imagesWorkspace(gate);
    const r = run(githubShell(workflow.jobs.images, ghStep), ghStep.run, w.main, {
      ...vars,
      GITHUB_SHA: SHA,
      PATH: `${w.bin}:${process.env.PATH}`,
      CALLS: w.callsFile,
    });
    expect([r.status, w.calls()]).toEqual([status, calls]);
    if (status !== 0) expect(r.stderr).toContain('has no release candidate');
  });

  test.each(cases)('Jenkins, %s', (_case, vars, gate, status, calls) => {
    const w = imagesWorkspace(gate);
    const env: Record<string, string> = {
      IMAGE_TAG: vars.IMAGE_TAG,
      PROMOTE_FROM: vars.PROMOTE_FROM,
      GIT_COMMIT: SHA,
      IMAGE_REGISTRY: 'registry.example.com',
      PATH: `${w.bin}:${process.env.PATH}`,
      CALLS: w.callsFile,
      TAG_NAME: '',
    };
    if ('TAG_NAME' in vars) env.TAG_NAME = vars.TAG_NAME;
    const r = run(jenkinsShell(jenkinsStep), jenkinsStep, w.main, env);
    expect([r.status, w.calls()]).toEqual([status, calls]);
  });
});

describe('GitHub Actions', () => {
  const jobs = workflow.jobs;
  const runs = (job: any) => job.steps.map((s: any) => s.run ?? '').join('\n');
  const role = (job: any) =>
    job.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials')).with['role-to-assume'];

  test('images on pushes; lint, synth and test with coverage on every event but a closed pull request; diff on pull requests; deploy on pushes; teardown on merge and delete', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['delete', 'pull_request', 'push']);
    expect(workflow.on.pull_request.types).toContain('closed');
    expect(jobs.images.if).toBe("github.event_name == 'push'");
    expect(jobs.build.needs).toBe('images');
    expect(jobs.build.steps.map((s: any) => s.run).filter(Boolean)).toEqual(
      expect.arrayContaining(['npm ci && npm run lint', 'npm test -- --coverage']),
    );
    expect(runs(jobs.build)).toContain('if [ -f image-record.json ]; then export OMS_IMAGE_RECORD="$PWD/image-record.json"; fi');
    expect(jobs.target.if).toBe("github.event_name == 'push'");
    expect(jobs['teardown-target'].if).toContain("github.event_name == 'delete' && github.event.ref_type == 'branch'");
    expect(jobs['teardown-target'].if).toContain("github.event.action == 'closed' && github.event.pull_request.merged");
  });

  test('the quality gate: a Sonar-style scan, where configured, that waits for the gate and fails the build', () => {
    const gate = jobs.build.steps.find((s: any) => s.name === 'quality gate');
    expect(gate.if).toBe("vars.SONAR_HOST_URL != ''");
    expect(gate.run).toContain('-Dsonar.qualitygate.wait=true');
  });

  test('pull requests: planned on their own runners, with non-production plan roles, uploading only the values-stripped review for 7 days', () => {
    expect(jobs['pr-target'].if).toBe(
      "github.event_name == 'pull_request' && github.event.action != 'closed' && github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(runs(jobs['pr-target'])).toContain('npm run --silent target -- --pr-plan');
    const plan = jobs['pr-plan'];
    expect(plan['runs-on']).toEqual(['self-hosted', 'linux', 'oms-pr-plan']);
    expect(plan.strategy.matrix).toBe('${{ fromJSON(needs.pr-target.outputs.matrix) }}');
    expect(plan.environment).toBe('${{ matrix.ci_environment }}-plan');
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(role(plan)).toBe('${{ vars.PLAN_ROLE_ARN }}');
    const text = JSON.stringify(plan);
    expect(text).not.toContain('DEPLOY_ROLE_ARN');
    expect(text).not.toContain('--reviewed-plan');
    expect(text).not.toContain('production');
    const upload = plan.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact'));
    expect(upload.with).toEqual(expect.objectContaining({ path: 'dist/${{ matrix.env }}/aws/tfplan.review.json', 'retention-days': 7 }));
    expect(jobs.diff.needs).toEqual(['build', 'pr-plan']);
  });

  test('no job uploads a Terraform plan that holds state values: only review files, kept at most 7 days', () => {
    const drift = parse(fs.readFileSync(path.join(root, '.github/workflows/drift.yml'), 'utf8'));
    for (const [id, job] of [...Object.entries<any>(workflow.jobs), ...Object.entries<any>(drift.jobs)]) {
      for (const up of job.steps.filter((s: any) => String(s.uses).startsWith('actions/upload-artifact'))) {
        const paths = String(up.with.path);
        expect([id, /tfplan(\.json)?(\s|$)/.test(paths)]).toEqual([id, false]);
        if (paths.includes('tfplan')) expect([id, up.with['retention-days']]).toEqual([id, 7]);
      }
    }
  });

  test('every job has a time limit', () => {
    for (const [name, job] of Object.entries<any>(jobs)) expect([name, job['timeout-minutes']]).toEqual([name, expect.any(Number)]);
  });

  test('one change to an environment at a time: plan, apply and teardown take the same lock and never cancel', () => {
    const lock = { group: 'deploy-${{ matrix.env }}', 'cancel-in-progress': false };
    expect([jobs.plan.concurrency, jobs.apply.concurrency, jobs.teardown.concurrency]).toEqual([lock, lock, lock]);
    // The lock the target names for each environment is that group (deploy-<env>).
    expect(jobs['upgrade-test'].concurrency).toEqual({ group: 'deploy-test-full', 'cancel-in-progress': false });
  });

  test('plans run with the plan role, deployments with the deploy role of their own environment, through ci/deploy.sh', () => {
    expect(jobs.plan.environment).toBe('${{ matrix.ci_environment }}-plan');
    expect(jobs.apply.environment).toBe('${{ matrix.ci_environment }}');
    expect([role(jobs.plan), role(jobs.apply), role(jobs.teardown)]).toEqual([
      '${{ vars.PLAN_ROLE_ARN }}',
      '${{ vars.DEPLOY_ROLE_ARN }}',
      '${{ vars.DEPLOY_ROLE_ARN }}',
    ]);
    for (const job of [jobs.plan, jobs.apply, jobs.teardown]) expect(job.permissions['id-token']).toBe('write');
    expect(workflow.permissions).toEqual({ contents: 'read' });
    // The deployment record is pushed by the apply job only (pushed refs, never pull-request code).
    expect(
      Object.entries<any>(jobs)
        .filter(([, j]) => j.permissions?.contents === 'write')
        .map(([id]) => id),
    ).toEqual(['apply']);
    expect(runs(jobs.apply)).toContain('ci/deploy.sh "$ENV_NAME" "$STAGE"');
    expect(runs(jobs.apply)).toContain('export REVIEWED_PLAN="$PWD/reviewed/tfplan.review.json"');
  });

  test('every deploy matrix, teardown matrix and the kube context come from the apps (target), never from a list here', () => {
    for (const id of ['plan', 'apply']) expect(jobs[id].strategy.matrix).toBe('${{ fromJSON(needs.target.outputs.matrix) }}');
    expect(jobs.teardown.strategy.matrix).toBe('${{ fromJSON(needs.teardown-target.outputs.matrix) }}');
    expect(runs(jobs['teardown-target'])).toContain('npm run --silent target -- --teardown');
    for (const id of ['apply', 'teardown'])
      expect(jobs[id].steps.find((s: any) => s.name === 'kube context named after the environment').if).toBe('matrix.kubernetes');
  });

  test('Terraform, kubectl and oc are set up where they are used, kubectl within one minor of the clusters, Node 24', () => {
    const uses = (job: any) => job.steps.map((s: any) => String(s.uses ?? '').split('@')[0]);
    expect(uses(jobs.plan)).toContain('hashicorp/setup-terraform');
    expect(uses(jobs.apply)).toEqual(
      expect.arrayContaining(['hashicorp/setup-terraform', 'azure/setup-kubectl', 'redhat-actions/openshift-tools-installer']),
    );
    expect(uses(jobs.teardown)).toEqual(expect.arrayContaining(['hashicorp/setup-terraform', 'azure/setup-kubectl']));
    const drift = parse(fs.readFileSync(path.join(root, '.github/workflows/drift.yml'), 'utf8'));
    const minor = Number(EKS_KUBERNETES_VERSION.split('.')[1]);
    for (const wf of [workflow, drift]) {
      expect(wf.env.NODE_VERSION).toBe('24');
      const m = /^v1\.(\d+)\.\d+$/.exec(wf.env.KUBECTL_VERSION);
      expect(Math.abs(Number(m![1]) - minor)).toBeLessThanOrEqual(1);
    }
    const jenkinsKubectl = /KUBECTL_VERSION = '(v1\.(\d+)\.\d+)'/.exec(jenkinsfile)!;
    expect(jenkinsKubectl[1]).toBe(workflow.env.KUBECTL_VERSION);
    expect(jenkinsfile).toContain("agent { label 'node24' }");
  });

  test('the kube context script refuses an environment without a login method', () => {
    const r = spawnSync('bash', [path.join(root, '.github/kube-context.sh'), 'uat-eks'], {
      encoding: 'utf8',
      env: { ...process.env, KUBE_LOGIN: '' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('KUBE_LOGIN must be eks or openshift');
  });
});

describe('Jenkins', () => {
  test('the stages, time limits, locks, per-stage roles, and the approval by named submitters that shows the review', () => {
    for (const stage of [
      'Checkout',
      'Images',
      'Synthesize and test',
      'Review diff',
      'Upgrade test',
      'Drift',
      'Deploy',
      'Tear down branch environments',
    ])
      expect(jenkinsfile).toContain(`stage('${stage}')`);
    expect(jenkinsfile).toContain("timeout(time: 3, unit: 'HOURS')");
    expect(jenkinsfile).toContain('withAWS(role: planRole(e.stage))');
    expect(jenkinsfile).toContain('withAWS(role: deployRole(e.stage))');
    const approval = jenkinsfile.indexOf(
      'input message: "Apply the reviewed plan to ${envName}?\\n\\n${review}", submitter: env.PRODUCTION_APPROVERS',
    );
    expect(approval).toBeGreaterThan(jenkinsfile.indexOf('--plan-only'));
    expect(approval).toBeLessThan(jenkinsfile.indexOf('ci/deploy.sh "$ENV_NAME" "$STAGE"'));
    expect(jenkinsfile).toContain('if (!env.PRODUCTION_APPROVERS) {');
  });

  test('apply and teardown of an environment take the same lock; every deployment goes through ci/deploy.sh', () => {
    const locks = [...jenkinsfile.matchAll(/lock\(resource: "deploy-\$\{(\w+(?:\[0\])?)\}"\)/g)].map((m) => m[1]);
    expect(locks).toEqual(['envName', 'parts[0]', 'envName']);
    expect(jenkinsfile).toContain("lock(resource: 'deploy-test-full')");
  });

  test("kube contexts are made at run time by the same script as GitHub, in the build's own kubeconfig", () => {
    expect(jenkinsfile).not.toContain('kubeconfig-');
    expect(jenkinsfile).toContain('.github/kube-context.sh "$CONTEXT_ENV"');
    expect(jenkinsfile).toContain('KUBECONFIG = "${env.WORKSPACE}/.kube/config"');
    const deploy = jenkinsfile.slice(jenkinsfile.indexOf("stage('Deploy')"), jenkinsfile.indexOf("stage('Sweep branch environments')"));
    expect(deploy.indexOf('kubeContext(envName, e.stage)')).toBeLessThan(deploy.indexOf('ci/deploy.sh'));
  });

  test('pull requests from forks never reach a stage with credentials; plans never for production', () => {
    const review = jenkinsfile.slice(jenkinsfile.indexOf("stage('Review diff')"), jenkinsfile.indexOf("stage('Upgrade test')"));
    expect(review).toContain('if (trusted()) {');
    expect(review).toContain("sh(script: 'npm run --silent target -- --pr-plan', returnStdout: true)");
    expect(review).not.toContain('deployRole');
    expect(jenkinsfile).toContain('def trusted() { !env.CHANGE_FORK }');
    for (const stage of ['Images', 'Deploy']) {
      const text = jenkinsfile.slice(jenkinsfile.indexOf(`stage('${stage}')`));
      expect(/when \{[^\n]*\}/.exec(text)![0]).toContain('not { changeRequest() }');
    }
  });
});

test('cdktf.json drives the cdktf CLI with the same apps the pipelines synthesize', () => {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
  expect(config.app).toMatch(/cdktf-app/);
});

describe('Jenkins: branch environments are swept on the timer, without an outside webhook', () => {
  const sweep = jenkinsScripts().find((s) => s.includes('npm run --silent sweep-branches'))!;

  /** A workspace whose origin has main and feature/live, and a kubectl that lists the given namespaces (or fails). */
  function sweepWorkspace(kubectl: { namespaces?: object[]; fail?: string }) {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-sweep-ws-'));
    const git = (cwd: string, ...a: string[]) => {
      const r = spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...a], { cwd, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    };
    git(ws, 'init', '-q', '-b', 'main', 'origin');
    git(path.join(ws, 'origin'), 'commit', '-q', '--allow-empty', '-m', 'base');
    git(path.join(ws, 'origin'), 'branch', 'feature/live');
    git(ws, 'clone', '-q', 'origin', 'main');
    const bin = path.join(ws, 'bin');
    fs.mkdirSync(bin);
    const listing = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: kubectl.namespaces ?? [] });
    fs.writeFileSync(
      path.join(bin, 'kubectl'),
      kubectl.fail ? `#!/bin/bash\necho '${kubectl.fail}' >&2\nexit 1\n` : `#!/bin/bash\ncat <<'JSON'\n${listing}\nJSON\n`,
      { mode: 0o755 },
    );
    return { main: path.join(ws, 'main'), env: { PATH: `${bin}:${FAKE_NPM}:${process.env.PATH}` } };
  }
  const ns = (name: string, branch: string) => ({ metadata: { name, annotations: { 'oms.platform/branch': branch } } });

  // Branch environments are named from their branch (the sweep ignores a namespace whose name does not match).
  const LIVE = branchEnvironmentName('feature/live');
  const MERGED = branchEnvironmentName('merged');
  test('one sweep only records a missing branch; the next, with the state the previous build archived, names it', () => {
    const { main, env } = sweepWorkspace({ namespaces: [ns(LIVE, 'feature/live'), ns(MERGED, 'merged')] });
    const first = run(jenkinsShell(sweep), sweep, main, env);
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(path.join(main, 'sweep-orphans.txt'), 'utf8')).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(main, 'sweep-state.json'), 'utf8')).missing).toHaveProperty([MERGED]);
    // What copyArtifacts restores for the next timer build: the branch first missed 13 hours ago.
    const since = new Date(Date.now() - 13 * 3600 * 1000).toISOString();
    fs.writeFileSync(
      path.join(main, 'sweep-state.json'),
      JSON.stringify({ version: 1, missing: { [MERGED]: { branch: 'merged', since } } }),
    );
    const r = run(jenkinsShell(sweep), sweep, main, env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(path.join(main, 'sweep-orphans.txt'), 'utf8')).toBe(`${MERGED} merged\n`);
    expect(fs.readFileSync(path.join(main, 'sweep-report.txt'), 'utf8')).toContain(
      `${MERGED} (branch merged): TEAR DOWN, the branch is gone`,
    );
  });

  test('a listing that fails fails the step (through the pipe) and names nothing to tear down', () => {
    const { main, env } = sweepWorkspace({ fail: 'error: You must be logged in to the server (Unauthorized)' });
    fs.writeFileSync(path.join(main, 'sweep-orphans.txt'), 'br-left-from-before x\n');
    const r = run(jenkinsShell(sweep), sweep, main, env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'sweep-branches: kubectl failed with exit code 1: error: You must be logged in to the server (Unauthorized); nothing is torn down.',
    );
    expect(fs.existsSync(path.join(main, 'sweep-orphans.txt'))).toBe(false);
  });

  test('the stage runs on the timer, tears down one environment at a time under its lock and time limit, and checks the name first', () => {
    const stage = jenkinsfile.slice(
      jenkinsfile.indexOf("stage('Sweep branch environments')"),
      jenkinsfile.indexOf("stage('Tear down branch environments')"),
    );
    expect(stage).toContain("when { allOf { triggeredBy 'TimerTrigger'; expression { !params.TEARDOWN_BRANCH } } }");
    // The state survives between builds: restored from the last completed build, archived again.
    expect(stage).toContain(
      "copyArtifacts(projectName: env.JOB_NAME, selector: lastCompleted(), filter: 'sweep-state.json', optional: true)",
    );
    expect(stage).toContain("archiveArtifacts artifacts: 'sweep-report.txt, sweep-state.json'");
    expect(stage).toContain("options { timeout(time: 150, unit: 'MINUTES') }");
    expect(stage.indexOf('sweep-report.txt')).toBeLessThan(stage.indexOf('npm run --silent teardown'));
    expect(stage).toContain('lock(resource: "deploy-${parts[0]}")');
    expect(stage).toContain("timeout(time: 120, unit: 'MINUTES')");
    expect(stage).toContain('if [ "$env_name" != "$SWEPT_NAMESPACE" ]; then');
    // The branch is recorded by the rendered Namespace, not by a hand annotation that drift would report.
    expect(jenkinsfile).not.toContain('annotate namespace');
  });
});

describe('jobs that talk to a cluster run where the private EKS API is reachable', () => {
  const drift = parse(fs.readFileSync(path.join(root, '.github/workflows/drift.yml'), 'utf8'));
  const jobs: [string, any][] = [
    ...Object.entries(workflow.jobs as Record<string, any>),
    ...Object.entries(drift.jobs as Record<string, any>).map(([id, job]): [string, any] => [`drift.yml ${id}`, job]),
  ];
  const talksToCluster = (job: any) =>
    (job.steps ?? []).some(
      (s: any) => typeof s.run === 'string' && /kubectl|kube-context|npm run (--silent )?(apply|teardown|drift|upgrade-test)\b/.test(s.run),
    );

  test('at least the apply, teardown, upgrade-test and drift jobs are recognised', () => {
    expect(jobs.filter(([, job]) => talksToCluster(job)).map(([id]) => id)).toEqual(
      expect.arrayContaining(['apply', 'teardown', 'upgrade-test', 'drift.yml drift']),
    );
  });

  test.each(jobs.filter(([, job]) => talksToCluster(job)))(
    '%s runs on a self-hosted runner: pull-request code on its own, the rest on the deploy runners',
    (id, job) => {
      expect(job['runs-on']).toEqual(['self-hosted', 'linux', id === 'pr-plan' ? 'oms-pr-plan' : 'oms-deploy']);
    },
  );
});
