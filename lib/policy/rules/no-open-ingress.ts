import { PolicyRule, resourcesOf } from '../types';

const OPEN = ['0.0.0.0/0', '::/0'];

/**
 * No security group accepts traffic from the whole internet, except the
 * security group of an explicitly public (internet-facing) load balancer, on 443 or 80.
 */
export const noOpenIngress: PolicyRule = {
  id: 'no-open-ingress',
  description: 'Security groups: no ingress from the internet except a public load balancer on 443/80',
  fix: 'admit traffic from the VPC or named security groups; only a public load balancer may take 443/80 from the internet',
  check(tf) {
    const publicLbGroups = new Set<string>();
    for (const [, lb] of resourcesOf(tf, 'aws_lb')) {
      if (lb.internal === false) for (const sg of lb.security_groups ?? []) publicLbGroups.add(String(sg));
    }
    return resourcesOf(tf, 'aws_security_group').flatMap(([name, sg]) =>
      (sg.ingress ?? [])
        .filter((rule: any) => [...(rule.cidr_blocks ?? []), ...(rule.ipv6_cidr_blocks ?? [])].some((c: string) => OPEN.includes(c)))
        .filter((rule: any) => {
          const webPort = rule.from_port === rule.to_port && [80, 443].includes(rule.from_port);
          return !(webPort && publicLbGroups.has(`\${aws_security_group.${name}.id}`));
        })
        .map((rule: any) => ({
          rule: this.id,
          resource: `aws_security_group.${name}`,
          message: `ingress from the internet on ${rule.from_port}-${rule.to_port}`,
        })),
    );
  },
};
