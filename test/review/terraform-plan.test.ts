import * as path from 'node:path';
import * as fs from 'node:fs';
import { diffCommand } from '../../lib/review/commands';
import { diffDist, formatDiff } from '../../lib/review/diff';
import { classifyPlan, parseTerraformPlan, plannedAction, summarizePlan, summarizePlanText } from '../../lib/review/terraform-plan';
import { capture, tf, tree } from './fixtures';

/** The shape `terraform show -json <planfile>` writes (format 1.2), trimmed to what the review reads. */
const plan = (...changes: object[]) => JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', resource_changes: changes });
const rc = (address: string, actions: string[], before: object | null, after: object | null, extra: object = {}) => ({
  address,
  type: address.split('.')[0],
  mode: 'managed',
  name: address.split('.')[1],
  change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...extra },
});

test.each([
  [['no-op'], undefined],
  [['read'], undefined],
  [['create'], 'create'],
  [['update'], 'update'],
  [['delete', 'create'], 'replace'],
  [['create', 'delete'], 'replace'],
  [['delete'], 'delete'],
  [['forget'], 'forget'],
])('actions %j are %s', (actions, action) => {
  expect(plannedAction(actions)).toBe(action);
});

describe('classification from the plan', () => {
  test('a replacement the offline check cannot see (through a computed value) is destructive, with old and new values', () => {
    const [c] = classifyPlan(
      parseTerraformPlan(
        plan(
          rc(
            'aws_db_instance.db',
            ['delete', 'create'],
            { identifier: 'oms', kms_key_id: 'arn:aws:kms:eu-west-1:1:key/a', password: 'x' },
            { identifier: 'oms', kms_key_id: null, password: 'y' },
            {
              after_unknown: { kms_key_id: true },
              before_sensitive: { password: true },
              after_sensitive: { password: true },
              replace_paths: [['kms_key_id']],
            },
          ),
        ),
        'plan.json',
      ),
    );
    expect(c).toEqual({
      address: 'aws_db_instance.db',
      type: 'aws_db_instance',
      action: 'replace',
      values: [
        { path: 'kms_key_id', before: 'arn:aws:kms:eu-west-1:1:key/a', after: '(known after apply)' },
        { path: 'password', before: '(sensitive)', after: '(sensitive)' },
      ],
      destructive: ['aws_db_instance is replaced (destroyed and recreated) because kms_key_id changes'],
    });
  });

  test('an in-place update that drops backups is destructive; a resize is not; data sources and no-ops are skipped', () => {
    const changes = classifyPlan(
      parseTerraformPlan(
        plan(
          rc(
            'aws_db_instance.db',
            ['update'],
            { backup_retention_period: 7, instance_class: 'a' },
            { backup_retention_period: 0, instance_class: 'b' },
          ),
          rc('aws_elasticache_replication_group.redis', ['update'], { node_type: 'a' }, { node_type: 'b' }),
          rc('aws_vpc.main', ['no-op'], {}, {}),
          { ...rc('aws_iam_policy_document.p', ['read'], null, {}), mode: 'data' },
        ),
        'plan.json',
      ),
    );
    expect(changes.map((c) => [c.address, c.action, c.destructive])).toEqual([
      ['aws_db_instance.db', 'update', ['aws_db_instance keeps fewer backups or less time to recover: backup_retention_period 7 -> 0']],
      ['aws_elasticache_replication_group.redis', 'update', []],
    ]);
  });

  test('a replaced non-stateful resource is shown but does not fail the review', () => {
    const [c] = classifyPlan(
      parseTerraformPlan(plan(rc('aws_security_group.sg', ['create', 'delete'], { name: 'a' }, { name: 'b' })), 'p'),
    );
    expect([c.action, c.destructive]).toEqual(['replace', []]);
  });
});

