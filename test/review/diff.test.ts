import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffCommand } from '../../lib/review/commands';
import { changedFields, diffDist, formatDiff } from '../../lib/review/diff';
import { capture, deployment, ns, pvc, sts, tf, tfJson, tree } from './fixtures';

test('changedFields lists dotted paths', () => {
  expect(changedFields({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 3] }, d: 1 })).toEqual(['a.b', 'a.c.1', 'd']);
  expect(changedFields({ a: 1 }, { a: 1 })).toEqual([]);
});

test('added, changed (with old and new values) and removed objects, per environment', () => {
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
    terraform: 'none',
    added: ['k8s Service e/new'],
    removed: ['k8s ConfigMap e/old'],
    changed: [
      { key: 'k8s Deployment e/app', fields: [{ path: 'spec.template.spec.containers.0.image', before: 'r/app:1', after: 'r/app:2' }] },
    ],
    destructive: [],
  });
  expect(formatDiff([d])).toBe(
    '## e: 1 added, 1 changed, 1 removed\n' +
      '  + k8s Service e/new\n' +
      '  ~ k8s Deployment e/app\n' +
      '      spec.template.spec.containers.0.image: "r/app:1" -> "r/app:2"\n' +
      '  - k8s ConfigMap e/old\n\n',
  );
});

test('an image bump reads as one change: objects whose labels alone change are grouped by the label change', () => {
  const labelled = (kind: string, name: string, version: string) =>
    `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: e\n  labels:\n    app.kubernetes.io/version: "${version}"\n`;
  const side = (version: string) =>
    tree({
      'e/k8s/app.yaml': deployment(`r/app:${version}`),
      'e/k8s/svc.yaml': labelled('Service', 'app', version),
      'e/k8s/sa.yaml': labelled('ServiceAccount', 'app', version),
      'e/k8s/cm.yaml': labelled('ConfigMap', 'app', version),
    });
  expect(formatDiff(diffDist(side('1'), side('2')))).toBe(
    '## e: 0 added, 4 changed, 0 removed\n' +
      '  ~ 3 objects, labels only: app.kubernetes.io/version "1" -> "2"\n' +
      '      k8s ConfigMap e/app, k8s Service e/app, k8s ServiceAccount e/app\n' +
      '  ~ k8s Deployment e/app\n' +
      '      spec.template.spec.containers.0.image: "r/app:1" -> "r/app:2"\n\n',
  );
});

