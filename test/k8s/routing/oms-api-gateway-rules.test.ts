import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { OMS_API_GATEWAY_RULES } from '../../../lib/k8s/routing/validate-oms-api-gateway-props';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { newEnv, omsProps } from '../../support/fixtures';

// The gateway's own props are checked by a rule table (lib/k8s/routing/validate-oms-api-gateway-props.ts). The
// cases of oms-api-gateway.test.ts cover each rule alone; these cover the rule they leave out, and the order the
// messages of several rules come in: the order of the table.
describe('OmsApiGateway rule table', () => {
  test('every rule is named', () => {
    expect(OMS_API_GATEWAY_RULES.map((r) => r.name)).toEqual([
      'hostIsADnsName',
      'tlsSecretFitsTheRouting',
      'ingressClassFitsTheRouting',
      'ingressCertificateFits',
      'namesAreObjectNames',
      'plainHttpOnlyInBranches',
      'certificateIsAnAcmArn',
      'gatewayAttachmentFits',
      'inClusterAddressIsValid',
      'timeoutIsInRange',
    ]);
  });

  test('an IngressClass on OpenShift', () => {
    const env = newEnv({ platform: 'openshift' });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    expect(() => new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, ingressClassName: 'nginx' })).toThrow(
      'test-env/gw: invalid configuration\n  - ingressClassName is not used on OpenShift (Routes are served by the router) (received "nginx"). Fix: leave ingressClassName out on OpenShift',
    );
  });

  test('several problems, listed in the order of the rules', () => {
    const env = newEnv({ gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }) });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    expect(
      () =>
        new OmsApiGateway(env, 'gw', {
          host: 'OMS.example.com',
          defaultBackend: app,
          plainHttp: true,
          certificateArn: 'oms-cert',
          ingressClassName: 'alb',
          timeoutSeconds: 0,
        }),
    ).toThrow(
      [
        'test-env/gw: invalid configuration',
        '  - host must be a lower-case DNS host name (received "OMS.example.com"). Fix: use e.g. "oms.uat.example.com"',
        '  - ingressClassName is only used with an Ingress; this environment routes with the AWS Load Balancer Controller (internal ALB, IP targets) (received "alb"). Fix: leave ingressClassName out, or choose GatewayImplementation.ingress(...) for the environment',
        '  - plainHttp is only allowed in branch (disposable) environments; this one is uat (received true). Fix: leave plainHttp out and give the certificate (tlsSecretName or certificateArn)',
        '  - certificateArn must be the ARN of an ACM certificate (received "oms-cert"). Fix: use e.g. "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-..."',
      ].join('\n'),
    );
  });
});
