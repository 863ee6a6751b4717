import { splitRouteRules } from '../../../lib/core/gateway-routes';
import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { INGRESS_NGINX_WARNING, synthesisWarnings } from '../../../lib/k8s/platform/synthesis-warnings';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { manifestsOf, newEnv, only, omsProps, serviceProps } from '../../support/fixtures';
import { ManifestValidator } from '../../support/manifest-validator';

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
  test('one Route per API on the same host plus a catch-all Route, all re-encrypted to the OMS app servers', () => {
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
      expect(r.spec.tls).toEqual({ termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' });
      expect(r.spec.port).toEqual({ targetPort: 'https' });
      expect(r.metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('120s');
    }
  });

  test('APIs differing only in case get distinct Route names', () => {
    const env = newEnv({ platform: 'openshift' });
    const app = new OmsMicroservice(env, 'app', omsProps({ customApis: ['getItem', 'GetItem'] }));
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
    [
      'no default backend',
      'eks',
      { defaultBackend: undefined },
      'defaultBackend is required and must be a routed service (a Microservice, OmsMicroservice or BlueGreenPair) that takes every path no other service owns (received undefined). Fix: pass the default app server, e.g. defaultBackend: appServer',
    ],
    [
      'a default backend that is not routed',
      'eks',
      { defaultBackend: 'app-server' },
      'defaultBackend is required and must be a routed service (a Microservice, OmsMicroservice or BlueGreenPair) that takes every path no other service owns (received "string"). Fix: pass the default app server, e.g. defaultBackend: appServer',
    ],
  ];
  test.each(cases)('%s', (_case, platform, overrides, expected) => {
    const { env, app } = estate(platform);
    expect(() => new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, ...overrides } as any)).toThrow(
      `test-env/gw: invalid configuration\n  - ${expected}`,
    );
  });
});

const ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f';
const VPC = '10.20.0.0/16';

function gatewayEstate(gateway: GatewayImplementation, stage: 'branch' | 'uat' = 'uat') {
  const env = newEnv({ gateway, stage, platform: gateway.platforms[0] });
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  const reserve = new OmsMicroservice(env, 'reserve', omsProps({ apis: ['reserveAvailableInventory', 'getATP'] }));
  const polls = new Microservice(env, 'polls', serviceProps({ routes: ['/polls'] }));
  return { env, app, reserve, polls };
}

const ruleText = (route: any) =>
  route.spec.rules.map(
    (r: any) =>
      `${r.matches[0].path.type} ${r.matches[0].path.value} -> ${r.backendRefs.map((b: any) => `${b.name}:${b.port}${b.weight === undefined ? '' : `@${b.weight}`}`).join(',')}`,
  );

