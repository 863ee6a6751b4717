import { PolicyRule, resourcesOf } from '../types';

/** Nothing launched into a subnet gets a public IP automatically. */
export const privateSubnets: PolicyRule = {
  id: 'private-subnets',
  description: 'Subnets: no public IPs on launch',
  fix: 'launch workloads in the private subnets of OmsNetwork; public subnets are for load balancers only',
  check(tf) {
    return resourcesOf(tf, 'aws_subnet')
      .filter(([, s]) => s.map_public_ip_on_launch !== false)
      .map(([name]) => ({ rule: this.id, resource: `aws_subnet.${name}`, message: 'map_public_ip_on_launch is not false' }));
  },
};
