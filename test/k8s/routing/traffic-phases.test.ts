import { parseAllDocuments } from 'yaml';
import { eksApiEgress } from '../../../lib/core';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { TrafficPhasesProps } from '../../../lib/k8s/routing/traffic-phases';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { phasePlans } from '../../../lib/review/apply-plan';
import { newEnv, omsProps } from '../../support/fixtures';
import { ManifestValidator } from '../../support/manifest-validator';

const KUBECTL = 'registry.example.com/tools/kubectl:1.33.4';
const VPC = '10.20.0.0/16';

function estate(gateway = GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC })) {
  const env = newEnv({ gateway });
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  const reserve = new OmsMicroservice(env, 'reserve', omsProps({ apis: ['getATP'] }));
  const gw = new OmsApiGateway(env, 'gw', {
    host: 'oms.example.com',
    defaultBackend: app,
    services: [reserve],
    // The AWS load balancer takes an ACM certificate, the in-cluster gateways a Secret.
    ...(gateway.description.startsWith('AWS')
      ? { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b' }
      : { tlsSecretName: 'tls' }),
  });
  return { env, app, reserve, gw };
}

const props = (overrides: Partial<TrafficPhasesProps> = {}): TrafficPhasesProps => ({
  services: [],
  kubectlImage: KUBECTL,
  kubernetesApi: eksApiEgress(VPC),
  ...overrides,
});

/** The routes a traffic Job applies, and how long it waits. */
function jobOf(files: { path: string; content: string }[], phase: string) {
  const docs = parseAllDocuments(files.find((f) => f.path === `phases/${phase}/gw.yaml`)!.content).map((d) => d.toJS());
  const job = docs.find((d) => d.kind === 'Job');
  const [, , script, , routes, wait] = job.spec.template.spec.containers[0].command;
  return { docs, job, script, wait, routes: parseAllDocuments(routes).map((d) => d.toJS()) };
}

const backends = (routes: any[]) => routes[0].spec.rules.map((r: any) => r.backendRefs);

test('with Envoy Gateway, the routes a phase applies keep their rule names, so the health check policies stay attached', () => {
  const { env, reserve, gw } = estate(GatewayImplementation.envoyGateway());
  gw.addTrafficPhases('reserve-traffic', props({ services: [reserve] }));
  const rendered = renderEnvironment(env);
  const live = rendered.manifests.filter((m) => m.kind === 'HTTPRoute').flatMap((r: any) => r.spec.rules.map((x: any) => x.name));
  expect(live).toEqual([expect.stringMatching(/^getatp-[0-9a-f]{6}$/), 'default']);
  for (const phase of ['drain', 'rollout'])
    expect(jobOf(rendered.files, phase).routes.flatMap((r: any) => r.spec.rules.map((x: any) => x.name))).toEqual(live);
});

describe('traffic drain and rollout as lifecycle phases', () => {
  const { env, reserve, gw } = estate();
  gw.addTrafficPhases('reserve-traffic', props({ services: [reserve], drainSeconds: 90 }));
  const rendered = renderEnvironment(env);

  test('drain applies the routes with the service at weight 0 (the default app server takes it), then waits', () => {
    const drain = jobOf(rendered.files, 'drain');
    expect(backends(drain.routes)).toEqual([
      [
        { name: 'reserve', port: 9080, weight: 0 },
        { name: 'app-server', port: 9080, weight: 1 },
      ],
      [{ name: 'app-server', port: 9080 }],
    ]);
    expect(drain.script).toBe('printf "%s" "$1" | kubectl apply -f - && sleep "$2"');
    expect(drain.wait).toBe('90');
    expect(drain.job.spec.activeDeadlineSeconds).toBe(690);
  });

  test('rollout applies the routes as rendered, without waiting', () => {
    const rollout = jobOf(rendered.files, 'rollout');
    expect(rollout.routes).toEqual(rendered.manifests.filter((m) => m.kind === 'HTTPRoute'));
    expect(rollout.wait).toBe('0');
  });

  test('the Jobs may only read and patch these routes, and reach only the Kubernetes API', () => {
    const { docs, job } = jobOf(rendered.files, 'drain');
    expect(docs.find((d) => d.kind === 'Role').rules).toEqual([
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], resourceNames: ['gw'], verbs: ['get', 'patch'] },
    ]);
    expect(job.spec.template.spec.serviceAccountName).toBe('reserve-traffic-drain');
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(docs.find((d) => d.kind === 'NetworkPolicy').spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.0.0/18' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  test('every phase object is valid; CI gets a drain and a rollout plan that wait for the Job', () => {
    const validator = new ManifestValidator('v1.27.0');
    const phaseFiles = rendered.files.filter((f) => f.path.startsWith('phases/'));
    expect(phaseFiles.map((f) => f.path)).toEqual(['phases/drain/gw.yaml', 'phases/rollout/gw.yaml']);
    for (const f of phaseFiles) for (const d of parseAllDocuments(f.content)) expect(validator.validate(d.toJS())).toEqual([]);
    for (const phase of ['drain', 'rollout']) {
      const routes = jobOf(rendered.files, phase).routes;
      for (const r of routes) expect(validator.validate(r)).toEqual([]);
    }
    const plans = phasePlans('test-env', rendered.files);
    expect(Object.keys(plans)).toEqual(['drain', 'rollout']);
    expect(plans.drain.steps[0].waits!.map((w) => w.kind)).toEqual(['Job']);
  });
});