describe('OmsApiGateway with the Gateway API', () => {
  test('AWS load balancer: a private ALB Gateway with IP targets, TLS at the listener, exact API rules, prefix paths, catch-all last', () => {
    const { env, app, reserve, polls } = gatewayEstate(GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }));
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, services: [reserve, polls], certificateArn: ARN });
    const manifests = manifestsOf(env);
    expect(manifests.filter((m) => m.kind === 'Ingress' || m.kind === 'Route')).toEqual([]);
    const gateway = only(manifests, 'Gateway', 'gw');
    expect(gateway.spec).toEqual({
      gatewayClassName: 'aws-alb',
      infrastructure: { parametersRef: { group: 'gateway.k8s.aws', kind: 'LoadBalancerConfiguration', name: 'gw' } },
      listeners: [
        { name: 'https', hostname: 'oms.example.com', port: 443, protocol: 'HTTPS', allowedRoutes: { namespaces: { from: 'Same' } } },
      ],
    });
    expect(only(manifests, 'LoadBalancerConfiguration', 'gw').spec).toEqual({
      scheme: 'internal',
      listenerConfigurations: [{ protocolPort: 'HTTPS:443', defaultCertificate: ARN }],
      loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: '120' }],
      defaultTargetGroupConfiguration: { name: 'gw' },
    });
    expect(only(manifests, 'TargetGroupConfiguration', 'gw').spec).toEqual({ defaultConfiguration: { targetType: 'ip' } });
    const route = only(manifests, 'HTTPRoute', 'gw');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }]);
    expect(route.spec.hostnames).toEqual(['oms.example.com']);
    expect(ruleText(route)).toEqual([
      'PathPrefix /polls -> polls:8080',
      'Exact /smcfs/restapi/invoke/getATP -> reserve:9080',
      'Exact /smcfs/restapi/invoke/reserveAvailableInventory -> reserve:9080',
      'PathPrefix / -> app-server:9080',
    ]);
    // The controller does not implement HTTPRoute timeouts; the ALB idle timeout carries it.
    expect(route.spec.rules.every((r: any) => r.timeouts === undefined)).toBe(true);
  });

  test('internet-facing only when asked', () => {
    const { env, app, reserve, polls } = gatewayEstate(GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC, internetFacing: true }));
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, services: [reserve, polls], certificateArn: ARN });
    expect(only(manifestsOf(env), 'LoadBalancerConfiguration').spec.scheme).toBe('internet-facing');
  });

  test('Envoy Gateway on EKS: TLS from the Secret at the listener, request timeouts per rule, an internal NLB', () => {
    const { env, app, reserve, polls } = gatewayEstate(GatewayImplementation.envoyGateway());
    new OmsApiGateway(env, 'gw', {
      host: 'oms.example.com',
      defaultBackend: app,
      services: [reserve, polls],
      tlsSecretName: 'oms-tls',
      timeoutSeconds: 600,
    });
    const manifests = manifestsOf(env);
    const gateway = only(manifests, 'Gateway', 'gw');
    expect(gateway.spec.gatewayClassName).toBe('envoy-gateway');
    expect(gateway.spec.listeners[0].tls).toEqual({ mode: 'Terminate', certificateRefs: [{ name: 'oms-tls' }] });
    expect(gateway.spec.infrastructure.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    for (const rule of only(manifests, 'HTTPRoute', 'gw').spec.rules)
      expect(rule.timeouts).toEqual({ request: '600s', backendRequest: '600s' });
    expect(manifests.filter((m) => m.kind === 'LoadBalancerConfiguration')).toEqual([]);
  });

  test('a Gateway the platform owns: the routes attach to it by name and namespace, and none is created', () => {
    const { env, app, reserve, polls } = gatewayEstate(GatewayImplementation.istio({ namespace: 'istio-ingress' }));
    new OmsApiGateway(env, 'gw', {
      host: 'oms.example.com',
      defaultBackend: app,
      services: [reserve, polls],
      gateway: { name: 'shared', namespace: 'istio-ingress', sectionName: 'https' },
    });
    const manifests = manifestsOf(env);
    expect(manifests.filter((m) => m.kind === 'Gateway')).toEqual([]);
    expect(only(manifests, 'HTTPRoute').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared', namespace: 'istio-ingress', sectionName: 'https' },
    ]);
  });

  test('OpenShift Gateway API: routes attach to the platform Gateway in openshift-ingress', () => {
    const env = newEnv({ platform: 'openshift', gateway: GatewayImplementation.openShiftGatewayApi() });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    new OmsApiGateway(env, 'gw', {
      host: 'oms.apps.example.com',
      defaultBackend: app,
      gateway: { name: 'oms', namespace: 'openshift-ingress' },
    });
    const manifests = manifestsOf(env);
    expect(manifests.filter((m) => m.kind === 'Route' || m.kind === 'Gateway')).toEqual([]);
    expect(only(manifests, 'HTTPRoute').spec.parentRefs[0]).toMatchObject({ name: 'oms', namespace: 'openshift-ingress' });
  });

  test('plain HTTP in a branch environment: an HTTP listener and no certificate', () => {
    const { env, app, reserve, polls } = gatewayEstate(GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }), 'branch');
    new OmsApiGateway(env, 'gw', { host: 'b.dev.example.com', defaultBackend: app, services: [reserve, polls], plainHttp: true });
    const manifests = manifestsOf(env);
    expect(only(manifests, 'Gateway').spec.listeners).toEqual([
      { name: 'http', hostname: 'b.dev.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
    expect(only(manifests, 'LoadBalancerConfiguration').spec).not.toHaveProperty('listenerConfigurations');
  });

  test('every object is valid against the Gateway API CRDs (and the load balancer parameter schemas), strict', () => {
    const validator = new ManifestValidator('v1.33.0');
    for (const [gateway, tls] of [
      [GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC }), { certificateArn: ARN }],
      [GatewayImplementation.envoyGateway(), { tlsSecretName: 'oms-tls' }],
    ] as const) {
      const { env, app, reserve, polls } = gatewayEstate(gateway);
      new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, services: [reserve, polls], ...tls });
      expect(manifestsOf(env).flatMap((m) => validator.validate(m))).toEqual([]);
    }
    const broken = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'x' },
      spec: { rules: Array(17).fill({}) },
    };
    expect(validator.validate(broken).join('\n')).toMatch(/\/spec\/rules must NOT have more than 16 items/);
  });
});

