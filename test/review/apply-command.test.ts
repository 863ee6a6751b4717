import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Plan, applyPlan, phasePlan, teardownPlan } from '../../lib/review/apply-plan';
import { applyCommand, diffCommand } from '../../lib/review/commands';
import { CommandRunner, RunResult, spawnRunner } from '../../lib/review/run-plan';
import { teardownNamespaceName } from '../../lib/core';
import { capture, tfJson } from './fixtures';

const job = (name: string) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'e' } });
/** The drop Job as the database constructs render it: its own ServiceAccount, and the credentials from an ExternalSecret's Secret. */
const dropJob = (secret = 'creds') => ({
  ...job('drop'),
  spec: {
    template: {
      spec: {
        serviceAccountName: 'db-admin',
        containers: [{ name: 'job', env: [{ name: 'APP_DB', valueFrom: { secretKeyRef: { name: secret, key: 'dbname' } } }] }],
      },
    },
  },
});
const uninstallFiles = (secret = 'creds') => [
  { path: 'aws/main.tf.json', content: '{}' },
  { path: 'k8s/environment.yaml', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e' } }] },
  {
    path: 'k8s/app.yaml',
    objects: [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'e' } },
      job('seed'),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'db-admin', namespace: 'e' } },
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'creds', namespace: 'e' }, spec: {} },
    ],
  },
  { path: 'phases/upgrade/up.yaml', objects: [job('up')] },
  { path: 'phases/uninstall/drop.yaml', objects: [dropJob(secret)] },
];
const files = uninstallFiles();
/** The teardown's temporary namespace of environment e. */
const TMP = teardownNamespaceName('e');

/** A dist/ with one environment `e` of the given stage. */
function dist(stage: 'uat' | 'prod' | 'branch', extra: Record<string, string> = {}, input = files): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-apply-'));
  const envDir = path.join(dir, 'e');
  fs.mkdirSync(path.join(envDir, 'aws'), { recursive: true });
  fs.writeFileSync(path.join(envDir, 'apply-plan.json'), JSON.stringify(applyPlan('e', input, stage)));
  fs.writeFileSync(path.join(envDir, 'phase-plans.json'), JSON.stringify({ upgrade: phasePlan('e', 'upgrade', input, stage) }));
  const teardown = teardownPlan('e', input, stage);
  if (teardown) fs.writeFileSync(path.join(envDir, 'teardown-plan.json'), JSON.stringify(teardown));
  for (const [f, content] of Object.entries(extra)) fs.writeFileSync(path.join(envDir, f), content);
  return dir;
}

const ok = (stdout = ''): RunResult => ({ status: 0, stdout, stderr: '' });
const ready: Record<string, object> = {
  deployment: {
    metadata: { generation: 1 },
    spec: { replicas: 1 },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
  },
  job: { status: { conditions: [{ type: 'Complete', status: 'True' }] } },
  externalsecret: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
};
const SERVED = 'configmaps\nservices\nserviceaccounts\ndeployments.apps\nnetworkpolicies.networking.k8s.io\n';

/** What terraform show -json prints for a plan that changes the database password and removes a bucket (trimmed). */
const SHOW_JSON = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.11.4',
  prior_state: { values: { root_module: { resources: [{ values: { password: 'prior-secret' } }] } } },
  output_changes: { token: { actions: ['update'], before: 'old-token', after: 'new-token' } },
  resource_changes: [
    {
      address: 'aws_db_instance.db',
      type: 'aws_db_instance',
      mode: 'managed',
      change: {
        actions: ['update'],
        before: { password: 'old-secret', deletion_protection: true },
        after: { password: 'new-secret', deletion_protection: false },
        after_unknown: {},
        before_sensitive: { password: true },
        after_sensitive: { password: true },
      },
    },
    {
      address: 'aws_s3_bucket.b',
      type: 'aws_s3_bucket',
      mode: 'managed',
      change: { actions: ['delete'], before: { bucket: 'b' }, after: null },
    },
  ],
});

/** A cluster that answers every command well, unless `answer` says otherwise. */
function fakeCluster(answer: (argv: string[]) => RunResult | undefined = () => undefined) {
  const calls: string[] = [];
  const run: CommandRunner = (argv) => {
    calls.push(argv.join(' '));
    const special = answer([...argv]);
    if (special) return special;
    if (argv.includes('api-resources')) return ok(SERVED);
    if (argv.includes('get') && argv.includes('-o') && argv.includes('json')) {
      const kind = argv
        .find((a) => a.includes('/'))!
        .split('.')[0]
        .split('/')[0];
      return ok(JSON.stringify(ready[kind] ?? {}));
    }
    if (argv.includes('show')) return ok(SHOW_JSON);
    // An environment whose AWS resources still exist.
    if (argv.includes('state') && argv.includes('list')) return ok('aws_iam_role.db-admin\naws_secretsmanager_secret.credentials\n');
    return ok();
  };
  return { calls, run };
}
const noWait = { sleep: () => undefined, pollSeconds: 1 };

