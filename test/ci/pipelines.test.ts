import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

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
    fs.writeFileSync(path.join(ws, 'plans', 'pr-plan-e', 'tfplan.json'), JSON.stringify(plan));
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
  expect([...used].sort()).toEqual(['apply', 'diff', 'drift', 'env-name', 'sweep-branches', 'synth', 'target', 'teardown', 'upgrade-test']);
  for (const s of used) expect(scripts).toHaveProperty(s);
});

test('the scheduled drift job checks every long-lived environment CI deploys, with a script that exists', () => {
  const drift = parse(fs.readFileSync(path.join(root, '.github/workflows/drift.yml'), 'utf8'));
  expect(drift.on.schedule).toEqual([{ cron: '17 5 * * *' }]);
  expect(drift.jobs.drift.strategy.matrix.include.map((m: any) => m.env)).toEqual(['uat-eks', 'uat-openshift', 'staging', 'production']);
  expect(npmRuns(JSON.stringify(drift)).sort()).toEqual(['drift', 'synth']);
  for (const s of npmRuns(JSON.stringify(drift))) expect(scripts).toHaveProperty(s);
});

test('the upgrade test runs before staging, against the disposable full test environment', () => {
  const job = workflow.jobs['upgrade-test'];
  expect(job.if).toBe("needs.target.outputs.stage == 'staging'");
  // Staging is applied only after the upgrade test passed; refs that skip the test still deploy.
  expect(workflow.jobs.apply.needs).toContain('upgrade-test');
  expect(workflow.jobs.apply.if).toBe(
    "!cancelled() && needs.plan.result == 'success' && (needs['upgrade-test'].result == 'success' || needs['upgrade-test'].result == 'skipped')",
  );
  expect(job.steps.map((s: any) => s.run ?? '').join('\n')).toContain(
    'npm run --silent upgrade-test -- test-full --previous ../previous/dist --candidate ../candidate-dist --context test-full',
  );
});

describe('GitHub Actions', () => {
  const jobs = workflow.jobs;

  test('synth and test on every event but a closed pull request; diff on pull requests; deploy on pushes; teardown on merge and delete', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['delete', 'pull_request', 'push']);
    expect(workflow.on.pull_request.types).toContain('closed');
    expect(jobs.build.steps.map((s: any) => s.run).filter(Boolean)).toEqual(['npm ci && npm run synth', 'npm test']);
    expect(jobs.target.if).toBe("github.event_name == 'push'");
    expect(jobs.teardown.if).toContain("github.event_name == 'delete' && github.event.ref_type == 'branch'");
    expect(jobs.teardown.if).toContain("github.event.action == 'closed' && github.event.pull_request.merged");
  });

  test("pull requests from branches of this repository are planned with each environment's read-only plan role; the review waits for the plans", () => {
    const plan = jobs['pr-plan'];
    expect(plan.if).toBe(
      "github.event_name == 'pull_request' && github.event.action != 'closed' && github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(plan.strategy.matrix.include.map((m: any) => m.env)).toEqual(['uat-eks', 'uat-openshift', 'staging', 'production']);
    expect(plan.environment).toBe('${{ matrix.ci_environment }}-plan');
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const creds = plan.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials'));
    expect(creds.with['role-to-assume']).toBe('${{ vars.PLAN_ROLE_ARN }}');
    // No step of the plan job applies anything or uses the deploy role.
    const text = JSON.stringify(plan);
    expect(text).not.toContain('DEPLOY_ROLE_ARN');
    expect(text).not.toContain('--reviewed-plan');
    expect(plan.steps.map((s: any) => s.run ?? '').join('\n')).toContain('npm run --silent apply -- "$ENV_NAME" --plan-only');
    // The review runs after the plans, also when none could be made (skipped), never when one failed.
    expect(jobs.diff.needs).toEqual(['build', 'pr-plan']);
    expect(jobs.diff.if).toBe(
      "!cancelled() && github.event_name == 'pull_request' && github.event.action != 'closed' && needs.build.result == 'success' && (needs['pr-plan'].result == 'success' || needs['pr-plan'].result == 'skipped')",
    );
  });

  test('every job has a time limit', () => {
    for (const [name, job] of Object.entries<any>(jobs)) expect([name, job['timeout-minutes']]).toEqual([name, expect.any(Number)]);
  });

  test('one deployment per environment at a time: plan, apply and teardown share the concurrency group and never cancel', () => {
    expect(jobs.plan.concurrency).toEqual(jobs.apply.concurrency);
    expect(jobs.apply.concurrency).toEqual({ group: '${{ needs.target.outputs.group }}-${{ matrix.env }}', 'cancel-in-progress': false });
    expect(jobs.teardown.concurrency['cancel-in-progress']).toBe(false);
    // A branch push's group (from `npm run target`) is deploy-branch-<branch>-<env>; teardown locks deploy-branch-<branch>.
    expect(jobs.teardown.concurrency.group).toBe(
      "deploy-branch-${{ github.event_name == 'delete' && github.event.ref || github.head_ref }}",
    );
  });

  test('plans run with the plan role, applies with the deploy role of their own environment; production applies only the reviewed plan', () => {
    expect(jobs.plan.environment).toBe('${{ matrix.ci_environment }}-plan');
    expect(jobs.apply.environment).toBe('${{ matrix.ci_environment }}');
    const role = (job: any) =>
      job.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials')).with['role-to-assume'];
    expect([role(jobs.plan), role(jobs.apply), role(jobs.teardown)]).toEqual([
      '${{ vars.PLAN_ROLE_ARN }}',
      '${{ vars.DEPLOY_ROLE_ARN }}',
      '${{ vars.DEPLOY_ROLE_ARN }}',
    ]);
    for (const job of [jobs.plan, jobs.apply, jobs.teardown]) expect(job.permissions['id-token']).toBe('write');
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const apply = jobs.apply.steps.find((s: any) => s.name === 'apply the reviewed plan').run as string;
    expect(apply).toContain('args+=(--reviewed-plan)');
    expect(apply).toContain('if [ "$STAGE" = prod ]; then args+=(--confirm "$ENV_NAME"); fi');
    expect(jobs.plan.steps.map((s: any) => s.run ?? '').join('\n')).toContain('--plan-only');
  });

  test('Terraform, kubectl and oc are set up where they are used', () => {
    const uses = (job: any) => job.steps.map((s: any) => String(s.uses ?? '').split('@')[0]);
    expect(uses(jobs.plan)).toContain('hashicorp/setup-terraform');
    expect(uses(jobs.apply)).toEqual(
      expect.arrayContaining(['hashicorp/setup-terraform', 'azure/setup-kubectl', 'redhat-actions/openshift-tools-installer']),
    );
    expect(uses(jobs.teardown)).toEqual(expect.arrayContaining(['hashicorp/setup-terraform', 'azure/setup-kubectl']));
    const wrapper = (job: any) => job.steps.find((s: any) => String(s.uses).startsWith('hashicorp/setup-terraform')).with.terraform_wrapper;
    expect([wrapper(jobs.plan), wrapper(jobs.apply), wrapper(jobs.teardown)]).toEqual([false, false, false]);
  });

  test('the kube context script refuses an environment without a login method', () => {
    const r = spawnSync('bash', [path.join(root, '.github/kube-context.sh'), 'uat-eks'], {
      encoding: 'utf8',
      env: { ...process.env, KUBE_LOGIN: '' },
    });
    expect([r.status, r.stderr]).toEqual([1, 'KUBE_LOGIN must be eks or openshift for this environment (received "")\n']);
  });
});