describe('the diff uses the plan when there is one', () => {
  const base = () => tree({ 'e/aws/main.tf.json': tf({ engine: 'postgres', identifier: 'a' }) });
  const head = () => tree({ 'e/aws/main.tf.json': tf({ engine: 'postgres', identifier: 'a' }) });

  test('<head>/<env>/aws/tfplan.review.json is found; a deleted database in it fails the review although the text did not change', () => {
    const h = head();
    fs.writeFileSync(
      path.join(h, 'e/aws/tfplan.review.json'),
      summarizePlanText(plan(rc('aws_db_instance.db', ['delete'], { identifier: 'a' }, null)), 'show'),
    );
    const [d] = diffDist(base(), h);
    expect(d.terraform).toBe('plan');
    expect(d.destructive).toEqual([{ key: 'tf aws_db_instance.db', reason: 'aws_db_instance is destroyed' }]);
    expect(formatDiff([d])).toContain('  Terraform: classified from the Terraform plan\n');
    expect(diffCommand([base(), h], capture().io)).toBe(2);
  });

  test('--plan <env>=<file> is used, and the plan overrides the offline guess', () => {
    const planFile = path.join(tree({}), 'plan.json');
    fs.writeFileSync(
      planFile,
      plan(rc('aws_db_instance.db', ['update'], { identifier: 'a', license_model: null }, { identifier: 'a', license_model: 'x' })),
    );
    const h = tree({ 'e/aws/main.tf.json': tf({ engine: 'postgres', identifier: 'a', license_model: 'x' }) });
    expect(diffDist(base(), h)[0].destructive.length).toBe(1); // offline: "may be replaced"
    const run = capture();
    expect(diffCommand([base(), h, '--plan', `e=${planFile}`], run.io)).toBe(0);
    expect(run.out.join('')).toContain('  ~ tf aws_db_instance.db\n      license_model: null -> "x"\n');
  });

  test.each([
    ['not JSON', '{', /plan\.json: not valid JSON/],
    ['not a plan', '{"resource_changes": []}', /plan\.json: has no format_version; expected the output of terraform show -json <planfile>/],
    ['an errored plan', '{"format_version": "1.2", "errored": true}', /plan\.json: the plan errored; it cannot be reviewed or applied/],
    [
      'changes without actions',
      '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {}}]}',
      /resource_changes is not a list of/,
    ],
    ['unknown actions', plan(rc('aws_db_instance.db', ['explode'], {}, {})), /unknown Terraform plan actions \["explode"\]/],
  ])('a plan that is %s fails the review (exit 1)', (_name, content, message) => {
    const planFile = path.join(tree({}), 'plan.json');
    fs.writeFileSync(planFile, content);
    const run = capture();
    expect(diffCommand([base(), head(), '--plan', `e=${planFile}`], run.io)).toBe(1);
    expect(run.err.join('')).toMatch(message);
  });

  test('--require-plan fails when an environment with Terraform has no plan; --plan for an unknown environment fails', () => {
    const run = capture();
    expect(diffCommand([base(), head(), '--require-plan'], run.io)).toBe(1);
    expect(run.err.join('')).toMatch(
      /e: has Terraform resources but no plan \(looked for .*e\/aws\/tfplan\.review\.json\)\. Fix: npm run apply -- e --plan-only/,
    );
    const other = capture();
    expect(diffCommand([base(), head(), '--plan', 'prod=x.json'], other.io)).toBe(1);
    expect(other.err.join('')).toContain('--plan prod=...: there is no environment prod (environments: e)');
  });
});

test('a plan written by Terraform itself (terraform 1.11, built-in terraform_data) classifies as create, update, replace and delete', () => {
  // Made with terraform plan -out and terraform show -json over terraform_data resources (no provider needed);
  // only format_version, terraform_version, resource_changes and errored were kept.
  const file = path.join(__dirname, 'terraform-data-plan.json');
  const changes = classifyPlan(parseTerraformPlan(fs.readFileSync(file, 'utf8'), file));
  expect(changes.map((c) => [c.address, c.action])).toEqual([
    ['terraform_data.db', 'replace'],
    ['terraform_data.gone', 'delete'],
    ['terraform_data.new', 'create'],
    ['terraform_data.upd', 'update'],
  ]);
  expect(changes[0].values).toEqual([
    { path: 'id', before: expect.any(String), after: '(known after apply)' },
    { path: 'output', before: 'a', after: '(known after apply)' },
    { path: 'triggers_replace.0', before: 'k1', after: 'k2' },
  ]);
});

