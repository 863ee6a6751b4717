import { App, Chart } from 'cdk8s';
import { OmsEnvironment } from '../../../lib/k8s/environment/oms-environment';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { manifestsOf, newEnv, only, omsProps } from '../../support/fixtures';

describe('OmsEnvironment defaults', () => {
  const manifests = manifestsOf(newEnv({ budget: { cpu: '40', memory: '160Gi', pods: 50 } }));

  test('a cluster-scoped Namespace enforcing the restricted Pod Security Standard', () => {
    const ns = only(manifests, 'Namespace');
    expect(ns.metadata).not.toHaveProperty('namespace');
    expect(ns.metadata.name).toBe('test-env');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'oms.platform/environment': 'test-env',
      'app.kubernetes.io/managed-by': 'oms-platform-constructs',
    });
  });

  test('the budget becomes the ResourceQuota', () => {
    expect(only(manifests, 'ResourceQuota').spec.hard).toEqual({
      'requests.cpu': '40',
      'limits.cpu': '40',
      'requests.memory': '160Gi',
      'limits.memory': '160Gi',
      pods: 50,
    });
  });

  test('the LimitRange caps one container at the ceiling and gives defaults to containers that set none', () => {
    expect(only(manifests, 'LimitRange').spec.limits).toEqual([
      {
        type: 'Container',
        max: { cpu: '4', memory: '16Gi' },
        defaultRequest: { cpu: '100m', memory: '256Mi' },
        default: { cpu: '500m', memory: '512Mi' },
      },
    ]);
  });

  test('default-deny for both directions, plus DNS egress', () => {
    expect(only(manifests, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const dns = only(manifests, 'NetworkPolicy', 'allow-dns').spec;
    expect(dns.policyTypes).toEqual(['Egress']);
    expect(dns.egress[0].ports.map((p: any) => `${p.protocol}/${p.port}`)).toEqual(['UDP/53', 'TCP/53', 'UDP/5353', 'TCP/5353']);
  });

  test('every namespaced object lands in the environment namespace', () => {
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) expect(m.metadata.namespace).toBe('test-env');
  });
});

describe('OmsEnvironment branch', () => {
  test('a branch environment records its branch on its Namespace, for the branch sweeper', () => {
    const ns = only(manifestsOf(newEnv({ stage: 'branch', branch: 'feature/ORD-12_fix' })), 'Namespace');
    expect(ns.metadata.annotations).toEqual({ 'oms.platform/branch': 'feature/ORD-12_fix' });
  });

  test('without a branch the Namespace has no annotation', () => {
    expect(only(manifestsOf(newEnv({ stage: 'branch' })), 'Namespace').metadata).not.toHaveProperty('annotations');
  });
});

describe('OmsEnvironment budget', () => {
  // Each pod: 2 CPU / 3Gi limits. maxReplicas 4 plus 25% surge = 5 pods at peak.
  const build = (budget: { cpu: string; memory: string; pods?: number }) => {
    const env = newEnv({ budget });
    new OmsMicroservice(env, 'a', omsProps({ minReplicas: 2, maxReplicas: 4 }));
    new OmsMicroservice(env, 'b', omsProps({ minReplicas: 2, maxReplicas: 4 }));
    return env;
  };

  test('peak use is maximum replicas plus surge, times limits', () => {
    expect(build({ cpu: '20', memory: '30Gi' }).peakUse()).toEqual({ cpuMillis: 20000, memoryBytes: 30 * 2 ** 30, pods: 10 });
  });

  test('exactly at the budget synthesizes', () => {
    expect(() => renderEnvironment(build({ cpu: '20', memory: '30Gi', pods: 10 }))).not.toThrow();
  });

  test('over the budget fails, naming the environment, the property, the peak and the fix', () => {
    expect(() => renderEnvironment(build({ cpu: '19', memory: '29Gi', pods: 9 }))).toThrow(
      [
        'test-env: invalid configuration',
        '  - budget.cpu must cover the workloads\' peak CPU limits, 20 (max replicas plus surge, times limits: test-env/a: 5 x 2 CPU / 3Gi; test-env/b: 5 x 2 CPU / 3Gi) (received "19"). Fix: raise budget.cpu to at least 20, or lower maxReplicas or CPU limits',
        '  - budget.memory must cover the workloads\' peak memory limits, 30Gi (max replicas plus surge, times limits: test-env/a: 5 x 2 CPU / 3Gi; test-env/b: 5 x 2 CPU / 3Gi) (received "29Gi"). Fix: raise budget.memory to at least 30Gi, or lower maxReplicas or memory limits',
        "  - budget.pods must cover the workloads' peak pod count, 10 (received 9). Fix: raise budget.pods to at least 10, or lower maxReplicas",
      ].join('\n'),
    );
  });
});

describe('OmsEnvironment validation', () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      'upper-case name',
      'UAT',
      {},
      'environment.name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "UAT")',
    ],
    ['too long name', 'a'.repeat(41), {}, 'environment.name must be at most 40 characters (has 41)'],
    ['unknown stage', 'ok', { stage: 'qa' }, 'environment.stage must be one of branch, uat, staging, prod (received "qa")'],
    ['unknown platform', 'ok', { platform: 'gke' }, 'environment.platform must be one of eks, openshift (received "gke")'],
    [
      'unparsable budget',
      'ok',
      { budget: { cpu: 'many', memory: '1Gi' } },
      'budget.cpu must be a non-negative CPU quantity (received "many")',
    ],
    [
      'negative budget',
      'ok',
      { budget: { cpu: '1', memory: '-1Gi' } },
      'budget.memory must be a non-negative memory quantity (received "-1Gi")',
    ],
    [
      'fractional pods',
      'ok',
      { budget: { cpu: '1', memory: '1Gi', pods: 1.5 } },
      'budget.pods must be a whole number of at least 1 (received 1.5)',
    ],
    [
      'branch on a long-lived stage',
      'ok',
      { branch: 'feature/x' },
      'branch is only for branch-stage environments (the sweeper tears annotated environments down); this one is uat (received "feature/x"). Fix: remove branch, or use stage: \'branch\'',
    ],
    [
      'branch name with a space',
      'ok',
      { stage: 'branch', branch: 'my branch' },
      'branch must be a git branch name: 1 to 200 letters, digits, ".", "_", "+", "-" or "/", not starting with "-", not ending with "." or "/", without ".." or "//" (received "my branch"). Fix: pass the branch as CI names it, e.g. branchFromEnvironment()',
    ],
    ...['-x', 'a..b', 'a//b', 'x/', 'x.', ''].map((branch): [string, string, Record<string, unknown>, string] => [
      `branch ${JSON.stringify(branch)}`,
      'ok',
      { stage: 'branch', branch },
      `branch must be a git branch name`,
    ]),
  ];
  test.each(cases)('%s', (_case, name, overrides, expected) => {
    expect(() => newEnv(overrides as any, name)).toThrow(`${name}: invalid configuration\n  - ${expected}`);
  });

  test('instanceof and find() recognise only environments, not any Chart', () => {
    const chart = new Chart(new App(), 'plain');
    expect(chart instanceof OmsEnvironment).toBe(false);
    expect(newEnv() instanceof OmsEnvironment).toBe(true);
  });
});
