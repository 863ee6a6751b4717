import { Problem, cidrsOverlap, parseCidr } from '../core';
import { at } from './property-path';

/** Network inputs. */
export interface NetworkInput {
  readonly cidr: string;
  readonly avoidCidrs?: readonly string[];
}

/** Checks the VPC block: valid, between /16 and /20 (room for nine /24+ subnets), not overlapping peered networks. */
export function validateNetwork(property: string, input: NetworkInput): Problem[] {
  const problems: Problem[] = [];
  const r = parseCidr(input.cidr ?? '');
  if (r === undefined) {
    problems.push({
      property: at(property, 'cidr'),
      rule: 'must be a valid IPv4 CIDR block with no host bits set',
      value: input.cidr,
      fix: "use e.g. '10.20.0.0/16'",
    });
    return problems;
  }
  if (r.prefix < 16 || r.prefix > 20) {
    problems.push({
      property: at(property, 'cidr'),
      rule: 'must be between /16 and /20 (nine subnets of a sixteenth each)',
      value: input.cidr,
      fix: 'use a /16 to /20 block',
    });
  }
  for (const other of Array.isArray(input.avoidCidrs) ? input.avoidCidrs : []) {
    if (parseCidr(other) === undefined) {
      problems.push({
        property: at(property, 'avoidCidrs'),
        rule: 'must be valid IPv4 CIDR blocks',
        value: other,
        fix: "use e.g. '10.0.0.0/16'",
      });
    } else if (cidrsOverlap(input.cidr, other)) {
      problems.push({
        property: at(property, 'cidr'),
        rule: `must not overlap ${other}, a network this VPC must reach (peering and routing would break)`,
        value: input.cidr,
        fix: 'pick a block that overlaps none of avoidCidrs',
      });
    }
  }
  return problems;
}
