import { AwsAccount, Product } from '../core';
import { PolicyStatement } from './pod-identity-role';

/**
 * The load balancer controller's permissions: the statements of the controller's published reference
 * policy (kubernetes-sigs/aws-load-balancer-controller, `docs/install/iam_policy.json`, unchanged
 * from v2.12 to v3.5.0, the chart pinned here), expressed here with three narrowings:
 * - WAF, Shield and Cognito actions are left out (the chart runs with WAF, WAFv2 and Shield off, and no
 *   listener authenticates with Cognito);
 * - the reference's unconditioned writes on `*` are scoped: security group rules and new security
 *   groups to this VPC (`ec2:Vpc`), listeners, rules and target registration to this account's and
 *   region's load balancer ARNs;
 * - every other write keeps the reference's condition: only resources tagged (or being created with
 *   the tag) `elbv2.k8s.aws/cluster`, which the controller puts on everything it creates, so it can
 *   neither delete nor change another load balancer, target group or security group.
 */
export function loadBalancerControllerStatements(account: AwsAccount, vpcId: string): PolicyStatement[] {
  const elb = (resource: string) => `arn:aws:elasticloadbalancing:${account.region}:${account.accountId}:${resource}`;
  const securityGroups = `arn:aws:ec2:${account.region}:${account.accountId}:security-group/*`;
  const vpc = `arn:aws:ec2:${account.region}:${account.accountId}:vpc/${vpcId}`;
  const loadBalancers = [elb('loadbalancer/app/*/*'), elb('loadbalancer/net/*/*')];
  const listeners = [elb('listener/app/*/*/*'), elb('listener/net/*/*/*'), elb('listener-rule/app/*/*/*'), elb('listener-rule/net/*/*/*')];
  const targetGroups = elb('targetgroup/*/*');
  const tagged = { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
  const creatingTagged = { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } };
  // Tags of a resource the controller owns, in a request that does not set the cluster tag itself.
  const retagging = { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
  return [
    {
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
      ],
      Resource: '*',
    },
    // The controller opens the nodes' security groups to its load balancers: only in this VPC.
    {
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: securityGroups,
      Condition: { ArnEquals: { 'ec2:Vpc': vpc } },
    },
    { Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: vpc },
    { Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: securityGroups, Condition: creatingTagged },
    {
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: securityGroups,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, ...creatingTagged },
    },
    { Effect: 'Allow', Action: ['ec2:CreateTags', 'ec2:DeleteTags'], Resource: securityGroups, Condition: retagging },
    {
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: securityGroups,
      Condition: tagged,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: [...loadBalancers, targetGroups],
      Condition: creatingTagged,
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      Resource: [...loadBalancers, ...listeners],
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [targetGroups, ...loadBalancers],
      Condition: retagging,
    },
    { Effect: 'Allow', Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], Resource: listeners },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      Resource: [...loadBalancers, targetGroups, ...listeners],
      Condition: tagged,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags'],
      Resource: [targetGroups, ...loadBalancers],
      Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, ...creatingTagged },
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: targetGroups,
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      Resource: listeners,
    },
  ];
}

/** External Secrets reads the estate's secrets (`<secretPrefix>/...`) and decrypts them through Secrets Manager only. */
export function externalSecretsStatements(account: AwsAccount, keyArns: readonly string[], product: Product): PolicyStatement[] {
  return [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: `arn:aws:secretsmanager:${account.region}:${account.accountId}:secret:${product.secretPrefix}/*`,
    },
    {
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [...keyArns],
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${account.region}.amazonaws.com` } },
    },
  ];
}