describe('Jenkins', () => {
  test('the stages, time limits, locks, per-stage roles, and the approval that shows the plan before production', () => {
    for (const stage of ['Checkout', 'Synthesize and test', 'Review diff', 'Deploy', 'Tear down branch environment'])
      expect(jenkinsfile).toContain(`stage('${stage}')`);
    expect(jenkinsfile).toContain("timeout(time: 3, unit: 'HOURS')");
    expect(jenkinsfile).toContain('lock(resource: "deploy-${envName}")');
    expect(jenkinsfile).toContain('withAWS(role: planRole(target.stage))');
    expect(jenkinsfile).toContain('withAWS(role: deployRole(target.stage))');
    const approval = jenkinsfile.indexOf('input message: "Apply the reviewed plan to ${envName}?\\n\\n${review}\\n${plan}"');
    expect(approval).toBeGreaterThan(jenkinsfile.indexOf('--plan-only'));
    expect(approval).toBeLessThan(jenkinsfile.indexOf('args+=(--reviewed-plan)'));
  });

  test('a change request is planned with the read-only plan roles before its review diff, where a plan role is set', () => {
    const review = jenkinsfile.slice(jenkinsfile.indexOf("stage('Review diff')"), jenkinsfile.indexOf("stage('Upgrade test')"));
    const planAt = review.indexOf('npm run --silent apply -- "$ENV_NAME" --plan-only');
    expect(planAt).toBeGreaterThan(review.indexOf('withAWS(role: planRole(e.stage))'));
    expect(planAt).toBeLessThan(review.indexOf('npm run --silent diff -- ../base/dist dist'));
    expect(review).toContain('if (planRole(e.stage) && fileExists("dist/${e.name}/aws"))');
    expect(review).not.toContain('deployRole');
  });
});

test('the environments the pipelines deploy exist', () => {
  const apps = fs.readdirSync(path.join(root, 'apps')).filter((f) => f.endsWith('.ts'));
  expect(apps).toEqual(expect.arrayContaining(['uat-eks.ts', 'uat-openshift.ts', 'staging.ts', 'production.ts', 'branch.ts']));
});

test('no cdktf.json: the cdktf CLI cannot drive this synthesis (one cdktf App per environment, rendered in memory into dist/<env>/aws)', () => {
  expect(fs.existsSync(path.join(root, 'cdktf.json'))).toBe(false);
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

  test('the sweep step writes the report and the environments whose branch is gone', () => {
    const { main, env } = sweepWorkspace({ namespaces: [ns('br-feature-live-1', 'feature/live'), ns('br-merged-2', 'merged')] });
    const r = run(jenkinsShell(sweep), sweep, main, env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(path.join(main, 'sweep-orphans.txt'), 'utf8')).toBe('br-merged-2 merged\n');
    expect(fs.readFileSync(path.join(main, 'sweep-report.txt'), 'utf8')).toContain(
      'br-merged-2 (branch merged): TEAR DOWN, the branch is gone',
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
      jenkinsfile.indexOf("stage('Tear down branch environment')"),
    );
    expect(stage).toContain("when { allOf { triggeredBy 'TimerTrigger'; expression { !params.TEARDOWN_BRANCH } } }");
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

  test.each(jobs.filter(([, job]) => talksToCluster(job)))('%s runs on a self-hosted deploy runner', (_id, job) => {
    expect(job['runs-on']).toEqual(['self-hosted', 'linux', 'oms-deploy']);
  });
});
