import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DRIFT_USAGE, driftCommand } from '../../lib/review/drift';
import { CommandRunner, RunOptions, RunResult } from '../../lib/review/run-plan';
import { capture } from './fixtures';

/** What environment `e` synthesizes: its namespace, a Deployment, a Service, a Rollout, and a phase. */
const K8S = [
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: e\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n  namespace: e\n',
  'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: gw\n  namespace: e\n',
].join('---\n');

/** A dist/ with environment `e`, with the given parts. */
function dist(parts: ('k8s' | 'aws')[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-drift-'));
  for (const p of parts) fs.mkdirSync(path.join(dir, 'e', p), { recursive: true });
  if (parts.includes('k8s')) fs.writeFileSync(path.join(dir, 'e', 'k8s', 'environment.yaml'), K8S);
  return dir;
}

/** Recorded `kubectl get -o json --show-managed-fields` output of the namespace. */
const live = (name: 'namespace-clean' | 'namespace-hand-changes') => fs.readFileSync(path.join(__dirname, 'live', `${name}.json`), 'utf8');
/** What `kubectl api-resources -o name` prints on an EKS cluster with Argo Rollouts and KEDA (no OpenShift Routes). */
const APIS = [
  'configmaps',
  'services',
  'serviceaccounts',
  'deployments.apps',
  'statefulsets.apps',
  'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy',
  'networkpolicies.networking.k8s.io',
  'ingresses.networking.k8s.io',
  'cronjobs.batch',
  'roles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'scaledobjects.keda.sh',
  'scaledjobs.keda.sh',
  'triggerauthentications.keda.sh',
  'externalsecrets.external-secrets.io',
  'rollouts.argoproj.io',
  'pods',
  'secrets',
].join('\n');
const CLEAN: Record<string, RunResult> = {
  'api-resources': { status: 0, stdout: `${APIS}\n`, stderr: '' },
  'kubectl --context=dev get': { status: 0, stdout: live('namespace-clean'), stderr: '' },
};

/** A fake runner: answers by the command's first words, records every call. */
function fake(answers: Record<string, RunResult>) {
  const calls: { argv: string; options: RunOptions }[] = [];
  const all = { ...CLEAN, ...answers };
  const run: CommandRunner = (argv, options) => {
    calls.push({ argv: argv.join(' '), options });
    const key = Object.keys(all).find((k) => argv.join(' ').includes(k));
    return key ? all[key] : { status: 0, stdout: '', stderr: '' };
  };
  return { run, calls };
}

const KUBECTL = 'kubectl --context=dev diff --server-side --force-conflicts -f k8s/';
const GET =
  'kubectl --context=dev get configmaps,services,serviceaccounts,deployments.apps,statefulsets.apps,horizontalpodautoscalers.autoscaling,' +
  'poddisruptionbudgets.policy,networkpolicies.networking.k8s.io,ingresses.networking.k8s.io,cronjobs.batch,roles.rbac.authorization.k8s.io,' +
  'rolebindings.rbac.authorization.k8s.io,scaledobjects.keda.sh,scaledjobs.keda.sh,triggerauthentications.keda.sh,' +
  'externalsecrets.external-secrets.io,rollouts.argoproj.io -n e -o json --show-managed-fields';
const UNMANAGED = `Kubernetes objects not in dist/ (${GET})`;
const EDITED = `Kubernetes fields changed by hand (metadata.managedFields) (${GET})`;
const PLAN = 'terraform -chdir=aws plan -detailed-exitcode -input=false -lock-timeout=5m -no-color';

test('no drift: exit 0, both checks ran with their time limits from the environment folder', () => {
  const dir = dist(['k8s', 'aws']);
  const { run, calls } = fake({});
  const c = capture();
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run, io: c.io })).toBe(0);
  expect(calls.map((x) => [x.argv, x.options.timeoutSeconds, x.options.cwd])).toEqual([
    [KUBECTL, 600, path.join(dir, 'e')],
    ['kubectl --context=dev api-resources -o name', 120, path.join(dir, 'e')],
    [GET, 300, path.join(dir, 'e')],
    ['terraform -chdir=aws init -input=false -lock-timeout=5m -no-color', 600, path.join(dir, 'e')],
    [PLAN, 1800, path.join(dir, 'e')],
  ]);
  expect(c.out.join('')).toBe(
    `## drift: e (context dev)\n  Kubernetes (${KUBECTL}): no drift\n  ${UNMANAGED}: no drift\n  ${EDITED}: no drift\n  Terraform (${PLAN}): no drift\nResult: no drift.\n`,
  );
});