describe('argument parsing is strict: a mistake runs nothing', () => {
  test.each([
    [['e', '--dryrun'], 'apply: unknown option --dryrun'],
    [['e', '--phase'], 'apply: --phase needs a value: --phase <phase>'],
    [['e', '--phase', '--dry-run'], 'apply: --phase needs a value: --phase <phase>'],
    [['e', 'f'], 'apply: unexpected argument "f"'],
    [[], 'apply: the environment is required'],
    [
      ['../outside/e'],
      'apply: <env> must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "../outside/e"). Fix: pass the environment\'s name, a folder of the output',
    ],
    [
      ['E'],
      'apply: <env> must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "E"). Fix: pass the environment\'s name, a folder of the output',
    ],
    [['e', '--context', 'a', '--context', 'b'], 'apply: --context is given twice'],
    [['e', '--dry-run=yes'], 'apply: --dry-run takes no value (received "yes")'],
    [['e', '--teardown', '--phase', 'x'], 'apply: --teardown and --phase cannot be combined'],
    [['e', '--plan-only', '--reviewed-plan'], 'apply: --plan-only and --reviewed-plan cannot be combined'],
    [
      ['e', '--teardown', '--reviewed-plan'],
      'apply: --plan-only and --reviewed-plan apply to the environment plan only, not to --teardown or --phase',
    ],
  ])('%j', (argv, message) => {
    const cluster = fakeCluster();
    const out = capture();
    expect(applyCommand([...argv, '--dist', dist('uat')], { run: cluster.run, io: out.io })).toBe(64);
    expect(out.err.join('').split('\n')[0]).toBe(message);
    expect(cluster.calls).toEqual([]);
  });

  test.each([[['--help']], [['e', '--help']], [['e', '--context', 'c', '-h']]])('%j prints the usage, exits 0 and runs nothing', (argv) => {
    const cluster = fakeCluster();
    const out = capture();
    expect(applyCommand([...argv, '--dist', dist('uat')], { run: cluster.run, io: out.io })).toBe(0);
    expect(out.out.join('')).toMatch(/^usage: apply <env> \[options\]/);
    expect(cluster.calls).toEqual([]);
  });
});

describe('a plan file of the wrong shape is refused before anything reads it', () => {
  const FIX = 'Fix: synthesize the environment again (npm run synth) and apply the plan it writes; do not edit it';
  test.each([
    [
      'apply-plan.json',
      ['e', '--context', 'c'],
      '{"environment":"e"}',
      'plan.steps must be a non-empty list of steps (received undefined)',
    ],
    ['apply-plan.json', ['e', '--context', 'c'], '[]', 'plan must be a plan: { environment, steps } (received "a list")'],
    [
      'phase-plans.json',
      ['e', '--context', 'c', '--phase', 'upgrade'],
      '{"upgrade":{"environment":"e","steps":"all"}}',
      'plan.steps must be a non-empty list of steps (received "all")',
    ],
  ])('%s %j: %s', (file, argv, content, problem) => {
    const dir = dist('uat', { [file]: content });
    const cluster = fakeCluster();
    const out = capture();
    expect(applyCommand([...argv, '--dist', dir], { run: cluster.run, io: out.io })).toBe(1);
    expect(out.err.join('')).toBe(`apply e: e/${file}: invalid configuration\n  - ${problem}. ${FIX}\nNothing ran.\n`);
    expect(cluster.calls).toEqual([]);
  });
});

test('an environment in an output without environments: synthesize first', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-apply-'));
  const out = capture();
  expect(applyCommand(['x', '--context', 'c', '--dist', empty], { run: fakeCluster().run, io: out.io })).toBe(1);
  expect(out.err.join('')).toBe(
    `apply x: ${path.join(empty, 'x', 'apply-plan.json')} not found. Fix: run the synth command first (or pass --dist).\n`,
  );
});

