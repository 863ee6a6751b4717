import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../primitives/kube';

/** The AWS Load Balancer Controller's API group for Gateway API parameters. */
export const AWS_GATEWAY_PARAMETERS_GROUP = 'gateway.k8s.aws';
/**
 * The version written: `v1`, served and stored by the controller's CRDs since its 3.x Gateway support went GA (the
 * vendored CRDs of v3.5.0 serve `v1` as the storage version and `v1beta1` beside it).
 */
export const AWS_GATEWAY_PARAMETERS_VERSION = `${AWS_GATEWAY_PARAMETERS_GROUP}/v1`;

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
 * (gateway.k8s.aws/v1), referenced from a Gateway's
 * `spec.infrastructure.parametersRef`. Written by hand: the controller's CRDs
 * are not among the shared ones, and only these fields are used.
 */
export class LoadBalancerConfiguration extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata: k8s.ObjectMeta; readonly spec: LoadBalancerConfigurationSpec }) {
    super(scope, id, { apiVersion: AWS_GATEWAY_PARAMETERS_VERSION, kind: 'LoadBalancerConfiguration', ...props });
  }
}

/** The target group health check of a `TargetGroupConfiguration` (the controller's `healthCheckConfig`). */
export interface TargetGroupHealthCheck {
  readonly healthCheckPath: string;
  readonly healthCheckProtocol: 'HTTP' | 'HTTPS';
  /** The port checked, as a string. @default the port each target receives traffic on */
  readonly healthCheckPort?: string;
  /** The HTTP codes that count as healthy, e.g. `200` or `200-299`. */
  readonly matcher: { readonly httpCode: string };
  readonly healthCheckInterval?: number;
  readonly healthCheckTimeout?: number;
  readonly healthyThresholdCount?: number;
  readonly unhealthyThresholdCount?: number;
}

/**
 * AWS Load Balancer Controller `TargetGroupConfiguration` (gateway.k8s.aws/v1).
 * Without a target reference it is a Gateway's default (every Service behind it
 * gets the same target type); with `targetReference` it sets the target group of
 * one Service, such as the health check on its readiness path.
 */
export class TargetGroupConfiguration extends ApiObject {
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly metadata: k8s.ObjectMeta;
      readonly spec: {
        /** The Service (same namespace) whose target groups this configures. @default none (a Gateway's default) */
        readonly targetReference?: { readonly name: string };
        readonly defaultConfiguration: {
          readonly targetType: 'ip' | 'instance';
          readonly healthCheckConfig?: TargetGroupHealthCheck;
          /** ELB target group attributes, e.g. `stickiness.enabled`. @default none */
          readonly targetGroupAttributes?: readonly { readonly key: string; readonly value: string }[];
        };
      };
    },
  ) {
    super(scope, id, { apiVersion: AWS_GATEWAY_PARAMETERS_VERSION, kind: 'TargetGroupConfiguration', ...props });
  }
}
