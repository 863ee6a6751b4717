import { Problem, dns1123LabelViolation, dns1123SubdomainViolation, isIpv4Cidr, problemIf, throwIfProblems } from '../../core';
import type { AwsLoadBalancerProps, InClusterGatewayProps } from './gateway-contexts';

/**
 * The rules of the gateway implementations' factories: what they are given names Kubernetes objects (a GatewayClass
 * or IngressClass, a namespace) or derives network blocks, so a bad value is refused here, as the factory's call,
 * rather than rendered (or thrown as a bare RangeError).
 */

/** The VPC block and the source blocks of an AWS load balancer are IPv4 CIDR blocks. */
export function awsLoadBalancerProblems(props: AwsLoadBalancerProps): Problem[] {
  const vpc = props?.vpcCidr;
  return [
    ...(typeof vpc === 'string' && isIpv4Cidr(vpc)
      ? []
      : [
          {
            property: 'vpcCidr',
            rule: 'must be the IPv4 CIDR block of the VPC (the load balancer subnets are derived from it)',
            value: vpc,
            fix: "use the block given to the AWS stack's network, e.g. '10.20.0.0/16'",
          },
        ]),
    ...(props?.sourceCidrs ?? []).flatMap((c) =>
      problemIf('sourceCidrs', c, isIpv4Cidr(c) ? undefined : 'must be IPv4 CIDR blocks', "write each block as e.g. '10.20.0.0/22'"),
    ),
  ];
}

/** The GatewayClass is an object name; the namespace of the proxies is a namespace name. */
export function inClusterGatewayProblems(props: InClusterGatewayProps): Problem[] {
  return [
    ...gatewayClassProblems(props?.gatewayClassName),
    ...(props?.namespace === undefined
      ? []
      : problemIf(
          'namespace',
          props.namespace,
          dns1123LabelViolation(props.namespace),
          'give the namespace the Gateway proxies run in, e.g. "gateways"',
        )),
  ];
}

/** The GatewayClass, when given, is an object name. */
export function gatewayClassProblems(className: string | undefined): Problem[] {
  return className === undefined
    ? []
    : problemIf(
        'gatewayClassName',
        className,
        dns1123SubdomainViolation(className),
        'use the name of a GatewayClass of the cluster (kubectl get gatewayclass), e.g. "envoy-gateway"',
      );
}

/** The IngressClass is an object name; the controller's namespace is a namespace name. */
export function ingressControllerProblems(props: { readonly className: string; readonly namespace: string }): Problem[] {
  return [
    ...problemIf(
      'className',
      props?.className,
      dns1123SubdomainViolation(props?.className),
      'use the name of an IngressClass of the cluster (kubectl get ingressclass), e.g. "nginx"',
    ),
    ...problemIf(
      'namespace',
      props?.namespace,
      dns1123LabelViolation(props?.namespace),
      'give the namespace the ingress controller runs in, e.g. "ingress-nginx"',
    ),
  ];
}

/** The factories whose props are checked, with their rules. */
const FACTORY_RULES = {
  awsLoadBalancer: awsLoadBalancerProblems,
  envoyGateway: inClusterGatewayProblems,
  istio: inClusterGatewayProblems,
  openShiftGatewayApi: (props: { readonly gatewayClassName?: string }) => gatewayClassProblems(props?.gatewayClassName),
  ingress: ingressControllerProblems,
} as const;

/** Throws the problems of a factory's props, named after the factory (`GatewayImplementation.ingress`). */
export function checkGatewayFactory<F extends keyof typeof FACTORY_RULES>(
  factory: F,
  props: Parameters<(typeof FACTORY_RULES)[F]>[0],
): void {
  throwIfProblems(`GatewayImplementation.${factory}`, (FACTORY_RULES[factory] as (p: unknown) => Problem[])(props));
}
