import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { OmsNetwork } from './network';

/** Properties of an {@link OmsFargateService}. */
export interface OmsFargateServiceProps {
  /** Service name (prefix of its resources). */
  readonly name: string;
  readonly network: OmsNetwork;
  /** The region (for the log driver). */
  readonly region: string;
  /** The VPC block (internal load balancers accept traffic from it only). */
  readonly vpcCidr: string;
  /** Pinned container image. */
  readonly image: string;
  /** Task CPU units (256 = 1/4 vCPU). @default 1024 */
  readonly cpu?: number;
  /** Task memory in MiB. @default 2048 */
  readonly memoryMiB?: number;
  /** Port the container listens on. @default 8080 */
  readonly containerPort?: number;
  /** Tasks to run. @default 2 */
  readonly desiredCount?: number;
  /** Environment variables from Secrets Manager: variable name to secret ARN. @default none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Days to keep logs. */
  readonly logRetentionDays: number;
  /** An internet-facing load balancer (HTTPS on 443 only); requires `certificateArn`. @default false (internal) */
  readonly public?: boolean;
  /** ACM certificate for HTTPS. @default none (internal HTTP on 80) */
  readonly certificateArn?: string;
}

const assume = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/**
 * A plain microservice on ECS Fargate, the other compute target: tasks in the
 * private workload subnets with no public IP, a read-only root filesystem and
 * a non-root user, secrets injected from Secrets Manager, logs in CloudWatch,
 * behind an internal load balancer unless `public` is asked for.
 */
export class OmsFargateService extends Construct {
  public readonly service: EcsService;
  public readonly loadBalancer: Lb;

  constructor(scope: Construct, id: string, props: OmsFargateServiceProps) {
    super(scope, id);
    const port = props.containerPort ?? 8080;
    const isPublic = props.public === true;
    const cluster = new EcsCluster(this, 'cluster', { name: props.name, setting: [{ name: 'containerInsights', value: 'enabled' }] });
    const logs = new CloudwatchLogGroup(this, 'logs', { name: `/oms/ecs/${props.name}`, retentionInDays: props.logRetentionDays });
    const execRole = new IamRole(this, 'execution-role', {
      name: `${props.name}-ecs-exec`,
      assumeRolePolicy: assume('ecs-tasks.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'execution-policy', {
      role: execRole.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    });
    const secretArns = Object.values(props.secrets ?? {});
    if (secretArns.length > 0) {
      new IamRolePolicy(this, 'read-secrets', {
        role: execRole.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArns }],
        }),
      });
    }
    const taskRole = new IamRole(this, 'task-role', {
      name: `${props.name}-ecs-task`,
      assumeRolePolicy: assume('ecs-tasks.amazonaws.com'),
    });
    const task = new EcsTaskDefinition(this, 'task', {
      family: props.name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu ?? 1024),
      memory: String(props.memoryMiB ?? 2048),
      executionRoleArn: execRole.arn,
      taskRoleArn: taskRole.arn,
      containerDefinitions: JSON.stringify([
        {
          name: 'app',
          image: props.image,
          essential: true,
          user: '10001',
          readonlyRootFilesystem: true,
          portMappings: [{ containerPort: port, protocol: 'tcp' }],
          secrets: Object.entries(props.secrets ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
          linuxParameters: { capabilities: { drop: ['ALL'] } },
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': logs.name, 'awslogs-region': props.region, 'awslogs-stream-prefix': 'app' },
          },
        },
      ]),
    });
    const lbSg = new SecurityGroup(this, 'lb-sg', {
      name: `${props.name}-lb`,
      description: isPublic ? 'HTTPS from the internet' : 'HTTP(S) from inside the VPC',
      vpcId: props.network.vpc.id,
      ingress: isPublic
        ? [{ description: 'HTTPS', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }]
        : [
            {
              description: 'from the VPC',
              protocol: 'tcp',
              fromPort: props.certificateArn ? 443 : 80,
              toPort: props.certificateArn ? 443 : 80,
              cidrBlocks: [props.vpcCidr],
            },
          ],
      egress: [{ description: 'to the tasks', protocol: 'tcp', fromPort: port, toPort: port, cidrBlocks: [props.vpcCidr] }],
    });
    const taskSg = new SecurityGroup(this, 'task-sg', {
      name: `${props.name}-tasks`,
      description: 'from the load balancer only',
      vpcId: props.network.vpc.id,
      ingress: [{ description: 'from the load balancer', protocol: 'tcp', fromPort: port, toPort: port, securityGroups: [lbSg.id] }],
      egress: [
        { description: 'HTTPS out (ECR, Secrets Manager, logs)', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
      ],
    });
    this.loadBalancer = new Lb(this, 'lb', {
      name: props.name.slice(0, 32).replace(/-+$/, ''),
      internal: !isPublic,
      loadBalancerType: 'application',
      securityGroups: [lbSg.id],
      subnets: (isPublic ? props.network.publicSubnets : props.network.workloadSubnets).map((s) => s.id),
      dropInvalidHeaderFields: true,
    });
    const targets = new LbTargetGroup(this, 'targets', {
      name: props.name.slice(0, 32).replace(/-+$/, ''),
      port,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: props.network.vpc.id,
      healthCheck: { path: '/', matcher: '200-399' },
    });
    const listener = new LbListener(this, 'listener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: props.certificateArn ? 443 : 80,
      protocol: props.certificateArn ? 'HTTPS' : 'HTTP',
      certificateArn: props.certificateArn,
      sslPolicy: props.certificateArn ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
      defaultAction: [{ type: 'forward', targetGroupArn: targets.arn }],
    });
    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: cluster.id,
      taskDefinition: task.arn,
      desiredCount: props.desiredCount ?? 2,
      launchType: 'FARGATE',
      networkConfiguration: { subnets: props.network.workloadSubnets.map((s) => s.id), securityGroups: [taskSg.id], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: targets.arn, containerName: 'app', containerPort: port }],
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // The target group must be attached to the load balancer before the service registers with it.
      dependsOn: [listener],
    });
  }
}
