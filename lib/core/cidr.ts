import { isIpv4Cidr } from './network';

/** An IPv4 CIDR block as numbers. */
export interface CidrRange {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

/** Parses an IPv4 CIDR block; `undefined` when invalid or when host bits are set. */
export function parseCidr(cidr: string): CidrRange | undefined {
  if (!isIpv4Cidr(cidr)) return undefined;
  const [ip, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  const base = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { first: base, last: base + size - 1, prefix };
}

/** Whether two valid CIDR blocks share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x !== undefined && y !== undefined && x.first <= y.last && y.first <= x.last;
}

/** Whether `inner` lies entirely within `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return o !== undefined && i !== undefined && o.first <= i.first && i.last <= o.last;
}

function format(n: number, prefix: number): string {
  return `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')}/${prefix}`;
}

/** The `index`-th sub-block with `newBits` more prefix bits (Terraform's `cidrsubnet`). */
export function cidrSubnet(cidr: string, newBits: number, index: number): string {
  const r = parseCidr(cidr);
  if (r === undefined)
    throw new RangeError(
      `vpcCidr must be an IPv4 CIDR block with no host bits set (received ${JSON.stringify(cidr)}). Fix: give the VPC's block, e.g. "10.20.0.0/16"`,
    );
  const prefix = r.prefix + newBits;
  if (prefix > 28 || index >= 2 ** newBits)
    throw new RangeError(
      `vpcCidr must be large enough for its /${prefix} sub-blocks (received "${cidr}"). Fix: give the VPC's block, a /16 to /20 as the network lays it out`,
    );
  return format(r.first + index * 2 ** (32 - prefix), prefix);
}

/**
 * The block that holds every data subnet of a VPC laid out by the network
 * construct (the second quarter of the VPC block): what workloads must be
 * allowed to reach, whichever zone the database or its standby is in.
 */
export function dataSubnetsCidr(vpcCidr: string): string {
  return cidrSubnet(vpcCidr, 2, 1);
}

/** The block that holds every workload subnet (the first quarter of the VPC block). */
export function workloadSubnetsCidr(vpcCidr: string): string {
  return cidrSubnet(vpcCidr, 2, 0);
}

/**
 * The block of the internal load balancer subnets of a VPC laid out by the network construct: the
 * fourth /20 of the workload quarter (the first three hold the workload subnets, one a zone), one
 * /22 a zone, tagged `kubernetes.io/role/internal-elb` so the load balancer controller puts
 * internal load balancers there and nowhere else. No pod or node has an address in it.
 */
export function internalLoadBalancerSubnetsCidr(vpcCidr: string): string {
  return cidrSubnet(workloadSubnetsCidr(vpcCidr), 2, 3);
}

/** Where database administration Jobs connect in a VPC laid out by the network construct: the database, and the AWS API endpoints. */
export function databaseAdminEgress(vpcCidr: string): { cidr: string; ports: number[]; description: string }[] {
  return [
    ...dataSubnetsEgress(vpcCidr, 5432),
    { cidr: workloadSubnetsCidr(vpcCidr), ports: [443], description: 'AWS API interface endpoints' },
  ];
}

/** Where workloads reach a database (or cache) that the network construct placed in a VPC: its data subnets, in every zone. */
export function dataSubnetsEgress(
  vpcCidr: string,
  port: number,
  what = 'the database',
): { cidr: string; ports: number[]; description: string }[] {
  return [{ cidr: dataSubnetsCidr(vpcCidr), ports: [port], description: `${what} in the data subnets (every zone)` }];
}

/**
 * How pods reach the Kubernetes API of an EKS cluster the AWS stack created:
 * EKS places the control plane's network interfaces in the cluster's subnets
 * (the workload subnets here), and NetworkPolicies see those addresses.
 */
export function eksApiEgress(vpcCidr: string): { cidr: string; ports: number[]; description: string }[] {
  return [
    { cidr: workloadSubnetsCidr(vpcCidr), ports: [443], description: 'the EKS API (control-plane interfaces in the workload subnets)' },
  ];
}
