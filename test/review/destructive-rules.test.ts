import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputObject } from '../../lib/review/dist-tree';
import { DESTRUCTIVE_RULES, DestructiveRule } from '../../lib/review/rules';
import { backendChanged } from '../../lib/review/rules/backend-changed';
import { backupsReduced } from '../../lib/review/rules/backups-reduced';
import { namespaceRemoved } from '../../lib/review/rules/namespace-removed';
import { protectionRemoved } from '../../lib/review/rules/protection-removed';
import { providerRetargeted } from '../../lib/review/rules/provider-retargeted';
import { statefulResourceDestroyed } from '../../lib/review/rules/stateful-resource-destroyed';
import { statefulResourceMayBeReplaced } from '../../lib/review/rules/stateful-resource-may-be-replaced';
import { statefulResourceReplaced } from '../../lib/review/rules/stateful-resource-replaced';
import { statefulSetRemoved } from '../../lib/review/rules/stateful-set-removed';
import { volumeClaimRemoved } from '../../lib/review/rules/volume-claim-removed';
import { volumeClaimTemplateChanged } from '../../lib/review/rules/volume-claim-template-changed';
import { volumeClaimsDeletedWithStatefulSet } from '../../lib/review/rules/volume-claims-deleted-with-stateful-set';

const k8s = (kind: string, value: Record<string, unknown> = {}): OutputObject => ({
  key: `k8s ${kind} ns/x`,
  file: 'x.yaml',
  value: { kind, ...value },
});
const tf = (address: string, value: Record<string, unknown>): OutputObject => ({ key: `tf ${address}`, file: 'aws/main.tf.json', value });
const db = (value: Record<string, unknown>) => tf('aws_db_instance.main', { identifier: 'oms', ...value });

type Fixture = [OutputObject | undefined, OutputObject | undefined, string[]];
/** Each rule with a change it flags (and the exact finding) and a change it lets through. */
const RULES: Array<[string, DestructiveRule, Fixture, string, Fixture]> = [
  [
    'namespaceRemoved',
    namespaceRemoved,
    [k8s('Namespace'), undefined, []],
    'the Namespace is removed: everything in it is deleted',
    [k8s('ConfigMap'), undefined, []],
  ],
  [
    'volumeClaimRemoved',
    volumeClaimRemoved,
    [k8s('PersistentVolumeClaim'), undefined, []],
    'a PersistentVolumeClaim is removed: its data is deleted',
    [k8s('PersistentVolumeClaim'), k8s('PersistentVolumeClaim'), ['spec']],
  ],
  [
    'statefulSetRemoved',
    statefulSetRemoved,
    [k8s('StatefulSet'), undefined, []],
    'a StatefulSet is removed: its volumes may be deleted',
    [k8s('Deployment'), undefined, []],
  ],
  [
    'volumeClaimTemplateChanged',
    volumeClaimTemplateChanged,
    [k8s('StatefulSet'), k8s('StatefulSet'), ['spec.volumeClaimTemplates.0.spec.resources']],
    'the StatefulSet volume claim template changes: Kubernetes refuses it, and recreating the StatefulSet risks its data',
    [k8s('StatefulSet'), k8s('StatefulSet'), ['spec.template.spec.containers.0.image']],
  ],
  [
    'volumeClaimsDeletedWithStatefulSet',
    volumeClaimsDeletedWithStatefulSet,
    [k8s('StatefulSet'), k8s('StatefulSet', { spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } } }), ['spec']],
    "the StatefulSet's volume claims are deleted with it: persistentVolumeClaimRetentionPolicy.whenDeleted becomes Delete",
    [k8s('StatefulSet'), k8s('StatefulSet', { spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain' } } }), ['spec']],
  ],
  [
    'statefulResourceDestroyed',
    statefulResourceDestroyed,
    [db({}), undefined, []],
    'aws_db_instance is destroyed',
    [tf('aws_iam_role.r', {}), undefined, []],
  ],
  [
    'statefulResourceReplaced',
    statefulResourceReplaced,
    [db({ engine: 'postgres' }), db({ engine: 'mysql' }), ['engine']],
    'aws_db_instance is replaced (destroyed and recreated) because engine changes: engine "postgres" -> "mysql"',
    [db({ instance_class: 'db.t4g.large' }), db({ instance_class: 'db.r7g.large' }), ['instance_class']],
  ],
  [
    'statefulResourceMayBeReplaced',
    statefulResourceMayBeReplaced,
    [db({}), db({ brand_new_attribute: 1 }), ['brand_new_attribute']],
    'aws_db_instance may be replaced: brand_new_attribute is not known to update in place. Review it with a Terraform plan (npm run diff -- ... --plan <env>=<plan.json>)',
    [db({ multi_az: false }), db({ multi_az: true }), ['multi_az']],
  ],
  [
    'protectionRemoved',
    protectionRemoved,
    [db({ deletion_protection: true }), db({ deletion_protection: false }), ['deletion_protection']],
    'aws_db_instance loses its protection: deletion_protection true -> false',
    [db({ deletion_protection: false }), db({ deletion_protection: true }), ['deletion_protection']],
  ],
  [
    'backupsReduced',
    backupsReduced,
    [db({ backup_retention_period: 14 }), db({ backup_retention_period: 7 }), ['backup_retention_period']],
    'aws_db_instance keeps fewer backups or less time to recover: backup_retention_period 14 -> 7',
    [db({ backup_retention_period: 7 }), db({ backup_retention_period: 14 }), ['backup_retention_period']],
  ],
  [
    'backendChanged',
    backendChanged,
    [
      { key: 'tf backend', file: 'aws/main.tf.json', value: { s3: { key: 'a' } } },
      { key: 'tf backend', file: 'aws/main.tf.json', value: { s3: { key: 'b' } } },
      ['s3.key'],
    ],
    'the Terraform backend changes (s3): without migrating the state (terraform init -migrate-state) Terraform finds no resources and would create everything again',
    [
      { key: 'tf backend', file: 'aws/main.tf.json', value: { s3: {} } },
      { key: 'tf backend', file: 'aws/main.tf.json', value: { s3: {} } },
      [],
    ],
  ],
  [
    'providerRetargeted',
    providerRetargeted,
    [
      { key: 'tf provider.aws', file: 'aws/main.tf.json', value: {} },
      { key: 'tf provider.aws', file: 'aws/main.tf.json', value: {} },
      ['config.0.region'],
    ],
    'provider.aws points at another target (region): existing resources are orphaned and recreated there',
    [
      { key: 'tf provider.aws', file: 'aws/main.tf.json', value: {} },
      { key: 'tf provider.aws', file: 'aws/main.tf.json', value: {} },
      ['config.0.default_tags'],
    ],
  ],
];

describe.each(RULES)('%s', (_name, rule, failing, finding, passing) => {
  test('flags the destructive change with its finding', () => {
    expect(rule(...failing)).toBe(finding);
  });
  test('lets the safe change through', () => {
    expect(rule(...passing)).toBeUndefined();
  });
});

test('every rule of the review is named, has its own file and a fixture here', () => {
  const names = DESTRUCTIVE_RULES.map((r) => r.name);
  expect(new Set(names).size).toBe(names.length);
  expect([...names].sort()).toEqual(RULES.map(([n]) => n).sort());
  const files = fs.readdirSync(path.resolve(__dirname, '../../lib/review/rules'));
  for (const name of names) expect(files).toContain(`${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`);
});
