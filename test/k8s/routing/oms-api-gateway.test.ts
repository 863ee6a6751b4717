import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { manifestsOf, newEnv, only, omsProps } from '../../support/fixtures';

function estate(platform: 'eks' | 'openshift') {
  const env = newEnv({ platform });
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  const reserve = new OmsMicroservice(env, 'reserve', omsProps({ apis: ['reserveAvailableInventory', 'getATP'] }));
  const search = new OmsMicroservice(env, 'order-search', omsProps({ apis: ['getOrderList'] }));
  return { env, app, reserve, search };
}

describe('OmsApiGateway on EKS', () => {
  test('one Ingress: an Exact rule per API to its owner, then a Prefix catch-all to the default app server', () => {
    const { env, app, reserve, search } = estate('eks');
    new OmsApiGateway(env, 'gateway', {
      host: 'oms.example.com',
      defaultBackend: app,
      services: [reserve, search],
      tlsSecretName: 'oms-tls',
    });
    const ingress = only(manifestsOf(env), 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['oms.example.com'], secretName: 'oms-tls' }]);
    expect(ingress.spec.rules[0].host).toBe('oms.example.com');
    expect(ingress.spec.rules[0].http.paths.map((p: any) => `${p.pathType} ${p.path} -> ${p.backend.service.name}`)).toEqual([
      'Exact /smcfs/restapi/invoke/getATP -> reserve',
      'Exact /smcfs/restapi/invoke/getOrderList -> order-search',
      'Exact /smcfs/restapi/invoke/reserveAvailableInventory -> reserve',
      'Prefix / -> app-server',
    ]);
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']).toBe('120');
  });

  test('services added after construction are routed; another ingress class gets no nginx annotations', () => {
    const { env, app, reserve, search } = estate('eks');
    const gw = new OmsApiGateway(env, 'gateway', { host: 'oms.example.com', defaultBackend: app, ingressClassName: 'alb' });
    gw.addService(reserve, search);
    const ingress = only(manifestsOf(env), 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata).not.toHaveProperty('annotations');
    expect(ingress.spec).not.toHaveProperty('tls');
    expect(ingress.spec.rules[0].http.paths).toHaveLength(4);
  });

  test('a service that owns APIs but is not routed fails synthesis', () => {
    const { env, app, reserve } = estate('eks');
    new OmsApiGateway(env, 'gateway', { host: 'oms.example.com', defaultBackend: app, services: [reserve] });
    expect(() => renderEnvironment(env)).toThrow(
      'test-env/gateway: invalid configuration\n  - services must include every service that owns APIs or routes: test-env/order-search owns getOrderList but is not routed (received ["reserve"]). Fix: add order-search to services (or call addService)',
    );
  });
});

describe('OmsApiGateway on OpenShift', () => {
  test('one Route per API on the same host plus a catch-all Route, all edge-terminated', () => {
    const { env, app, reserve, search } = estate('openshift');
    new OmsApiGateway(env, 'gateway', { host: 'oms.apps.example.com', defaultBackend: app, services: [reserve, search] });
    const routes = manifestsOf(env).filter((m) => m.kind === 'Route');
    expect(routes.map((r) => `${r.metadata.name} ${r.spec.path ?? '(any)'} -> ${r.spec.to.name}`)).toEqual([
      'gateway-default (any) -> app-server',
      'gateway-reserveavailableinventory /smcfs/restapi/invoke/reserveAvailableInventory -> reserve',
      'gateway-getatp /smcfs/restapi/invoke/getATP -> reserve',
      'gateway-getorderlist /smcfs/restapi/invoke/getOrderList -> order-search',
    ]);
    for (const r of routes) {
      expect(r.spec.host).toBe('oms.apps.example.com');
      expect(r.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
      expect(r.metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('120s');
    }
  });

  test('APIs differing only in case get distinct Route names', () => {
    const env = newEnv({ platform: 'openshift' });
    const app = new OmsMicroservice(env, 'app', omsProps({ apis: ['getItem', 'GetItem'] }));
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, services: [app] });
    const names = manifestsOf(env)
      .filter((m) => m.kind === 'Route')
      .map((r) => r.metadata.name);
    expect(new Set(names).size).toBe(3);
  });
});

describe('OmsApiGateway validation', () => {
  const cases: [string, 'eks' | 'openshift', Record<string, unknown>, string][] = [
    [
      'bad host',
      'eks',
      { host: 'OMS example' },
      'host must be a lower-case DNS host name (received "OMS example"). Fix: use e.g. "oms.uat.example.com"',
    ],
    [
      'TLS secret on OpenShift',
      'openshift',
      { tlsSecretName: 'x' },
      'tlsSecretName is not supported on OpenShift: Routes terminate TLS at the router with its certificate (received "x"). Fix: leave tlsSecretName out on OpenShift (the router certificate is used)',
    ],
    [
      'timeout out of range',
      'eks',
      { timeoutSeconds: 0 },
      'timeoutSeconds must be a whole number of seconds from 1 to 3600 (received 0). Fix: use e.g. 120',
    ],
  ];
  test.each(cases)('%s', (_case, platform, overrides, expected) => {
    const { env, app } = estate(platform);
    expect(() => new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, ...overrides } as any)).toThrow(
      `test-env/gw: invalid configuration\n  - ${expected}`,
    );
  });
});
