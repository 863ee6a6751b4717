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

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The rule a host name breaks (lower-case DNS name, labels of at most 63 characters), or `undefined`. */
export function hostnameViolation(host: unknown): string | undefined {
  if (typeof host !== 'string' || !HOSTNAME.test(host)) return 'must be a lower-case DNS name';
  if (host.split('.').some((label) => label.length > 63)) return 'must have labels of at most 63 characters';
  return undefined;
}

/** Whether `cidr` is an IPv4 CIDR block. */
export function isIpv4Cidr(cidr: string): boolean {
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(m[5]) <= 32;
}

/** Checks egress rules; `property` prefixes the messages. */
export function validateEgress(property: string, rules: readonly EgressRule[] | undefined): Problem[] {
  const problems: Problem[] = [];
  (rules ?? []).forEach((rule, i) => {
    const byLabel = rule.podLabels !== undefined;
    if (byLabel === (rule.cidr !== undefined)) {
      problems.push({
        property: `${property}[${i}]`,
        rule: 'must name exactly one destination: cidr or podLabels',
        value: { cidr: rule.cidr, podLabels: rule.podLabels },
        fix: 'give either a CIDR block or the labels of the destination pods',
      });
    } else if (byLabel) {
      if (Object.keys(rule.podLabels!).length === 0) {
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
