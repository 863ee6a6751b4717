import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup, LbTargetGroupConfig } from '@cdktf/provider-aws/lib/lb-target-group';
import { Construct } from 'constructs';
import { Problem, portViolation } from '../core';

/**
 * ECS native blue/green deployments (since July 2025), the Fargate counterpart of `BlueGreenPair`: ECS starts the
 * new revision beside the old one behind a second target group, sends test traffic to it through a test listener,
 * calls the lifecycle hooks, moves production traffic, keeps the old revision for the bake time and rolls back when
 * a hook or the deployment fails. Facts from the Amazon ECS developer guide ("Amazon ECS blue/green service
 * deployments", "Application Load Balancer resources for blue/green", "Amazon ECS infrastructure IAM role for load
 * balancers") and the provider's `ecs_service` schema (21.22.1: `deployment_configuration.strategy`,
 * `lifecycle_hook`, `load_balancer.advanced_configuration`).
 */

/** The stages ECS calls a lifecycle hook at. */
export type FargateLifecycleStage =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT';

const STAGES: readonly FargateLifecycleStage[] = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
];

/** A Lambda function ECS calls at some stages of a deployment; a failure rolls the deployment back. */
export interface FargateLifecycleHook {
  readonly functionArn: string;
  readonly stages: readonly FargateLifecycleStage[];
}

/** ECS native blue/green deployments of a Fargate service. */
export interface FargateBlueGreen {
  /** Minutes the old revision keeps running after production traffic moved (the rollback window). @default 10 */
  readonly bakeTimeMinutes?: number;
  /** Port of the test listener, reachable from inside the VPC only. @default 8443 with a certificate, else 8080 */
  readonly testListenerPort?: number;
  /** Lambda functions called at lifecycle stages (e.g. a smoke test after test traffic moved). @default none */
  readonly lifecycleHooks?: readonly FargateLifecycleHook[];
}

const ECS_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9-_]+(:[A-Za-z0-9-_$]+)?$/;

/** Every problem with the blue/green settings; `p` prefixes a property. */
export function validateFargateBlueGreen(p: (name: string) => string, b: FargateBlueGreen, containerPort: number): Problem[] {
  const problems: Problem[] = [];
  const bake = b.bakeTimeMinutes;
  if (bake !== undefined && (!Number.isInteger(bake) || bake < 0 || bake > 1440))
    problems.push({
      property: p('blueGreen.bakeTimeMinutes'),
      rule: 'must be whole minutes from 0 to 1440',
      value: bake,
      fix: 'use e.g. 10',
    });
  const port = b.testListenerPort;
  if (port !== undefined && (portViolation(port) !== undefined || port === 80 || port === 443 || port === containerPort))
    problems.push({
      property: p('blueGreen.testListenerPort'),
      rule: 'must be a TCP port other than the production listener ports (80, 443)',
      value: port,
      fix: 'use e.g. 8443',
    });
  (b.lifecycleHooks ?? []).forEach((h, i) => {
    if (typeof h.functionArn !== 'string' || !LAMBDA_ARN.test(h.functionArn))
      problems.push({
        property: p(`blueGreen.lifecycleHooks[${i}].functionArn`),
        rule: 'must be the ARN of a Lambda function',
        value: h.functionArn,
        fix: 'use e.g. "arn:aws:lambda:eu-west-1:111122223333:function:smoke-test"',
      });
    const bad = (h.stages ?? []).filter((s) => !STAGES.includes(s));
    if (!Array.isArray(h.stages) || h.stages.length === 0 || bad.length > 0)
      problems.push({
        property: p(`blueGreen.lifecycleHooks[${i}].stages`),
        rule: `must list lifecycle stages (${STAGES.join(', ')})`,
        value: h.stages,
        fix: 'use e.g. ["POST_TEST_TRAFFIC_SHIFT"]',
      });
  });
  return problems;
}

