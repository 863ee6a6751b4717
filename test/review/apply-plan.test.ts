import { PRUNE_KINDS, applyPlan, phasePlan, phasePlans, pruneCommand, teardownPlan } from '../../lib/review/apply-plan';
import { renderAllApps } from '../support/apps';

const apps = Object.fromEntries(renderAllApps().map(({ env }) => [env.name, env]));
const planOf = (name: string) => JSON.parse(apps[name].files.find((f) => f.path === 'apply-plan.json')!.content);
const stepNames = (name: string) => planOf(name).steps.map((s: any) => s.name);
const argvs = (step: any) => step.commands.map((c: any) => c.argv.join(' '));

describe('apply plan order', () => {
  test('an environment with AWS: Terraform, namespace, config and secrets, workloads, routing, prune', () => {
    expect(stepNames('uat-eks')).toEqual(['terraform', 'namespace', 'config', 'workloads', 'routing', 'prune']);
  });

  test('Terraform applies exactly the plan it saved (and writes only its summary for the review); no -auto-approve', () => {
    const terraform = planOf('uat-eks').steps[0];
    expect(terraform.commands.map((c: any) => [c.argv.slice(2).join(' '), c.stdoutTo, c.reviewTo, c.terraform])).toEqual([
      ['init -input=false -lock-timeout=5m', undefined, undefined, undefined],
      ['plan -input=false -lock-timeout=5m -out=tfplan', undefined, undefined, 'plan'],
      ['show -json tfplan', undefined, 'aws/tfplan.review.json', 'plan'],
      ['apply -input=false -lock-timeout=5m tfplan', undefined, undefined, 'apply'],
    ]);
  });

  test('every command of every plan has a time limit', () => {
    for (const env of Object.values(apps)) {
      for (const f of env.files.filter((x) => x.path.endsWith('-plan.json') || x.path === 'phase-plans.json')) {
        const plans = f.path === 'phase-plans.json' ? Object.values(JSON.parse(f.content)) : [JSON.parse(f.content)];
        for (const plan of plans as any[])
          for (const step of plan.steps) {
            for (const c of step.commands) expect(c.timeoutSeconds).toBeGreaterThan(0);
            for (const w of step.waits ?? []) expect(w.timeoutSeconds).toBeGreaterThan(0);
            if (step.prune) expect(step.prune.timeoutSeconds).toBeGreaterThan(0);
          }
      }
    }
  });

  test('a full test environment: data services (waited for) before the workloads; lifecycle phases are separate plans', () => {
    expect(stepNames('test-full')).toEqual(['namespace', 'config', 'data-services', 'workloads', 'routing', 'prune']);
    const data = planOf('test-full').steps[2];
    expect(data.waits.map((w: any) => `${w.kind}/${w.name}`)).toEqual(['StatefulSet/oms-broker', 'StatefulSet/oms-db']);
    const phases = JSON.parse(apps['test-full'].files.find((f) => f.path === 'phase-plans.json')!.content);
    // In the order CI runs them, not alphabetical.
    expect(Object.keys(phases)).toEqual(['install', 'upgrade', 'rollback', 'test', 'uninstall']);
    const install = phases.install.steps[0];
    expect(argvs(install)).toEqual([
      'kubectl apply -f phases/install/broker-setup.yaml',
      'kubectl apply -f phases/install/data-setup.yaml',
    ]);
    expect(install.waits.map((w: any) => `${w.kind}/${w.name.replace(/-[0-9a-f]{6}$/, '')} ${w.timeoutSeconds}`)).toEqual([
      'Job/broker-setup-10-0-2409-1-4f2a9c1 7200',
      'Job/data-setup-10-0-2409-1-4f2a9c1 7200',
    ]);
  });

  test('every Deployment, Rollout and Job under k8s/ is waited for', () => {
    for (const name of ['uat-eks', 'uat-openshift', 'test-full']) {
      const waited = planOf(name).steps.flatMap((s: any) => (s.waits ?? []).map((w: any) => `${w.kind}/${w.name}`));
      const expected = apps[name].files
        .filter((f) => f.path.startsWith('k8s/'))
        .flatMap((f) => [
          ...f.content.matchAll(/^kind: (Deployment|Rollout|Job|StatefulSet|ExternalSecret)\nmetadata:\n(?:  .*\n)*?  name: (\S+)/gm),
        ])
        .map((m) => `${m[1]}/${m[2]}`);
      expect(expected.length).toBeGreaterThan(0);
      expect([...waited].sort()).toEqual([...expected].sort());
    }
  });

  test('an app with AWS only (ECS Fargate): the Terraform step alone, no Kubernetes steps and no prune', () => {
    expect(stepNames('uat-services')).toEqual(['terraform']);
    expect(apps['uat-services'].files.map((f) => f.path)).not.toContain('teardown-plan.json');
  });

  test('the routing comes after every workload, and the namespace before everything in it', () => {
    const withKubernetes = Object.keys(apps).filter((name) => apps[name].manifests.length > 0);
    expect(withKubernetes.length).toBeGreaterThan(0);
    for (const name of withKubernetes) {
      const steps: string[] = stepNames(name);
      expect(steps.indexOf('namespace')).toBeLessThan(steps.indexOf('workloads'));
      expect(steps.indexOf('workloads')).toBeLessThan(steps.indexOf('routing'));
      expect(steps.at(-1)).toBe('prune');
    }
  });

  test('prune: a fixed list of kinds (the last object of a kind is still pruned), never phase objects, namespaces, volumes or Jobs', () => {
    const prune = planOf('test-full').steps.at(-1).prune;
    expect(prune.selector).toBe('oms.platform/environment=test-full,!oms.platform/phase');
    // test-full has no ExternalSecret, Route or ScaledJob: they are on the list all the same.
    expect(prune.kinds).toEqual(PRUNE_KINDS);
    expect(prune.kinds.map((k: any) => k.gvk)).toEqual(
      expect.arrayContaining(['external-secrets.io/v1/ExternalSecret', 'route.openshift.io/v1/Route', 'keda.sh/v1alpha1/ScaledJob']),
    );
    expect(JSON.stringify(PRUNE_KINDS)).not.toMatch(/Namespace|PersistentVolumeClaim|\/Job"|\/Secret"/);
    expect(pruneCommand(prune, PRUNE_KINDS.slice(0, 1))).toEqual([
      'kubectl',
      'apply',
      '-f',
      'k8s/',
      '--prune',
      '-l',
      'oms.platform/environment=test-full,!oms.platform/phase',
      '--prune-allowlist',
      'core/v1/ConfigMap',
    ]);
  });

  test('ExternalSecrets are waited for before workloads start', () => {
    const config = planOf('uat-eks').steps.find((s: any) => s.name === 'config');
    expect(config.waits).toEqual([
      { kind: 'ExternalSecret', name: 'database-credentials', namespace: 'uat-eks', timeoutSeconds: 300 },
      { kind: 'ExternalSecret', name: 'cache-auth', namespace: 'uat-eks', timeoutSeconds: 300 },
    ]);
  });
});

