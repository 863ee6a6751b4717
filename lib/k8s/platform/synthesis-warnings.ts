import { IConstruct } from 'constructs';

/** The construct metadata type of a non-fatal synthesis message. */
export const SYNTHESIS_WARNING = 'oms:warning';

/** Why routing through ingress-nginx is warned about. */
export const INGRESS_NGINX_WARNING =
  'routes through ingress-nginx, which was retired in March 2026 and gets no security fixes: choose a Gateway API implementation for the environment (gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr }), envoyGateway() or istio())';

/** Records a non-fatal message on a construct; synthesis still succeeds. */
export function addSynthesisWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(SYNTHESIS_WARNING, message);
}

/** Every warning under `scope`, as `<construct path>: <message>`, in construct order. */
export function synthesisWarnings(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === SYNTHESIS_WARNING).map((m) => `${c.node.path}: ${String(m.data)}`));
}
