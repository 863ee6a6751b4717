import { teardownNamespaceName } from '../../lib/core';
import { TEARDOWN_JOBS_FILE, temporaryUninstall } from '../../lib/review/teardown-namespace';
import { renderAllApps } from '../support/apps';

const apps = Object.fromEntries(renderAllApps().map(({ env }) => [env.name, env]));
const branchApps = Object.values(apps).filter((a) => a.files.some((f) => f.path === TEARDOWN_JOBS_FILE));
const objectsOf = (env: (typeof branchApps)[number], prefix: string) =>
  env.files.filter((f) => f.path.startsWith(prefix)).flatMap((f) => f.objects ?? []);

test('both branch apps (OMS and polls) write the uninstall Jobs for a temporary namespace', () => {
  expect(branchApps.map((a) => a.name).sort()).toEqual(['br-local-25bf8e1a', 'br-polls-local-bb584505']);
});

describe.each(branchApps.map((a) => [a.name, a] as const))('%s: the temporary namespace', (name, env) => {
  const objects = objectsOf(env, 'teardown/');
  const tmp = teardownNamespaceName(name);
  const phase = objectsOf(env, 'phases/uninstall/');
  const own = objectsOf(env, 'k8s/');

  test('holds the namespace (Pod Security restricted, labelled with the environment it tears down), then what the Jobs need, then the Jobs', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      `Namespace/${tmp}`,
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-dns',
      ...phase.filter((o) => o.kind === 'NetworkPolicy').map((o) => `NetworkPolicy/${o.metadata.name}`),
      `ServiceAccount/${phase.find((o) => o.kind === 'Job')!.spec.template.spec.serviceAccountName}`,
      'ExternalSecret/database-credentials',
      ...phase.filter((o) => o.kind === 'Job').map((o) => `Job/${o.metadata.name}`),
    ]);
    const ns = objects[0];
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'oms.platform/teardown-of': name,
    });
    // Not an environment: the environment label selects what prune and drift consider the environment's.
    expect(ns.metadata.labels['oms.platform/environment']).toBeUndefined();
    expect(objects.slice(1).every((o) => o.metadata.namespace === tmp)).toBe(true);
  });

  test("the Jobs, their ServiceAccount, their ExternalSecret and their NetworkPolicy are the environment's own, moved: same spec, phase label, no Argo CD hook", () => {
    for (const o of objects.slice(1)) {
      const original = [...phase, ...own].find((x) => x.kind === o.kind && x.metadata.name === o.metadata.name)!;
      expect(o.spec).toEqual(original.spec);
      expect(o.automountServiceAccountToken).toEqual(original.automountServiceAccountToken);
      expect(o.metadata.labels).toEqual({ ...original.metadata.labels, 'oms.platform/phase': 'uninstall' });
      expect(Object.keys(o.metadata.annotations ?? {}).filter((k) => k.startsWith('argocd.argoproj.io/'))).toEqual([]);
    }
    // Only the Secret the Jobs read: the cache token stays out.
    expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.spec.target.name)).toEqual(['database-credentials']);
  });

  test("its name is the one the AWS stack binds the database Jobs' identity to", () => {
    const tf = JSON.parse(env.files.find((f) => f.path === 'aws/main.tf.json')!.content);
    const serviceAccount = objects.find((o) => o.kind === 'ServiceAccount')!.metadata.name;
    expect(Object.values<any>(tf.resource.aws_eks_pod_identity_association).map((a) => [a.namespace, a.service_account])).toContainEqual([
      tmp,
      serviceAccount,
    ]);
  });

  test('no Kustomization lists it: GitOps and the environment apply never create it', () => {
    const listing = env.files.filter((f) => /(^|\/)(kustomization\.yaml|Kustomization)$/.test(f.path)).map((f) => f.content);
    expect(listing.join('\n')).not.toMatch(/teardown/);
  });
});

describe('when the Jobs cannot move', () => {
  const job = (spec: Record<string, unknown>) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'drop', namespace: 'e' },
    spec: { template: { spec } },
  });
  const files = (uninstall: Record<string, unknown>[], own: Record<string, unknown>[] = []) => [
    { path: 'k8s/environment.yaml', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e' } }, ...own] },
    { path: 'phases/uninstall/drop.yaml', objects: uninstall },
  ];
  test.each([
    [
      'another kind in the phase',
      files([job({}), { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'dump' } }]),
      'the uninstall phase holds a PersistentVolumeClaim (dump), which is not moved to another namespace',
    ],
    [
      'a ServiceAccount the output does not hold',
      files([job({ serviceAccountName: 'admin' })]),
      "Job drop runs as ServiceAccount admin, which the environment's output does not hold",
    ],
    [
      'a Secret no ExternalSecret writes',
      files([job({ containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'by-hand' } }] }] })]),
      'Job drop reads Secret by-hand, which no ExternalSecret of the environment writes',
    ],
    [
      'a ConfigMap the output does not hold',
      files([job({ volumes: [{ name: 'v', configMap: { name: 'sql' } }] })]),
      "Job drop reads ConfigMap sql, which the environment's output does not hold",
    ],
  ])('%s: says which', (_name, input, cannot) => {
    expect(temporaryUninstall('e', input)).toEqual({ cannot });
  });

  test('an ExternalSecret whose target names another Secret is found by that name', () => {
    const es = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'es', namespace: 'e' },
      spec: { target: { name: 'creds' } },
    };
    const result = temporaryUninstall('e', files([job({ volumes: [{ name: 'v', secret: { secretName: 'creds' } }] })], [es]));
    expect(result && 'file' in result ? result.file.objects.map((o) => o.kind) : result).toEqual(['Namespace', 'ExternalSecret', 'Job']);
    expect(result && 'waits' in result ? result.waits.map((w) => `${w.kind} ${w.namespace}/${w.name} ${w.timeoutSeconds}s`) : []).toEqual([
      `ExternalSecret ${teardownNamespaceName('e')}/es 300s`,
      `Job ${teardownNamespaceName('e')}/drop 900s`,
    ]);
  });

  test('no uninstall Jobs: nothing to move', () => {
    expect(temporaryUninstall('e', files([]))).toBeUndefined();
  });
});

test('the temporary namespace name: the environment, "teardown" and a hash of both; a DNS label for the longest branch environment', () => {
  expect(teardownNamespaceName('br-x-1a2b3c4d')).toMatch(/^br-x-1a2b3c4d-teardown-[0-9a-f]{8}$/);
  expect(teardownNamespaceName('br-x-1a2b3c4d')).toBe(teardownNamespaceName('br-x-1a2b3c4d'));
  const longest = `br-${'a'.repeat(28)}-1a2b3c4d`;
  expect(longest).toHaveLength(40);
  expect(teardownNamespaceName(longest)).toBe(`${longest}-teardown-${teardownNamespaceName(longest).slice(-8)}`);
  expect(teardownNamespaceName(longest).length).toBeLessThanOrEqual(63);
});