test('drift in Kubernetes (kubectl diff exit 1) and Terraform (plan exit 2): exit 2 with both diffs in the report', () => {
  const dir = dist(['k8s', 'aws']);
  const { run } = fake({
    'kubectl --context=dev diff': { status: 1, stdout: '-  replicas: 2\n+  replicas: 5\n', stderr: '' },
    'plan -detailed-exitcode': {
      status: 2,
      stdout: '~ aws_db_instance.db\n    instance_class: "db.m6g.large" -> "db.m6g.xlarge"\n',
      stderr: '',
    },
  });
  const c = capture();
  const report = path.join(dir, 'report.txt');
  expect(driftCommand(['e', '--context=dev', '--dist', dir, '--report', report], { run, io: c.io })).toBe(2);
  const expected = [
    '## drift: e (context dev)',
    `  Kubernetes (${KUBECTL}): DRIFT: the live state differs from dist/`,
    '    -  replicas: 2',
    '    +  replicas: 5',
    `  ${UNMANAGED}: no drift`,
    `  ${EDITED}: no drift`,
    `  Terraform (${PLAN}): DRIFT: the live state differs from dist/`,
    '    ~ aws_db_instance.db',
    '        instance_class: "db.m6g.large" -> "db.m6g.xlarge"',
    'Result: drift found. Someone changed the system by hand, or dist/ was not applied. Fix: put the change in the code and apply it, or apply dist/ to undo it.',
    '',
  ].join('\n');
  expect(c.out.join('')).toBe(expected);
  expect(fs.readFileSync(report, 'utf8')).toBe(expected);
});

test.each<[string, Record<string, RunResult>, string]>([
  [
    'kubectl fails (exit >1)',
    { 'kubectl --context=dev diff': { status: 2, stdout: '', stderr: 'error: Unauthorized' } },
    `  Kubernetes (${KUBECTL}): could not check\n    kubectl failed with exit code 2: error: Unauthorized`,
  ],
  [
    'kubectl times out',
    { 'kubectl --context=dev diff': { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT' } },
    `  Kubernetes (${KUBECTL}): could not check\n    kubectl did not finish within its time limit of 600s and was stopped`,
  ],
  [
    'terraform plan errors (exit 1)',
    { 'plan -detailed-exitcode': { status: 1, stdout: '', stderr: 'Error: No valid credential sources found' } },
    `  Terraform (${PLAN}): could not check\n    terraform failed with exit code 1: Error: No valid credential sources found`,
  ],
  [
    'terraform is missing',
    { 'terraform -chdir=aws init': { status: null, error: 'ENOENT' } },
    `  Terraform (${PLAN}): could not check\n    terraform is not installed or not on PATH. Fix: install terraform`,
  ],
])('%s: exit 1, drift unknown, never "no drift"', (_name, answers, line) => {
  const dir = dist(['k8s', 'aws']);
  const c = capture();
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run: fake(answers).run, io: c.io })).toBe(1);
  expect(c.out.join('')).toContain(line);
  expect(c.out.join('')).toContain('Result: drift is unknown: 1 check(s) could not run. Fix the cause above and rerun.');
});

test('an environment with only Terraform needs no context', () => {
  const dir = dist(['aws']);
  const { run, calls } = fake({});
  expect(driftCommand(['e', '--dist', dir], { run, io: capture().io })).toBe(0);
  expect(calls.map((x) => x.argv.split(' ')[0])).toEqual(['terraform', 'terraform']);
});

test.each([
  [['--context', 'dev'], 'drift: the environment is required'],
  [['e', '--context'], 'drift: --context needs a value: --context <name>'],
  [['e', '--context', 'dev', '--force'], 'drift: unknown option --force'],
  [['e', 'f', '--context', 'dev'], 'drift: unexpected argument "f"'],
  [
    ['../x', '--context', 'dev'],
    'drift: <env> must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "../x"). Fix: pass the environment\'s name, a folder of the output',
  ],
  [['e'], "drift e: --context <name> is required: the comparison is pinned to the environment's cluster. Fix: pass --context"],
])('%j is a usage error (exit 64) and runs nothing', (argv, message) => {
  const dir = dist(['k8s']);
  const { run, calls } = fake({});
  const c = capture();
  expect(driftCommand([...argv, '--dist', dir], { run, io: c.io })).toBe(64);
  expect(c.err.join('')).toBe(`${message}\n\n${DRIFT_USAGE}`);
  expect(calls).toEqual([]);
});

test('a missing environment folder is exit 1 with the fix', () => {
  const dir = dist([]);
  const c = capture();
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run: fake({}).run, io: c.io })).toBe(1);
  expect(c.err.join('')).toBe(
    `drift e: ${path.join(dir, 'e')} has neither k8s/ nor aws/. Fix: run the synth command first (or pass --dist)\n`,
  );
});

