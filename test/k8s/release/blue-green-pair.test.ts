import { BlueGreenPair, BlueGreenPairProps } from '../../../lib/k8s/release/blue-green-pair';
import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { AGENT_IMAGE, IMAGE, TEST_DB, manifestsOf, newEnv, omsProps, only } from '../../support/fixtures';

const NEW_IMAGE = 'registry.example.com/oms/om-app:10.0.2412.0-def5678';
const NEW_AGENT_IMAGE = 'registry.example.com/oms/om-agent:10.0.2412.0-def5678';

function pairProps(overrides: Partial<BlueGreenPairProps> = {}): BlueGreenPairProps {
  return {
    active: 'blue',
    blue: { image: IMAGE, agentImage: AGENT_IMAGE, version: '10.0.2409.1', schemaVersion: 41 },
    green: { image: NEW_IMAGE, agentImage: NEW_AGENT_IMAGE, version: '10.0.2412.0', schemaVersion: 42, oldestSchemaVersion: 41 },
    apis: ['createOrder', 'changeOrder'],
    service: { resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } }, connections: [TEST_DB] },
    smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'smoke-user' } },
    ...overrides,
  };
}

function synth(overrides: Partial<BlueGreenPairProps> = {}) {
  const env = newEnv();
  const pair = new BlueGreenPair(env, 'capture', pairProps(overrides));
  return { pair, manifests: manifestsOf(env) };
}

const key = (m: Record<string, any>) => `${m.kind}/${m.metadata.name}`;

describe('BlueGreenPair', () => {
  const { manifests } = synth();

  test('two colours, each a full microservice with a colour label on objects and pods', () => {
    for (const colour of ['blue', 'green']) {
      const d = only(manifests, 'Deployment', `capture-${colour}`);
      expect(d.metadata.labels['oms.platform/colour']).toBe(colour);
      expect(d.spec.template.metadata.labels['oms.platform/colour']).toBe(colour);
    }
  });

  test('the stable Service selects the active colour, the preview Service the other', () => {
    expect(only(manifests, 'Service', 'capture').spec.selector).toEqual({
      'app.kubernetes.io/name': 'capture-blue',
      'app.kubernetes.io/instance': 'test-env-capture-blue',
    });
    expect(only(manifests, 'Service', 'capture-preview').spec.selector).toEqual({
      'app.kubernetes.io/name': 'capture-green',
      'app.kubernetes.io/instance': 'test-env-capture-green',
    });
    expect(only(manifests, 'Service', 'capture-preview').metadata.annotations).toEqual({ 'oms.platform/rollback-window-minutes': '60' });
  });

  test('multischema.version is pinned to the lowest running release; yfs.rollout.version stamps each colour', () => {
    expect(only(manifests, 'ConfigMap', 'capture-blue-config').data['customer_overrides.properties']).toBe(
      'multischema.version=10.0.2409.1\nyfs.rollout.version=10.0.2409.1\n',
    );
    expect(only(manifests, 'ConfigMap', 'capture-green-config').data['customer_overrides.properties']).toBe(
      'multischema.version=10.0.2409.1\nyfs.rollout.version=10.0.2412.0\n',
    );
  });

  test('promotion gates: a readiness Job and a smoke-test Job against the preview, named by release', () => {
    const jobs = manifests.filter((m) => m.kind === 'Job').map((j) => j.metadata.name);
    expect(jobs).toEqual([
      expect.stringMatching(/^capture-ready-10-0-2412-0-[0-9a-f]{6}$/),
      expect.stringMatching(/^capture-smoke-10-0-2412-0-[0-9a-f]{6}$/),
    ]);
    const smoke = only(manifests, 'Job', jobs[1]).spec;
    const c = smoke.template.spec.containers[0];
    // Logged in as OMS requires, read-only APIs, the values as arguments of a fixed script.
    expect(c.command[2]).toContain('/smcfs/restapi/invoke/login');
    expect(c.command.slice(3)).toEqual(['smoke-test', 'http://capture-preview:9080', '', 'standard', 'getOrderList']);
    expect(c.env).toEqual([
      { name: 'OMS_PASSWORD', valueFrom: { secretKeyRef: { name: 'smoke-user', key: 'password' } } },
      { name: 'OMS_USER', valueFrom: { secretKeyRef: { name: 'smoke-user', key: 'username' } } },
    ]);
    expect(smoke).toMatchObject({ backoffLimit: 2, ttlSecondsAfterFinished: 86400, activeDeadlineSeconds: 600 });
    const ready = only(manifests, 'Job', jobs[0]).spec.template.spec.containers[0].command;
    expect(ready.slice(3)).toEqual(['readiness', 'http://capture-preview:9080/smcfs/heartbeat/heartbeat.jsp', '10.0.2412.0']);
  });

  test('the preview colour admits the gate pods; the gates may only reach the preview colour', () => {
    const np = only(manifests, 'NetworkPolicy', 'capture-green').spec;
    const gates = manifests.filter((m) => m.kind === 'Job').map((j) => j.metadata.name);
    expect(np.ingress.slice(1).map((r: any) => r.from[0].podSelector.matchLabels['oms.platform/job'])).toEqual(gates);
    expect(only(manifests, 'NetworkPolicy', gates[1]).spec.egress[0].to[0].podSelector.matchLabels['app.kubernetes.io/name']).toBe(
      'capture-green',
    );
  });

  test("the gateway routes the pair's APIs to the stable Service", () => {
    const env = newEnv();
    const pair = new BlueGreenPair(env, 'capture', pairProps());
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: pair.colours.blue!, services: [pair] });
    const paths = only(manifestsOf(env), 'Ingress').spec.rules[0].http.paths;
    expect(paths.filter((p: any) => p.path.includes('Order')).map((p: any) => p.backend.service.name)).toEqual(['capture', 'capture']);
  });

  test('a pair without apis is the catch-all default backend: every path goes to its stable Service', () => {
    const env = newEnv();
    const props: BlueGreenPairProps = { ...pairProps(), apis: undefined };
    const pair = new BlueGreenPair(env, 'app-server', props);
    expect(pair.apis).toEqual([]);
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: pair });
    const paths = only(manifestsOf(env), 'Ingress').spec.rules[0].http.paths;
    expect(paths.map((p: any) => [p.path, p.backend.service.name])).toEqual([['/', 'app-server']]);
  });
});