describe('HTTPRoute split at 16 rules', () => {
  const apis = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);

  function split(order: 'ab' | 'ba', late = false) {
    const env = newEnv({ gateway: GatewayImplementation.envoyGateway() });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    const a = new OmsMicroservice(env, 'svc-a', omsProps({ customApis: apis(12, 'getA') }));
    const b = new OmsMicroservice(env, 'svc-b', omsProps({ customApis: apis(8, 'getB') }));
    const services = order === 'ab' ? [a, b] : [b, a];
    const gw = new OmsApiGateway(env, 'gw', {
      host: 'oms.example.com',
      defaultBackend: app,
      tlsSecretName: 'tls',
      services: late ? [] : services,
    });
    if (late) gw.addService(...services);
    return manifestsOf(env).filter((m) => m.kind === 'HTTPRoute');
  }

  test('21 rules become two routes of 16 and 5, the catch-all last; same rules, same routes', () => {
    const routes = split('ab');
    expect(routes.map((r) => `${r.metadata.name}:${r.spec.rules.length}`)).toEqual(['gw:16', 'gw-2:5']);
    const all = routes.flatMap(ruleText);
    expect(all[0]).toBe('Exact /smcfs/restapi/invoke/getA00 -> svc-a:9080');
    expect(all[20]).toBe('PathPrefix / -> app-server:9080');
    expect(new Set(all).size).toBe(21);
    expect(split('ba')).toEqual(routes);
    expect(split('ab', true)).toEqual(routes);
  });

  test('every split route attaches to the same Gateway and host', () => {
    for (const r of split('ab')) {
      expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }]);
      expect(r.spec.hostnames).toEqual(['oms.example.com']);
    }
  });

  test.each([
    [0, [[]]],
    [16, [16]],
    [17, [16, 1]],
    [33, [16, 16, 1]],
  ])('splitRouteRules of %i rules', (n, expected) => {
    const chunks = splitRouteRules(Array.from({ length: n }, (_, i) => i));
    expect(chunks.map((c) => (c.length === 0 ? [] : c.length))).toEqual(expected);
    expect(chunks.flat()).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

describe('traffic drain', () => {
  test('a drained service keeps its rules at weight 0; the default app server takes its requests', () => {
    const { env, app, reserve, polls } = gatewayEstate(GatewayImplementation.envoyGateway());
    const gw = new OmsApiGateway(env, 'gw', {
      host: 'oms.example.com',
      defaultBackend: app,
      services: [reserve, polls],
      tlsSecretName: 'tls',
    });
    gw.drain(reserve);
    expect(ruleText(only(manifestsOf(env), 'HTTPRoute'))).toEqual([
      'PathPrefix /polls -> polls:8080',
      'Exact /smcfs/restapi/invoke/getATP -> reserve:9080@0,app-server:9080@1',
      'Exact /smcfs/restapi/invoke/reserveAvailableInventory -> reserve:9080@0,app-server:9080@1',
      'PathPrefix / -> app-server:9080',
    ]);
    expect(gw.isDrained(reserve)).toBe(true);
    expect(gw.isDrained(polls)).toBe(false);
  });

  test.each([
    [
      'the default backend',
      () => {
        const { env, app } = gatewayEstate(GatewayImplementation.envoyGateway());
        return [new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, tlsSecretName: 'tls' }), app] as const;
      },
      'test-env/gw: invalid configuration\n  - drain must not drain the default backend: nothing would take its traffic (received "test-env/app-server"). Fix: drain the API owners only, or route through another default backend first',
    ],
    [
      'through an Ingress',
      () => {
        const { env, app, reserve } = estate('eks');
        return [new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, services: [reserve] }), reserve] as const;
      },
      'test-env/gw: invalid configuration\n  - drain needs backend weights (a Gateway API implementation or OpenShift Routes); this environment uses the Ingress (class nginx) (received ["test-env/reserve"]). Fix: choose a Gateway API implementation for the environment (gateway: GatewayImplementation...)',
    ],
  ])('refused: %s', (_case, make, message) => {
    const [gw, service] = make();
    expect(() => gw.drain(service)).toThrow(message);
  });
});

