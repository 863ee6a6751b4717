import { GatewayImplementation } from '../../../lib/k8s/routing/gateway-implementation';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { manifestsOf, newEnv, only, serviceProps } from '../../support/fixtures';

/** The `from` of the routing rule in a service's NetworkPolicy. */
function admittedBy(platform: 'eks' | 'openshift', gateway?: GatewayImplementation): unknown {
  const env = newEnv({ platform, gateway });
  new Microservice(env, 'api', serviceProps({ routes: ['/api'] }));
  const ingress = only(manifestsOf(env), 'NetworkPolicy', 'api').spec.ingress;
  expect(ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  return ingress[0].from;
}

describe('each gateway implementation decides where the services admit traffic from', () => {
  const cases: [string, 'eks' | 'openshift', GatewayImplementation | undefined, unknown][] = [
    [
      'AWS load balancer, internal: the workload subnets it sits in (IP targets)',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }),
      [{ ipBlock: { cidr: '10.20.0.0/18' } }],
    ],
    [
      'AWS load balancer, internet-facing: the public subnets',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16', internetFacing: true }),
      [{ ipBlock: { cidr: '10.20.128.0/18' } }],
    ],
    [
      'AWS load balancer in subnets of its own',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16', sourceCidrs: ['10.20.200.0/24', '10.20.201.0/24'] }),
      [{ ipBlock: { cidr: '10.20.200.0/24' } }, { ipBlock: { cidr: '10.20.201.0/24' } }],
    ],
    [
      'Envoy Gateway: its namespace',
      'eks',
      GatewayImplementation.envoyGateway(),
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }],
    ],
    [
      'Istio, Gateway in the environment: the proxy pods Istio labels with their Gateway',
      'eks',
      GatewayImplementation.istio(),
      [{ podSelector: { matchExpressions: [{ key: 'gateway.networking.k8s.io/gateway-name', operator: 'Exists' }] } }],
    ],
    [
      'Istio, shared Gateway: its namespace',
      'eks',
      GatewayImplementation.istio({ namespace: 'istio-ingress' }),
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' } } }],
    ],
    [
      'OpenShift router (default): the ingress policy group, which host-network routers match too',
      'openshift',
      undefined,
      [{ namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } } }],
    ],
    [
      'OpenShift Gateway API: openshift-ingress',
      'openshift',
      GatewayImplementation.openShiftGatewayApi(),
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-ingress' } } }],
    ],
    [
      'EKS without a choice: ingress-nginx (retired)',
      'eks',
      undefined,
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
    ],
    [
      'another ingress controller: its namespace',
      'eks',
      GatewayImplementation.ingress({ className: 'haproxy', namespace: 'haproxy-controller' }),
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'haproxy-controller' } } }],
    ],
  ];
  test.each(cases)('%s', (_case, platform, gateway, expected) => {
    expect(admittedBy(platform, gateway)).toEqual(expected);
  });

  test('the OpenShift router is no longer selected by the legacy label', () => {
    expect(JSON.stringify(admittedBy('openshift'))).not.toContain('network.openshift.io/policy-group');
  });

  test('an explicit gatewaySource still wins', () => {
    const env = newEnv({ gateway: GatewayImplementation.envoyGateway(), gatewaySource: { namespaceLabels: { team: 'edge' } } });
    new Microservice(env, 'api', serviceProps());
    expect(only(manifestsOf(env), 'NetworkPolicy', 'api').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { team: 'edge' } } },
    ]);
  });
});

describe('gateway implementation validation', () => {
  test.each([
    [
      'an AWS load balancer on OpenShift',
      'openshift' as const,
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }),
      'test-env: invalid configuration\n  - gateway must run on the environment\'s platform (openshift); AWS Load Balancer Controller (internal ALB, IP targets) runs on eks (received "AWS Load Balancer Controller (internal ALB, IP targets)"). Fix: use GatewayImplementation.openShiftRouter() or openShiftGatewayApi()',
    ],
    [
      'the OpenShift router on EKS',
      'eks' as const,
      GatewayImplementation.openShiftRouter(),
      'test-env: invalid configuration\n  - gateway must run on the environment\'s platform (eks); OpenShift router runs on openshift (received "OpenShift router"). Fix: use GatewayImplementation.awsLoadBalancer({ vpcCidr })',
    ],
  ])('%s', (_case, platform, gateway, message) => {
    expect(() => newEnv({ platform, gateway })).toThrow(message);
  });

  test.each([
    [{ vpcCidr: '10.20.0.0' }, 'awsLoadBalancer: vpcCidr must be an IPv4 CIDR block, got "10.20.0.0"'],
    [{ vpcCidr: '10.20.0.0/16', sourceCidrs: ['x'] }, 'awsLoadBalancer: sourceCidrs must be IPv4 CIDR blocks, got "x"'],
  ])('awsLoadBalancer(%j)', (props, message) => {
    expect(() => GatewayImplementation.awsLoadBalancer(props)).toThrow(message);
  });
});