describe('switching colours', () => {
  const blue = synth({ active: 'blue' }).manifests;
  const green = synth({ active: 'green' }).manifests;

  test('changes only the Service selectors and colour labels, the gates and the gate allowances', () => {
    const before = new Map(blue.map((m) => [key(m), JSON.stringify(m)]));
    const after = new Map(green.map((m) => [key(m), JSON.stringify(m)]));
    const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort();
    const added = [...after.keys()].filter((k) => !before.has(k)).sort();
    const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
    expect(changed).toEqual(['NetworkPolicy/capture-blue', 'NetworkPolicy/capture-green', 'Service/capture', 'Service/capture-preview']);
    // The preview is now blue: the gates test the blue release.
    expect(added.map((k) => k.replace(/-[0-9a-f]{6}$/, ''))).toEqual([
      'Job/capture-ready-10-0-2409-1',
      'Job/capture-smoke-10-0-2409-1',
      'NetworkPolicy/capture-ready-10-0-2409-1',
      'NetworkPolicy/capture-smoke-10-0-2409-1',
    ]);
    expect(removed.map((k) => k.replace(/-[0-9a-f]{6}$/, ''))).toEqual([
      'Job/capture-ready-10-0-2412-0',
      'Job/capture-smoke-10-0-2412-0',
      'NetworkPolicy/capture-ready-10-0-2412-0',
      'NetworkPolicy/capture-smoke-10-0-2412-0',
    ]);
    expect(only(green, 'Service', 'capture').spec.selector['app.kubernetes.io/name']).toBe('capture-green');
  });

  test('the workloads themselves do not change, so rollback is instant', () => {
    for (const name of ['capture-blue', 'capture-green']) {
      expect(only(green, 'Deployment', name)).toEqual(only(blue, 'Deployment', name));
    }
  });

  test('after the rollback window, idleReplicas scales the idle colour to a fixed floor', () => {
    const scaled = synth({ idleReplicas: 1 }).manifests;
    expect(only(scaled, 'Deployment', 'capture-green').spec.replicas).toBe(1);
    expect(scaled.filter((m) => m.kind === 'HorizontalPodAutoscaler').map((m) => m.metadata.name)).toEqual(['capture-blue']);
  });
});

