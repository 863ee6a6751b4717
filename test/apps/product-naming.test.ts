import { renderAllApps } from '../support/apps';

// An app that runs no OMS image names its own product only: no OMS part-of label, database or user, DNS zone,
// ServiceAccount, secret or parameter path, or log group. The tool's own label keys (oms.platform/*), its
// managed-by value, the state bucket and the EKS resources named after the cluster are the tool's, not the estate's.
const OMS_IMAGE = /\/om-(app|agent)[:@-]/;

const RULES: readonly (readonly [string, RegExp])[] = [
  ['part-of label', /app\.kubernetes\.io\/part-of"?: "?oms"?$/m],
  ['database name', /(DB_NAME|"db_name"|"dbname"|database)"?: "?oms"?,?$/m],
  ['database user', /\boms_(app|master|branch_admin|br_)/],
  ['DNS zone', /\.oms\.internal\b/],
  ['ServiceAccount', /(serviceAccountName|"service_account"|serviceAccount)"?: "?oms-/],
  ['secret or parameter path', /(^|[:"/ ])oms\/(?!branches\/)[a-z0-9-]+\/(database|cache)|secret:oms\/|parameter\/oms\//m],
];

const apps = renderAllApps();
const plain = apps.filter(({ env }) => !env.files.some((f) => OMS_IMAGE.test(f.content)));

test('the apps without an OMS image are the plain-service apps', () => {
  expect(plain.map((a) => a.file).sort()).toEqual(
    expect.arrayContaining(['polls-branch.ts', 'polls-production.ts', 'polls-staging.ts', 'polls-uat.ts', 'uat-services.ts']),
  );
});

describe.each(plain.map(({ file, env }) => [file, env] as const))('%s', (_file, env) => {
  test.each(RULES)('has no OMS %s', (_what, rule) => {
    const hits = env.files.flatMap((f) =>
      f.content
        .split('\n')
        .filter((line) => rule.test(line))
        .map((line) => `${f.path}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  test('names its log groups after its own product', () => {
    expect(logGroups(env.files).filter((name) => /oms/i.test(name))).toEqual([]);
  });
});

/** The CloudWatch log groups of an app's Terraform, but the EKS control plane's (AWS names it after the cluster). */
function logGroups(files: readonly { path: string; content: string }[]): string[] {
  return files
    .filter((f) => f.path.endsWith('.tf.json'))
    .flatMap((f) => Object.values((JSON.parse(f.content).resource ?? {}).aws_cloudwatch_log_group ?? {}))
    .map((g) => (g as { name: string }).name)
    .filter((name) => !name.startsWith('/aws/eks/'));
}

test('the rules find OMS naming where it is (an OMS app fails them)', () => {
  const oms = apps.find((a) => a.file === 'uat-eks.ts')!;
  expect(plain).not.toContainEqual(oms);
  const content = oms.env.files.map((f) => f.content).join('\n');
  const found = RULES.filter(([, rule]) => content.split('\n').some((line) => rule.test(line))).map(([what]) => what);
  expect(found).toEqual(['part-of label', 'database name', 'database user', 'DNS zone', 'ServiceAccount', 'secret or parameter path']);
  expect(logGroups(oms.env.files).filter((name) => name.startsWith('/oms/')).length).toBeGreaterThan(0);
});

/** The IAM role names, S3 bucket names and the state backend of an app's Terraform. */
function awsNames(files: readonly { path: string; content: string }[]): {
  roles: string[];
  buckets: string[];
  stateKeys: string[];
  alarms: string[];
} {
  const tf = files.filter((f) => f.path.endsWith('.tf.json')).map((f) => JSON.parse(f.content));
  const resources = (type: string) => tf.flatMap((t) => Object.values<Record<string, string>>(t.resource?.[type] ?? {}));
  return {
    roles: resources('aws_iam_role').map((r) => r.name ?? r.name_prefix),
    buckets: [
      ...resources('aws_s3_bucket').map((b) => b.bucket ?? b.bucket_prefix),
      ...tf.map((t) => t.terraform?.backend?.s3?.bucket),
    ].filter((b) => b !== undefined),
    stateKeys: tf.map((t) => t.terraform?.backend?.s3?.key).filter((k) => k !== undefined),
    alarms: [
      ...resources('aws_cloudwatch_metric_alarm').map((a) => a.alarm_name),
      ...resources('aws_sns_topic').map((t) => t.name),
      ...resources('aws_cloudwatch_dashboard').map((d) => d.dashboard_name),
    ],
  };
}

// The roles an app's stacks create and the bucket its state lives in are named after its product. The CI identities
// the access entries name (apps/config/aws.ts) are the delivery pipeline's, one set per account for every estate.
describe.each(plain.map(({ file, env }) => [file, env] as const))('%s on AWS', (_file, env) => {
  const names = awsNames(env.files);

  test('has a state backend and IAM roles (so the checks below check something)', () => {
    expect(names.stateKeys.length).toBeGreaterThan(0);
    expect(names.roles.length).toBeGreaterThan(0);
  });

  test('no IAM role name starts with "oms-"', () => expect(names.roles.filter((n) => n.startsWith('oms-'))).toEqual([]));

  test('no CloudWatch alarm, alarm topic or dashboard name starts with "oms-"', () =>
    expect(names.alarms.filter((n) => n.startsWith('oms-'))).toEqual([]));

  test('no bucket, the state bucket included, starts with "oms-", and no state key with "oms/"', () => {
    expect(names.buckets.filter((n) => n.startsWith('oms-'))).toEqual([]);
    expect(names.stateKeys.filter((k) => k.startsWith('oms/'))).toEqual([]);
  });
});

test('the plain apps have alarms to check (branch stacks have none)', () =>
  expect(plain.flatMap(({ env }) => awsNames(env.files).alarms).length).toBeGreaterThan(0));

test('an OMS app keeps its names: roles oms-<env>-..., state in oms-terraform-state-<account> under oms/', () => {
  const names = awsNames(apps.find((a) => a.file === 'uat-eks.ts')!.env.files);
  expect(names.roles.length).toBeGreaterThan(0);
  expect(names.roles.filter((n) => !n.startsWith('oms-uat-eks-'))).toEqual([]);
  expect(names.buckets).toEqual(['oms-terraform-state-111122223333']);
  expect(names.stateKeys).toEqual(['oms/uat-eks/terraform.tfstate']);
  expect(names.alarms.filter((n) => !n.startsWith('oms-uat-eks'))).toEqual([]);
});
