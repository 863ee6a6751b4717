import type { KindsOf } from '../core';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { NatMode, Problem, oneOfProblems, Product, cidrSubnet, internalLoadBalancerSubnetsCidr, workloadSubnetsCidr } from '../core';
import { checkBlockProps, logRetentionProblems, regionProblems, resourcePrefixProblems } from './validate-block-props';
import { validateNetwork } from './validate-aws-props';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';

/** Properties of an {@link OmsNetwork}. */
export interface OmsNetworkProps {
  /** Prefix of resource names (the environment). */
  readonly name: string;
  /** The VPC block, e.g. `10.20.0.0/16`; split into /20 subnets. */
  readonly cidr: string;
  /** Availability zones used (2 or 3). */
  readonly availabilityZones: number;
  /** NAT gateways: none, one shared, or one per zone. */
  readonly nat: NatMode;
  /** Days to keep VPC flow logs. */
  readonly logRetentionDays: number;
  /** The AWS region (for the endpoint service names). */
  readonly region: string;
  /** The estate's product: names the flow log group. @default Product.OMS */
  readonly product?: Product;
  /** Interface endpoints beyond {@link INTERFACE_ENDPOINTS}, e.g. `ssmmessages` for ECS Exec. @default none */
  readonly extraInterfaceEndpoints?: readonly string[];
}

const OMS_NETWORK_PROP_KINDS = {
  name: 'string',
  cidr: 'string',
  availabilityZones: 'number',
  nat: 'string',
  logRetentionDays: 'number',
  region: 'string',
  product: 'object',
  extraInterfaceEndpoints: 'string[]',
} satisfies KindsOf<OmsNetworkProps>;

const NAT_MODES: readonly NatMode[] = ['none', 'single', 'per-az'];

/** The rules of an {@link OmsNetwork}'s props; the VPC block follows the stack's network rule. */
function validateNetworkBlock(props: OmsNetworkProps): Problem[] {
  const zones = props.availabilityZones;
  return [
    ...resourcePrefixProblems('name', props.name),
    ...validateNetwork('', { cidr: props.cidr }),
    ...(zones === 2 || zones === 3
      ? []
      : [
          {
            property: 'availabilityZones',
            rule: 'must be 2 or 3 (the /20 plan has room for three zones)',
            value: zones,
            fix: 'use 2, or 3 for production',
          },
        ]),
    ...oneOfProblems('nat', props.nat, NAT_MODES, 'use "single", or "per-az" for production'),
    ...logRetentionProblems('logRetentionDays', props.logRetentionDays),
    ...regionProblems('region', props.region),
  ];
}

/** AWS APIs the workloads call, reached through interface endpoints inside the VPC. */
export const INTERFACE_ENDPOINTS: readonly string[] = [
  'sts',
  'ssm',
  'secretsmanager',
  'sqs',
  'ecr.api',
  'ecr.dkr',
  'logs',
  'eks-auth',
  'kms',
  // The scheduled cache password rotation: ElastiCache users, and restarting the ECS services that read the password.
  'elasticache',
  'ecs',
  // The data setup's snapshot before a schema upgrade (aws rds create-db-snapshot, then wait) runs in pods whose
  // NetworkPolicy admits only the VPC: the RDS API is reached here (com.amazonaws.<region>.rds).
  'rds',
];

/**
 * A VPC with private subnets for workloads and for data in each zone. Public
 * subnets exist only to hold NAT gateways (and an explicitly public load
 * balancer); nothing launched in the private subnets gets a public IP.
 * AWS APIs are reached through interface endpoints (private DNS) from the
 * workload subnets, and S3 through a gateway endpoint. Flow logs go to CloudWatch.
 */
