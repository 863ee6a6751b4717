import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../primitives/kube';

/** A Gateway API object a policy attaches to; `sectionName` picks one HTTPRoute rule by its name. */
export interface PolicyTargetReference {
  readonly group: 'gateway.networking.k8s.io';
  readonly kind: 'HTTPRoute';
  readonly name: string;
  readonly sectionName?: string;
}

/** The parts of a BackendTrafficPolicy spec this library sets: an active HTTP health check. */
export interface BackendTrafficPolicySpec {
  readonly targetRefs: readonly PolicyTargetReference[];
  readonly healthCheck: {
    readonly active: {
      readonly type: 'HTTP';
      readonly http: { readonly path: string; readonly expectedStatuses: readonly number[] };
      readonly interval?: string;
      readonly timeout?: string;
      readonly healthyThreshold?: number;
      readonly unhealthyThreshold?: number;
    };
  };
}

/**
 * Envoy Gateway `BackendTrafficPolicy` (gateway.envoyproxy.io/v1alpha1; the CRD vendored from Envoy Gateway v1.9.0
 * in schemas/crds/envoy-gateway). Written by hand: only the active health check is used.
 */
export class BackendTrafficPolicy extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata: k8s.ObjectMeta; readonly spec: BackendTrafficPolicySpec }) {
    super(scope, id, { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'BackendTrafficPolicy', ...props });
  }
}