test('phase plans are listed in lifecycle order, traffic phases around the Job phases they guard', () => {
  const job = (phase: string) => ({
    path: `phases/${phase}/x.yaml`,
    objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `x-${phase}` } }],
  });
  const files = ['uninstall', 'rollout', 'test', 'drain', 'upgrade', 'install', 'rollback'].map(job);
  expect(Object.keys(phasePlans('e', files, 'uat'))).toEqual(['install', 'drain', 'upgrade', 'rollback', 'rollout', 'test', 'uninstall']);
});

describe('teardown', () => {
  const branch = Object.values(apps).find((e) => e.stage === 'branch' && e.name.startsWith('br-'))!;

  test('only disposable environments get one: uninstall Jobs (only if the namespace exists), namespace, Terraform destroy', () => {
    const plan = JSON.parse(branch.files.find((f) => f.path === 'teardown-plan.json')!.content);
    expect(plan.steps.map((s: any) => [s.name, s.onlyIfNamespaceExists])).toEqual([
      ['uninstall-jobs', branch.name],
      ['namespace', undefined],
      ['terraform', undefined],
    ]);
    expect(plan.steps[1].commands[0].argv).toEqual([
      'kubectl',
      'delete',
      'namespace',
      branch.name,
      '--ignore-not-found',
      '--wait=true',
      '--timeout=900s',
    ]);
    for (const name of ['uat-eks', 'staging', 'production'])
      expect(apps[name].files.some((f) => f.path === 'teardown-plan.json')).toBe(false);
    expect(teardownPlan('production', [], 'prod')).toBeUndefined();
  });

  test('an AWS-only branch environment (services on Fargate) is torn down by Terraform alone: no namespace to delete', () => {
    const plan = teardownPlan('br-x', [{ path: 'aws/main.tf.json', objects: [] }], 'branch')!;
    expect(plan.steps.map((s) => s.name)).toEqual(['terraform']);
  });

  test('an environment without AWS has no Terraform step', () => {
    expect(
      applyPlan('e', [{ path: 'k8s/a.yaml', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] }]).steps.map(
        (s) => s.name,
      ),
    ).toEqual(['config', 'prune']);
  });
});

test('plans are built from the objects in memory: the text of a file is never read', () => {
  const file = {
    path: 'k8s/app.yaml',
    objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'e' } }],
    get content(): string {
      throw new Error('the plan read the text of k8s/app.yaml');
    },
  };
  expect(applyPlan('e', [file]).steps[0]).toEqual({
    name: 'workloads',
    description: expect.any(String),
    commands: [{ argv: ['kubectl', 'apply', '-f', 'k8s/app.yaml'], timeoutSeconds: 300 }],
    waits: [{ kind: 'Deployment', name: 'app', namespace: 'e', timeoutSeconds: 900 }],
  });
});

test.each([
  ['k8s/app.yaml', () => applyPlan('e', [{ path: 'k8s/app.yaml' }])],
  ['phases/install/setup.yaml', () => phasePlan('e', 'install', [{ path: 'phases/install/setup.yaml' }])],
])('a Kubernetes file without its objects (%s) is refused, not planned as empty', (file, plan) => {
  expect(plan).toThrow(
    `plan input ${file}: objects is missing (received a file with only its text); plans are built from the objects a Kubernetes file holds, never by parsing its text. Fix: pass { path, objects } as rendering returns them`,
  );
});