describe('what must be explicit before anything runs', () => {
  test.each([
    [
      'uat',
      ['e'],
      64,
      'apply e: --context <name> is required: every kubectl command is pinned to the cluster it is meant for. Fix: pass --context',
    ],
    ['prod', ['e', '--context', 'c', '--reviewed-plan'], 64, 'apply e: is a production environment: pass --confirm e to confirm'],
    [
      'prod',
      ['e', '--context', 'c', '--reviewed-plan', '--confirm', 'uat'],
      64,
      'apply e: is a production environment: pass --confirm e to confirm (received --confirm uat)',
    ],
    [
      'prod',
      ['e', '--context', 'c', '--confirm', 'e'],
      64,
      'apply e: applies Terraform only from a reviewed plan in production: run with --plan-only, review aws/tfplan.review.json, then run with --reviewed-plan',
    ],
    [
      'prod',
      ['e', '--context', 'c', '--confirm', 'e', '--reviewed-plan'],
      1,
      /^apply e: --reviewed-plan: .*e\/aws\/tfplan not found\. Fix: run with --plan-only first and review it$/,
    ],
    [
      'uat',
      ['x', '--context', 'c'],
      1,
      // A typo lists the environments there instead of advising a synthesis.
      /^apply: no environment x in \S+; the environments there are: e\. Fix: name one of them, or synthesize x first \(synth x\)$/,
    ],
    [
      'uat',
      ['e', '--context', 'c', '--teardown'],
      1,
      'apply e: has no teardown plan: only disposable (branch) environments are torn down this way.',
    ],
    ['uat', ['e', '--context', 'c', '--phase', 'deploy'], 1, 'apply e: has no deploy phase; it has: upgrade'],
  ])('%s %j exits %d', (stage, argv, code, message) => {
    const cluster = fakeCluster();
    const out = capture();
    expect(applyCommand([...argv, '--dist', dist(stage as 'uat')], { run: cluster.run, io: out.io })).toBe(code);
    expect(out.err.join('').trim()).toMatch(message);
    expect(cluster.calls).toEqual([]);
  });

  test('a corrupt plan file is refused', () => {
    const d = dist('uat');
    fs.writeFileSync(path.join(d, 'e', 'apply-plan.json'), '{');
    const out = capture();
    expect(applyCommand(['e', '--context', 'c', '--dist', d], { run: fakeCluster().run, io: out.io })).toBe(1);
    expect(out.err.join('')).toMatch(/apply-plan\.json: not valid JSON/);
  });
});