export class OmsNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly workloadSubnets: Subnet[] = [];
  public readonly dataSubnets: Subnet[] = [];
  public readonly publicSubnets: Subnet[] = [];
  /** Subnets only internal load balancers use (tagged for the load balancer controller), one a zone. */
  public readonly loadBalancerSubnets: Subnet[] = [];
  /** CIDR blocks of the internal load balancer subnets. */
  public readonly loadBalancerCidrs: string[] = [];
  /** CIDR blocks of the workload subnets (allowed to reach the data stores). */
  public readonly workloadCidrs: string[] = [];
  /** CIDR blocks of the data subnets (database, cache). */
  public readonly dataCidrs: string[] = [];
  /** The VPC block. */
  public readonly cidr: string;
  /** The VPC endpoints (AWS APIs without leaving the VPC). */
  public readonly endpoints: VpcEndpoint[] = [];
  /** The managed prefix list of the S3 gateway endpoint (image layers come from S3). */
  public readonly s3PrefixListId: string;

  constructor(scope: Construct, id: string, props: OmsNetworkProps) {
    checkBlockProps(
      scope,
      id,
      'OmsNetworkProps',
      props,
      OMS_NETWORK_PROP_KINDS,
      Object.keys(OMS_NETWORK_PROP_KINDS).filter((k) => k !== 'product' && k !== 'extraInterfaceEndpoints'),
      validateNetworkBlock,
    );
    super(scope, id);
    this.cidr = props.cidr;
    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    // The default security group is what anything launched without one gets: it must allow nothing.
    new DefaultSecurityGroup(this, 'default-sg', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-deny` },
    });

    const az = (i: number) => Fn.element(zones.names, i);
    for (let i = 0; i < props.availabilityZones; i++) {
      // /20 blocks: 0-2 workloads, 3 internal load balancers (a /22 a zone), 4-6 data, 8-10 public (NAT only).
      const workloadCidr = cidrSubnet(props.cidr, 4, i);
      this.workloadCidrs.push(workloadCidr);
      this.workloadSubnets.push(
        new Subnet(this, `workload-${i}`, {
          vpcId: this.vpc.id,
          cidrBlock: workloadCidr,
          availabilityZone: az(i),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-workload-${i}` },
        }),
      );
      // Internal load balancers get subnets of their own, so NetworkPolicies can admit them without admitting pods.
      const lbCidr = cidrSubnet(internalLoadBalancerSubnetsCidr(props.cidr), 2, i);
      this.loadBalancerCidrs.push(lbCidr);
      this.loadBalancerSubnets.push(
        new Subnet(this, `load-balancer-${i}`, {
          vpcId: this.vpc.id,
          cidrBlock: lbCidr,
          availabilityZone: az(i),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-load-balancer-${i}`, 'kubernetes.io/role/internal-elb': '1' },
        }),
      );
      this.dataCidrs.push(cidrSubnet(props.cidr, 4, 4 + i));
      this.dataSubnets.push(
        new Subnet(this, `data-${i}`, {
          vpcId: this.vpc.id,
          cidrBlock: cidrSubnet(props.cidr, 4, 4 + i),
          availabilityZone: az(i),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-data-${i}` },
        }),
      );
      if (props.nat !== 'none') {
        this.publicSubnets.push(
          new Subnet(this, `public-${i}`, {
            vpcId: this.vpc.id,
            cidrBlock: cidrSubnet(props.cidr, 4, 8 + i),
            availabilityZone: az(i),
            mapPublicIpOnLaunch: false,
            tags: { Name: `${props.name}-public-${i}`, 'kubernetes.io/role/elb': '1' },
          }),
        );
      }
    }

    const natGateways: NatGateway[] = [];
    if (props.nat !== 'none') {
      const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: props.name } });
      const publicRoutes = new RouteTable(this, 'public-routes', { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
      new Route(this, 'public-default', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
      this.publicSubnets.forEach(
        (s, i) => new RouteTableAssociation(this, `public-${i}-routes`, { subnetId: s.id, routeTableId: publicRoutes.id }),
      );
      const count = props.nat === 'per-az' ? props.availabilityZones : 1;
      for (let i = 0; i < count; i++) {
        const eip = new Eip(this, `nat-${i}-ip`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${i}` } });
        natGateways.push(
          new NatGateway(this, `nat-${i}`, {
            allocationId: eip.id,
            subnetId: this.publicSubnets[i].id,
            tags: { Name: `${props.name}-nat-${i}` },
          }),
        );
      }
    }
    const workloadTables: RouteTable[] = [];
    this.workloadSubnets.forEach((s, i) => {
      const table = new RouteTable(this, `workload-${i}-routes`, { vpcId: this.vpc.id, tags: { Name: `${props.name}-workload-${i}` } });
      workloadTables.push(table);
      new RouteTableAssociation(this, `workload-${i}-assoc`, { subnetId: s.id, routeTableId: table.id });
      if (natGateways.length > 0) {
        new Route(this, `workload-${i}-egress`, {
          routeTableId: table.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: natGateways[i % natGateways.length].id,
        });
      }
    });
    // Data subnets have no route out of the VPC at all.
    const dataRoutes = new RouteTable(this, 'data-routes', { vpcId: this.vpc.id, tags: { Name: `${props.name}-data` } });
    this.dataSubnets.forEach((s, i) => new RouteTableAssociation(this, `data-${i}-assoc`, { subnetId: s.id, routeTableId: dataRoutes.id }));

    const endpointSg = new SecurityGroup(this, 'endpoints-sg', {
      name: `${props.name}-endpoints`,
      description: 'HTTPS to AWS API endpoints from the workload subnets',
      vpcId: this.vpc.id,
      ingress: [
        { description: 'HTTPS from workloads', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [workloadSubnetsCidr(props.cidr)] },
      ],
      egress: [],
    });
    for (const service of [
      ...INTERFACE_ENDPOINTS,
      ...(props.extraInterfaceEndpoints ?? []).filter((e) => !INTERFACE_ENDPOINTS.includes(e)),
    ]) {
      const endpoint = new VpcEndpoint(this, `endpoint-${service.replace('.', '-')}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: this.workloadSubnets.map((s) => s.id),
        securityGroupIds: [endpointSg.id],
      });
      this.endpoints.push(endpoint);
    }
    const s3 = new VpcEndpoint(this, 'endpoint-s3', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: workloadTables.map((t) => t.id),
    });
    this.s3PrefixListId = s3.prefixListId;
    this.endpoints.push(s3);

    const logs = new CloudwatchLogGroup(this, 'flow-logs', {
      name: (props.product ?? Product.OMS).logGroup(`${props.name}/vpc-flow-logs`),
      retentionInDays: props.logRetentionDays,
    });
    const role = new IamRole(this, 'flow-logs-role', {
      name: `${props.name}-vpc-flow-logs`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        // Only flow logs of this account and region (the VPC Flow Logs guide's confused-deputy conditions).
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': Fn.element(Fn.split(':', this.vpc.arn), 4) },
              ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${props.region}:${Fn.element(Fn.split(':', this.vpc.arn), 4)}:vpc-flow-log/*` },
            },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'flow-logs-policy', {
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: `${logs.arn}:*` },
        ],
      }),
    });
    new FlowLog(this, 'flow-log', { vpcId: this.vpc.id, trafficType: 'ALL', logDestination: logs.arn, iamRoleArn: role.arn });
  }
}
