import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { HealthProbe } from '../../../lib/k8s/primitives/health-probe';
import { manifestsOf, newEnv, only, serviceProps } from '../../support/fixtures';
import { ManifestValidator } from '../../support/manifest-validator';

// cdk8s-plus parity: native sidecars as props, envFrom a whole ConfigMap or Secret, scheduling helpers.
const ENVOY = {
  name: 'envoy',
  image: 'docker.io/envoyproxy/envoy:v1.31.2',
  resources: { cpu: { request: '100m', limit: '500m' }, memory: { request: '128Mi', limit: '256Mi' } },
  ports: [9901],
  readiness: HealthProbe.http('/ready', 9901),
};

function render(overrides: Record<string, unknown> = {}, after?: (api: Microservice) => void) {
  const env = newEnv();
  const api = new Microservice(env, 'api', serviceProps(overrides));
  after?.(api);
  const manifests = manifestsOf(env);
  return { env, manifests, pod: only(manifests, 'Deployment').spec.template.spec };
}

test('a native sidecar keeps restartPolicy: Always through synthesis (the 1.27 classes drop it), first among the init containers', () => {
  const { pod, manifests } = render({ sidecars: [ENVOY] });
  expect(pod.initContainers[0]).toMatchObject({
    name: 'envoy',
    image: 'docker.io/envoyproxy/envoy:v1.31.2',
    restartPolicy: 'Always',
    ports: [{ containerPort: 9901, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/ready', port: 9901 } },
    securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
  });
  expect(pod.containers.map((c: any) => c.name)).toEqual(['server']);
  expect(new ManifestValidator('v1.33.0').validate(only(manifests, 'Deployment'))).toEqual([]);
});

test('addSidecar after construction shows up too, and its resources count in the budget', () => {
  const { pod } = render({}, (api) => api.addSidecar(ENVOY));
  expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['envoy', 'Always']]);
  // 3 pods at the peak (2 plus surge): 3 x 1 CPU fits a 4 CPU budget, 3 x (1 + 1) with the sidecar does not.
  const small = { cpu: { request: '1', limit: '1' }, memory: { request: '1Gi', limit: '1Gi' } };
  const estate = (sidecars: unknown[]) => {
    const env = newEnv({ budget: { cpu: '4', memory: '16Gi' } });
    new Microservice(env, 'api', serviceProps({ minReplicas: 2, maxReplicas: 2, resources: small, sidecars } as any));
    return () => manifestsOf(env);
  };
  expect(estate([])).not.toThrow();
  expect(estate([{ ...ENVOY, resources: small }])).toThrow(/budget/);
});

test('envFrom: every key of ConfigMaps and Secrets, with a prefix', () => {
  const { pod } = render({ envFrom: { configMaps: ['api-settings'], secrets: ['api-keys'], prefix: 'APP_' } });
  expect(pod.containers[0].envFrom).toEqual([
    { configMapRef: { name: 'api-settings' }, prefix: 'APP_' },
    { secretRef: { name: 'api-keys' }, prefix: 'APP_' },
  ]);
});

test('scheduling: attract to nodes, colocate with and separate from pods', () => {
  const { pod, manifests } = render({
    scheduling: {
      attract: { 'karpenter.sh/capacity-type': 'on-demand' },
      colocate: { 'app.kubernetes.io/name': 'cache' },
      separate: { 'app.kubernetes.io/name': 'batch' },
    },
  });
  expect(pod.affinity).toEqual({
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }] }],
      },
    },
    podAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } } },
        },
      ],
    },
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'batch' } } },
        },
      ],
    },
  });
  expect(new ManifestValidator('v1.33.0').validate(only(manifests, 'Deployment'))).toEqual([]);
});

test('without them nothing changes', () => {
  const { pod } = render();
  expect([pod.initContainers, pod.affinity, pod.containers[0].envFrom]).toEqual([undefined, undefined, undefined]);
});

test.each<[string, Record<string, unknown>, string]>([
  [
    'a sidecar named like the server',
    { sidecars: [{ ...ENVOY, name: 'server' }] },
    'test-env/api: invalid configuration\n  - sidecars[0].name must be unique in the pod ("server" is taken) (received "server"). Fix: name the sidecar after what it runs, e.g. "envoy"',
  ],
  [
    'a sidecar without resources',
    { sidecars: [{ ...ENVOY, resources: undefined }] },
    "test-env/api: invalid configuration\n  - sidecars[0].resources is required (every container needs CPU and memory requests and limits) (received undefined). Fix: set sidecars[0].resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } }",
  ],
  [
    'envFrom a Secret name that is not a name',
    { envFrom: { secrets: ['API Keys'] } },
    'test-env/api: invalid configuration\n  - envFrom.secrets[0] must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "API Keys"). Fix: use the object name as Kubernetes has it',
  ],
  [
    'a scheduling label that is not a label',
    { scheduling: { attract: { 'node type': 'big' } } },
    'test-env/api: invalid configuration\n  - scheduling.attract["node type"] must be a label key and value (received "big"). Fix: use labels as Kubernetes has them, e.g. { "topology.kubernetes.io/zone": "eu-west-1a" }',
  ],
])('%s', (_case, overrides, expected) => {
  expect(() => render(overrides)).toThrow(expected);
});
