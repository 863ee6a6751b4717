import { routeRuleName } from '../../../lib/core/gateway-routes';
import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { expectedStatuses } from '../../../lib/k8s/platform/envoy-health-check';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { HealthProbe } from '../../../lib/k8s/primitives/health-probe';
import { manifestsOf, newEnv, omsProps, serviceProps } from '../../support/fixtures';

function estate(gateway: GatewayImplementation, extraApis = 0) {
  const env = newEnv({ gateway });
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  const reserve = new OmsMicroservice(
    env,
    'reserve',
    omsProps({ apis: ['reserveAvailableInventory', 'getATP'], customApis: Array.from({ length: extraApis }, (_, i) => `acme${i}`) }),
  );
  const polls = new Microservice(env, 'polls', serviceProps({ routes: ['/polls'], healthCheckSuccessCodes: '200-204' }));
  const gw = new OmsApiGateway(env, 'gw', {
    host: 'oms.example.com',
    defaultBackend: app,
    services: [reserve, polls],
    tlsSecretName: 'tls',
  });
  return { env, gw };
}

/** Each policy as "<name>: <path> <statuses> <- <route>/<rule>,...". */
function policies(manifests: any[]): Record<string, string> {
  return Object.fromEntries(
    manifests
      .filter((m) => m.kind === 'BackendTrafficPolicy')
      .map((p) => [
        p.metadata.name,
        `${p.spec.healthCheck.active.http.path} ${p.spec.healthCheck.active.http.expectedStatuses.join(',')} <- ${p.spec.targetRefs.map((t: any) => `${t.name}/${t.sectionName}`).join(',')}`,
      ]),
  );
}

/** The rule names of the HTTPRoutes, as "<route>/<rule> <path> -> <service>". */
function namedRules(manifests: any[]): string[] {
  return manifests
    .filter((m) => m.kind === 'HTTPRoute')
    .flatMap((r) =>
      r.spec.rules.map((rule: any) => `${r.metadata.name}/${rule.name} ${rule.matches[0].path.value} -> ${rule.backendRefs[0].name}`),
    );
}

describe('Envoy Gateway: an active health check per routed service, on its readiness path', () => {
  const manifests = manifestsOf(estate(GatewayImplementation.envoyGateway()).env);
  const get = routeRuleName({ path: '/smcfs/restapi/invoke/getATP', prefix: false });
  const reserve = routeRuleName({ path: '/smcfs/restapi/invoke/reserveAvailableInventory', prefix: false });
  const polls = routeRuleName({ path: '/polls', prefix: true });

  test('HTTPRoute rules carry names', () =>
    expect(namedRules(manifests)).toEqual([
      `gw/${polls} /polls -> polls`,
      `gw/${get} /smcfs/restapi/invoke/getATP -> reserve`,
      `gw/${reserve} /smcfs/restapi/invoke/reserveAvailableInventory -> reserve`,
      'gw/default / -> app-server',
    ]));

  test("each policy attaches to exactly its service's rules and requests its readiness path with its codes", () =>
    expect(policies(manifests)).toEqual({
      'app-server-health-check': '/smcfs/heartbeat/heartbeat.jsp 200 <- gw/default',
      'reserve-health-check': `/smcfs/heartbeat/heartbeat.jsp 200 <- gw/${get},gw/${reserve}`,
      'polls-health-check': `/healthz 200,201,202,203,204 <- gw/${polls}`,
    }));

  test('the check is the same source as the readiness probe: a changed readiness path moves both', () => {
    const env = newEnv({ gateway: GatewayImplementation.envoyGateway() });
    const api = new Microservice(env, 'api', serviceProps({ routes: ['/api'], probes: { readiness: HealthProbe.http('/ready', 'http') } }));
    new OmsApiGateway(env, 'gw', { host: 'api.example.com', defaultBackend: api, tlsSecretName: 'tls' });
    const all = manifestsOf(env);
    const deployment = all.find((m) => m.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/ready');
    expect(Object.values(policies(all))).toEqual(['/ready 200 <- gw/default']);
  });

  test('a service whose rules span two HTTPRoutes is checked on both', () => {
    const all = manifestsOf(estate(GatewayImplementation.envoyGateway(), 14).env);
    expect(all.filter((m) => m.kind === 'HTTPRoute').map((r) => r.metadata.name)).toEqual(['gw', 'gw-2']);
    const targets = all.find((m) => m.metadata.name === 'reserve-health-check')!.spec.targetRefs.map((t: any) => t.name);
    expect(new Set(targets)).toEqual(new Set(['gw', 'gw-2']));
    expect(targets).toHaveLength(16);
    const ruleNames = all
      .filter((m) => m.kind === 'HTTPRoute')
      .flatMap((r) => r.spec.rules.map((x: any) => `${r.metadata.name}/${x.name}`));
    for (const t of all.find((m) => m.metadata.name === 'reserve-health-check')!.spec.targetRefs)
      expect(ruleNames).toContain(`${t.name}/${t.sectionName}`);
  });
});

test.each([
  ['Istio', GatewayImplementation.istio()],
  ['the AWS load balancer', GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' })],
])('%s: no BackendTrafficPolicy and no rule names (Istio has no active health check)', (_name, gateway) => {
  const env = newEnv({ gateway });
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  new OmsApiGateway(env, 'gw', {
    host: 'oms.example.com',
    defaultBackend: app,
    ...(gateway.description.startsWith('AWS')
      ? { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f' }
      : { tlsSecretName: 'tls' }),
  });
  const manifests = manifestsOf(env);
  expect(manifests.filter((m) => m.kind === 'BackendTrafficPolicy')).toEqual([]);
  expect(manifests.filter((m) => m.kind === 'HTTPRoute').flatMap((r) => r.spec.rules.map((x: any) => x.name))).toEqual([undefined]);
});

test.each([
  ['200', [200]],
  ['200,204', [200, 204]],
  ['200-203', [200, 201, 202, 203]],
  ['204,200-201', [200, 201, 204]],
])('expectedStatuses(%p) = %p', (codes, statuses) => expect(expectedStatuses(codes)).toEqual(statuses));

test.each([
  [{ path: '/', prefix: true }, /^default$/],
  [{ path: '/smcfs/restapi/invoke/getOrderList', prefix: false }, /^getorderlist-[0-9a-f]{6}$/],
  [{ path: '/polls', prefix: true }, /^polls-[0-9a-f]{6}$/],
])('routeRuleName(%p) matches %p', (rule, pattern) => expect(routeRuleName(rule)).toMatch(pattern));

test('APIs differing in case, or a path as exact and as prefix, get distinct rule names', () => {
  const names = [
    routeRuleName({ path: '/smcfs/restapi/invoke/getItem', prefix: false }),
    routeRuleName({ path: '/smcfs/restapi/invoke/GetItem', prefix: false }),
    routeRuleName({ path: '/polls', prefix: true }),
    routeRuleName({ path: '/polls', prefix: false }),
  ];
  expect(new Set(names).size).toBe(4);
});
