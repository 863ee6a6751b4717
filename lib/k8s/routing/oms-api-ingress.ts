import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../primitives/kube';
import type { GatewayRoute } from './oms-api-gateway-props';

/** The API gateway as one Ingress. */
export interface OmsApiIngressInput {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly className: string;
  readonly host: string;
  /** The Secret with the host's certificate. @default no TLS */
  readonly tlsSecretName?: string;
  /** Longest time a request may take (set on ingress-nginx, which has annotations for it). */
  readonly timeoutSeconds: number;
  /** The gateway's rules, read at synthesis. */
  readonly rules: () => readonly GatewayRoute[];
}

/** An Ingress with a path per rule (exact for an OMS API, prefix otherwise) to the service's `http` port. */
export function omsApiIngress(scope: Construct, id: string, input: OmsApiIngressInput): k8s.KubeIngress {
  const timeout = String(input.timeoutSeconds);
  return new k8s.KubeIngress(scope, id, {
    metadata: {
      name: input.name,
      labels: input.labels,
      annotations:
        input.className === 'nginx'
          ? { 'nginx.ingress.kubernetes.io/proxy-read-timeout': timeout, 'nginx.ingress.kubernetes.io/proxy-send-timeout': timeout }
          : undefined,
    },
    spec: {
      ingressClassName: input.className,
      tls: input.tlsSecretName ? [{ hosts: [input.host], secretName: input.tlsSecretName }] : undefined,
      rules: [{ host: input.host, http: { paths: Lazy.any({ produce: () => ingressPaths(input.rules()) }) } }],
    },
  });
}

function ingressPaths(rules: readonly GatewayRoute[]): k8s.HttpIngressPath[] {
  return rules.map((rule) => ({
    path: rule.path,
    pathType: rule.prefix ? 'Prefix' : 'Exact',
    backend: { service: { name: rule.service.serviceName, port: { name: 'http' } } },
  }));
}
