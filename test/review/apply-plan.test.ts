import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyPlan, teardownPlan } from '../../lib/review/apply-plan';
import { applyCommand } from '../../lib/review/commands';
import { runPlan } from '../../lib/review/run-plan';
import { renderAllApps } from '../support/apps';

const apps = Object.fromEntries(renderAllApps().map(({ env }) => [env.name, env]));
const planOf = (name: string) => JSON.parse(apps[name].files.find((f) => f.path === 'apply-plan.json')!.content);
const stepNames = (name: string) => planOf(name).steps.map((s: any) => s.name);

describe('apply plan order', () => {
  test('an environment with AWS: Terraform, namespace, config and secrets, workloads, routing, prune', () => {
    expect(stepNames('uat-eks')).toEqual(['terraform', 'namespace', 'config', 'workloads', 'routing', 'prune']);
  });

  test('a full test environment: data services before the workloads; lifecycle phases are separate plans', () => {
    expect(stepNames('test-full')).toEqual(['namespace', 'config', 'data-services', 'workloads', 'routing', 'prune']);
    const phases = JSON.parse(apps['test-full'].files.find((f) => f.path === 'phase-plans.json')!.content);
    expect(Object.keys(phases)).toEqual(['install', 'rollback', 'test', 'uninstall', 'upgrade']);
    const install = phases.install.steps[0].commands as string[][];
    expect(install.slice(0, 2)).toEqual([
      ['kubectl', 'apply', '-f', 'phases/install/broker-setup.yaml'],
      ['kubectl', 'apply', '-f', 'phases/install/data-setup.yaml'],
    ]);
    expect(install[2].slice(0, 3)).toEqual(['kubectl', 'wait', '--for=condition=complete']);
    expect(install[2].filter((a) => a.startsWith('job/')).map((a) => a.replace(/-[0-9a-f]{6}$/, ''))).toEqual([
      'job/broker-setup-10-0-2409-1-4f2a9c1',
      'job/data-setup-10-0-2409-1-4f2a9c1',
    ]);
  });

  test('the routing comes after every workload, and the namespace before everything in it', () => {
    for (const name of Object.keys(apps)) {
      const steps: string[] = stepNames(name);
      expect(steps.indexOf('namespace')).toBeLessThan(steps.indexOf('workloads'));
      expect(steps.indexOf('workloads')).toBeLessThan(steps.indexOf('routing'));
      expect(steps.at(-1)).toBe('prune');
    }
  });

  test('prune selects the environment by label and never prunes namespaces or volumes', () => {
    const prune = planOf('test-full').steps.at(-1).commands[0] as string[];
    expect(prune.slice(0, 7)).toEqual(['kubectl', 'apply', '-f', 'k8s/', '--prune', '-l', 'oms.platform/environment=test-full']);
    expect(prune.join(' ')).not.toMatch(/Namespace|PersistentVolumeClaim/);
    expect(prune).toContain('apps/v1/StatefulSet');
  });

  test('ExternalSecrets are waited for before workloads start', () => {
    const config = planOf('uat-eks').steps.find((s: any) => s.name === 'config');
    expect(config.commands.at(-1)).toEqual([
      'kubectl',
      'wait',
      '--for=condition=Ready',
      'externalsecret/database-credentials',
      'externalsecret/cache-auth',
      '-n',
      'uat-eks',
      '--timeout=5m',
    ]);
  });
});

