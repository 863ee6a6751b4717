import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { OmsNetwork } from './network';

/** Traffic a task may send: to one destination on one TCP port. */
export interface FargateConnection {
  /** What is there, for reviewers. */
  readonly description: string;
  readonly port: number;
  /** A network. @default none */
  readonly cidr?: string;
  /** A security group (e.g. the database's). @default none */
  readonly securityGroupId?: string;
  /** A managed prefix list. @default none */
  readonly prefixListId?: string;
}

/** What a Fargate service's security groups depend on. */
export interface FargateSecurityGroupsInput {
  /** The service name (prefix of the groups' names). */
  readonly name: string;
  readonly network: OmsNetwork;
  /** The container port the load balancer sends to. */
  readonly port: number;
  /** The load balancer's listener port. */
  readonly lbPort: number;
  /** An internet-facing load balancer. */
  readonly isPublic: boolean;
  /** Plain HTTP on 80 is accepted (and redirected to HTTPS). */
  readonly redirect: boolean;
  /** The blue/green test listener's port. @default none */
  readonly testPort?: number;
  /** The tasks are reached directly by Service Connect clients. */
  readonly serviceConnectServer: boolean;
  readonly connections: readonly FargateConnection[];
}

/**
 * The load balancer's security group and the tasks'. A public load balancer
 * takes HTTPS from the internet; an internal one (in the load balancer
 * subnets) takes its listener ports from the workload subnets only, where
 * every caller inside the VPC runs (a blue/green hook that sends test traffic
 * included): the load balancer, data and NAT subnets hold no caller. The load
 * balancer sends to the tasks' port in the workload subnets and nothing else;
 * the tasks take that port from the load balancer's group (and from Service
 * Connect clients), and send to AWS APIs and the declared connections.
 */
export function fargateSecurityGroups(
  scope: Construct,
  input: FargateSecurityGroupsInput,
): { loadBalancer: SecurityGroup; tasks: SecurityGroup } {
  const { network, port, lbPort, isPublic, testPort } = input;
  const lbSg = new SecurityGroup(scope, 'lb-sg', {
    name: `${input.name}-lb`,
    description: isPublic ? 'HTTPS from the internet' : 'HTTP(S) from the workload subnets',
    vpcId: network.vpc.id,
    ingress: [
      ...(isPublic
        ? [{ description: 'HTTPS', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }]
        : [
            {
              description: 'from the workload subnets',
              protocol: 'tcp',
              fromPort: lbPort,
              toPort: lbPort,
              cidrBlocks: network.workloadCidrs,
            },
          ]),
      ...(input.redirect
        ? [
            {
              description: 'HTTP, redirected to HTTPS',
              protocol: 'tcp',
              fromPort: 80,
              toPort: 80,
              cidrBlocks: isPublic ? ['0.0.0.0/0'] : network.workloadCidrs,
            },
          ]
        : []),
      // Blue/green test traffic never comes from the internet: only from the workload subnets.
      ...(testPort !== undefined
        ? [
            {
              description: 'blue/green test traffic',
              protocol: 'tcp',
              fromPort: testPort,
              toPort: testPort,
              cidrBlocks: network.workloadCidrs,
            },
          ]
        : []),
    ],
    egress: [{ description: 'to the tasks', protocol: 'tcp', fromPort: port, toPort: port, cidrBlocks: network.workloadCidrs }],
  });
  const tasks = new SecurityGroup(scope, 'task-sg', {
    name: `${input.name}-tasks`,
    description: 'from the load balancer only; to AWS APIs and the declared connections',
    vpcId: network.vpc.id,
    ingress: [
      { description: 'from the load balancer', protocol: 'tcp', fromPort: port, toPort: port, securityGroups: [lbSg.id] },
      // Service Connect clients (the other tasks of the environment, in the workload subnets) call the task directly.
      ...(input.serviceConnectServer
        ? [{ description: 'Service Connect clients', protocol: 'tcp', fromPort: port, toPort: port, cidrBlocks: network.workloadCidrs }]
        : []),
    ],
    egress: fargateEgress(network, input.connections),
  });
  return { loadBalancer: lbSg, tasks };
}

/** AWS APIs through the VPC endpoints (HTTPS inside the VPC, S3 for image layers), then the declared connections. */
function fargateEgress(network: OmsNetwork, connections: readonly FargateConnection[]) {
  const https = { protocol: 'tcp', fromPort: 443, toPort: 443 };
  return [
    { ...https, description: 'AWS APIs through the VPC interface endpoints', cidrBlocks: [network.cidr] },
    { ...https, description: 'S3 (image layers) through the gateway endpoint', prefixListIds: [network.s3PrefixListId] },
    ...connections.map((c) => ({
      description: c.description,
      protocol: 'tcp',
      fromPort: c.port,
      toPort: c.port,
      cidrBlocks: c.cidr ? [c.cidr] : undefined,
      securityGroups: c.securityGroupId ? [c.securityGroupId] : undefined,
      prefixListIds: c.prefixListId ? [c.prefixListId] : undefined,
    })),
  ];
}
