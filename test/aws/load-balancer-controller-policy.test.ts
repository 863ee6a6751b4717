import { Testing } from 'cdktf';
import { OmsAwsStack } from '../../lib/aws';

/**
 * The actions of the AWS Load Balancer Controller's published reference policy
 * (kubernetes-sigs/aws-load-balancer-controller, docs/install/iam_policy.json, the same from v2.12
 * to v3.5.0, the chart version pinned here), by whether it writes, as facts to compare with.
 */
const REFERENCE_READS = [
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
];
const REFERENCE_WRITES = [
  'iam:CreateServiceLinkedRole',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:DeleteTags',
  'ec2:DeleteSecurityGroup',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:DeleteRule',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:RemoveTags',
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
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:AddListenerCertificates',
  'elasticloadbalancing:RemoveListenerCertificates',
  'elasticloadbalancing:ModifyRule',
  'elasticloadbalancing:SetRulePriorities',
];
/** Left out on purpose: WAF, WAFv2 and Shield are off in the chart's values, and no listener uses Cognito. */
const LEFT_OUT = [
  'cognito-idp:DescribeUserPoolClient',
  'waf-regional:GetWebACL',
  'waf-regional:GetWebACLForResource',
  'waf-regional:AssociateWebACL',
  'waf-regional:DisassociateWebACL',
  'wafv2:GetWebACL',
  'wafv2:GetWebACLForResource',
  'wafv2:AssociateWebACL',
  'wafv2:DisassociateWebACL',
  'shield:GetSubscriptionState',
  'shield:DescribeProtection',
  'shield:CreateProtection',
  'shield:DeleteProtection',
  'elasticloadbalancing:SetWebAcl',
];

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
const association = Object.values<any>(tf.resource.aws_eks_pod_identity_association).find(
  (a) => a.service_account === 'aws-load-balancer-controller',
);
const roleId = /aws_iam_role\.([^.]+)\.arn/.exec(association.role_arn)![1];
const policy = JSON.parse(Object.values<any>(tf.resource.aws_iam_role_policy).find((p) => p.role.includes(roleId)).policy);
const statements: any[] = policy.Statement;
const actionsOf = (s: any) => [s.Action].flat() as string[];
const granted = new Set(statements.flatMap(actionsOf));

test('the controller gets every action of the reference policy but the WAF, Shield and Cognito ones, and nothing else', () => {
  expect([...granted].sort()).toEqual([...new Set([...REFERENCE_READS, ...REFERENCE_WRITES])].sort());
  for (const a of LEFT_OUT) expect(granted.has(a)).toBe(false);
});

test('no write on "*" without a condition; deletes and changes of load balancers, target groups and security groups need the cluster tag', () => {
  for (const s of statements) {
    const resources = [s.Resource].flat();
    if (actionsOf(s).some((a) => REFERENCE_WRITES.includes(a)) && resources.includes('*')) expect(s.Condition).toBeDefined();
  }
  const allowing = (action: string) => statements.filter((s) => actionsOf(s).includes(action));
  for (const action of [
    'elasticloadbalancing:DeleteLoadBalancer',
    'elasticloadbalancing:DeleteTargetGroup',
    'elasticloadbalancing:ModifyLoadBalancerAttributes',
    'ec2:DeleteSecurityGroup',
  ])
    for (const s of allowing(action)) expect(s.Condition).toEqual({ Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } });
  for (const s of allowing('ec2:CreateTags'))
    expect(
      s.Condition?.Null?.['aws:RequestTag/elbv2.k8s.aws/cluster'] ?? s.Condition?.Null?.['aws:ResourceTag/elbv2.k8s.aws/cluster'],
    ).toBeDefined();
});

test('security group rules only in the environment VPC; every load balancer ARN in this account and region', () => {
  const vpc = /^arn:aws:ec2:eu-west-1:111122223333:vpc\/\$\{aws_vpc\.[^}]+\.id\}$/;
  for (const s of statements.filter((x) => actionsOf(x).includes('ec2:RevokeSecurityGroupIngress')))
    expect(s.Condition.ArnEquals?.['ec2:Vpc'] ?? s.Condition.Null['aws:ResourceTag/elbv2.k8s.aws/cluster']).toBeDefined();
  expect(statements.find((s) => s.Resource !== undefined && typeof s.Resource === 'string' && vpc.test(s.Resource))).toMatchObject({
    Action: ['ec2:CreateSecurityGroup'],
  });
  for (const r of statements.flatMap((s) => [s.Resource].flat()).filter((x: string) => x.startsWith('arn:aws:elasticloadbalancing')))
    expect(r).toMatch(/^arn:aws:elasticloadbalancing:eu-west-1:111122223333:/);
});