describe('BlueGreenPair agents', () => {
  const agents = (mode: 'multi-version' | 'active-only') =>
    synth({
      agents: {
        mode,
        pools: {
          release: {
            servers: ['ReleaseOrderServer'],
            resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
            connections: [TEST_DB],
          },
        },
      },
    }).manifests;

  test('multi-version: both colours run on om-agent; the agent criteria (OMS configuration) are written for reviewers, not as variables', () => {
    const m = agents('multi-version');
    const blue = only(m, 'Deployment', 'release-blue');
    const green = only(m, 'Deployment', 'release-green');
    expect(blue.metadata.annotations).toEqual({ 'oms.platform/agent-criteria': 'EnableMultiVersionSupport=Y,IsBaseVersion=Y' });
    expect(green.metadata.annotations).toEqual({ 'oms.platform/agent-criteria': 'EnableMultiVersionSupport=Y,IsBaseVersion=N' });
    for (const d of [blue, green])
      expect(d.spec.template.spec.containers[0].env.map((e: any) => e.name)).not.toEqual(
        expect.arrayContaining(['EnableMultiVersionSupport']),
      );
    expect(blue.spec.template.spec.containers[0].image).toBe(AGENT_IMAGE);
    expect(green.spec.template.spec.containers[0].image).toBe(NEW_AGENT_IMAGE);
    expect(only(m, 'ConfigMap', 'release-green-config').data['customer_overrides.properties']).toContain('yfs.rollout.version=10.0.2412.0');
    expect(green.spec).not.toHaveProperty('replicas', 0);
  });

  test("active-only: the idle colour's agents are held at zero with no autoscaler", () => {
    const m = agents('active-only');
    expect(only(m, 'Deployment', 'release-green').spec.replicas).toBe(0);
    expect(
      m
        .filter((x) => x.kind === 'HorizontalPodAutoscaler')
        .map((x) => x.metadata.name)
        .sort(),
    ).toEqual(['capture-blue', 'capture-green', 'release-blue']);
  });
});

describe('BlueGreenPair validation', () => {
  const cases: [string, Partial<BlueGreenPairProps>, string][] = [
    [
      'active colour not one of the two',
      { active: 'red' as any },
      'active must be "blue" or "green" (received "red"). Fix: set active: \'blue\' or active: \'green\'',
    ],
    [
      'both colours the same',
      { green: { image: IMAGE, agentImage: AGENT_IMAGE, version: '10.0.2409.1', schemaVersion: 41 } },
      'green must differ from blue (image, version, properties or environment): with two identical colours there is nothing to switch to (received {"image":"registry.example.com/oms/om-app:10.0.2409.1-abc1234","version":"10.0.2409.1"}). Fix: give the new colour the release you want to promote',
    ],
    [
      'incompatible schema versions',
      { green: { image: NEW_IMAGE, version: '10.0.2412.0', schemaVersion: 43 } },
      'schema.green.oldestSchemaVersion must be at most 41 (the schema blue runs on): green needs schema 43 and runs against schemas from 43 only, so the two colours cannot share one database (received 43). Fix: ship an expand step first (a release that needs 43 but still runs against 41), and contract only after blue is retired',
    ],
    [
      'a misspelt API',
      { apis: ['getOrderDetail'] },
      'apis must be IBM OMS API names; did you mean "getOrderDetails"? (a route for a misspelt API matches no call, and its callers fall through to the default backend) (received "getOrderDetail"). Fix: use "getOrderDetails", or, if "getOrderDetail" is an API of your own, move it to customApis',
    ],
    [
      'a smoke test with no API',
      { smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: [], credentials: { secretName: 'smoke-user' } } },
      'smokeTest.apis must name at least one API to call on the preview colour (received []). Fix: list read-only APIs, e.g. ["getOrderList"]',
    ],
    [
      'a smoke test that writes',
      { smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['changeOrder'], credentials: { secretName: 'smoke-user' } } },
      'smokeTest.apis must be read-only OMS APIs (get..., find..., list..., check...): a promotion gate must not write data (received "changeOrder"). Fix: call a read API such as "getOrderList" (the preview colour serves every API)',
    ],
    [
      'agents without their om-agent image',
      { agents: { mode: 'active-only', pools: {} }, blue: { image: IMAGE, agentImage: IMAGE, version: '10.0.2409.1', schemaVersion: 41 } },
      'blue.agentImage must be an om-agent image (om-app has no agent start scripts) (received "registry.example.com/oms/om-app:10.0.2409.1-abc1234"). Fix: use the om-agent image of the same release',
    ],
    [
      'agents without an explicit sharing mode',
      { agents: { mode: 'both' as any, pools: {} } },
      'agents.mode must say how the colours share queue work: "multi-version" (OMS EnableMultiVersionSupport/IsBaseVersion) or "active-only" (idle colour agents at zero) (received "both"). Fix: set agents: { mode: \'active-only\', pools: {...} }',
    ],
  ];
  test.each(cases)('%s', (_name, overrides, expected) => {
    expect(() => synth(overrides)).toThrow(`test-env/capture: invalid configuration\n  - ${expected}`);
  });
});