/** What the service needs for blue/green deployments. */
export interface BlueGreenParts {
  readonly deploymentConfiguration: {
    strategy: 'BLUE_GREEN';
    bakeTimeInMinutes: string;
    lifecycleHook?: { hookTargetArn: string; roleArn: string; lifecycleStages: string[] }[];
  };
  readonly advancedConfiguration: {
    alternateTargetGroupArn: string;
    productionListenerRule: string;
    testListenerRule: string;
    roleArn: string;
  };
  /** Port the load balancer's security group must admit from the VPC. */
  readonly testPort: number;
  readonly dependsOn: LbListenerRule[];
}

/**
 * The second target group, the production and test listener rules (each forwarding to both target groups, all
 * traffic on the current one; ECS moves the weights), the role ECS manages them with, and the role it calls the
 * hooks with.
 */
export function addBlueGreen(
  scope: Construct,
  input: {
    readonly name: string;
    readonly blueGreen: FargateBlueGreen;
    readonly loadBalancerArn: string;
    readonly productionListener: LbListener;
    readonly blue: LbTargetGroup;
    readonly targetGroup: LbTargetGroupConfig;
    readonly certificateArn?: string;
  },
): BlueGreenParts {
  const green = new LbTargetGroup(scope, 'targets-green', {
    ...input.targetGroup,
    name: `${input.name.slice(0, 26).replace(/-+$/, '')}-green`,
  });
  const both = [
    { arn: input.blue.arn, weight: 100 },
    { arn: green.arn, weight: 0 },
  ];
  // ECS changes the weights during a deployment: Terraform must not set them back.
  const rule = (id: string, listenerArn: string) =>
    new LbListenerRule(scope, id, {
      listenerArn,
      priority: 1,
      action: [{ type: 'forward', forward: { targetGroup: both } }],
      condition: [{ pathPattern: { values: ['/*'] } }],
      lifecycle: { ignoreChanges: ['action'] },
    });
  const testPort = input.blueGreen.testListenerPort ?? (input.certificateArn ? 8443 : 8080);
  const testListener = new LbListener(scope, 'test-listener', {
    loadBalancerArn: input.loadBalancerArn,
    port: testPort,
    protocol: input.certificateArn ? 'HTTPS' : 'HTTP',
    certificateArn: input.certificateArn,
    sslPolicy: input.certificateArn ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
    defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } }],
  });
  const production = rule('production-rule', input.productionListener.arn);
  const test = rule('test-rule', testListener.arn);
  const role = new IamRole(scope, 'blue-green-role', { name: `${input.name}-ecs-bg`.slice(0, 64), assumeRolePolicy: ECS_TRUST });
  new IamRolePolicyAttachment(scope, 'blue-green-policy', {
    role: role.name,
    policyArn: 'arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers',
  });
  const hooks = input.blueGreen.lifecycleHooks ?? [];
  let hookRole: IamRole | undefined;
  if (hooks.length > 0) {
    hookRole = new IamRole(scope, 'hook-role', { name: `${input.name}-ecs-hooks`.slice(0, 64), assumeRolePolicy: ECS_TRUST });
    new IamRolePolicy(scope, 'hook-policy', {
      role: hookRole.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [...new Set(hooks.map((h) => h.functionArn))] }],
      }),
    });
  }
  return {
    deploymentConfiguration: {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: String(input.blueGreen.bakeTimeMinutes ?? 10),
      lifecycleHook:
        hooks.length > 0
          ? hooks.map((h) => ({ hookTargetArn: h.functionArn, roleArn: hookRole!.arn, lifecycleStages: [...h.stages] }))
          : undefined,
    },
    advancedConfiguration: {
      alternateTargetGroupArn: green.arn,
      productionListenerRule: production.arn,
      testListenerRule: test.arn,
      roleArn: role.arn,
    },
    testPort,
    dependsOn: [production, test],
  };
}