describe('Ingress stays an option, with a warning for ingress-nginx', () => {
  test('an Ingress for ingress-nginx warns at synthesis; another class or the Gateway API does not', () => {
    const nginx = estate('eks');
    new OmsApiGateway(nginx.env, 'gw', { host: 'oms.example.com', defaultBackend: nginx.app, services: [nginx.reserve, nginx.search] });
    expect(synthesisWarnings(nginx.env)).toEqual([`test-env/gw: ${INGRESS_NGINX_WARNING}`]);
    expect(() => renderEnvironment(nginx.env)).not.toThrow();

    const other = estate('eks');
    new OmsApiGateway(other.env, 'gw', {
      host: 'oms.example.com',
      defaultBackend: other.app,
      services: [other.reserve, other.search],
      ingressClassName: 'haproxy',
    });
    expect(synthesisWarnings(other.env)).toEqual([]);

    const { env, app } = gatewayEstate(GatewayImplementation.envoyGateway());
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, tlsSecretName: 'tls', services: [] });
    expect(synthesisWarnings(env)).toEqual([]);
  });
});

describe('OmsApiGateway validation with the Gateway API', () => {
  const aws = () => GatewayImplementation.awsLoadBalancer({ vpcCidr: VPC });
  const cases: [string, () => GatewayImplementation, 'branch' | 'uat', Record<string, unknown>, string][] = [
    [
      'AWS load balancer without a certificate',
      aws,
      'uat',
      {},
      'certificateArn is required: the AWS load balancer terminates TLS with an ACM certificate (the controller ignores certificateRefs) (received undefined). Fix: give the ARN of the ACM certificate for host (or allow plainHttp in a branch environment)',
    ],
    [
      'Envoy Gateway without a TLS Secret',
      () => GatewayImplementation.envoyGateway(),
      'uat',
      {},
      'tlsSecretName is required: the Envoy Gateway Gateway terminates TLS with a certificate from a Secret (received undefined). Fix: name the Secret with the certificate for host (or allow plainHttp in a branch environment)',
    ],
    [
      'plain HTTP outside a branch environment',
      aws,
      'uat',
      { plainHttp: true },
      'plainHttp is only allowed in branch (disposable) environments; this one is uat (received true). Fix: leave plainHttp out and give the certificate (tlsSecretName or certificateArn)',
    ],
    [
      'a malformed certificate ARN',
      aws,
      'uat',
      { certificateArn: 'oms-cert' },
      'certificateArn must be the ARN of an ACM certificate (received "oms-cert"). Fix: use e.g. "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-..."',
    ],
    [
      'an IngressClass with the Gateway API',
      aws,
      'uat',
      { certificateArn: ARN, ingressClassName: 'alb' },
      'ingressClassName is only used with an Ingress; this environment routes with the AWS Load Balancer Controller (internal ALB, IP targets) (received "alb"). Fix: leave ingressClassName out, or choose GatewayImplementation.ingress(...) for the environment',
    ],
    [
      'a platform Gateway with a bad name',
      aws,
      'uat',
      { gateway: { name: 'Shared GW' } },
      'gateway must name the Gateway, its namespace and listener with DNS-1123 labels (received {"name":"Shared GW"}). Fix: use e.g. { name: "shared", namespace: "gateways" }',
    ],
    [
      'a platform Gateway with an Ingress implementation',
      () => GatewayImplementation.ingress({ className: 'haproxy', namespace: 'haproxy' }),
      'uat',
      { gateway: { name: 'shared' } },
      'gateway is only used with a Gateway API implementation; this environment routes with the Ingress (class haproxy) (received {"name":"shared"}). Fix: leave gateway out, or choose a Gateway API implementation for the environment',
    ],
  ];
  test.each(cases)('%s', (_case, gateway, stage, overrides, expected) => {
    const { env, app } = gatewayEstate(gateway(), stage);
    expect(() => new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, ...overrides } as any)).toThrow(
      `test-env/gw: invalid configuration\n  - ${expected}`,
    );
  });

  test('OpenShift Gateway API without a platform Gateway', () => {
    const env = newEnv({ platform: 'openshift', gateway: GatewayImplementation.openShiftGatewayApi() });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    expect(() => new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app })).toThrow(
      'test-env/gw: invalid configuration\n  - gateway is required: the OpenShift Gateway API serves only Gateways the platform owns (received undefined). Fix: name the platform Gateway, e.g. gateway: { name: "oms", namespace: "openshift-ingress" }',
    );
  });
});