// The rules of the pair's rule table that the cases above leave out, and the order messages list them in:
// each colour's release first (blue, then green), and the pair's own rules only once both releases are sound.
describe('BlueGreenPair validation, every rule', () => {
  const colour = (overrides: Record<string, unknown>) => ({ ...pairProps().blue, ...overrides });
  const cases: [string, Partial<BlueGreenPairProps>, string[]][] = [
    [
      'a version that is no release',
      { blue: colour({ version: '10 0' }) },
      ['blue.version must be the OMS release version (received "10 0"). Fix: use e.g. "10.0.2409.1"'],
    ],
    [
      'the properties the pair sets, overridden',
      { green: { ...pairProps().green, propertyOverrides: { 'multischema.version': '1', 'yfs.rollout.version': '2' } } },
      [
        'green.propertyOverrides["multischema.version"] is set by the pair to the lowest running version (received "1"). Fix: remove it; the pair sets it',
        'green.propertyOverrides["yfs.rollout.version"] is set by the pair to the colour\'s version (received "2"). Fix: remove it; the pair sets it',
      ],
    ],
    [
      'agents with no agent image, or an unpinned one',
      {
        agents: { mode: 'active-only', pools: {} },
        blue: colour({ agentImage: undefined }),
        green: { ...pairProps().green, agentImage: 'registry.example.com/oms/om-agent:latest' },
      },
      [
        'blue.agentImage is required when the pair runs agents (received undefined). Fix: give the om-agent image of the blue release',
        'green.agentImage must not use the mutable "latest" tag (received "registry.example.com/oms/om-agent:latest"). Fix: give the om-agent image of the green release',
      ],
    ],
    [
      'release problems come alone, colour by colour, after the active colour',
      { active: 'red' as any, blue: colour({ version: '' }), green: { ...pairProps().green, schemaVersion: 99 }, idleReplicas: 0 },
      [
        'active must be "blue" or "green" (received "red"). Fix: set active: \'blue\' or active: \'green\'',
        'blue.version must be the OMS release version (received ""). Fix: use e.g. "10.0.2409.1"',
      ],
    ],
    [
      'a smoke test with no credentials and an unpinned image',
      { smokeTest: { image: 'curlimages/curl:latest', apis: ['getOrderList'], credentials: {} as any } },
      [
        "smokeTest.credentials must name the Secret with the OMS user: OMS REST calls log in (STANDARD) or send basic credentials (received {}). Fix: set credentials: { secretName: 'oms-smoke-user' }",
        'smokeTest.image must not use the mutable "latest" tag (received "curlimages/curl:latest"). Fix: pin an image with curl and a shell, e.g. "curlimages/curl:8.10.1"',
      ],
    ],
    [
      'idle floor and rollback window that are not whole',
      { idleReplicas: 0, rollbackWindowMinutes: 1.5 },
      [
        'idleReplicas must be a whole number of at least 1 (received 0). Fix: leave it out to keep the idle colour warm at full size, or set the floor',
        'rollbackWindowMinutes must be a whole number of minutes (received 1.5). Fix: use e.g. 60',
      ],
    ],
  ];
  test.each(cases)('%s', (_name, overrides, expected) => {
    expect(() => synth(overrides)).toThrow(`test-env/capture: invalid configuration\n${expected.map((l) => `  - ${l}`).join('\n')}`);
  });
});

