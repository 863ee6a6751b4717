import { PolicyRule, resourcesOf } from '../types';

/** Nodes require IMDSv2 with a hop limit of 1 (pods cannot take the node's credentials), through a launch template. */
export const nodesImdsv2: PolicyRule = {
  id: 'nodes-imdsv2',
  description: 'EC2 nodes: launch template with IMDSv2 required and hop limit 1',
  fix: "launch nodes with the stack's launch template (IMDSv2 required, hop limit 1)",
  check(tf) {
    const findings: { rule: string; resource: string; message: string }[] = [];
    for (const [name, lt] of resourcesOf(tf, 'aws_launch_template')) {
      const m = lt.metadata_options ?? {};
      if (m.http_tokens !== 'required')
        findings.push({ rule: this.id, resource: `aws_launch_template.${name}`, message: 'IMDSv2 not required' });
      if (!(m.http_put_response_hop_limit === 1))
        findings.push({ rule: this.id, resource: `aws_launch_template.${name}`, message: 'hop limit is not 1' });
    }
    for (const [name] of resourcesOf(tf, 'aws_eks_node_group').filter(([, ng]) => !ng.launch_template)) {
      findings.push({ rule: this.id, resource: `aws_eks_node_group.${name}`, message: 'no launch template (instance metadata defaults)' });
    }
    return findings;
  },
};