describe('the plan summary (what apply --plan-only leaves for the review)', () => {
  const full = plan(
    rc(
      'aws_db_instance.db',
      ['delete', 'create'],
      { identifier: 'oms', kms_key_id: 'arn:aws:kms:eu-west-1:1:key/a', password: 'hunter2' },
      { identifier: 'oms', kms_key_id: null, password: 'hunter3' },
      {
        after_unknown: { kms_key_id: true },
        before_sensitive: { password: true },
        after_sensitive: { password: true },
        replace_paths: [['kms_key_id']],
      },
    ),
    rc(
      'aws_db_instance.kept',
      ['update'],
      { backup_retention_period: 7, tags: { Owner: 'x' } },
      { backup_retention_period: 1, tags: { Owner: 'y' } },
    ),
    { ...rc('aws_iam_policy_document.p', ['read'], null, { json: '{}' }), mode: 'data' },
  );

  test('keeps addresses, types, actions, replace paths and changed attribute paths; no value survives', () => {
    const text = summarizePlanText(full, 'show');
    for (const value of ['hunter2', 'hunter3', 'arn:aws:kms', '"x"', '"y"', 'aws_iam_policy_document']) expect(text).not.toContain(value);
    expect(JSON.parse(text).resource_changes).toEqual([
      {
        address: 'aws_db_instance.db',
        type: 'aws_db_instance',
        actions: ['delete', 'create'],
        replace_paths: [['kms_key_id']],
        changed: ['kms_key_id', 'password'],
        weakened: [],
      },
      {
        address: 'aws_db_instance.kept',
        type: 'aws_db_instance',
        actions: ['update'],
        changed: ['backup_retention_period', 'tags.Owner'],
        weakened: ['aws_db_instance keeps fewer backups or less time to recover: backup_retention_period 7 -> 1'],
      },
    ]);
  });

  test('the review classifies the summary exactly as it classifies the full plan', () => {
    const dir = tree({});
    fs.writeFileSync(path.join(dir, 'full.json'), full);
    fs.writeFileSync(path.join(dir, 'summary.json'), summarizePlanText(full, 'show'));
    const h = tree({ 'e/aws/main.tf.json': tf({ identifier: 'oms' }) });
    const fromFull = diffDist(h, h, { plans: { e: path.join(dir, 'full.json') } });
    const fromSummary = diffDist(h, h, { plans: { e: path.join(dir, 'summary.json') } });
    expect(fromSummary[0].destructive).toEqual(fromFull[0].destructive);
    expect(fromSummary[0].destructive.map((x) => x.reason)).toEqual([
      'aws_db_instance is replaced (destroyed and recreated) because kms_key_id changes',
      'aws_db_instance keeps fewer backups or less time to recover: backup_retention_period 7 -> 1',
    ]);
    expect(fromSummary[0].changed.map((c) => [c.key, c.replaced, c.fields.map((f) => f.path)])).toEqual(
      fromFull[0].changed.map((c) => [c.key, c.replaced, c.fields.map((f) => f.path)]),
    );
  });

  test('a plan Terraform wrote itself summarizes to its four changes', () => {
    const file = path.join(__dirname, 'terraform-data-plan.json');
    const summary = summarizePlan(parseTerraformPlan(fs.readFileSync(file, 'utf8'), file), '1.11.0');
    expect(summary.resource_changes.map((c) => [c.address, c.actions.join(',')])).toEqual([
      ['terraform_data.db', 'delete,create'],
      ['terraform_data.gone', 'delete'],
      ['terraform_data.new', 'create'],
      ['terraform_data.upd', 'update'],
    ]);
  });

  test.each([
    ['without a list of changes', { format: 'oms-plan-review/1' }, 'resource_changes is not a list'],
    [
      'with a change without address',
      { format: 'oms-plan-review/1', resource_changes: [{ type: 'x' }] },
      'resource_changes[0] has no address and type',
    ],
    [
      'with a change without its changed paths',
      { format: 'oms-plan-review/1', resource_changes: [{ address: 'a.b', type: 'a', actions: ['update'], weakened: [] }] },
      'resource_changes[0] (a.b) needs actions, changed and weakened as lists of strings',
    ],
    [
      'with a no-op',
      { format: 'oms-plan-review/1', resource_changes: [{ address: 'a.b', type: 'a', actions: ['no-op'], changed: [], weakened: [] }] },
      'resource_changes[0] (a.b) has no change (["no-op"])',
    ],
  ])('a summary %s fails the review (exit 1), naming the file and the fix', (_name, content, what) => {
    const file = path.join(tree({}), 'summary.json');
    fs.writeFileSync(file, JSON.stringify(content));
    const run = capture();
    const h = tree({ 'e/aws/main.tf.json': tf({ identifier: 'oms' }) });
    expect(diffCommand([h, h, '--plan', `e=${file}`], run.io)).toBe(1);
    expect(run.err.join('')).toContain(
      `${file}: ${what}; expected the plan summary npm run apply -- <env> --plan-only writes (oms-plan-review/1). Fix: make the plan again`,
    );
  });
});