describe('teardown', () => {
  const branch = Object.values(apps).find((e) => e.stage === 'branch' && e.name.startsWith('br-'))!;

  test('only disposable environments get one: uninstall Jobs, namespace, Terraform destroy', () => {
    const plan = JSON.parse(branch.files.find((f) => f.path === 'teardown-plan.json')!.content);
    expect(plan.steps.map((s: any) => s.name)).toEqual(['uninstall-jobs', 'namespace', 'terraform']);
    expect(plan.steps[1].commands[0]).toEqual(['kubectl', 'delete', 'namespace', branch.name, '--ignore-not-found', '--wait=true']);
    for (const name of ['uat-eks', 'staging', 'production'])
      expect(apps[name].files.some((f) => f.path === 'teardown-plan.json')).toBe(false);
    expect(teardownPlan('production', [], 'prod')).toBeUndefined();
  });

  test('safe to run twice: with the namespace gone, the uninstall Jobs are skipped and the rest still runs', () => {
    const plan = teardownPlan(branch.name, branch.files, 'branch')!;
    const ran: string[] = [];
    const namespaceGone = (argv: readonly string[]) => {
      ran.push(argv.join(' '));
      return argv[1] === 'get' && argv[2] === 'namespace' ? 1 : 0;
    };
    expect(runPlan(plan, { cwd: '.', dryRun: false, run: namespaceGone, log: () => undefined })).toBe(0);
    expect(ran).toEqual([
      `kubectl get namespace ${branch.name}`,
      `kubectl delete namespace ${branch.name} --ignore-not-found --wait=true`,
      'terraform -chdir=aws init -input=false',
      'terraform -chdir=aws destroy -input=false -auto-approve',
    ]);
  });
});

describe('the apply command', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-apply-'));
  const plan = applyPlan(
    'e',
    [
      { path: 'k8s/environment.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e\n' },
      { path: 'k8s/app.yaml', content: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n' },
    ],
    'uat',
  );
  fs.mkdirSync(path.join(dist, 'e'));
  fs.writeFileSync(path.join(dist, 'e', 'apply-plan.json'), JSON.stringify(plan));
  const io = () => {
    const out: string[] = [];
    return { out, io: { out: (t: string) => out.push(t), err: (t: string) => out.push(t) } };
  };

  test('--dry-run prints the commands and runs nothing', () => {
    const run = jest.fn(() => 0);
    const r = io();
    expect(applyCommand(['e', '--dry-run', '--dist', dist], { run, io: r.io })).toBe(0);
    expect(run).not.toHaveBeenCalled();
    expect(r.out.join('')).toContain('$ kubectl apply -f k8s/environment.yaml');
  });

  test('runs the steps in order and stops at the first failure', () => {
    const calls: string[] = [];
    const r = io();
    expect(
      applyCommand(['e', '--dist', dist], { run: (argv) => (calls.push(argv.join(' ')), argv.includes('k8s/app.yaml') ? 3 : 0), io: r.io }),
    ).toBe(3);
    expect(calls).toEqual(['kubectl apply -f k8s/environment.yaml', 'kubectl apply -f k8s/app.yaml']);
    expect(r.out.join('')).toContain('failed with exit code 3; stopping');
  });

  test('refuses to tear down an environment without a teardown plan', () => {
    const r = io();
    expect(applyCommand(['e', '--teardown', '--dist', dist], { io: r.io })).toBe(1);
    expect(r.out.join('')).toContain('only disposable (branch) environments are torn down this way');
  });
});

test('a lifecycle phase runs from its own plan: apply the Jobs, wait for them', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-phase-'));
  const env = apps['test-full'];
  fs.mkdirSync(path.join(dist, env.name));
  for (const f of env.files.filter((x) => x.path.endsWith('.json'))) fs.writeFileSync(path.join(dist, env.name, f.path), f.content);
  const calls: string[] = [];
  const out: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
  expect(applyCommand(['test-full', '--phase', 'upgrade', '--dist', dist], { run: (argv) => (calls.push(argv.join(' ')), 0), io })).toBe(0);
  expect(calls[0]).toBe('kubectl apply -f phases/upgrade/data-upgrade.yaml');
  expect(calls[1]).toMatch(
    /^kubectl wait --for=condition=complete job\/data-upgrade-10-0-2409-1-4f2a9c1-[0-9a-f]{6} -n test-full --timeout=2h$/,
  );
  expect(applyCommand(['test-full', '--phase', 'deploy', '--dist', dist], { io })).toBe(1);
  expect(out.join('')).toContain('test-full has no deploy phase; it has: install, rollback, test, uninstall, upgrade');
});
