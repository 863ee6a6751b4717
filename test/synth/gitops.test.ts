import { parseAllDocuments } from 'yaml';
import { renderAllApps } from '../support/apps';

const apps = Object.fromEntries(renderAllApps().map(({ env }) => [env.name, env]));
const docsOf = (env: string, file: string) =>
  parseAllDocuments(apps[env].files.find((f) => f.path === file)!.content).map((d) => d.toJS() as Record<string, any>);

describe('dist/ as Argo CD or Flux consume it', () => {
  test('every Kubernetes object carries the sync wave of its apply step', () => {
    const plan = JSON.parse(apps['test-full'].files.find((f) => f.path === 'apply-plan.json')!.content);
    const order = ['namespace', 'config', 'data-services', 'workloads', 'routing'];
    for (const step of plan.steps.filter((s: any) => order.includes(s.name))) {
      for (const c of step.commands) {
        for (const d of docsOf('test-full', c.argv[3])) {
          expect([c.argv[3], d.metadata.annotations['argocd.argoproj.io/sync-wave']]).toEqual([
            c.argv[3],
            String(order.indexOf(step.name)),
          ]);
        }
      }
    }
    expect(docsOf('test-full', 'k8s/environment.yaml')[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(docsOf('test-full', 'k8s/oms-db.yaml')[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('2');
  });

  test.each([
    ['install', 'PreSync'],
    ['upgrade', 'PreSync'],
    ['test', 'PostSync'],
    ['uninstall', 'PostDelete'],
    ['rollback', undefined],
  ])('phase %s objects carry their phase label (kept out of pruning) and the %s hook', (phase, hook) => {
    const files = apps['test-full'].files.filter((f) => f.path.startsWith(`phases/${phase}/`));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      for (const d of docsOf('test-full', f.path)) {
        expect(d.metadata.labels['oms.platform/phase']).toBe(phase);
        expect(d.metadata.annotations?.['argocd.argoproj.io/hook']).toBe(hook);
        expect(d.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBeUndefined();
      }
    }
  });

  test('a kustomization per environment lists the files in apply order, hooks included, rollback left out', () => {
    const kustomization = docsOf('test-full', 'kustomization.yaml')[0];
    expect(kustomization.kind).toBe('Kustomization');
    expect(kustomization.resources).toEqual([
      'phases/install/broker-setup.yaml',
      'phases/install/data-setup.yaml',
      'phases/upgrade/data-upgrade.yaml',
      'k8s/environment.yaml',
      'k8s/backups.yaml',
      'k8s/oms.yaml',
      'k8s/oms-broker.yaml',
      'k8s/oms-db.yaml',
      'k8s/app-server.yaml',
      'k8s/health-monitor.yaml',
      'k8s/order-search.yaml',
      'k8s/schedule.yaml',
      'k8s/gateway.yaml',
      'phases/test/smoke-test.yaml',
      'phases/uninstall/db-drop.yaml',
    ]);
    // An app with AWS only (ECS Fargate) has nothing for Argo CD or Flux, so no kustomization.
    expect(apps['uat-services'].files.map((f) => f.path)).not.toContain('kustomization.yaml');
    for (const env of Object.values(apps).filter((e) => e.manifests.length > 0)) {
      const listed = docsOf(env.name, 'kustomization.yaml')[0].resources as string[];
      expect(listed.filter((p) => p.startsWith('k8s/')).sort()).toEqual(
        env.files
          .filter((f) => f.path.startsWith('k8s/'))
          .map((f) => f.path)
          .sort(),
      );
    }
  });
});
