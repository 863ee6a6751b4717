import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { OmsApiGateway, OmsApiGatewayProps } from '../../../lib/k8s/routing/oms-api-gateway';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { newEnv, omsProps } from '../../support/fixtures';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b';
// Ports as the NetworkPolicy model holds them (rendered, they are plain numbers).
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: 'TCP', port: { value: port } }));

function entryPoint(platform: 'eks' | 'openshift', gateway: GatewayImplementation, props: Partial<OmsApiGatewayProps> = {}) {
  const env = newEnv({ platform, gateway, stage: 'branch' }, 'tst');
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  const gw = new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, ...props });
  return JSON.parse(JSON.stringify(gw.clientEntryPoint()));
}

describe('how a client inside the cluster reaches the entry point, per implementation', () => {
  test.each<[string, 'eks' | 'openshift', GatewayImplementation, Partial<OmsApiGatewayProps>, unknown]>([
    [
      'internal AWS load balancer: the host name, which resolves to the load balancer in its own subnets',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }),
      { certificateArn: CERT },
      { baseUrl: 'https://oms.example.com', egress: [{ to: [{ ipBlock: { cidr: '10.20.48.0/20' } }], ports: tcp(443) }] },
    ],
    [
      'internal AWS load balancer with plain HTTP (a branch environment that asks for it)',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }),
      { plainHttp: true },
      { baseUrl: 'http://oms.example.com', egress: [{ to: [{ ipBlock: { cidr: '10.20.48.0/20' } }], ports: tcp(80) }] },
    ],
    [
      'Istio with the Gateway in the environment: its proxies\' Service "<gateway>-istio", egress to its pods',
      'eks',
      GatewayImplementation.istio(),
      { tlsSecretName: 'oms-tls' },
      {
        baseUrl: 'https://oms.example.com',
        connectTo: 'oms.example.com:443:gw-istio.tst.svc:443',
        egress: [{ to: [{ podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' } } }], ports: tcp(443) }],
      },
    ],
    [
      'OpenShift router: HTTPS (edge TLS, plain HTTP is redirected) through the internal router Service',
      'openshift',
      GatewayImplementation.openShiftRouter(),
      {},
      {
        baseUrl: 'https://oms.example.com',
        connectTo: 'oms.example.com:443:router-internal-default.openshift-ingress.svc:443',
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } } }], ports: tcp(443) }],
      },
    ],
    [
      'ingress-nginx (retired) with TLS: its controller Service',
      'eks',
      GatewayImplementation.ingressNginx(),
      { tlsSecretName: 'oms-tls' },
      {
        baseUrl: 'https://oms.example.com',
        connectTo: 'oms.example.com:443:ingress-nginx-controller.ingress-nginx.svc:443',
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: tcp(443) }],
      },
    ],
    [
      'Envoy Gateway with the address given: the given Service and egress',
      'eks',
      GatewayImplementation.envoyGateway(),
      {
        tlsSecretName: 'oms-tls',
        inClusterAddress: {
          address: 'envoy-tst-gw-5d3c1a2b.envoy-gateway-system.svc',
          egress: [
            {
              podLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'gw' },
              namespaceLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' },
              ports: [10443],
            },
          ],
        },
      },
      {
        baseUrl: 'https://oms.example.com',
        connectTo: 'oms.example.com:443:envoy-tst-gw-5d3c1a2b.envoy-gateway-system.svc:443',
        egress: [
          {
            to: [
              {
                podSelector: { matchLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'gw' } },
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
              },
            ],
            ports: tcp(10443),
          },
        ],
      },
    ],
    [
      'an internet-facing AWS load balancer reached through an internal address and port given',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16', internetFacing: true }),
      {
        certificateArn: CERT,
        inClusterAddress: { address: '10.20.130.7', port: 8443, egress: [{ cidr: '10.20.130.7/32', ports: [8443] }] },
      },
      {
        baseUrl: 'https://oms.example.com',
        connectTo: 'oms.example.com:443:10.20.130.7:8443',
        egress: [{ to: [{ ipBlock: { cidr: '10.20.130.7/32' } }], ports: tcp(8443) }],
      },
    ],
  ])('%s', (_name, platform, gateway, props, expected) => {
    expect(entryPoint(platform, gateway, props)).toEqual(expected);
  });
});

