import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffCommand } from '../../lib/review/commands';
import { changedFields, diffDist, formatDiff } from '../../lib/review/diff';

// Fixtures: two small dist trees written to a temporary folder.
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-diff-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}
const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: e\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: ${image}\n`;
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e\n';
const pvc =
  'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: e\nspec:\n  resources:\n    requests:\n      storage: 10Gi\n';
const sts = (size: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: e\nspec:\n  replicas: 1\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        resources:\n          requests:\n            storage: ${size}\n`;
const tf = (db: Record<string, unknown> | undefined) =>
  JSON.stringify({ resource: db ? { aws_db_instance: { db: { '//': { metadata: { path: 'x' } }, ...db } } } : {} });

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

test('changedFields lists dotted paths', () => {
  expect(changedFields({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 3] }, d: 1 })).toEqual(['a.b', 'a.c.1', 'd']);
  expect(changedFields({ a: 1 }, { a: 1 })).toEqual([]);
});

test('added, changed (with fields) and removed objects, per environment', () => {
  const base = tree({
    'e/k8s/app.yaml': deployment('r/app:1'),
    'e/k8s/old.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n  namespace: e\n',
  });
  const head = tree({
    'e/k8s/app.yaml': deployment('r/app:2'),
    'e/k8s/new.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: new\n  namespace: e\n',
  });
  const [d] = diffDist(base, head);
  expect(d).toEqual({
    environment: 'e',
    added: ['k8s Service e/new'],
    removed: ['k8s ConfigMap e/old'],
    changed: [{ key: 'k8s Deployment e/app', fields: ['spec.template.spec.containers.0.image'] }],
    destructive: [],
  });
  expect(formatDiff([d])).toBe(
    '## e: 1 added, 1 changed, 1 removed\n  + k8s Service e/new\n  ~ k8s Deployment e/app: spec.template.spec.containers.0.image\n  - k8s ConfigMap e/old\n\n',
  );
});

test('identical trees report no changes; Terraform metadata is ignored', () => {
  const a = tree({ 'e/aws/main.tf.json': tf({ engine: 'postgres' }) });
  const b = tree({
    'e/aws/main.tf.json': JSON.stringify({
      resource: { aws_db_instance: { db: { '//': { metadata: { path: 'y' } }, engine: 'postgres' } } },
    }),
  });
  expect(diffDist(a, b)).toEqual([]);
  expect(formatDiff([])).toBe('No changes.\n');
});

describe('destructive changes to stateful resources', () => {
  test.each([
    ['a removed Namespace', { 'e/k8s/environment.yaml': ns }, {}, 'the Namespace is removed: everything in it is deleted'],
    [
      'a removed PersistentVolumeClaim',
      { 'e/k8s/pvc.yaml': pvc },
      { 'e/k8s/other.yaml': ns },
      'a PersistentVolumeClaim is removed: its data is deleted',
    ],
    [
      'a changed volume claim template',
      { 'e/k8s/db.yaml': sts('10Gi') },
      { 'e/k8s/db.yaml': sts('20Gi') },
      'the StatefulSet volume claim template changes',
    ],
    [
      'a deleted database',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres' }) },
      { 'e/aws/main.tf.json': tf(undefined) },
      'aws_db_instance is destroyed',
    ],
    [
      'a replaced database',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', identifier: 'a' }) },
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', identifier: 'b' }) },
      'aws_db_instance is replaced (destroyed and recreated) because identifier changes',
    ],
  ])('%s is flagged and fails the command', (_name, before, after, reason) => {
    const base = tree(before);
    const head = tree(after);
    const [d] = diffDist(base, head);
    expect(d.destructive.map((x) => x.reason).join('\n')).toContain(reason);
    const run = io();
    expect(diffCommand([base, head], run.io)).toBe(2);
    expect(run.out.join('')).toContain('!! DESTRUCTIVE');
    expect(diffCommand([base, head, '--allow-destructive'], io().io)).toBe(0);
  });

  test('scaling a StatefulSet or resizing a database in place is not destructive', () => {
    const base = tree({ 'e/k8s/db.yaml': sts('10Gi'), 'e/aws/main.tf.json': tf({ engine: 'postgres', instance_class: 'db.m6g.large' }) });
    const head = tree({
      'e/k8s/db.yaml': sts('10Gi').replace('replicas: 1', 'replicas: 2'),
      'e/aws/main.tf.json': tf({ engine: 'postgres', instance_class: 'db.r6g.large' }),
    });
    expect(diffDist(base, head)[0].destructive).toEqual([]);
    expect(diffCommand([base, head], io().io)).toBe(0);
  });
});

test('usage error without a base', () => {
  const run = io();
  expect(diffCommand([], run.io)).toBe(64);
  expect(run.err.join('')).toContain('usage: npm run diff');
});

test('turning off a database safety switch is flagged', () => {
  const base = tree({ 'e/aws/main.tf.json': tf({ engine: 'postgres', deletion_protection: true }) });
  const head = tree({ 'e/aws/main.tf.json': tf({ engine: 'postgres', deletion_protection: false }) });
  expect(diffDist(base, head)[0].destructive).toEqual([
    { key: 'tf aws_db_instance.db', reason: 'aws_db_instance loses its protection: deletion_protection no longer set' },
  ]);
});
