import { Problem } from '../../lib/core/errors';
import { EgressRule, isIpv4Cidr, portViolation, validateEgress } from '../../lib/core/network';

const PORT_RULE = 'must be a whole number from 1 to 65535';

describe('portViolation', () => {
  test.each([1, 22, 443, 1521, 5432, 65535])('%d is a valid port', (port) => {
    expect(portViolation(port)).toBeUndefined();
  });

  test.each([0, -1, 65536, 100000, 1.5, NaN, Infinity])('%d is refused', (port) => {
    expect(portViolation(port)).toBe(PORT_RULE);
  });
});

describe('isIpv4Cidr', () => {
  test.each(['10.20.0.0/16', '10.0.0.0/8', '192.168.1.10/32', '0.0.0.0/0', '255.255.255.255/32', '172.16.0.0/12'])(
    '%j is an IPv4 CIDR block',
    (cidr) => {
      expect(isIpv4Cidr(cidr)).toBe(true);
    },
  );

  test.each([
    '',
    '10.0.0.0',
    '10.0.0.0/',
    '10.0.0.0/33',
    '10.0.0.0/100',
    '256.0.0.0/8',
    '10.0.0.300/32',
    '10.0.0/8',
    '10.0.0.0.0/8',
    'a.b.c.d/8',
    '::/0',
    '2001:db8::/32',
    ' 10.0.0.0/8',
    '10.0.0.0/8 ',
    '10.0.0.0/-1',
  ])('%j is not', (cidr) => {
    expect(isIpv4Cidr(cidr)).toBe(false);
  });
});

describe('validateEgress', () => {
  test.each<[string, EgressRule[] | undefined]>([
    ['no rules', undefined],
    ['empty rules', []],
    [
      'valid rules',
      [
        { cidr: '10.20.0.0/16', ports: [5432], description: 'database' },
        { cidr: '192.168.1.10/32', ports: [443, 8443] },
      ],
    ],
  ])('%s: no problems', (_name, rules) => {
    expect(validateEgress('egress', rules)).toEqual([]);
  });

  const badCidr = (i: number, cidr: string): Problem => ({
    property: `egress[${i}].cidr`,
    rule: 'must be an IPv4 CIDR block',
    value: cidr,
    fix: "write it as e.g. '10.20.0.0/16'",
  });
  const everyAddress = (i: number, cidr: string): Problem => ({
    property: `egress[${i}].cidr`,
    rule: 'must not open egress to every address',
    value: cidr,
    fix: 'name the network the workload really talks to',
  });
  const noPorts = (i: number): Problem => ({
    property: `egress[${i}].ports`,
    rule: 'must list at least one port',
    value: [],
    fix: 'add the port the destination listens on',
  });
  const badPort = (i: number, port: number): Problem => ({
    property: `egress[${i}].ports`,
    rule: PORT_RULE,
    value: port,
    fix: 'use the port the destination listens on',
  });

  test.each<[string, EgressRule[], Problem[]]>([
    ['not a CIDR', [{ cidr: '10.0.0.1', ports: [443] }], [badCidr(0, '10.0.0.1')]],
    ['a host name', [{ cidr: 'db.example.com', ports: [5432] }], [badCidr(0, 'db.example.com')]],
    ['IPv6', [{ cidr: '::/0', ports: [443] }], [badCidr(0, '::/0')]],
    ['every address', [{ cidr: '0.0.0.0/0', ports: [443] }], [everyAddress(0, '0.0.0.0/0')]],
    ['a /0 from another base address', [{ cidr: '10.0.0.0/0', ports: [443] }], [everyAddress(0, '10.0.0.0/0')]],
    ['no ports', [{ cidr: '10.0.0.0/8', ports: [] }], [noPorts(0)]],
    ['bad ports', [{ cidr: '10.0.0.0/8', ports: [0, 443, 70000, 1.5] }], [badPort(0, 0), badPort(0, 70000), badPort(0, 1.5)]],
    [
      'problems of several rules, indexed',
      [
        { cidr: '10.0.0.0/8', ports: [443] },
        { cidr: 'nope', ports: [] },
        { cidr: '0.0.0.0/0', ports: [-1] },
      ],
      [badCidr(1, 'nope'), noPorts(1), everyAddress(2, '0.0.0.0/0'), badPort(2, -1)],
    ],
  ])('%s', (_name, rules, problems) => {
    expect(validateEgress('egress', rules)).toEqual(problems);
  });
});