test('a kustomization (no metadata.name) is known by its file, so a renamed resource reads as a change to it', () => {
  const kustomization = (file: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${file}\n`;
  const [d] = diffDist(
    tree({ 'e/kustomization.yaml': kustomization('a.yaml') }),
    tree({ 'e/kustomization.yaml': kustomization('b.yaml') }),
  );
  expect(d.changed).toEqual([
    { key: 'k8s Kustomization kustomization.yaml', fields: [{ path: 'resources.0', before: 'a.yaml', after: 'b.yaml' }] },
  ]);
});

test('a Secret payload change is shown as changed, never its values', () => {
  const secret = (v: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: e\nstringData:\n  password: ${v}\n`;
  const text = formatDiff(diffDist(tree({ 'e/k8s/s.yaml': secret('old-value') }), tree({ 'e/k8s/s.yaml': secret('new-value') })));
  expect(text).toContain('stringData: (sensitive) -> (sensitive)');
  expect(text).not.toMatch(/old-value|new-value/);
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

const db = { engine: 'postgres', identifier: 'oms', db_subnet_group_name: '${aws_db_subnet_group.subnets.name}' };
const cache = { replication_group_id: 'oms', subnet_group_name: '${aws_elasticache_subnet_group.subnets.name}' };
const withDb = (dbAttrs: Record<string, unknown>, others: Record<string, Record<string, Record<string, unknown>>> = {}) =>
  tfJson({ aws_db_instance: { db: dbAttrs }, ...others });

describe('destructive changes to stateful resources', () => {
  test.each([
    [
      'a removed Namespace',
      { 'e/k8s/environment.yaml': ns },
      { 'e/k8s/other.yaml': deployment('r/a:1') },
      'the Namespace is removed: everything in it is deleted',
    ],
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
      'the StatefulSet volume claim template changes: Kubernetes refuses it, and recreating the StatefulSet risks its data',
    ],
    [
      'volume claims deleted with their StatefulSet',
      { 'e/k8s/db.yaml': sts('10Gi', 'Retain') },
      { 'e/k8s/db.yaml': sts('10Gi', 'Delete') },
      "the StatefulSet's volume claims are deleted with it: persistentVolumeClaimRetentionPolicy.whenDeleted becomes Delete",
    ],
    [
      'a deleted database',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres' }) },
      { 'e/aws/main.tf.json': tf(undefined) },
      'aws_db_instance is destroyed',
    ],
    [
      'a replaced database (old and new values named)',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', identifier: 'a' }) },
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', identifier: 'b' }) },
      'aws_db_instance is replaced (destroyed and recreated) because identifier changes: identifier "a" -> "b"',
    ],
    [
      'a database restored from a snapshot (an attribute the old list missed)',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres' }) },
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', snapshot_identifier: 'snap-1' }) },
      'aws_db_instance is replaced (destroyed and recreated) because snapshot_identifier changes: snapshot_identifier (unset) -> "snap-1"',
    ],
    [
      'an attribute not known to update in place',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres' }) },
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', license_model: 'x' }) },
      'aws_db_instance may be replaced: license_model is not known to update in place. Review it with a Terraform plan (npm run diff -- ... --plan <env>=<plan.json>)',
    ],
    [
      'a renamed cache subnet group (the replacement arrives through a reference)',
      {
        'e/aws/main.tf.json': tfJson({
          aws_elasticache_replication_group: { redis: cache },
          aws_elasticache_subnet_group: { subnets: { name: 'oms-a' } },
        }),
      },
      {
        'e/aws/main.tf.json': tfJson({
          aws_elasticache_replication_group: { redis: cache },
          aws_elasticache_subnet_group: { subnets: { name: 'oms-b' } },
        }),
      },
      'aws_elasticache_replication_group is replaced (destroyed and recreated) because subnet_group_name refers to aws_elasticache_subnet_group.subnets, which is replaced (name changes)',
    ],
    [
      'a renamed database subnet group (the database cannot move within its VPC)',
      { 'e/aws/main.tf.json': withDb(db, { aws_db_subnet_group: { subnets: { name: 'oms-a' } } }) },
      { 'e/aws/main.tf.json': withDb(db, { aws_db_subnet_group: { subnets: { name: 'oms-b' } } }) },
      'aws_db_instance may be replaced: db_subnet_group_name refers to aws_db_subnet_group.subnets, which is replaced (name changes), and db_subnet_group_name is not known to update in place. Review it with a Terraform plan',
    ],
    [
      'a replaced KMS key (the database it encrypts follows)',
      {
        'e/aws/main.tf.json': withDb(
          { ...db, kms_key_id: '${aws_kms_key.key.arn}' },
          { aws_kms_key: { key: { key_usage: 'ENCRYPT_DECRYPT' } } },
        ),
      },
      {
        'e/aws/main.tf.json': withDb(
          { ...db, kms_key_id: '${aws_kms_key.key.arn}' },
          { aws_kms_key: { key: { key_usage: 'SIGN_VERIFY' } } },
        ),
      },
      'aws_db_instance is replaced (destroyed and recreated) because kms_key_id refers to aws_kms_key.key, which is replaced (key_usage changes)',
    ],
    [
      'backup retention set to 0',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', backup_retention_period: 7 }) },
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', backup_retention_period: 0 }) },
      'aws_db_instance keeps fewer backups or less time to recover: backup_retention_period 7 -> 0',
    ],
    [
      'automated backups deleted with the database',
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', delete_automated_backups: false }) },
      { 'e/aws/main.tf.json': tf({ engine: 'postgres', delete_automated_backups: true }) },
      'aws_db_instance loses its protection: delete_automated_backups false -> true',
    ],
    [
      'a changed backend ("No changes" before)',
      { 'e/aws/main.tf.json': tfJson({}, { terraform: { backend: { s3: { bucket: 'state-a', key: 'e' } } } }) },
      { 'e/aws/main.tf.json': tfJson({}, { terraform: { backend: { s3: { bucket: 'state-b', key: 'e' } } } }) },
      'the Terraform backend changes (s3): without migrating the state (terraform init -migrate-state) Terraform finds no resources and would create everything again',
    ],
    [
      'a provider pointed at another region ("No changes" before)',
      { 'e/aws/main.tf.json': tfJson({}, { provider: { aws: [{ region: 'eu-west-1' }] } }) },
      { 'e/aws/main.tf.json': tfJson({}, { provider: { aws: [{ region: 'eu-central-1' }] } }) },
      'provider.aws points at another target (region): existing resources are orphaned and recreated there',
    ],
  ])('%s is flagged and fails the command', (_name, before, after, reason) => {
    const base = tree(before);
    const head = tree(after);
    const [d] = diffDist(base, head);
    expect(d.destructive.map((x) => x.reason)).toContain(reason);
    const run = capture();
    expect(diffCommand([base, head], run.io)).toBe(2);
    expect(run.out.join('')).toContain(`!! DESTRUCTIVE`);
    expect(run.out.join('')).toContain(reason);
    expect(diffCommand([base, head, '--allow-destructive'], capture().io)).toBe(0);
  });

  test('scaling a StatefulSet, resizing a database or changing the provider version is not destructive', () => {
    const providers = (v: string) => ({ terraform: { required_providers: { aws: { source: 'aws', version: v } } } });
    const base = tree({
      'e/k8s/db.yaml': sts('10Gi'),
      'e/aws/main.tf.json': tfJson(
        { aws_db_instance: { db: { engine: 'postgres', instance_class: 'db.m6g.large' } } },
        providers('6.25.0'),
      ),
    });
    const head = tree({
      'e/k8s/db.yaml': sts('10Gi').replace('replicas: 1', 'replicas: 2'),
      'e/aws/main.tf.json': tfJson(
        { aws_db_instance: { db: { engine: 'postgres', instance_class: 'db.r6g.large' } } },
        providers('6.26.0'),
      ),
    });
    const [d] = diffDist(base, head);
    expect(d.destructive).toEqual([]);
    expect(d.changed.map((c) => c.key)).toEqual(['k8s StatefulSet e/db', 'tf aws_db_instance.db', 'tf required_providers']);
    expect(diffCommand([base, head], capture().io)).toBe(0);
  });
});

describe('the review fails closed', () => {
  const good = () => tree({ 'e/k8s/app.yaml': deployment('r/app:1') });
  test.each([
    [
      'a missing base dist/',
      () => [path.join(good(), 'missing'), good()],
      /missing: cannot be read \(ENOENT\)\. Fix: run npm run synth for that revision first/,
    ],
    ['an empty base dist/', () => [tree({}), good()], /holds no environment folders\. Fix: run npm run synth for that revision first/],
    ['corrupt YAML', () => [good(), tree({ 'e/k8s/app.yaml': 'kind: Deployment\n  metadata: [\n' })], /app\.yaml: not valid YAML: /],
    [
      'a YAML document that is not an object',
      () => [good(), tree({ 'e/k8s/app.yaml': '- just\n- a list\n' })],
      /app\.yaml: a document is not a Kubernetes object \(it has no kind\)/,
    ],
    ['corrupt Terraform JSON', () => [good(), tree({ 'e/aws/main.tf.json': '{"resource": ' })], /main\.tf\.json: not valid JSON: /],
  ])('%s exits 1 instead of passing', (_name, dirs, message) => {
    const run = capture();
    expect(diffCommand(dirs(), run.io)).toBe(1);
    expect(run.err.join('')).toMatch(/^diff: the review cannot run, so it fails: /);
    expect(run.err.join('')).toMatch(message);
    expect(run.out).toEqual([]);
  });
});

describe('diff arguments', () => {
  test.each([
    [[], 'diff: the base dist/ is required'],
    [['a', 'b', 'c'], 'diff: unexpected argument "c"'],
    [['a', '--alow-destructive'], 'diff: unknown option --alow-destructive'],
    [['a', '--plan'], 'diff: --plan needs a value: --plan <env>=<file>'],
    [['a', '--plan', 'uat'], 'diff: --plan needs <env>=<file> (received "uat")'],
  ])('%j is a usage error (64)', (argv, message) => {
    const run = capture();
    expect(diffCommand(argv, run.io)).toBe(64);
    expect(run.err.join('').split('\n')[0]).toBe(message);
  });

  test('--help prints the usage and exits 0', () => {
    const run = capture();
    expect(diffCommand(['--help'], run.io)).toBe(0);
    expect(run.out.join('')).toMatch(/^usage: diff <base-dist> \[<head-dist>\] \[options\]/);
  });

  test('--report writes the same text', () => {
    const base = tree({ 'e/k8s/app.yaml': deployment('r/app:1') });
    const head = tree({ 'e/k8s/app.yaml': deployment('r/app:2') });
    const report = path.join(head, 'diff.txt');
    const run = capture();
    expect(diffCommand([base, head, '--report', report], run.io)).toBe(0);
    expect(fs.readFileSync(report, 'utf8')).toBe(run.out.join(''));
  });
});
