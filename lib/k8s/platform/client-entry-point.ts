import { EgressRule, Problem, hostnameViolation, isIpv4Cidr, portViolation, validateEgress } from '../../core';
import { k8s } from '../primitives/kube';
import { egressEntries, tcpPorts } from '../primitives/network-rules';

/**
 * How a client inside the cluster (a smoke test) reaches an environment's
 * entry point for its host: the URL callers use (so TLS and the Host header
 * are the host's), an optional in-cluster address to connect to instead of
 * what the host's name resolves to (curl's `--connect-to`), and the
 * NetworkPolicy egress that connection needs.
 */
export interface ClientEntryPoint {
  /** `https://<host>` or, where plain HTTP is allowed, `http://<host>`. */
  readonly baseUrl: string;
  /** `host:port:address:port`: connect to the in-cluster address instead. @default the host's name is connected to */
  readonly connectTo?: string;
  /** Where the client may connect. */
  readonly egress: readonly k8s.NetworkPolicyEgressRule[];
}

/**
 * The in-cluster address of an entry point, for implementations that cannot
 * derive it (Envoy Gateway names its proxies' Service with a generated hash; a
 * platform-owned Gateway or ingress controller is the platform's).
 */
export interface EntryPointAddress {
  /** The DNS name or IP address to connect to, e.g. `envoy-shop-gateway-5d3c1a2b.envoy-gateway-system.svc`. */
  readonly address: string;
  /** Its port. @default 443, or 80 with plain HTTP */
  readonly port?: number;
  /** Where the client may connect: the pods (or addresses) behind `address`, on the ports they listen on. */
  readonly egress: readonly EgressRule[];
}

/** What an implementation knows about the entry point it derives an in-cluster address for. */
export interface EntryPointContext {
  readonly host: string;
  /** Whether the entry point serves HTTPS for the host. */
  readonly tls: boolean;
  /** The environment's namespace. */
  readonly namespace: string;
  /** The Gateway created for the entry point in the environment (Gateway API, without a platform Gateway). */
  readonly ownGatewayName?: string;
}

/** Where an implementation connects in-cluster clients, or why it cannot say. */
export type DerivedEntryPoint =
  | { readonly address?: string; readonly port?: number; readonly egress: readonly k8s.NetworkPolicyEgressRule[] }
  | { readonly unknown: string };

/** The port callers use for the host. */
export function entryPointPort(ctx: Pick<EntryPointContext, 'tls'>): number {
  return ctx.tls ? 443 : 80;
}

/** Egress to `peers` on `ports`. */
export function egressTo(peers: readonly k8s.NetworkPolicyPeer[], ports: readonly number[]): k8s.NetworkPolicyEgressRule[] {
  return [{ to: peers.map((p) => ({ ...p })), ports: tcpPorts(ports) }];
}

/** The client entry point from a derived or given in-cluster address. */
export function clientEntryPoint(
  ctx: EntryPointContext,
  target: { readonly address?: string; readonly port?: number; readonly egress: readonly k8s.NetworkPolicyEgressRule[] },
): ClientEntryPoint {
  const port = entryPointPort(ctx);
  return {
    baseUrl: `${ctx.tls ? 'https' : 'http'}://${ctx.host}`,
    connectTo: target.address === undefined ? undefined : `${ctx.host}:${port}:${target.address}:${target.port ?? port}`,
    egress: target.egress,
  };
}

/** A given address as the implementations' derived form. */
export function givenEntryPoint(given: EntryPointAddress): DerivedEntryPoint {
  return { address: given.address, port: given.port, egress: egressEntries(given.egress) };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Every problem with a given in-cluster address; `property` prefixes the messages. */
export function validateEntryPointAddress(property: string, given: EntryPointAddress | undefined): Problem[] {
  if (given === undefined) return [];
  const problems: Problem[] = [];
  const address = given.address;
  const addressOk =
    typeof address === 'string' && (IPV4.test(address) ? isIpv4Cidr(`${address}/32`) : hostnameViolation(address) === undefined);
  if (!addressOk)
    problems.push({
      property: `${property}.address`,
      rule: 'must be a lower-case DNS name or an IPv4 address',
      value: address,
      fix: 'give the Service of the proxies, e.g. "envoy-shop-gateway-5d3c1a2b.envoy-gateway-system.svc"',
    });
  if (given.port !== undefined && portViolation(given.port) !== undefined)
    problems.push({
      property: `${property}.port`,
      rule: portViolation(given.port)!,
      value: given.port,
      fix: 'use the Service port, e.g. 443',
    });
  if (given.egress === undefined || given.egress.length === 0)
    problems.push({
      property: `${property}.egress`,
      rule: 'must say where the client may connect (the pods behind the address, on the ports they listen on)',
      value: given.egress,
      fix: "give e.g. [{ podLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'gateway' }, namespaceLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' }, ports: [10443] }]",
    });
  else problems.push(...validateEgress(`${property}.egress`, given.egress));
  return problems;
}
