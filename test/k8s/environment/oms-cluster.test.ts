import { App } from 'cdk8s';
import { OmsCluster, OmsClusterProps, OmsEnvironment, renderEnvironment } from '../../../lib';
import { ManifestValidator } from '../../support/manifest-validator';

const openshift = (over: Partial<OmsClusterProps> = {}): OmsCluster =>
  new OmsCluster({
    name: 'ocp-uat',
    platform: 'openshift',
    enforcement: { kind: 'openshift-quota' },
    ceiling: { cpu: '100', memory: '300Gi', pods: 300 },
    owner: 'uat-a',
    environments: { 'uat-a': { cpu: '60', memory: '200Gi', pods: 200 }, 'uat-b': { cpu: '40', memory: '100Gi', pods: 100 } },
    ...over,
  });

const karpenter = (over: Partial<OmsClusterProps> = {}): OmsCluster =>
  new OmsCluster({
    name: 'dev-eks',
    platform: 'eks',
    enforcement: {
      kind: 'karpenter',
      nodeClassName: 'default',
      requirements: [{ key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m6i'] }],
      systemReserved: { cpu: '8', memory: '32Gi' },
    },
    ceiling: { cpu: '108', memory: '432Gi' },
    owner: 'uat',
    environments: { uat: { cpu: '60', memory: '240Gi' } },
    branches: { count: 2, each: { cpu: '20', memory: '80Gi' } },
    ...over,
  });

const place = (
  cluster: OmsCluster,
  name: string,
  budget: { cpu: string; memory: string; pods?: number },
  stage: 'uat' | 'branch' = 'uat',
) => new OmsEnvironment(new App(), name, { stage, platform: cluster.platform, budget, cluster });

const validators = ['v1.27.0', 'v1.36.0'].map((v) => new ManifestValidator(v));

test('the owner of an OpenShift cluster renders one ClusterResourceQuota over every namespace on the cluster', () => {
  const cluster = openshift();
  const owner = renderEnvironment(place(cluster, 'uat-a', { cpu: '60', memory: '200Gi', pods: 200 }));
  const other = renderEnvironment(place(cluster, 'uat-b', { cpu: '40', memory: '100Gi', pods: 100 }));
  const quotas = owner.manifests.filter((m) => m.kind === 'ClusterResourceQuota');
  expect(quotas).toHaveLength(1);
  expect(quotas[0].metadata.namespace).toBeUndefined();
  expect(quotas[0].spec).toEqual({
    selector: { labels: { matchLabels: { 'oms.platform/cluster': 'ocp-uat' } } },
    quota: { hard: { 'requests.cpu': '100', 'limits.cpu': '100', 'requests.memory': '300Gi', 'limits.memory': '300Gi', pods: 300 } },
  });
  expect(owner.files.map((f) => f.path)).toContain('k8s/cluster.yaml');
  // Only the owner renders it; every environment's namespace carries the label the quota selects.
  expect(other.manifests.filter((m) => m.kind === 'ClusterResourceQuota')).toEqual([]);
  for (const env of [owner, other]) {
    expect(env.manifests.find((m) => m.kind === 'Namespace')!.metadata.labels['oms.platform/cluster']).toBe('ocp-uat');
  }
  for (const v of validators) expect(quotas.flatMap((q) => v.validate(q))).toEqual([]);
  // The strict schema check can fail: a misspelt field is reported.
  expect(validators[0].validate({ ...quotas[0], spec: { ...quotas[0].spec, selectr: {} } }).join('\n')).toMatch(/selectr/);
});

test('an EKS cluster with Karpenter renders a NodePool whose limits are the ceiling', () => {
  const env = renderEnvironment(place(karpenter(), 'uat', { cpu: '60', memory: '240Gi' }));
  const pool = env.manifests.find((m) => m.kind === 'NodePool')!;
  expect(pool.apiVersion).toBe('karpenter.sh/v1');
  expect(pool.metadata.namespace).toBeUndefined();
  expect(pool.spec.limits).toEqual({ cpu: '108', memory: '432Gi' });
  expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' });
  for (const v of validators) expect(v.validate(pool)).toEqual([]);
});

test('a node-group cluster renders nothing and its ceiling is maxNodes times a node', () => {
  const cluster = new OmsCluster({
    name: 'small',
    platform: 'eks',
    enforcement: { kind: 'node-group', maxNodes: 6, allocatablePerNode: { cpu: '7910m', memory: '29Gi' } },
    owner: 'uat',
    environments: { uat: { cpu: '40', memory: '160Gi' } },
  });
  expect(cluster.ceiling).toEqual({ cpuMillis: 47460, memoryBytes: 174 * 2 ** 30, pods: undefined });
  const env = renderEnvironment(place(cluster, 'uat', { cpu: '40', memory: '160Gi' }));
  expect(env.manifests.filter((m) => ['NodePool', 'ClusterResourceQuota'].includes(m.kind))).toEqual([]);
  expect(cluster.fitProblems()).toEqual([]);
});

test('a branch environment takes the branch room of the cluster', () => {
  const cluster = karpenter();
  expect(() => place(cluster, 'feature-x', { cpu: '20', memory: '80Gi' }, 'branch')).not.toThrow();
  expect(cluster.allShares.map((s) => s.name)).toEqual(['uat', 'branch environments (2 x 20 CPU / 80Gi)']);
});

test('a new environment that would overflow the cluster fails synthesis, naming each share', () => {
  const cluster = karpenter({
    environments: { uat: { cpu: '60', memory: '240Gi' }, 'load-test': { cpu: '32', memory: '64Gi' } },
  });
  const env = place(cluster, 'uat', { cpu: '60', memory: '240Gi' });
  expect(() => renderEnvironment(env)).toThrow(
    [
      'uat: invalid configuration',
      '  - cluster dev-eks: environments must fit the cluster\'s 100 CPU (the NodePool limits less systemReserved) together, but their shares add up to 132: uat 60, load-test 32, branch environments (2 x 20 CPU / 80Gi) 40 (received "132"). Fix: lower the shares by 32 CPU, or raise the cluster\'s ceiling',
      '  - cluster dev-eks: environments must fit the cluster\'s 400Gi memory (the NodePool limits less systemReserved) together, but their shares add up to 464Gi: uat 240Gi, load-test 64Gi, branch environments (2 x 20 CPU / 80Gi) 160Gi (received "464Gi"). Fix: lower the shares by 64Gi, or raise the cluster\'s ceiling',
    ].join('\n'),
  );
});

test.each([
  [
    'an environment without a share',
    () => place(openshift(), 'uat-c', { cpu: '1', memory: '1Gi' }),
    'uat-c: invalid configuration\n  - cluster must list the environment: cluster ocp-uat has no share for "uat-c" (received "ocp-uat"). Fix: add "uat-c" with its budget to the cluster\'s environments (the check then tells whether it still fits)',
  ],
  [
    'a budget larger than the share',
    () => place(openshift(), 'uat-b', { cpu: '48', memory: '100Gi', pods: 100 }),
    'uat-b: invalid configuration\n  - budget.cpu must fit the environment\'s share of cluster ocp-uat, 40 (received "48"). Fix: lower budget.cpu, or raise the share in the cluster\'s definition',
  ],
  [
    'no pod budget where the share has one',
    () => place(openshift(), 'uat-b', { cpu: '40', memory: '100Gi' }),
    "uat-b: invalid configuration\n  - budget.pods must be set and fit the environment's share of cluster ocp-uat, 100 (received undefined). Fix: set budget.pods to at most 100",
  ],
  [
    'an environment of another platform',
    () =>
      new OmsEnvironment(new App(), 'uat-a', {
        stage: 'uat',
        platform: 'eks',
        budget: { cpu: '60', memory: '200Gi', pods: 200 },
        cluster: openshift(),
      }),
    'uat-a: invalid configuration\n  - cluster must be a cluster of the environment\'s platform (eks) (received "ocp-uat (openshift)"). Fix: place it on an eks cluster',
  ],
  [
    'a branch environment on a cluster without branch room',
    () => place(openshift(), 'feature-y', { cpu: '1', memory: '1Gi' }, 'branch'),
    'feature-y: invalid configuration\n  - cluster must list the environment: cluster ocp-uat has no share for "feature-y" and no room for branch environments (received "ocp-uat"). Fix: add "feature-y" with its budget to the cluster\'s environments (the check then tells whether it still fits)',
  ],
  [
    'an owner that is not listed',
    () => openshift({ owner: 'nobody' }),
    'cluster ocp-uat: invalid configuration\n  - owner must be one of the long-lived environments listed in environments (it renders the cluster-scoped ceiling) (received "nobody"). Fix: set owner to one of: uat-a, uat-b',
  ],
  [
    'Karpenter on OpenShift',
    () => karpenter({ platform: 'openshift' }),
    'cluster dev-eks: invalid configuration\n  - enforcement karpenter needs platform eks (received "openshift"). Fix: use \'openshift-quota\' on OpenShift',
  ],
  [
    'a node group with a ceiling',
    () =>
      new OmsCluster({
        name: 'small',
        platform: 'eks',
        enforcement: { kind: 'node-group', maxNodes: 0, allocatablePerNode: { cpu: '8', memory: '32Gi' } },
        ceiling: { cpu: '1', memory: '1Gi' },
        owner: 'uat',
        environments: { uat: { cpu: '1', memory: '1Gi' } },
      }),
    'cluster small: invalid configuration\n  - ceiling must be left out for a node group: it is maxNodes times allocatablePerNode (received {"cpu":"1","memory":"1Gi"}). Fix: remove ceiling, or use Karpenter limits\n  - enforcement.maxNodes must be a whole number of at least 1 (received 0). Fix: set the node group\'s maximum size',
  ],
])('%s is refused', (_name, make, message) => {
  expect(make).toThrow(message);
});

test('a budget larger than the share in CPU and in memory: one problem each, CPU first', () => {
  expect(() => place(openshift(), 'uat-b', { cpu: '48', memory: '120Gi', pods: 100 })).toThrow(
    [
      'uat-b: invalid configuration',
      '  - budget.cpu must fit the environment\'s share of cluster ocp-uat, 40 (received "48"). Fix: lower budget.cpu, or raise the share in the cluster\'s definition',
      '  - budget.memory must fit the environment\'s share of cluster ocp-uat, 100Gi (received "120Gi"). Fix: lower budget.memory, or raise the share in the cluster\'s definition',
    ].join('\n'),
  );
});