describe('TrafficPhases validation (its constructor, reached through addTrafficPhases)', () => {
  test.each([
    [
      'an unpinned image and no API egress',
      { kubectlImage: 'bitnami/kubectl:latest', kubernetesApi: [] },
      [
        'kubectlImage must not use the mutable "latest" tag (received "bitnami/kubectl:latest"). Fix: pin the image, e.g. "registry.example.com/tools/kubectl:1.35.3"',
        'kubernetesApi must name how the Jobs reach the Kubernetes API (they apply the routes) (received []). Fix: use e.g. eksApiEgress(vpcCidr)',
      ],
    ],
    [
      'a wait out of range',
      { drainSeconds: 7200 },
      [
        'drainSeconds must be a whole number of seconds from 0 to 3600 (received 7200). Fix: use e.g. 60 (the load balancer deregistration delay)',
      ],
    ],
  ])('%s', (_case, overrides, messages) => {
    const { reserve, gw } = estate();
    expect(() => gw.addTrafficPhases('t', props({ services: [reserve], ...overrides }))).toThrow(
      `test-env/gw/t: invalid configuration\n${messages.map((m) => `  - ${m}`).join('\n')}`,
    );
  });

  test('a service the gateway does not route', () => {
    const { env, gw } = estate();
    const other = new OmsMicroservice(env, 'other', omsProps({ apis: ['getItemList'] }));
    expect(() => gw.addTrafficPhases('t', props({ services: [other] }))).toThrow(
      'test-env/gw: invalid configuration\n  - services must be routed by this gateway to be drained (received "test-env/other"). Fix: route other through the gateway (services or addService) first',
    );
  });

  test('routing changed after the phases were added fails synthesis', () => {
    const { env, app, reserve, gw } = estate();
    gw.addTrafficPhases('t', props({ services: [reserve] }));
    gw.addService(new OmsMicroservice(env, 'late', omsProps({ apis: ['getItemList'] })));
    void app;
    expect(() => renderEnvironment(env)).toThrow(
      "trafficPhases must be added after the gateway's last change: the drain Job would apply routes that are no longer the gateway's. Fix: call addTrafficPhases after the last addService or drain",
    );
  });

  test('not with an Ingress', () => {
    const env = newEnv();
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    const gw = new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app });
    expect(() => gw.addTrafficPhases('t', props({ services: [app] }))).toThrow(
      'test-env/gw: invalid configuration\n  - trafficPhases need backend weights (a Gateway API implementation or OpenShift Routes); this environment uses the Ingress (class nginx) (received "t"). Fix: choose a Gateway API implementation for the environment (gateway: GatewayImplementation...)',
    );
  });
});

describe('traffic phases on the OpenShift router, with Route weights', () => {
  const env = newEnv({ platform: 'openshift' });
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  const reserve = new OmsMicroservice(env, 'reserve', omsProps({ apis: ['getATP', 'findInventory'] }));
  const gw = new OmsApiGateway(env, 'gw', { host: 'oms.apps.example.com', defaultBackend: app, services: [reserve] });
  gw.addTrafficPhases('reserve-traffic', props({ services: [reserve], kubernetesApi: [{ cidr: '10.30.0.0/24', ports: [6443] }] }));
  const rendered = renderEnvironment(env);
  const targets = (routes: any[]) => routes.map((r) => [r.metadata.name, r.spec.to, r.spec.alternateBackends]);

  test("drain sets the service's Routes to weight 0 with the default app server as the alternate backend; rollout gives them back", () => {
    const drain = jobOf(rendered.files, 'drain');
    expect(targets(drain.routes)).toEqual([
      ['gw-default', { kind: 'Service', name: 'app-server', weight: 100 }, undefined],
      ['gw-getatp', { kind: 'Service', name: 'reserve', weight: 0 }, [{ kind: 'Service', name: 'app-server', weight: 1 }]],
      ['gw-findinventory', { kind: 'Service', name: 'reserve', weight: 0 }, [{ kind: 'Service', name: 'app-server', weight: 1 }]],
    ]);
    // Whole Routes, so kubectl apply keeps host, path, port and TLS.
    expect(drain.routes[1].spec).toMatchObject({
      host: 'oms.apps.example.com',
      path: '/smcfs/restapi/invoke/getATP',
      port: { targetPort: 'https' },
      tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' },
    });
    const rollout = jobOf(rendered.files, 'rollout');
    expect(targets(rollout.routes).map(([, to, alternates]) => [to.weight, alternates])).toEqual([
      [100, undefined],
      [100, undefined],
      [100, undefined],
    ]);
  });

  test('the Jobs may only read and patch these Routes', () => {
    const role = jobOf(rendered.files, 'drain').docs.find((d) => d.kind === 'Role');
    expect(role.rules).toEqual([
      {
        apiGroups: ['route.openshift.io'],
        resources: ['routes'],
        resourceNames: ['gw-default', 'gw-getatp', 'gw-findinventory'],
        verbs: ['get', 'patch'],
      },
    ]);
  });

  test('a service drained in the code renders its Routes at weight 0', () => {
    const e = newEnv({ platform: 'openshift' });
    const a = new OmsMicroservice(e, 'app-server', omsProps());
    const r = new OmsMicroservice(e, 'reserve', omsProps({ apis: ['getATP'] }));
    const g = new OmsApiGateway(e, 'gw', { host: 'oms.apps.example.com', defaultBackend: a, services: [r] });
    g.drain(r);
    const route = renderEnvironment(e).manifests.find((m) => m.kind === 'Route' && m.metadata.name === 'gw-getatp')!;
    expect([route.spec.to, route.spec.alternateBackends]).toEqual([
      { kind: 'Service', name: 'reserve', weight: 0 },
      [{ kind: 'Service', name: 'app-server', weight: 1 }],
    ]);
  });
});
