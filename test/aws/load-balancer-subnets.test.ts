import { Testing } from 'cdktf';
import { OmsAwsStack } from '../../lib/aws';
import { internalLoadBalancerSubnetsCidr, workloadSubnetsCidr } from '../../lib/core';
import { loadBalancerSubnetsCidr } from '../../lib/core/gateway-routes';

const tf = JSON.parse(
  Testing.synth(
    new OmsAwsStack(Testing.app(), 'stack', {
      environment: 'uat-eks',
      stage: 'uat',
      account: { accountId: '111122223333', region: 'eu-west-1' },
      state: { bucket: 'state' },
      network: { cidr: '10.20.0.0/16' },
      clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
      databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
    }),
  ),
);
const subnets = Object.values<any>(tf.resource.aws_subnet);
/** The addresses of a CIDR block as a [first, last] pair of numbers. */
const range = (cidr: string): [number, number] => {
  const [ip, bits] = cidr.split('/');
  const start = ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  return [start, start + 2 ** (32 - Number(bits)) - 1];
};
const inside = (inner: string, outer: string) => range(inner)[0] >= range(outer)[0] && range(inner)[1] <= range(outer)[1];
const overlap = (a: string, b: string) => range(a)[0] <= range(b)[1] && range(b)[0] <= range(a)[1];

test('internal load balancers get subnets of their own, one a zone, and only they carry the internal-elb tag', () => {
  const tagged = subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1');
  // UAT runs in two zones (staging and production in three).
  expect(tagged.map((s) => s.cidr_block)).toEqual(['10.20.48.0/22', '10.20.52.0/22']);
  expect(new Set(tagged.map((s) => s.availability_zone)).size).toBe(2);
  for (const s of tagged) expect(inside(s.cidr_block, internalLoadBalancerSubnetsCidr('10.20.0.0/16'))).toBe(true);
});

test('the block the NetworkPolicies admit holds the load balancer subnets and no workload (pod) subnet', () => {
  const admitted = loadBalancerSubnetsCidr('10.20.0.0/16', false);
  expect(admitted).toBe('10.20.48.0/20');
  const workload = subnets.filter((s) => String(s.tags.Name).includes('-workload-'));
  expect(workload).toHaveLength(2);
  for (const s of workload) {
    expect(overlap(s.cidr_block, admitted)).toBe(false);
    expect(inside(s.cidr_block, workloadSubnetsCidr('10.20.0.0/16'))).toBe(true);
  }
  // Still inside the workload quarter, which the data stores, endpoints and CI routes already cover.
  expect(inside(admitted, workloadSubnetsCidr('10.20.0.0/16'))).toBe(true);
});
