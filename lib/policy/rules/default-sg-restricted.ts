import { PolicyRule, resourcesOf } from '../types';

/** Every VPC's default security group allows nothing (anything launched without a group would get it). */
export const defaultSgRestricted: PolicyRule = {
  id: 'default-sg-restricted',
  description: 'VPC: the default security group has no rules',
  fix: "keep the network construct's restricted default security group; attach rules to the workload security groups instead",
  check(tf) {
    const defaults = resourcesOf(tf, 'aws_default_security_group');
    return resourcesOf(tf, 'aws_vpc').flatMap(([name]) => {
      const sg = defaults.find(([, d]) => String(d.vpc_id).includes(`aws_vpc.${name}.`));
      if (!sg) return [{ rule: this.id, resource: `aws_vpc.${name}`, message: 'default security group not restricted' }];
      const open = (sg[1].ingress ?? []).length + (sg[1].egress ?? []).length > 0;
      return open ? [{ rule: this.id, resource: `aws_default_security_group.${sg[0]}`, message: 'default security group has rules' }] : [];
    });
  },
};
