import { BlueGreenPair, BlueGreenPairProps } from '../../../lib/k8s/release/blue-green-pair';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { IMAGE, manifestsOf, newEnv, only } from '../../support/fixtures';

const NEW_IMAGE = 'registry.example.com/oms/om-app:10.0.2412.0-def5678';

function pairProps(overrides: Partial<BlueGreenPairProps> = {}): BlueGreenPairProps {
  return {
    active: 'blue',
    blue: { image: IMAGE, version: '10.0.2409.1', schemaVersion: 41 },
    green: { image: NEW_IMAGE, version: '10.0.2412.0', schemaVersion: 42, oldestSchemaVersion: 41 },
    apis: ['createOrder', 'changeOrder'],
    service: { resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } } },
    smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['changeOrder'], credentials: { secretName: 'smoke-user' } },
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

  test('multischema.version is pinned to the lowest running release in both colours', () => {
    for (const colour of ['blue', 'green']) {
      expect(only(manifests, 'ConfigMap', `capture-${colour}-config`).data['customer_overrides.properties']).toBe(
        'multischema.version=10.0.2409.1\n',
      );
    }
  });

  test('promotion gates: a readiness Job and a smoke-test Job against the preview, named by release', () => {
    const jobs = manifests.filter((m) => m.kind === 'Job').map((j) => j.metadata.name);
    expect(jobs).toEqual(['capture-ready-10-0-2412-0-f9ae12', 'capture-smoke-10-0-2412-0-5a2a18']);
    const smoke = only(manifests, 'Job', jobs[1]).spec;
    expect(smoke.template.spec.containers[0].command[2]).toBe(
      `set -e\ncurl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -u "$OMS_USER:$OMS_PASSWORD" --data '{}' "http://capture-preview:9080/smcfs/restapi/invoke/changeOrder" && echo "ok changeOrder"`,
    );
    expect(smoke.template.spec.containers[0].env).toEqual([
      { name: 'OMS_PASSWORD', valueFrom: { secretKeyRef: { name: 'smoke-user', key: 'password' } } },
      { name: 'OMS_USER', valueFrom: { secretKeyRef: { name: 'smoke-user', key: 'username' } } },
    ]);
    expect(smoke).toMatchObject({ backoffLimit: 2, ttlSecondsAfterFinished: 86400, activeDeadlineSeconds: 600 });
    const ready = only(manifests, 'Job', jobs[0]).spec.template.spec.containers[0].command[2];
    expect(ready).toContain('http://capture-preview:9080/smcfs/console/start.jsp');
  });

  test('the preview colour admits the gate pods; the gates may only reach the preview colour', () => {
    const np = only(manifests, 'NetworkPolicy', 'capture-green').spec;
    expect(np.ingress.slice(1).map((r: any) => r.from[0].podSelector.matchLabels['oms.platform/job'])).toEqual([
      'capture-ready-10-0-2412-0-f9ae12',
      'capture-smoke-10-0-2412-0-5a2a18',
    ]);
    expect(
      only(manifests, 'NetworkPolicy', 'capture-smoke-10-0-2412-0-5a2a18').spec.egress[0].to[0].podSelector.matchLabels[
        'app.kubernetes.io/name'
      ],
    ).toBe('capture-green');
  });

  test("the gateway routes the pair's APIs to the stable Service", () => {
    const env = newEnv();
    const pair = new BlueGreenPair(env, 'capture', pairProps());
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: pair.colours.blue!, services: [pair] });
    const paths = only(manifestsOf(env), 'Ingress').spec.rules[0].http.paths;
    expect(paths.filter((p: any) => p.path.includes('Order')).map((p: any) => p.backend.service.name)).toEqual(['capture', 'capture']);
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
    expect(added).toEqual([
      'Job/capture-ready-10-0-2409-1-45fdfc',
      'Job/capture-smoke-10-0-2409-1-5a2a18',
      'NetworkPolicy/capture-ready-10-0-2409-1-45fdfc',
      'NetworkPolicy/capture-smoke-10-0-2409-1-5a2a18',
    ]);
    expect(removed).toEqual([
      'Job/capture-ready-10-0-2412-0-f9ae12',
      'Job/capture-smoke-10-0-2412-0-5a2a18',
      'NetworkPolicy/capture-ready-10-0-2412-0-f9ae12',
      'NetworkPolicy/capture-smoke-10-0-2412-0-5a2a18',
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
          },
        },
      },
    }).manifests;

  test('multi-version: both colours run; the older release is the base version', () => {
    const m = agents('multi-version');
    const envOf = (name: string) =>
      Object.fromEntries(
        only(m, 'Deployment', name)
          .spec.template.spec.containers[0].env.filter((e: any) => ['EnableMultiVersionSupport', 'IsBaseVersion'].includes(e.name))
          .map((e: any) => [e.name, e.value]),
      );
    expect(envOf('release-blue')).toEqual({ EnableMultiVersionSupport: 'Y', IsBaseVersion: 'Y' });
    expect(envOf('release-green')).toEqual({ EnableMultiVersionSupport: 'Y', IsBaseVersion: 'N' });
    expect(only(m, 'Deployment', 'release-green').spec).not.toHaveProperty('replicas', 0);
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
      { green: { image: IMAGE, version: '10.0.2409.1', schemaVersion: 41 } },
      'green must differ from blue (image, version, properties or environment): with two identical colours there is nothing to switch to (received {"image":"registry.example.com/oms/om-app:10.0.2409.1-abc1234","version":"10.0.2409.1"}). Fix: give the new colour the release you want to promote',
    ],
    [
      'incompatible schema versions',
      { green: { image: NEW_IMAGE, version: '10.0.2412.0', schemaVersion: 43 } },
      'schema.green.oldestSchemaVersion must be at most 41 (the schema blue runs on): green needs schema 43 and runs against schemas from 43 only, so the two colours cannot share one database (received 43). Fix: ship an expand step first (a release that needs 43 but still runs against 41), and contract only after blue is retired',
    ],
    [
      'a smoke test with no API',
      { smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: [] } },
      'smokeTest.apis must name at least one API to call on the preview colour (received []). Fix: list APIs of the pair, e.g. ["createOrder"]',
    ],
    [
      'a smoke test of an API the pair does not serve',
      { smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'] } },
      'smokeTest.apis must be APIs the pair serves (createOrder, changeOrder) (received "getOrderList"). Fix: call an API this service owns',
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
