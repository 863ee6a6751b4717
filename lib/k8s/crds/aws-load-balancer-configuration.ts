import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../primitives/kube';

/** The AWS Load Balancer Controller's API group for Gateway API parameters. */
export const AWS_GATEWAY_PARAMETERS_GROUP = 'gateway.k8s.aws';

/** The parts of a `LoadBalancerConfiguration` spec this library sets. */
export interface LoadBalancerConfigurationSpec {
  /** `internal` (reachable only inside the VPC) or `internet-facing`. */
  readonly scheme: 'internal' | 'internet-facing';
  /** Certificates of the HTTPS listener, by `PROTOCOL:PORT`. */
  readonly listenerConfigurations?: readonly { readonly protocolPort: string; readonly defaultCertificate: string }[];
  /** Load balancer attributes, e.g. `idle_timeout.timeout_seconds`. */
  readonly loadBalancerAttributes?: readonly { readonly key: string; readonly value: string }[];
  /** The `TargetGroupConfiguration` (same namespace) every backend of the Gateway falls back to. */
  readonly defaultTargetGroupConfiguration?: { readonly name: string };
}

/**
 * AWS Load Balancer Controller `LoadBalancerConfiguration`
 * (gateway.k8s.aws/v1beta1), referenced from a Gateway's
 * `spec.infrastructure.parametersRef`. Written by hand: the controller's CRDs
 * are not among the shared ones, and only these fields are used.
 */
export class LoadBalancerConfiguration extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata: k8s.ObjectMeta; readonly spec: LoadBalancerConfigurationSpec }) {
    super(scope, id, { apiVersion: `${AWS_GATEWAY_PARAMETERS_GROUP}/v1beta1`, kind: 'LoadBalancerConfiguration', ...props });
  }
}

/**
 * AWS Load Balancer Controller `TargetGroupConfiguration`
 * (gateway.k8s.aws/v1beta1) without a target reference: used as a Gateway's
 * default, so every Service behind it gets the same target type.
 */
export class TargetGroupConfiguration extends ApiObject {
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly metadata: k8s.ObjectMeta;
      readonly spec: { readonly defaultConfiguration: { readonly targetType: 'ip' | 'instance' } };
    },
  ) {
    super(scope, id, { apiVersion: `${AWS_GATEWAY_PARAMETERS_GROUP}/v1beta1`, kind: 'TargetGroupConfiguration', ...props });
  }
}