test('an environment that is not in the output lists the ones there', () => {
  const dir = dist(['k8s']);
  const c = capture();
  expect(driftCommand(['uat-ek', '--context', 'dev', '--dist', dir], { run: fake({}).run, io: c.io })).toBe(1);
  expect(c.err.join('')).toBe(
    `drift: no environment uat-ek in ${dir}; the environments there are: e. Fix: name one of them, or synthesize uat-ek first (synth uat-ek)\n`,
  );
});

describe('what kubectl diff cannot see, from the namespace listed with its managed fields', () => {
  test('hand-made objects and fields a person owns are drift, naming object, manager and fields; the legitimate rest is not', () => {
    const dir = dist(['k8s']);
    const c = capture();
    const { run } = fake({ 'kubectl --context=dev get': { status: 0, stdout: live('namespace-hand-changes'), stderr: '' } });
    expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run, io: c.io })).toBe(2);
    expect(c.out.join('')).toBe(
      [
        '## drift: e (context dev)',
        `  Kubernetes (${KUBECTL}): no drift`,
        `  ${UNMANAGED}: DRIFT: the live state differs from dist/`,
        '    ConfigMap e/debug-settings: not in dist/ (written by kubectl-create). Fix: add it to the code, or delete it',
        `  ${EDITED}: DRIFT: the live state differs from dist/`,
        '    Deployment e/app: kubectl-edit (Update, 2026-11-02T10:30:00Z) owns spec.template.spec.containers[name=app].env[name=DEBUG].name, spec.template.spec.containers[name=app].env[name=DEBUG].value. Fix: put the change in the code and apply it, or undo it',
        '    Deployment e/app: kubectl-scale (Update through /scale, 2026-11-02T10:31:00Z) owns spec.replicas. Fix: put the change in the code and apply it, or undo it',
        '    Rollout e/gw: Mozilla (Update, 2026-11-02T10:33:00Z) owns spec.strategy.blueGreen.autoPromotionEnabled. Fix: put the change in the code and apply it, or undo it',
        '    Service e/app: kubectl-label (Update, 2026-11-02T10:32:00Z) owns metadata.labels.team. Fix: put the change in the code and apply it, or undo it',
        'Result: drift found. Someone changed the system by hand, or dist/ was not applied. Fix: put the change in the code and apply it, or apply dist/ to undo it.',
        '',
      ].join('\n'),
    );
  });

  test.each<[string, Record<string, RunResult>, string]>([
    [
      'the cluster APIs cannot be listed',
      { 'api-resources': { status: 1, stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)' } },
      'kubectl failed with exit code 1: error: You must be logged in to the server (Unauthorized)',
    ],
    [
      'listing the namespace times out',
      { 'kubectl --context=dev get': { status: null, signal: 'SIGTERM', error: 'ETIMEDOUT' } },
      'kubectl did not finish within its time limit of 300s and was stopped',
    ],
    [
      'the listing is not JSON',
      { 'kubectl --context=dev get': { status: 0, stdout: 'No resources found in e namespace.\n', stderr: '' } },
      `${GET} printed no readable object list (`,
    ],
  ])('%s: exit 1, drift unknown, never "no drift"', (_name, answers, detail) => {
    const dir = dist(['k8s']);
    const c = capture();
    expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run: fake(answers).run, io: c.io })).toBe(1);
    expect(c.out.join('')).toContain(
      `  ${'Kubernetes objects not in dist/'}; ${'Kubernetes fields changed by hand (metadata.managedFields)'}: could not check\n    ${detail}`,
    );
    expect(c.out.join('')).not.toContain('Result: no drift.');
  });
});

test("the namespace listed is the environment's own Namespace, even when other files come first", () => {
  const dir = dist(['k8s']);
  fs.writeFileSync(
    path.join(dir, 'e', 'k8s', 'a-first.yaml'),
    'apiVersion: quota.openshift.io/v1\nkind: ClusterResourceQuota\nmetadata:\n  name: ceiling\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-hint\n  namespace: openshift-ingress\n',
  );
  const { run, calls } = fake({});
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run, io: capture().io })).toBe(0);
  expect(calls.map((c) => c.argv).filter((a) => a.includes(' get '))).toEqual([GET]);
});

test('k8s/ without any namespace to list: drift is unknown (exit 1)', () => {
  const dir = dist([]);
  fs.mkdirSync(path.join(dir, 'e', 'k8s'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'e', 'k8s', 'cluster.yaml'),
    'apiVersion: quota.openshift.io/v1\nkind: ClusterResourceQuota\nmetadata:\n  name: ceiling\n',
  );
  const c = capture();
  expect(driftCommand(['e', '--context', 'dev', '--dist', dir], { run: fake({}).run, io: c.io })).toBe(1);
  expect(c.out.join('')).toContain(
    `could not check\n    ${path.join(dir, 'e')}/k8s has no Namespace and no namespaced object, so there is no namespace to list`,
  );
});
