import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { OmsCluster } from '../../../lib/k8s/environment/oms-cluster';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { synthesisWarnings } from '../../../lib/k8s/platform/synthesis-warnings';
import { AgentPool } from '../../../lib/k8s/workloads/agent-pool';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { AGENT_IMAGE, TEST_DB, manifestsOf, newEnv, only, serviceProps } from '../../support/fixtures';

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
      'AWS load balancer, internal: its own subnets, which hold no pod (IP targets)',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }),
      [{ ipBlock: { cidr: '10.20.48.0/20' } }],
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
      'ingress-nginx, chosen explicitly (retired)',
      'eks',
      GatewayImplementation.ingressNginx(),
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
    [
      { vpcCidr: '10.20.0.0' },
      "GatewayImplementation.awsLoadBalancer: invalid configuration\n  - vpcCidr must be the IPv4 CIDR block of the VPC (the load balancer subnets are derived from it) (received \"10.20.0.0\"). Fix: use the block given to the AWS stack's network, e.g. '10.20.0.0/16'",
    ],
    [
      { vpcCidr: '10.20.0.0/16', sourceCidrs: ['x'] },
      'GatewayImplementation.awsLoadBalancer: invalid configuration\n  - sourceCidrs must be IPv4 CIDR blocks (received "x"). Fix: write each block as e.g. \'10.20.0.0/22\'',
    ],
  ])('awsLoadBalancer(%j)', (props, message) => {
    expect(() => GatewayImplementation.awsLoadBalancer(props)).toThrow(message);
  });
});

/** An EKS cluster with a share for `test-env`, naming its VPC or not. */
const eksCluster = (vpcCidr?: string) =>
  new OmsCluster({
    name: 'dev-eks',
    platform: 'eks',
    enforcement: { kind: 'node-group', maxNodes: 20, allocatablePerNode: { cpu: '8', memory: '32Gi' } },
    owner: 'test-env',
    environments: { 'test-env': { cpu: '100', memory: '400Gi' } },
    vpcCidr,
  });

describe('the EKS default: an internal AWS load balancer in the cluster VPC, or a clear error', () => {
  test('an environment on a cluster that names its VPC routes with HTTPRoutes on an internal load balancer', () => {
    const env = newEnv({ gateway: undefined, cluster: eksCluster('10.30.0.0/16') });
    expect(env.gateway.routing).toBe('gateway-api');
    expect(env.gateway.description).toBe('AWS Load Balancer Controller (internal ALB, IP targets)');
    const api = new Microservice(env, 'api', serviceProps({ routes: ['/api'] }));
    new OmsApiGateway(env, 'gw', {
      host: 'api.example.com',
      defaultBackend: api,
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b',
    });
    const manifests = manifestsOf(env);
    expect(only(manifests, 'NetworkPolicy', 'api').spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '10.30.48.0/20' } }]);
    expect(only(manifests, 'HTTPRoute').spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }]);
    expect(only(manifests, 'Gateway').spec.gatewayClassName).toBe('aws-alb');
    expect(manifests.filter((m) => m.kind === 'Ingress')).toEqual([]);
    expect(synthesisWarnings(env)).toEqual([]);
  });

  const required =
    "test-env: invalid configuration\n  - gateway is required on EKS when the environment's cluster names no VPC: routed services must know what serves their entry point (ingress-nginx, the old default, was retired in March 2026) (received undefined). Fix: set vpcCidr on the environment's cluster (an internal AWS load balancer is then the default), or choose gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr }), envoyGateway(), istio(), or ingress({ className, namespace }) (an Ingress; ingress-nginx warns at synthesis)";

  test.each([
    ['no cluster', undefined],
    ['a cluster that does not name its VPC', eksCluster()],
  ])('with %s, a routed service fails synthesis listing the choices', (_name, cluster) => {
    const env = newEnv({ gateway: undefined, cluster });
    new Microservice(env, 'api', serviceProps({ routes: ['/api'] }));
    expect(() => manifestsOf(env)).toThrow(required);
  });

  test('with no gateway, a gateway construct fails at once', () => {
    const env = newEnv({ gateway: undefined });
    const api = new Microservice(env, 'api', serviceProps());
    expect(() => new OmsApiGateway(env, 'gw', { host: 'api.example.com', defaultBackend: api })).toThrow(required);
  });

  test('an environment of agents alone needs no gateway', () => {
    const env = newEnv({ gateway: undefined });
    new AgentPool(env, 'agents', {
      image: AGENT_IMAGE,
      servers: ['ScheduleOrderServer'],
      connections: [TEST_DB],
      resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
    });
    expect(() => manifestsOf(env)).not.toThrow();
  });

  test('an explicit gateway wins over the cluster default, and ingress-nginx still warns', () => {
    const env = newEnv({ gateway: GatewayImplementation.ingressNginx(), cluster: eksCluster('10.30.0.0/16') });
    expect(env.gateway.routing).toBe('ingress');
    const api = new Microservice(env, 'api', serviceProps());
    new OmsApiGateway(env, 'gw', { host: 'api.example.com', defaultBackend: api });
    expect(synthesisWarnings(env)).toEqual([expect.stringMatching(/^test-env\/gw: routes through ingress-nginx, which was retired/)]);
  });

  test.each([
    [
      'a block that is not CIDR',
      'eks' as const,
      '10.30.0.0',
      "vpcCidr must be an IPv4 CIDR block (received \"10.30.0.0\"). Fix: give the cluster's VPC block, e.g. '10.20.0.0/16'",
    ],
    [
      'a VPC on OpenShift',
      'openshift' as const,
      '10.30.0.0/16',
      'vpcCidr is only used on EKS (it places the default internal AWS load balancer) (received "10.30.0.0/16"). Fix: remove vpcCidr from the OpenShift cluster',
    ],
  ])('a cluster with %s is rejected', (_name, platform, vpcCidr, message) => {
    const enforcement =
      platform === 'eks'
        ? ({ kind: 'node-group', maxNodes: 10, allocatablePerNode: { cpu: '8', memory: '32Gi' } } as const)
        : ({ kind: 'openshift-quota' } as const);
    expect(
      () =>
        new OmsCluster({
          name: 'c',
          platform,
          enforcement,
          ceiling: platform === 'eks' ? undefined : { cpu: '8', memory: '32Gi' },
          owner: 'test-env',
          environments: { 'test-env': { cpu: '1', memory: '1Gi' } },
          vpcCidr,
        }),
    ).toThrow(`cluster c: invalid configuration\n  - ${message}`);
  });
});
