import { Testing } from 'cdktf';
import { OmsAwsStack, OmsAwsStackProps, PLAN_READABLE, PLAN_READERS_GROUP, planAccessObjects } from '../../lib/aws';
import { PRUNE_KINDS } from '../../lib/review/apply-plan';
import { ManifestValidator } from '../support/manifest-validator';
import { renderAllApps } from '../support/apps';

const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };
const PLAN = 'arn:aws:iam::111122223333:role/oms-ci-plan';
const access = (planRoleArns?: string[]) => ({
  adminRoleArns: ['arn:aws:iam::111122223333:role/admin'],
  ciRoleArn: 'arn:aws:iam::111122223333:role/ci',
  ...(planRoleArns ? { planRoleArns } : {}),
});
const props = (planRoleArns?: string[]): OmsAwsStackProps => ({
  environment: 'uat-eks',
  stage: 'uat',
  account: ACCOUNT,
  state: { bucket: 'state' },
  network: { cidr: '10.20.0.0/16' },
  clusterAccess: access(planRoleArns),
  databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
});
const tf = JSON.parse(Testing.synth(new OmsAwsStack(Testing.app(), 'stack', props([PLAN]))));
const all = (type: string) => Object.values<any>(tf.resource[type] ?? {});
const objects: any[] = JSON.parse(all('helm_release').find((r) => r.name === 'oms-platform').values[0]).resources;
const of = (kind: string) => objects.filter((o) => o.kind === kind);

test('the plan role gets an access entry in the plan readers group and no EKS access policy', () => {
  expect(all('aws_eks_access_entry').find((e) => e.principal_arn === PLAN)).toMatchObject({
    kubernetes_groups: [PLAN_READERS_GROUP],
    type: 'STANDARD',
  });
  const policies = all('aws_eks_access_policy_association').map((p) => p.principal_arn as string);
  expect(policies.some((p) => p.includes('plan'))).toBe(false);
  expect(policies).toHaveLength(2); // the admin and the deploy role
});

test('Secrets are readable only in the namespaces where Helm keeps the platform releases', () => {
  for (const rule of of('ClusterRole').flatMap((r) => r.rules)) expect(rule.resources).not.toContain('secrets');
  const secretRoles = of('Role').filter((r) => r.rules.some((x: any) => x.resources.includes('secrets')));
  const releaseNamespaces = [...new Set(all('helm_release').map((r) => r.namespace))].sort();
  expect(secretRoles.map((r) => r.metadata.namespace)).toEqual(releaseNamespaces);
  for (const r of secretRoles) expect(r.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]);
});

test('every kind the apps render (and the prune lists) is readable and dry-runnable; nothing cluster-wide beyond them', () => {
  const readable = new Set(PLAN_READABLE.flatMap((g) => g.resources.map((r) => `${r}.${g.apiGroup}`)));
  const openShiftOnly = ['routes.route.openshift.io'];
  for (const k of PRUNE_KINDS) {
    const [group] = k.gvk.split('/');
    const resource = `${k.resource.split('.')[0]}.${group === 'core' ? '' : group}`;
    if (!openShiftOnly.includes(k.resource)) expect(readable).toContain(resource);
  }
  const plural = (kind: string) =>
    (/[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : kind.endsWith('s') ? `${kind}es` : `${kind}s`).toLowerCase();
  // Every app's objects but OpenShift's own kinds (EKS clusters serve none of them).
  let checked = 0;
  for (const { env } of renderAllApps()) {
    // The plan group is an EKS access entry: OpenShift environments (their log forwarding's cluster bindings
    // included) are planned with OpenShift's own identities.
    if (env.manifests.some((o: any) => /openshift\.io\//.test(String(o?.apiVersion)))) continue;
    for (const o of env.manifests) {
      if (!o?.kind || o.kind === 'Kustomization') continue;
      const group = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : '';
      expect(readable).toContain(`${plural(o.kind)}.${group}`);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(100);
  expect(of('ClusterRole')[0].rules.every((r: any) => !r.verbs.includes('delete') && !r.verbs.includes('update'))).toBe(true);
});

test('an admission policy denies the group every request that is not a dry run', () => {
  const [policy] = of('ValidatingAdmissionPolicy');
  expect(policy.spec.failurePolicy).toBe('Fail');
  expect(policy.spec.matchConditions).toEqual([
    { name: 'plan-readers', expression: "request.userInfo.groups.exists(g, g == 'oms-plan-readers')" },
  ]);
  expect(policy.spec.validations[0].expression).toBe('has(request.dryRun) && request.dryRun == true');
  expect(policy.spec.matchConstraints.resourceRules[0].operations).toEqual(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);
  expect(of('ValidatingAdmissionPolicyBinding')[0].spec).toEqual({ policyName: policy.metadata.name, validationActions: ['Deny'] });
});

test.each(['v1.33.0', 'v1.36.0'])('the objects are valid Kubernetes %s (strict)', (version) => {
  const validator = new ManifestValidator(version);
  for (const o of planAccessObjects(['kube-system', 'keda'])) expect([o.kind, validator.validate(o as any)]).toEqual([o.kind, []]);
});

test.each([
  [
    'the deploy role',
    ['arn:aws:iam::111122223333:role/ci'],
    'clusterAccess.planRoleArns[0] must not be the CI deploy role or an administrator role: a plan role is read-only, and one principal has one access entry (received "arn:aws:iam::111122223333:role/ci"). Fix: give the read-only plan role its own IAM role',
  ],
  [
    'a role of another account',
    ['arn:aws:iam::999999999999:role/plan'],
    'clusterAccess.planRoleArns[0] must be an IAM role ARN in account 111122223333 (received "arn:aws:iam::999999999999:role/plan"). Fix: use arn:aws:iam::111122223333:role/<name>',
  ],
])('a plan role that is %s fails synthesis', (_name, arns, line) => {
  expect(() => new OmsAwsStack(Testing.app(), 'stack', props(arns))).toThrow(line);
});