describe('running the plan', () => {
  test('every kubectl command is pinned to the context; Terraform plans, saves and applies that plan; the prune leaves out unserved kinds', () => {
    const cluster = fakeCluster();
    const d = dist('uat');
    expect(applyCommand(['e', '--context', 'uat-ctx', '--dist', d], { run: cluster.run, io: capture().io, runOptions: noWait })).toBe(0);
    expect(cluster.calls.filter((c) => c.startsWith('kubectl')).every((c) => c.startsWith('kubectl --context=uat-ctx '))).toBe(true);
    expect(cluster.calls).toEqual([
      'terraform -chdir=aws init -input=false -lock-timeout=5m',
      'terraform -chdir=aws plan -input=false -lock-timeout=5m -out=tfplan',
      'terraform -chdir=aws show -json tfplan',
      'terraform -chdir=aws apply -input=false -lock-timeout=5m tfplan',
      'kubectl --context=uat-ctx apply -f k8s/environment.yaml',
      'kubectl --context=uat-ctx apply -f k8s/app.yaml',
      'kubectl --context=uat-ctx get deployment.apps/app -n e -o json',
      'kubectl --context=uat-ctx get job.batch/seed -n e -o json',
      'kubectl --context=uat-ctx api-resources -o name',
      'kubectl --context=uat-ctx apply -f k8s/ --prune -l oms.platform/environment=e,!oms.platform/phase ' +
        '--prune-allowlist core/v1/ConfigMap --prune-allowlist core/v1/Service --prune-allowlist core/v1/ServiceAccount ' +
        '--prune-allowlist apps/v1/Deployment --prune-allowlist networking.k8s.io/v1/NetworkPolicy',
    ]);
    expect(fs.existsSync(path.join(d, 'e', 'aws', 'tfplan.json'))).toBe(false);
    expect(fs.existsSync(path.join(d, 'e', 'aws', 'tfplan.review.json'))).toBe(true);
  });

  test('--plan-only saves the plan and applies nothing; production then applies that reviewed plan', () => {
    const d = dist('prod');
    const planning = fakeCluster();
    expect(applyCommand(['e', '--plan-only', '--dist', d], { run: planning.run, io: capture().io })).toBe(0);
    expect(planning.calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'terraform -chdir=aws init',
      'terraform -chdir=aws plan',
      'terraform -chdir=aws show',
    ]);
    // Only the summary is written: no value, no prior state, no output, and nothing else in aws/.
    expect(fs.readdirSync(path.join(d, 'e', 'aws')).sort()).toEqual(['tfplan.review.json']);
    const summary = fs.readFileSync(path.join(d, 'e', 'aws', 'tfplan.review.json'), 'utf8');
    for (const secret of ['prior-secret', 'old-secret', 'new-secret', 'old-token', 'new-token', 'prior_state', 'output_changes'])
      expect(summary).not.toContain(secret);
    expect(JSON.parse(summary)).toEqual({
      format: 'oms-plan-review/1',
      terraform_version: '1.11.4',
      resource_changes: [
        {
          address: 'aws_db_instance.db',
          type: 'aws_db_instance',
          actions: ['update'],
          changed: ['deletion_protection', 'password'],
          weakened: ['aws_db_instance loses its protection: deletion_protection true -> false'],
        },
        { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', actions: ['delete'], changed: [], weakened: [] },
      ],
    });
    // The review reads the summary and fails on what the full plan would have failed on.
    fs.writeFileSync(path.join(d, 'e', 'aws', 'main.tf.json'), tfJson({ aws_db_instance: { db: {} }, aws_s3_bucket: { b: {} } }));
    const review = capture();
    expect(diffCommand([d, d, '--plan', `e=${path.join(d, 'e', 'aws', 'tfplan.review.json')}`], review.io)).toBe(2);
    expect(review.out.join('')).toContain(
      '  !! DESTRUCTIVE tf aws_db_instance.db: aws_db_instance loses its protection: deletion_protection true -> false\n' +
        '  !! DESTRUCTIVE tf aws_s3_bucket.b: aws_s3_bucket is destroyed\n',
    );
    expect(review.out.join('')).toContain('      password: changes (the plan summary keeps no values)\n');
    fs.writeFileSync(path.join(d, 'e', 'aws', 'tfplan'), 'binary plan');
    const applying = fakeCluster();
    expect(
      applyCommand(['e', '--context', 'prod', '--confirm', 'e', '--reviewed-plan', '--dist', d], {
        run: applying.run,
        io: capture().io,
        runOptions: noWait,
      }),
    ).toBe(0);
    expect(applying.calls.filter((c) => c.startsWith('terraform'))).toEqual([
      'terraform -chdir=aws init -input=false -lock-timeout=5m',
      'terraform -chdir=aws apply -input=false -lock-timeout=5m tfplan',
    ]);
  });

  test('a crash-looping release fails the apply when its rollout exceeds the progress deadline', () => {
    const cluster = fakeCluster((argv) =>
      argv.includes('deployment.apps/app')
        ? ok(
            JSON.stringify({
              status: {
                conditions: [
                  {
                    type: 'Progressing',
                    status: 'False',
                    reason: 'ProgressDeadlineExceeded',
                    message: 'ReplicaSet "app-1" has timed out progressing.',
                  },
                ],
              },
            }),
          )
        : undefined,
    );
    const out = capture();
    expect(applyCommand(['e', '--context', 'c', '--dist', dist('uat')], { run: cluster.run, io: out.io, runOptions: noWait })).toBe(1);
    expect(out.out.join('')).toContain(
      'Deployment e/app: the rollout exceeded its progress deadline: ReplicaSet "app-1" has timed out progressing.. See: kubectl logs deployment.apps/app -n e; stopping.',
    );
    expect(out.out.join('')).toMatch(/To resume after fixing it: apply e --context c --dist \S+ --from workloads/);
    expect(cluster.calls.some((c) => c.includes('--prune'))).toBe(false);
  });

  test('a failed Job stops the run at once, not at the end of its deadline', () => {
    let polls = 0;
    let slept = 0;
    const cluster = fakeCluster((argv) => {
      if (!argv.includes('job.batch/seed')) return undefined;
      polls++;
      return ok(
        JSON.stringify({
          status: {
            failed: 3,
            conditions: [
              { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
            ],
          },
        }),
      );
    });
    const out = capture();
    expect(
      applyCommand(['e', '--context', 'c', '--dist', dist('uat')], {
        run: cluster.run,
        io: out.io,
        runOptions: { sleep: () => void slept++ },
      }),
    ).toBe(1);
    expect([polls, slept]).toEqual([1, 0]);
    expect(out.out.join('')).toContain('Job e/seed: the Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  test('a rollout that never becomes ready fails at its time limit', () => {
    let clock = 0;
    const cluster = fakeCluster((argv) =>
      argv.includes('deployment.apps/app')
        ? ok(
            JSON.stringify({
              metadata: { generation: 2 },
              spec: { replicas: 2 },
              status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 },
            }),
          )
        : undefined,
    );
    const out = capture();
    const runOptions = { pollSeconds: 30, now: () => clock, sleep: (s: number) => void (clock += s) };
    expect(applyCommand(['e', '--context', 'c', '--dist', dist('uat')], { run: cluster.run, io: out.io, runOptions })).toBe(1);
    expect(clock).toBe(900);
    expect(out.out.join('')).toContain(
      'Deployment e/app was not ready within 900s (last seen: 1 of 2 updated replicas available); stopping.',
    );
  });

  test.each([
    [{ status: null, error: 'ENOENT' }, 127, 'terraform is not installed or not on PATH. Fix: install terraform; stopping.'],
    [
      { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT' },
      1,
      'terraform did not finish within its time limit of 600s and was stopped; stopping.',
    ],
    [{ status: null, signal: 'SIGINT' }, 130, 'terraform was stopped by SIGINT; stopping.'],
    [{ status: 3 }, 3, 'terraform failed with exit code 3; stopping.'],
  ])('%j: the missing binary, the time limit or the signal is named, with how to resume', (result, code, message) => {
    const cluster = fakeCluster((argv) => (argv[0] === 'terraform' ? (result as RunResult) : undefined));
    const out = capture();
    expect(applyCommand(['e', '--context', 'c', '--dist', dist('uat')], { run: cluster.run, io: out.io })).toBe(code);
    expect(out.out.join('')).toContain(message);
    expect(out.out.join('')).toMatch(/To resume after fixing it: apply e --context c --dist \S+ --from terraform\n/);
    expect(cluster.calls).toHaveLength(1);
  });

  test('--from resumes at a step', () => {
    const cluster = fakeCluster();
    expect(applyCommand(['e', '--context', 'c', '--from', 'prune', '--dist', dist('uat')], { run: cluster.run, io: capture().io })).toBe(0);
    expect(cluster.calls.map((c) => c.split(' ')[2])).toEqual(['api-resources', 'apply']);
    const out = capture();
    expect(applyCommand(['e', '--context', 'c', '--from', 'nope', '--dist', dist('uat')], { run: cluster.run, io: out.io })).toBe(64);
    expect(out.out.join('')).toContain('there is no step nope; the steps are: terraform, namespace, workloads, prune');
  });

  test('the prune fails closed when the cluster cannot list its APIs', () => {
    const cluster = fakeCluster((argv) =>
      argv.includes('api-resources') ? { status: 1, stderr: 'Unable to connect to the server' } : undefined,
    );
    const out = capture();
    expect(applyCommand(['e', '--context', 'c', '--from', 'prune', '--dist', dist('uat')], { run: cluster.run, io: out.io })).toBe(1);
    expect(cluster.calls.some((c) => c.includes('--prune'))).toBe(false);
    expect(out.out.join('')).toContain("cannot list the cluster's APIs: kubectl failed with exit code 1; stopping.");
  });

  test('a lifecycle phase applies its Jobs and waits for them', () => {
    const cluster = fakeCluster();
    expect(applyCommand(['e', '--context', 'c', '--phase', 'upgrade', '--dist', dist('uat')], { run: cluster.run, io: capture().io })).toBe(
      0,
    );
    expect(cluster.calls).toEqual([
      'kubectl --context=c apply -f phases/upgrade/up.yaml',
      'kubectl --context=c get job.batch/up -n e -o json',
    ]);
  });

  test('--dry-run prints the commands with their time limits and runs nothing', () => {
    const cluster = fakeCluster();
    const out = capture();
    expect(applyCommand(['e', '--dry-run', '--dist', dist('prod')], { run: cluster.run, io: out.io })).toBe(0);
    expect(cluster.calls).toEqual([]);
    expect(out.out.join('')).toContain('   $ kubectl apply -f k8s/environment.yaml   (at most 300s)\n');
    expect(out.out.join('')).toContain('   wait for Job e/seed (at most 1800s; a failure stops the run)\n');
  });
});

describe('teardown', () => {
  const notFound = { status: 1, stderr: 'Error from server (NotFound): namespaces "e" not found\n' };
  const namespace = (phase: string, branch?: string) =>
    ok(JSON.stringify({ metadata: { name: 'e', annotations: branch ? { 'oms.platform/branch': branch } : {} }, status: { phase } }));
  const lookup = (answer: RunResult) => (argv: string[]) => (argv.includes('namespace') && argv.includes('get') ? answer : undefined);
  const teardown = (cluster: ReturnType<typeof fakeCluster>, extra: string[] = [], d = dist('branch')) => {
    const out = capture();
    const code = applyCommand(['e', '--teardown', '--context', 'c', '--dist', d, ...extra], {
      run: cluster.run,
      io: out.io,
      runOptions: noWait,
    });
    return { code, out: out.out.join(''), err: out.err.join('') };
  };

  test('an Active namespace: the drop Job runs in it and is waited for, then the namespace and the AWS resources go', () => {
    const cluster = fakeCluster(lookup(namespace('Active')));
    expect(teardown(cluster).code).toBe(0);
    expect(cluster.calls).toEqual([
      'kubectl --context=c get namespace e -o json',
      'kubectl --context=c apply -f phases/uninstall/drop.yaml',
      'kubectl --context=c get job.batch/drop -n e -o json',
      'kubectl --context=c delete namespace e --ignore-not-found --wait=true --timeout=900s',
      'terraform -chdir=aws init -input=false -lock-timeout=5m',
      'terraform -chdir=aws destroy -input=false -auto-approve -lock-timeout=5m',
    ]);
  });

  const DELETE_TMP = `kubectl --context=c delete namespace ${TMP} --ignore-not-found --wait=true --timeout=300s`;
  const AFTER_DROP = [
    'kubectl --context=c delete namespace e --ignore-not-found --wait=true --timeout=900s',
    'terraform -chdir=aws init -input=false -lock-timeout=5m',
    'terraform -chdir=aws destroy -input=false -auto-approve -lock-timeout=5m',
  ];
  const STATE_CHECK = ['terraform -chdir=aws init -input=false -lock-timeout=5m', 'terraform -chdir=aws state list'];
  const IN_TMP = [
    ...STATE_CHECK,
    DELETE_TMP,
    'kubectl --context=c apply -f teardown/uninstall-jobs.yaml',
    `kubectl --context=c get externalsecret.external-secrets.io/creds -n ${TMP} -o json`,
    `kubectl --context=c get job.batch/drop -n ${TMP} -o json`,
    DELETE_TMP,
  ];
  const failedJob = ok(
    JSON.stringify({
      status: {
        failed: 3,
        conditions: [
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
        ],
      },
    }),
  );

  test('an Active namespace never touches the temporary namespace', () => {
    const cluster = fakeCluster(lookup(namespace('Active')));
    expect(teardown(cluster).code).toBe(0);
    expect(cluster.calls.filter((c) => c.includes(TMP))).toEqual([]);
  });

  test.each([
    ['gone (deleted by hand)', notFound, 'namespace e is gone'],
    ['Terminating', namespace('Terminating'), 'namespace e is Terminating (nothing new can be created in it)'],
  ])(
    'a namespace %s: the drop Job runs in the temporary namespace, which is deleted after it; then the namespace and the AWS resources go',
    (_n, answer, why) => {
      const cluster = fakeCluster(lookup(answer as RunResult));
      const run = teardown(cluster);
      expect(run.code).toBe(0);
      expect(cluster.calls).toEqual(['kubectl --context=c get namespace e -o json', ...IN_TMP, ...AFTER_DROP]);
      expect(run.out).toContain(
        `  ${why}: run the uninstall Jobs in the temporary namespace ${TMP} (teardown/uninstall-jobs.yaml), then delete it\n`,
      );
      // Nothing is created in the environment's own namespace.
      expect(cluster.calls).not.toContain('kubectl --context=c apply -f phases/uninstall/drop.yaml');
    },
  );

  test('a drop Job that fails in the temporary namespace stops the teardown, keeps the namespace for its log, and says how to resume; the rerun starts clean and finishes', () => {
    const gone = lookup(notFound as RunResult);
    const failing = fakeCluster((argv) => (argv.includes(`job.batch/drop`) ? failedJob : gone(argv)));
    const first = teardown(failing);
    expect(first.code).toBe(1);
    expect(failing.calls).toEqual(['kubectl --context=c get namespace e -o json', ...IN_TMP.slice(0, 6)]);
    expect(first.out).toContain(
      `  Job ${TMP}/drop: the Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit. See: kubectl logs job/drop -n ${TMP}; stopping.\n`,
    );
    expect(first.out).toContain(`  What to do: a failed Job says why in its log (kubectl logs job/<name> -n ${TMP}); `);
    expect(first.out).toContain('The temporary namespace is left for that, and the next run deletes it before it starts again;');
    expect(first.out).toMatch(/To resume after fixing it: apply e --teardown --context c --dist \S+ --from uninstall-jobs\n/);

    // The rerun (the whole teardown again, as CI reruns it): the leftover goes first, so the failed Job is not found again.
    const rerun = fakeCluster(gone);
    expect(teardown(rerun).code).toBe(0);
    expect(rerun.calls).toEqual(['kubectl --context=c get namespace e -o json', ...IN_TMP, ...AFTER_DROP]);
    expect(rerun.calls[3]).toBe(DELETE_TMP);
    expect(rerun.calls.at(-4)).toBe(DELETE_TMP);
  });

  test('a temporary namespace that is not deleted in time: the step fails after the drop, and the rerun (drop again, idempotent) finishes', () => {
    const gone = lookup(notFound as RunResult);
    let deletes = 0;
    const stuck = fakeCluster((argv) =>
      argv.includes('delete') && argv.includes(TMP) && ++deletes === 2
        ? { status: 1, stderr: `error: timed out waiting for the condition on namespaces/${TMP}` }
        : gone(argv),
    );
    const first = teardown(stuck);
    expect(first.code).toBe(1);
    expect(stuck.calls).toEqual(['kubectl --context=c get namespace e -o json', ...IN_TMP]);
    expect(first.out).toContain(
      `one that does not go away waits for finalizers (kubectl get namespace ${TMP} -o jsonpath='{.status.conditions}')`,
    );
    expect(first.out).toMatch(/To resume after fixing it: apply e --teardown .* --from uninstall-jobs\n/);
    const rerun = fakeCluster(gone);
    expect(teardown(rerun, ['--from', 'uninstall-jobs']).code).toBe(0);
    expect(rerun.calls).toEqual(['kubectl --context=c get namespace e -o json', ...IN_TMP, ...AFTER_DROP]);
  });

  test.each([
    ['gone', notFound, ok('')],
    ['Terminating', namespace('Terminating'), ok('\n')],
    ['gone', notFound, { status: 1, stderr: 'No state file was found!\n\nState management commands require a state file.' }],
  ])(
    'a rerun after the terraform step (namespace %s, Terraform state empty or absent): the drop was done before it, so it is skipped, saying so; the rest finishes',
    (_n, answer, state) => {
      const ns = lookup(answer as RunResult);
      const cluster = fakeCluster((argv) => (argv.includes('state') && argv.includes('list') ? (state as RunResult) : ns(argv)));
      const run = teardown(cluster);
      expect(run.code).toBe(0);
      expect(cluster.calls).toEqual(['kubectl --context=c get namespace e -o json', ...STATE_CHECK, ...AFTER_DROP]);
      expect(cluster.calls.filter((c) => c.includes(TMP))).toEqual([]);
      expect(run.out).toContain(
        "Terraform state is empty: its AWS resources (the Jobs' role and credentials) are destroyed, which a teardown does only after the drop. If they were destroyed another way, drop the database and user by hand\n",
      );
    },
  );

  test('a Terraform state that cannot be read stops the teardown before anything is created', () => {
    const ns = lookup(notFound as RunResult);
    const cluster = fakeCluster((argv) =>
      argv.includes('state') && argv.includes('list') ? { status: 1, stderr: 'Error: Failed to load state: AccessDenied' } : ns(argv),
    );
    const run = teardown(cluster);
    expect(run.code).toBe(1);
    expect(cluster.calls).toEqual(['kubectl --context=c get namespace e -o json', ...STATE_CHECK]);
    expect(run.out).toContain('terraform failed with exit code 1: Error: Failed to load state: AccessDenied; stopping.');
    expect(run.out).toMatch(/To resume after fixing it: apply e --teardown .* --from uninstall-jobs\n/);
  });

  test('the temporary namespace cannot be cleared of a leftover: nothing is applied, and the failure says what to do', () => {
    const cluster = fakeCluster((argv) =>
      argv.includes('delete') && argv.includes(TMP)
        ? { status: 1, stderr: 'Error from server (Forbidden): namespaces is forbidden' }
        : lookup(notFound as RunResult)(argv),
    );
    const run = teardown(cluster);
    expect(run.code).toBe(1);
    expect(cluster.calls).toEqual(['kubectl --context=c get namespace e -o json', ...STATE_CHECK, DELETE_TMP]);
    expect(run.out).toContain('  What to do: a failed Job says why in its log');
  });

  test('a Job that needs what the output does not hold (a Secret no ExternalSecret writes) cannot move: the teardown stops, saying the database is not dropped', () => {
    const cluster = fakeCluster(lookup(notFound as RunResult));
    const run = teardown(cluster, [], dist('branch', {}, uninstallFiles('by-hand')));
    expect(run.code).toBe(1);
    expect(cluster.calls).toEqual(['kubectl --context=c get namespace e -o json']);
    expect(run.out).toContain(
      '  namespace e is gone: the uninstall Jobs (the drop of the environment database and user) cannot run, and cannot move to a temporary namespace: ' +
        'Job drop reads Secret by-hand, which no ExternalSecret of the environment writes, so what they remove is left behind, on a shared database instance too. ' +
        'Fix: drop them by hand (the Jobs under phases/uninstall/ name them), then rerun the teardown with --skip uninstall-jobs. Nothing after this step ran; stopping.\n',
    );
  });

  test('--skip uninstall-jobs (the database dropped by hand) still skips it: the namespace (still Terminating) and the AWS resources are removed', () => {
    const cluster = fakeCluster(lookup(namespace('Terminating')));
    const run = teardown(cluster, ['--skip', 'uninstall-jobs']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('  skipped: namespace e is Terminating (nothing new can be created in it) (acknowledged with --skip)\n');
    expect(cluster.calls.slice(1)).toEqual(AFTER_DROP);
  });

  test('a namespace that does not finish terminating: the step fails at its limit and says what to do', () => {
    const cluster = fakeCluster((argv) =>
      argv.includes('delete')
        ? { status: 1, stderr: 'error: timed out waiting for the condition on namespaces/e' }
        : lookup(namespace('Active'))(argv),
    );
    const run = teardown(cluster);
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      "  What to do: a namespace stuck in Terminating waits for finalizers: kubectl get namespace e -o jsonpath='{.status.conditions}' names what is left; remove the finalizer of a resource whose controller is gone, then resume\n",
    );
    expect(run.out).toContain('  To resume after fixing it: apply e --teardown --context c --dist');
  });

  test.each([
    [
      'no access',
      { status: 1, stderr: 'Error from server (Forbidden): namespaces "e" is forbidden: User "ci" cannot get resource "namespaces"' },
    ],
    ['no cluster', { status: 1, stderr: 'The connection to the server localhost:8080 was refused' }],
    ['a timeout', { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT', stderr: '' }],
    ['not JSON', { status: 0, stdout: 'namespace/e', stderr: '' }],
  ])('any other answer from the namespace lookup (%s) stops the teardown before the database drop is skipped', (_name, result) => {
    const cluster = fakeCluster(lookup(result as RunResult));
    const run = teardown(cluster);
    expect(run.code).not.toBe(0);
    expect(cluster.calls).toEqual(['kubectl --context=c get namespace e -o json']);
    expect(run.out).toMatch(
      /cannot tell whether namespace e exists: kubectl|namespace e: kubectl --context=c get namespace e -o json printed something that is not JSON/,
    );
  });
});

describe('branch identity: a plan only touches a namespace of its own branch', () => {
  const annotated = (branch: string) => [
    ...files.filter((f) => f.path !== 'k8s/environment.yaml'),
    {
      path: 'k8s/environment.yaml',
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e', annotations: { 'oms.platform/branch': branch } } }],
    },
  ];
  const branchDist = () => {
    const d = dist('branch');
    fs.writeFileSync(path.join(d, 'e', 'apply-plan.json'), JSON.stringify(applyPlan('e', annotated('feature/x'), 'branch')));
    fs.writeFileSync(path.join(d, 'e', 'teardown-plan.json'), JSON.stringify(teardownPlan('e', annotated('feature/x'), 'branch')));
    return d;
  };
  const live = (branch: string) => (argv: string[]) =>
    argv.includes('namespace') && argv.includes('get')
      ? ok(JSON.stringify({ metadata: { name: 'e', annotations: { 'oms.platform/branch': branch } }, status: { phase: 'Active' } }))
      : undefined;

  test.each([
    ['an apply', []],
    ['a teardown', ['--teardown']],
  ])('%s for feature/x is refused when the namespace belongs to another branch; nothing runs', (_n, extra) => {
    const cluster = fakeCluster(live('origin/feature/x'));
    const out = capture();
    expect(
      applyCommand(['e', '--context', 'c', '--dist', branchDist(), ...extra], { run: cluster.run, io: out.io, runOptions: noWait }),
    ).toBe(1);
    expect(cluster.calls).toEqual(['kubectl --context=c get namespace e -o json']);
    expect(out.out.join('')).toContain(
      'namespace e belongs to branch "origin/feature/x" (annotation oms.platform/branch), not "feature/x": the two branch names give one environment name. ' +
        "Nothing was changed. Fix: rename this branch (any other name gives another environment), or tear the other branch's environment down first\n",
    );
  });

  test('the same branch, or a namespace not there yet, goes ahead', () => {
    const same = fakeCluster(live('feature/x'));
    expect(applyCommand(['e', '--context', 'c', '--dist', branchDist()], { run: same.run, io: capture().io, runOptions: noWait })).toBe(0);
    const fresh = fakeCluster((argv) =>
      argv.includes('namespace') && argv.includes('get') ? { status: 1, stderr: '(NotFound)' } : undefined,
    );
    expect(applyCommand(['e', '--context', 'c', '--dist', branchDist()], { run: fresh.run, io: capture().io, runOptions: noWait })).toBe(0);
    expect(fresh.calls[1]).toBe('terraform -chdir=aws init -input=false -lock-timeout=5m');
  });
});

describe('prune', () => {
  test('a cluster that serves none of the kinds: the prune refuses instead of falling back to kubectl defaults', () => {
    const cluster = fakeCluster((argv) => (argv.includes('api-resources') ? ok('pods\nsecrets\n') : undefined));
    const out = capture();
    expect(applyCommand(['e', '--context', 'c', '--dist', dist('uat')], { run: cluster.run, io: out.io, runOptions: noWait })).toBe(1);
    expect(cluster.calls.some((c) => c.includes('--prune'))).toBe(false);
    expect(out.out.join('')).toContain(
      'the cluster serves none of the 24 kinds the prune may delete (kubectl api-resources -o name listed 2 resources), and an empty allowlist would make kubectl prune its built-in default kinds',
    );
  });
});

describe('the real runner', () => {
  test.each([
    [['no-such-binary-oms'], 10, { status: null, error: 'ENOENT' }],
    [['sleep', '5'], 0.3, { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT' }],
    [['sh', '-c', 'exit 4'], 10, { status: 4, signal: null, error: undefined }],
  ])('%j', (argv, timeoutSeconds, expected) => {
    expect(spawnRunner(argv, { cwd: os.tmpdir(), timeoutSeconds, capture: true })).toMatchObject(expected);
  });
});

test('plan types stay what the runner reads', () => {
  const plan: Plan = applyPlan('e', files, 'uat');
  expect(plan.steps.map((s) => s.name)).toEqual(['terraform', 'namespace', 'workloads', 'prune']);
});