describe('where it cannot be derived, the address is required', () => {
  const fix = 'Fix: give inClusterAddress: { address: "<service>.<namespace>.svc", egress: [<the pods behind it and their ports>] }';
  test.each<[string, 'eks' | 'openshift', GatewayImplementation, Partial<OmsApiGatewayProps>, string]>([
    [
      'Envoy Gateway',
      'eks',
      GatewayImplementation.envoyGateway(),
      { tlsSecretName: 'oms-tls' },
      'inClusterAddress is required for clients inside the cluster (smoke tests) with the Envoy Gateway: Envoy Gateway names the Service of its proxies with a generated hash (received undefined)',
    ],
    [
      'Istio with a shared Gateway',
      'eks',
      GatewayImplementation.istio({ namespace: 'istio-ingress' }),
      { gateway: { name: 'shared', namespace: 'istio-ingress' } },
      "inClusterAddress is required for clients inside the cluster (smoke tests) with the Istio: the Gateway is the platform's: the Service of its proxies is not known here (received undefined)",
    ],
    [
      'Istio attached to a platform Gateway',
      'eks',
      GatewayImplementation.istio(),
      { gateway: { name: 'shared' } },
      "inClusterAddress is required for clients inside the cluster (smoke tests) with the Istio: the Gateway is the platform's: the Service of its proxies is not known here (received undefined)",
    ],
    [
      'OpenShift Gateway API',
      'openshift',
      GatewayImplementation.openShiftGatewayApi(),
      { gateway: { name: 'oms', namespace: 'openshift-ingress' } },
      "inClusterAddress is required for clients inside the cluster (smoke tests) with the OpenShift Gateway API: the Gateway is the platform's: the Service of its proxies is not known here (received undefined)",
    ],
    [
      'an internet-facing AWS load balancer',
      'eks',
      GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16', internetFacing: true }),
      { certificateArn: CERT },
      'inClusterAddress is required for clients inside the cluster (smoke tests) with the AWS Load Balancer Controller (internet-facing ALB, IP targets): an internet-facing load balancer answers on public addresses, which a NetworkPolicy cannot name (received undefined)',
    ],
    [
      'another ingress controller',
      'eks',
      GatewayImplementation.ingress({ className: 'haproxy', namespace: 'haproxy-controller' }),
      {},
      "inClusterAddress is required for clients inside the cluster (smoke tests) with the Ingress (class haproxy): the Service of the Ingress (class haproxy) controller is the platform's (received undefined)",
    ],
  ])('%s', (_name, platform, gateway, props, message) => {
    expect(() => entryPoint(platform, gateway, props)).toThrow(`tst/gw: invalid configuration\n  - ${message}. ${fix}`);
  });

  test.each<[string, OmsApiGatewayProps['inClusterAddress'], string]>([
    [
      'an address that is not a host name',
      { address: 'Envoy_GW.svc', egress: [{ cidr: '10.0.0.0/24', ports: [443] }] },
      'inClusterAddress.address must be a lower-case DNS name or an IPv4 address (received "Envoy_GW.svc"). Fix: give the Service of the proxies, e.g. "envoy-shop-gateway-5d3c1a2b.envoy-gateway-system.svc"',
    ],
    [
      'no egress',
      { address: 'envoy.envoy-gateway-system.svc', egress: [] },
      "inClusterAddress.egress must say where the client may connect (the pods behind the address, on the ports they listen on) (received []). Fix: give e.g. [{ podLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'gateway' }, namespaceLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' }, ports: [10443] }]",
    ],
    [
      'a bad port',
      { address: 'envoy.envoy-gateway-system.svc', port: 70000, egress: [{ cidr: '10.0.0.0/24', ports: [443] }] },
      'inClusterAddress.port must be a whole number from 1 to 65535 (received 70000). Fix: use the Service port, e.g. 443',
    ],
  ])('an inClusterAddress with %s is rejected', (_name, inClusterAddress, message) => {
    expect(() => entryPoint('eks', GatewayImplementation.envoyGateway(), { tlsSecretName: 'oms-tls', inClusterAddress })).toThrow(
      `tst/gw: invalid configuration\n  - ${message}`,
    );
  });
});