describe('BlueGreenPair as an Argo Rollout', () => {
  const { pair, manifests } = synth({ argoRollouts: true, active: 'green' });

  test('one Rollout with the active release as its template and the blue-green strategy', () => {
    const rollout = only(manifests, 'Rollout', 'capture');
    expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(rollout.spec.template.spec.containers[0].image).toBe(NEW_IMAGE);
    expect(rollout.spec.strategy).toEqual({
      blueGreen: { activeService: 'capture', previewService: 'capture-preview', autoPromotionEnabled: false, scaleDownDelaySeconds: 3600 },
    });
    expect(rollout.spec).not.toHaveProperty('replicas');
    expect(manifests.filter((m) => m.kind === 'Deployment')).toEqual([]);
    expect(pair.rolloutService?.rollout).toBeDefined();
  });

  test('the HPA scales the Rollout; the active and preview Services select its pods', () => {
    expect(only(manifests, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'capture',
    });
    const selector = only(manifests, 'Rollout').spec.selector.matchLabels;
    expect(only(manifests, 'Service', 'capture').spec.selector).toEqual(selector);
    expect(only(manifests, 'Service', 'capture-preview').spec.selector).toEqual(selector);
  });

  test('switching active back changes the template to the other release (Argo then runs the blue-green steps)', () => {
    const back = synth({ argoRollouts: true, active: 'blue' }).manifests;
    expect(only(back, 'Rollout').spec.template.spec.containers[0].image).toBe(IMAGE);
  });
});

describe('weighted backends at the gateway', () => {
  function routed(overrides: Partial<BlueGreenPairProps> = {}) {
    const env = newEnv({ gateway: GatewayImplementation.envoyGateway() });
    const pair = new BlueGreenPair(env, 'capture', pairProps(overrides));
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    const gw = new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, services: [pair], tlsSecretName: 'tls' });
    const backends = () =>
      only(manifestsOf(env), 'HTTPRoute')
        .spec.rules.filter((r: any) => r.matches[0].path.value.endsWith('Order'))
        .map((r: any) => r.backendRefs);
    return { pair, gw, backends };
  }

  test.each([
    ['blue' as const, 100, 0],
    ['green' as const, 0, 100],
  ])(
    'active %s: the colours weighted %i / %i beside the stable Service selector (switch and rollback are the same change)',
    (active, blue, green) => {
      const { backends } = routed({ active });
      expect(backends()).toEqual([
        [
          { name: 'capture-blue', port: 9080, weight: blue },
          { name: 'capture-green', port: 9080, weight: green },
        ],
        [
          { name: 'capture-blue', port: 9080, weight: blue },
          { name: 'capture-green', port: 9080, weight: green },
        ],
      ]);
    },
  );

  test('drained before an update or removal: both colours at 0, the default app server takes the requests', () => {
    const { pair, gw, backends } = routed();
    gw.drain(pair);
    expect(backends()[0]).toEqual([
      { name: 'capture-blue', port: 9080, weight: 0 },
      { name: 'capture-green', port: 9080, weight: 0 },
      { name: 'app-server', port: 9080, weight: 1 },
    ]);
  });

  test('with Argo Rollouts the stable Service alone (Argo moves it between ReplicaSets)', () => {
    const { backends } = routed({ argoRollouts: true });
    expect(backends()[0]).toEqual([{ name: 'capture', port: 9080 }]);
  });
});
