import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatSummary, renderApps, summarize, writeAtomically } from '../../lib/synth/synth-apps';

const APPS = path.resolve(__dirname, '..', '..', 'apps');
const FIXTURES = path.join(__dirname, 'fixtures');
const app = (file: string, dir = APPS) => ({ label: file, modulePath: path.join(dir, file) });

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'oms-synth-'));
}

function listTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('synthesis of apps', () => {
  test('writes dist/<env>/k8s/*.yaml for every app', () => {
    const result = renderApps([app('uat-eks.ts'), app('uat-openshift.ts')]);
    if (!result.ok) throw new Error(result.failures.join('\n'));
    const out = path.join(tempDir(), 'dist');
    writeAtomically(out, result.environments);
    expect(
      Object.keys(listTree(out))
        .filter((f) => f.startsWith('uat-'))
        .sort(),
    ).toEqual([
      'uat-eks/apply-plan.json',
      'uat-eks/argocd/Kustomization',
      'uat-eks/aws/main.tf.json',
      'uat-eks/flux/kustomizations.yaml',
      'uat-eks/k8s/Kustomization',
      'uat-eks/k8s/app-server.yaml',
      'uat-eks/k8s/aws.yaml',
      'uat-eks/k8s/create-order.yaml',
      'uat-eks/k8s/data-setup.yaml',
      'uat-eks/k8s/data.yaml',
      'uat-eks/k8s/database-user.yaml',
      'uat-eks/k8s/environment.yaml',
      'uat-eks/k8s/gateway.yaml',
      'uat-eks/k8s/monitoring.yaml',
      'uat-eks/k8s/order-capture.yaml',
      'uat-eks/k8s/order-search.yaml',
      'uat-eks/k8s/reserve.yaml',
      'uat-eks/k8s/schedule-order.yaml',
      'uat-eks/k8s/shipment-events.yaml',
      'uat-eks/kustomization.yaml',
      'uat-eks/phase-plans.json',
      'uat-eks/phases/drain/gateway.yaml',
      'uat-eks/phases/rollout/gateway.yaml',
      'uat-eks/topology.md',
      'uat-eks/topology.mmd',
      'uat-eks/topology.svg',
      'uat-openshift/apply-plan.json',
      'uat-openshift/argocd/Kustomization',
      'uat-openshift/flux/kustomizations.yaml',
      'uat-openshift/k8s/Kustomization',
      'uat-openshift/k8s/app-server.yaml',
      'uat-openshift/k8s/availability.yaml',
      'uat-openshift/k8s/cluster.yaml',
      'uat-openshift/k8s/data-setup.yaml',
      'uat-openshift/k8s/data.yaml',
      'uat-openshift/k8s/environment.yaml',
      'uat-openshift/k8s/gateway.yaml',
      'uat-openshift/k8s/inventory-sync.yaml',
      'uat-openshift/k8s/monitoring.yaml',
      'uat-openshift/k8s/order-capture.yaml',
      'uat-openshift/k8s/order-search.yaml',
      'uat-openshift/k8s/schedule-order.yaml',
      'uat-openshift/kustomization.yaml',
      'uat-openshift/phase-plans.json',
      'uat-openshift/phases/drain/gateway.yaml',
      'uat-openshift/phases/rollout/gateway.yaml',
      'uat-openshift/topology.md',
      'uat-openshift/topology.mmd',
      'uat-openshift/topology.svg',
    ]);
  });

  test('a failing app leaves the previous output untouched and reports path, property, value and fix', () => {
    const out = path.join(tempDir(), 'dist');
    fs.mkdirSync(path.join(out, 'old'), { recursive: true });
    fs.writeFileSync(path.join(out, 'old', 'marker.yaml'), 'previous\n');
    const result = renderApps([app('uat-eks.ts'), app('bad-budget.ts', FIXTURES), app('bad-image.ts', FIXTURES)]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Every failing app is reported, not just the first.
    expect(result.failures).toHaveLength(2);
    expect(result.failures[0]).toMatch(
      /^bad-budget\.ts:\nbad-budget: invalid configuration\n {2}- budget\.cpu must cover the workloads' peak CPU limits, 10 /,
    );
    expect(result.failures[1]).toContain(
      'bad-image/app: invalid configuration\n  - image must not use the mutable "latest" tag (received "registry.example.com/oms/om-app:latest")',
    );
    expect(listTree(out)).toEqual({ 'old/marker.yaml': 'previous\n' });
  });

  test('the swap replaces the whole previous tree (no stale files from removed environments)', () => {
    const out = path.join(tempDir(), 'dist');
    fs.mkdirSync(path.join(out, 'removed-env'), { recursive: true });
    fs.writeFileSync(path.join(out, 'removed-env', 'x.yaml'), 'x');
    writeAtomically(out, [{ name: 'e', files: [{ path: 'k8s/a.yaml', content: 'a: 1\n' }], manifests: [] }]);
    expect(listTree(out)).toEqual({ 'e/k8s/a.yaml': 'a: 1\n' });
    // Nothing is left beside the output but the generation it links to.
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['dist', fs.readlinkSync(out)]);
  });

  test("an unchanged file is the previous output's file, linked; a changed one is written anew; the old tree stays intact", () => {
    const out = path.join(tempDir(), 'dist');
    const env = (b: string) => ({
      name: 'e',
      files: [
        { path: 'k8s/same.yaml', content: 'same: 1\n' },
        { path: 'k8s/changed.yaml', content: `changed: ${b}\n` },
        // Same length, other bytes: compared by content, not by size.
        { path: 'k8s/same-size.yaml', content: `size: ${b}\n` },
      ],
      manifests: [],
    });
    writeAtomically(out, [env('1')]);
    const before = fs.realpathSync(out);
    const inode = (dir: string, f: string) => fs.statSync(path.join(dir, 'e', 'k8s', f)).ino;
    const old = { same: inode(out, 'same.yaml'), changed: inode(out, 'changed.yaml'), size: inode(out, 'same-size.yaml') };
    // A reader holding the previous generation open keeps reading the old bytes.
    const held = fs.openSync(path.join(before, 'e', 'k8s', 'changed.yaml'), 'r');
    try {
      writeAtomically(out, [env('2')]);
      expect(listTree(out)).toEqual({
        'e/k8s/same.yaml': 'same: 1\n',
        'e/k8s/changed.yaml': 'changed: 2\n',
        'e/k8s/same-size.yaml': 'size: 2\n',
      });
      expect(inode(out, 'same.yaml')).toBe(old.same);
      expect(inode(out, 'changed.yaml')).not.toBe(old.changed);
      expect(inode(out, 'same-size.yaml')).not.toBe(old.size);
      expect(fs.readFileSync(held, 'utf8')).toBe('changed: 1\n');
    } finally {
      fs.closeSync(held);
    }
    // The previous generation is gone, its unchanged file lives on under the new name only.
    expect(fs.existsSync(before)).toBe(false);
    expect(fs.statSync(path.join(out, 'e', 'k8s', 'same.yaml')).nlink).toBe(1);
  });

  test('the Kubernetes and AWS halves of an app must declare the same stage', () => {
    const result = renderApps([app('bad-stage.ts', FIXTURES)]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.failures[0]).toContain(
        'aws.stage must be the Kubernetes environment\'s stage "uat" (received "prod"). Fix: give both halves of the app the same stage',
      );
  });

  test('two apps defining the same environment are refused', () => {
    const result = renderApps([app('uat-eks.ts'), app('uat-eks.ts')]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.failures[0]).toContain(
        'environment "uat-eks" is already defined by uat-eks.ts; environment names must be unique. Fix: rename the environment of one of the two apps',
      );
  });

  test('an app that exports no environment says what it exported and what to export', () => {
    const result = renderApps([app('no-environment.ts', FIXTURES)]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.failures[0]).toContain(
        'the app must export its environment by default (received an object with name, stage). Fix: export default env, or export default { k8s: env, aws: stack }',
      );
  });

  test('output is deterministic: two fresh loads of every app give byte-identical files', () => {
    const load = () => {
      let files: unknown;
      jest.isolateModules(() => {
        const result = renderApps([app('uat-eks.ts'), app('uat-openshift.ts')]);
        if (!result.ok) throw new Error(result.failures.join('\n'));
        files = result.environments.map((e) => e.files);
      });
      return files;
    };
    expect(load()).toEqual(load());
  });

  test('the summary counts objects by kind and files', () => {
    const env = {
      name: 'e',
      files: [
        { path: 'k8s/a.yaml', content: '' },
        { path: 'k8s/b.yaml', content: '' },
      ],
      manifests: [{ kind: 'Service' }, { kind: 'Deployment' }, { kind: 'Service' }],
    };
    expect(formatSummary(summarize(env), 'dist')).toBe('e: 2 files, 3 objects in dist/e (Deployment 1, Service 2)');
    expect(formatSummary({ environment: 'svc', files: 5, kinds: {} }, 'dist')).toBe('svc: 5 files in dist/svc (no Kubernetes objects)');
  });
});
