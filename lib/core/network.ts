import { Problem } from './errors';

/**
 * Traffic a workload may send (its database, broker, external APIs): to a
 * network by CIDR, or to pods by label (optionally in other namespaces).
 * Exactly one of `cidr` and `podLabels` is given.
 */
export interface EgressRule {
  /** Destination network in CIDR notation, e.g. `10.20.0.0/16`. @default none (use podLabels) */
  readonly cidr?: string;
  /** Labels of the destination pods. @default none (use cidr) */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Labels of the namespaces of the destination pods. @default the workload's own namespace */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** TCP ports allowed to that network. */
  readonly ports: readonly number[];
  /** What is there, for reviewers. @default none */
  readonly description?: string;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The rule a port number breaks, or `undefined` when it is a valid TCP port. */
export function portViolation(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : 'must be a whole number from 1 to 65535';
}

const HOST_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IPV4_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

/** DNS limits a host name to 253 characters and each of its labels to 63. */
export const HOSTNAME_MAX = 253;
/** The longest label of a host name. */
export const HOST_LABEL_MAX = 63;

/**
 * The rule a host name breaks (lower-case DNS name, labels of at most 63
 * characters, at most 253 in all), or `undefined`. IP addresses are refused:
 * TLS clients verify the server's certificate against the name they dialled,
 * and certificates name hosts, not addresses.
 */
export function hostnameViolation(host: unknown): string | undefined {
  if (typeof host !== 'string' || host.length === 0) return 'must be a lower-case DNS name';
  const shape = hostShapeViolation(host);
  if (shape) return shape;
  if (isIpAddress(host))
    return 'must be a DNS name, not an IP address (TLS hostname verification matches the certificate against the name)';
  if (host.length > HOSTNAME_MAX) return `must be at most ${HOSTNAME_MAX} characters (has ${host.length})`;
  const long = host.split('.').find((label) => label.length > HOST_LABEL_MAX);
  if (long !== undefined) return `must have labels of at most ${HOST_LABEL_MAX} characters ("${long.slice(0, 12)}..." has ${long.length})`;
  if (!host.split('.').every((label) => HOST_LABEL.test(label))) return 'must be a lower-case DNS name';
  return undefined;
}

/** Whether `host` is an IP address (IPv4, or IPv6: hex digits and ":") rather than a name. */
export function isIpAddress(host: unknown): boolean {
  return typeof host === 'string' && (IPV4_ADDRESS.test(host) || (host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host)));
}

/**
 * The rule a host breaks when it is written as a URL or an address rather than a bare name: with a scheme
 * (`https://x`), a path (`x/y`) or a port (`x:5432`). Each has its own property elsewhere, so the message says which.
 */
export function hostShapeViolation(host: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return 'must be a bare host name, without a scheme such as "https://"';
  if (host.includes('/')) return 'must be a bare host name, without a path';
  if (/^[^:]+:\d+$/.test(host)) return 'must be a bare host name, without a port (the port has its own property)';
  return undefined;
}

/**
 * The rule a container port name breaks, or `undefined`. Kubernetes takes an IANA service name (RFC 6335): 1 to 15
 * lower-case letters, digits and "-", with at least one letter, no "--", not starting or ending with "-"
 * (apimachinery `IsValidPortName`, which probes' and Services' named ports must pass).
 */
export function portNameViolation(name: unknown): string | undefined {
  const ok =
    typeof name === 'string' &&
    name.length <= 15 &&
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes('--');
  return ok ? undefined : 'must be a port number or a port name (1 to 15 lower-case letters, digits and "-", with a letter, no "--")';
}

/** Whether `cidr` is an IPv4 CIDR block. */
export function isIpv4Cidr(cidr: string): boolean {
  if (typeof cidr !== 'string') return false;
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(m[5]) <= 32;
}

/** Checks egress rules; `property` prefixes the messages. */
export function validateEgress(property: string, rules: readonly EgressRule[] | undefined): Problem[] {
  const problems: Problem[] = [];
  if (rules !== undefined && !Array.isArray(rules))
    return [
      {
        property,
        rule: 'must be a list of egress rules',
        value: rules,
        fix: "pass a list, e.g. [{ cidr: '10.20.64.0/20', ports: [5432] }]",
      },
    ];
  (rules ?? []).forEach((rule, i) => {
    if (rule === null || typeof rule !== 'object') {
      problems.push({
        property: `${property}[${i}]`,
        rule: 'must be an egress rule',
        value: rule,
        fix: "use e.g. { cidr: '10.20.64.0/20', ports: [5432] }",
      });
      return;
    }
    const byLabel = rule.podLabels !== undefined;
    if (byLabel === (rule.cidr !== undefined)) {
      problems.push({
        property: `${property}[${i}]`,
        rule: 'must name exactly one destination: cidr or podLabels',
        value: { cidr: rule.cidr, podLabels: rule.podLabels },
        fix: 'give either a CIDR block or the labels of the destination pods',
      });
    } else if (byLabel) {
      if (rule.podLabels === null || typeof rule.podLabels !== 'object' || Object.keys(rule.podLabels).length === 0) {
        problems.push({
          property: `${property}[${i}].podLabels`,
          rule: 'must not be empty (that would allow every pod)',
          value: rule.podLabels,
          fix: 'give the labels of the destination pods',
        });
      }
    } else if (rule.namespaceLabels !== undefined) {
      problems.push({
        property: `${property}[${i}].namespaceLabels`,
        rule: 'only applies with podLabels',
        value: rule.namespaceLabels,
        fix: 'remove namespaceLabels or use podLabels instead of cidr',
      });
    } else if (!isIpv4Cidr(rule.cidr!)) {
      problems.push({
        property: `${property}[${i}].cidr`,
        rule: 'must be an IPv4 CIDR block',
        value: rule.cidr,
        fix: "write it as e.g. '10.20.0.0/16'",
      });
    } else if (Number(rule.cidr!.split('/')[1]) === 0) {
      problems.push({
        property: `${property}[${i}].cidr`,
        rule: 'must not open egress to every address',
        value: rule.cidr,
        fix: 'name the network the workload really talks to',
      });
    }
    if (!Array.isArray(rule.ports)) {
      problems.push({
        property: `${property}[${i}].ports`,
        rule: 'must be a list of port numbers',
        value: rule.ports,
        fix: 'list the ports the destination listens on, e.g. [5432]',
      });
      return;
    }
    if (rule.ports.length === 0) {
      problems.push({
        property: `${property}[${i}].ports`,
        rule: 'must list at least one port',
        value: rule.ports,
        fix: 'add the port the destination listens on',
      });
    }
    for (const port of rule.ports) {
      const v = portViolation(port);
      if (v) problems.push({ property: `${property}[${i}].ports`, rule: v, value: port, fix: 'use the port the destination listens on' });
    }
  });
  return problems;
}
