import type { KindsOf } from '../core';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Problem, Product, ReadinessCheckProps } from '../core';
import { checkBlockProps, ecsServiceNameProblems, taskWiringProblems } from './validate-block-props';
import { FargateSecret, StackSecrets } from './fargate-secret';
import { OmsNetwork } from './network';
import { FargateConnection, fargateSecurityGroups } from './fargate-security-groups';
import { fargateTaskRoles } from './fargate-task-roles';
import { PolicyStatement } from './pod-identity-role';
import { validateFargateServiceProps } from './validate-fargate-service-props';
import { fargateReadiness } from './fargate-readiness';
import { addFargateAutoscaling, FargateAutoscaling, validateScalingExtras } from './fargate-autoscaling';
import { FargateBlueGreen, addBlueGreen, validateFargateBlueGreen } from './fargate-blue-green';
import {
  EXEC_AGENT_PATHS,
  FargateContainerOptions,
  capacityStrategy,
  execCommandStatements,
  serviceConnectConfiguration,
  sidecarDefinitions,
  validateFargateContainerOptions,
} from './fargate-options';

// Scaling of the task count has its own file; its props type is part of this construct's props.
export type { FargateAutoscaling, FargateScalingSchedule } from './fargate-autoscaling';
export type { FargateBlueGreen, FargateLifecycleHook, FargateLifecycleStage } from './fargate-blue-green';
export type { FargateCapacity, FargateContainerOptions, FargateServiceConnect, FargateSidecar } from './fargate-options';
export type { FargateConnection } from './fargate-security-groups';

/** How often and how strictly the load balancer checks a task (what it requests comes from the readiness props). */
export interface FargateHealthCheck {
  /**
   * HTTP path.
   * @deprecated use the service's `healthCheckPath`, the readiness path a Kubernetes `Microservice` takes too. Given
   * alone, it still overrides the path; given with `healthCheckPath`, it must be the same.
   * @default the service's `healthCheckPath`
   */
  readonly path?: string;
  /**
   * Status codes that count as healthy (the target group's matcher).
   * @deprecated use the service's `healthCheckSuccessCodes`. Given alone, it still overrides the codes (unchecked, as
   * the target group takes them); given with `healthCheckSuccessCodes`, it must be the same.
   * @default the service's `healthCheckSuccessCodes`
   */
  readonly matcher?: string;
  /** Seconds between checks. @default 15 */
  readonly intervalSeconds?: number;
  /** Seconds before a check fails. @default 5 */
  readonly timeoutSeconds?: number;
  /** Passing checks before a task gets traffic. @default 2 */
  readonly healthyThreshold?: number;
  /** Failing checks before a task is replaced. @default 3 */
  readonly unhealthyThreshold?: number;
  /** Seconds after start during which failed checks are ignored. @default 60 */
  readonly gracePeriodSeconds?: number;
}

/** Properties of an {@link OmsFargateService}. */
export interface OmsFargateServiceProps extends FargateContainerOptions, ReadinessCheckProps {
  /** Service name (prefix of its resources; account-wide unique). */
  readonly name: string;
  readonly network: OmsNetwork;
  /** The environment's ECS cluster (one per environment, shared by its services). */
  readonly cluster: EcsCluster;
  /** The region (for the log driver). */
  readonly region: string;
  /** Pinned container image. */
  readonly image: string;
  /** Task CPU units (256 = 1/4 vCPU). @default 1024 */
  readonly cpu?: number;
  /** Task memory in MiB. @default 2048 */
  readonly memoryMiB?: number;
  /** Port the container listens on. @default 8080 */
  readonly containerPort?: number;
  /** Tasks to run without autoscaling. @default 2 */
  readonly desiredCount?: number;
  /** Plain environment variables (never secrets: names that look like secrets are refused). @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Environment variables from Secrets Manager, by ARN. @default none */
  readonly secrets?: Readonly<Record<string, FargateSecret>>;
  /** The environment's own secrets, for {@link FargateSecret.database} and {@link FargateSecret.cacheAuthToken}. @default none */
  readonly stackSecrets?: StackSecrets;
  /** Where the tasks connect besides AWS APIs (database, cache, other services). @default none */
  readonly connections?: readonly FargateConnection[];
  /**
   * The load balancer health check's timing. What it requests is the readiness check, `healthCheckPath` and
   * `healthCheckSuccessCodes`, as for a Kubernetes `Microservice`. @default every 15 s, 5 s timeout, 2 up and 3 down
   */
  readonly healthCheck?: FargateHealthCheck;
  /** Scale the task count on CPU and optionally on queue depth. @default a fixed `desiredCount` */
  readonly autoscaling?: FargateAutoscaling;
  /** Extra permissions of the task role (what the application itself calls). @default none */
  readonly taskPolicyStatements?: readonly PolicyStatement[];
  /** Writable scratch directories (the root filesystem is read-only). @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /** Days to keep logs. */
  readonly logRetentionDays: number;
  /** An internet-facing load balancer (HTTPS on 443 only); requires `certificateArn`. @default false (internal) */
  readonly public?: boolean;
  /** ACM certificate for HTTPS. @default none (internal HTTP on 80) */
  readonly certificateArn?: string;
  /** Resources the service must wait for (e.g. the task that creates its database user). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** The estate's product: names the log group (`/<logPrefix>/ecs/<name>`). @default Product.OMS */
  readonly product?: Product;
  /**
   * ECS Service Connect (wired by the stack): the namespace the tasks join as clients, and the name this service is
   * reached at by the others, when it serves. @default none
   */
  readonly serviceConnect?: { readonly namespaceArn: string; readonly serverName?: string };
  /**
   * ECS native blue/green deployments: a second target group, a test listener (from inside the VPC) and lifecycle
   * hooks; the old revision stays for the bake time. @default rolling deployments with the circuit breaker
   */
  readonly blueGreen?: FargateBlueGreen;
}

const FARGATE_SERVICE_PROP_KINDS = {
  name: 'string',
  network: 'object',
  cluster: 'object',
  region: 'string',
  image: 'string',
  cpu: 'number',
  memoryMiB: 'number',
  containerPort: 'number',
  desiredCount: 'number',
  environment: 'object',
  secrets: 'object',
  stackSecrets: 'object',
  connections: 'object[]',
  healthCheck: 'object',
  healthCheckPath: 'string',
  healthCheckSuccessCodes: 'string',
  autoscaling: 'object',
  taskPolicyStatements: 'object[]',
  writablePaths: 'string[]',
  logRetentionDays: 'number',
  public: 'boolean',
  certificateArn: 'string',
  dependsOn: 'array',
  product: 'object',
  command: 'string[]',
  entryPoint: 'string[]',
  sidecars: 'object[]',
  enableExecuteCommand: 'boolean',
  cpuArchitecture: 'string',
  capacity: 'object',
  redirectHttp: 'boolean',
  serviceConnect: 'object',
  blueGreen: 'object',
} satisfies KindsOf<OmsFargateServiceProps>;
const FARGATE_SERVICE_REQUIRED = ['name', 'network', 'cluster', 'region', 'image', 'logRetentionDays'];

/** The rules of what the stack wires into a service (its name, network, cluster, region, logs); its own props follow the stack's rules. */
function validateFargateWiring(props: OmsFargateServiceProps): Problem[] {
  return [...ecsServiceNameProblems('name', props.name), ...taskWiringProblems(props, OmsNetwork, EcsCluster)];
}

/**
 * A plain microservice on ECS Fargate, the other compute target: tasks in the
 * private workload subnets with no public IP, a read-only root filesystem, a
 * non-root user and no capabilities; egress only to AWS APIs (through the VPC
 * endpoints) and the connections it declares; plain environment variables
 * and secrets by ARN (the execution role reads exactly those secrets and
 * decrypts with their keys); a configurable health check; autoscaling on CPU
 * and queue depth; behind an internal load balancer (in the network's load
 * balancer subnets, called by the workload subnets) unless `public` is asked for.
 */
export class OmsFargateService extends Construct {
  public readonly service: EcsService;
  public readonly loadBalancer: Lb;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly taskRole: IamRole;
  public readonly securityGroup: SecurityGroup;
  public readonly scalingTarget?: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: OmsFargateServiceProps) {
    checkBlockProps(scope, id, 'OmsFargateServiceProps', props, FARGATE_SERVICE_PROP_KINDS, FARGATE_SERVICE_REQUIRED, (p) => [
      ...validateFargateWiring(p),
      ...validateFargateServiceProps('', p),
      ...validateFargateContainerOptions((n) => n, p),
      ...(p.autoscaling ? validateScalingExtras((n) => n, p.autoscaling) : []),
      ...(p.blueGreen ? validateFargateBlueGreen((n) => n, p.blueGreen, p.containerPort ?? 8080) : []),
      ...(p.redirectHttp === true && p.certificateArn === undefined
        ? [
            {
              property: 'redirectHttp',
              rule: 'needs certificateArn: the redirect goes to the HTTPS listener',
              value: true,
              fix: 'give certificateArn, or leave redirectHttp out',
            },
          ]
        : []),
    ]);
    super(scope, id);
    const port = props.containerPort ?? 8080;
    const isPublic = props.public === true;
    const health = props.healthCheck ?? {};
    const readiness = fargateReadiness(props);
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: (props.product ?? Product.OMS).logGroup(`ecs/${props.name}`),
      retentionInDays: props.logRetentionDays,
    });

    const secrets = Object.entries(props.secrets ?? {}).map(([name, s]) => {
      if (s.needsStack && !props.stackSecrets) missingStackSecrets(this.node.path, name);
      return { name, ...s.resolve(props.stackSecrets!) };
    });
    const roles = fargateTaskRoles(this, {
      name: props.name,
      region: props.region,
      clusterArn: props.cluster.arn,
      secrets,
      taskStatements: [...(props.taskPolicyStatements ?? []), ...(props.enableExecuteCommand ? execCommandStatements() : [])],
    });
    const execRole = roles.execution;
    this.taskRole = roles.task;
    const writable = [...(props.writablePaths ?? ['/tmp']), ...(props.enableExecuteCommand ? EXEC_AGENT_PATHS : [])];
    const logOptions = (prefix: string) => ({
      logDriver: 'awslogs',
      options: { 'awslogs-group': logs.name, 'awslogs-region': props.region, 'awslogs-stream-prefix': prefix },
    });
    const volumes = writable.map((containerPath, i) => ({ name: `scratch-${i}`, containerPath }));
    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      family: props.name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu ?? 1024),
      memory: String(props.memoryMiB ?? 2048),
      executionRoleArn: execRole.arn,
      taskRoleArn: this.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      volume: volumes.map((v) => ({ name: v.name })),
      containerDefinitions: JSON.stringify([
        {
          name: 'app',
          image: props.image,
          essential: true,
          entryPoint: props.entryPoint ? [...props.entryPoint] : undefined,
          command: props.command ? [...props.command] : undefined,
          user: '10001',
          readonlyRootFilesystem: true,
          // Service Connect names the port it serves.
          portMappings: [{ containerPort: port, protocol: 'tcp', name: props.serviceConnect?.serverName ? 'http' : undefined }],
          environment: Object.entries(props.environment ?? {})
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, value]) => ({ name, value })),
          secrets: secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
          mountPoints: volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.containerPath, readOnly: false })),
          linuxParameters: { capabilities: { drop: ['ALL'] }, initProcessEnabled: true },
          stopTimeout: 30,
          logConfiguration: logOptions('app'),
        },
        ...sidecarDefinitions(props.sidecars ?? [], logOptions),
      ]),
    });
    const lbPort = props.certificateArn ? 443 : 80;
    const redirect = props.redirectHttp === true && props.certificateArn !== undefined;
    const testPort = props.blueGreen ? (props.blueGreen.testListenerPort ?? (props.certificateArn ? 8443 : 8080)) : undefined;
    const groups = fargateSecurityGroups(this, {
      name: props.name,
      network: props.network,
      port,
      lbPort,
      isPublic,
      redirect,
      testPort,
      serviceConnectServer: Boolean(props.serviceConnect?.serverName),
      connections: props.connections ?? [],
    });
    const lbSg = groups.loadBalancer;
    this.securityGroup = groups.tasks;
    this.loadBalancer = new Lb(this, 'lb', {
      name: props.name.slice(0, 32).replace(/-+$/, ''),
      internal: !isPublic,
      loadBalancerType: 'application',
      securityGroups: [lbSg.id],
      // An internal load balancer sits in the subnets kept for load balancers, apart from the tasks' workload subnets.
      subnets: (isPublic ? props.network.publicSubnets : props.network.loadBalancerSubnets).map((s) => s.id),
      dropInvalidHeaderFields: true,
    });
    const targetGroup = {
      port,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: props.network.vpc.id,
      deregistrationDelay: '30',
      healthCheck: {
        path: readiness.path,
        matcher: readiness.successCodes,
        interval: health.intervalSeconds ?? 15,
        timeout: health.timeoutSeconds ?? 5,
        healthyThreshold: health.healthyThreshold ?? 2,
        unhealthyThreshold: health.unhealthyThreshold ?? 3,
      },
    };
    const targets = new LbTargetGroup(this, 'targets', { ...targetGroup, name: props.name.slice(0, 32).replace(/-+$/, '') });
    const listener = new LbListener(this, 'listener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: lbPort,
      protocol: props.certificateArn ? 'HTTPS' : 'HTTP',
      certificateArn: props.certificateArn,
      sslPolicy: props.certificateArn ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
      defaultAction: [{ type: 'forward', targetGroupArn: targets.arn }],
    });
    if (redirect)
      new LbListener(this, 'http-redirect', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
      });
    const blueGreen = props.blueGreen
      ? addBlueGreen(this, {
          name: props.name,
          blueGreen: props.blueGreen,
          loadBalancerArn: this.loadBalancer.arn,
          productionListener: listener,
          blue: targets,
          targetGroup,
          certificateArn: props.certificateArn,
        })
      : undefined;
    const scaling = props.autoscaling;
    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: props.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: scaling ? scaling.minTasks : (props.desiredCount ?? 2),
      // Fargate Spot takes a capacity provider strategy instead of the launch type.
      launchType: props.capacity ? undefined : 'FARGATE',
      capacityProviderStrategy: capacityStrategy(props.capacity),
      enableExecuteCommand: props.enableExecuteCommand || undefined,
      serviceConnectConfiguration: props.serviceConnect
        ? serviceConnectConfiguration(
            props.serviceConnect.namespaceArn,
            props.serviceConnect.serverName ? { name: props.serviceConnect.serverName, port } : undefined,
          )
        : undefined,
      networkConfiguration: {
        subnets: props.network.workloadSubnets.map((s) => s.id),
        securityGroups: [this.securityGroup.id],
        assignPublicIp: false,
      },
      loadBalancer: [
        { targetGroupArn: targets.arn, containerName: 'app', containerPort: port, advancedConfiguration: blueGreen?.advancedConfiguration },
      ],
      deploymentConfiguration: blueGreen?.deploymentConfiguration,
      healthCheckGracePeriodSeconds: health.gracePeriodSeconds ?? 60,
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      propagateTags: 'SERVICE',
      // Autoscaling owns the count: an apply must not reset it.
      lifecycle: scaling ? { ignoreChanges: ['desired_count'] } : undefined,
      // The target group must be attached to the load balancer before the service registers with it.
      dependsOn: [listener, ...(blueGreen?.dependsOn ?? []), ...(props.dependsOn ?? [])],
    });
    if (scaling)
      this.scalingTarget = addFargateAutoscaling(
        this,
        props.cluster,
        this.service,
        props.name,
        scaling,
        `${this.loadBalancer.arnSuffix}/${targets.arnSuffix}`,
      );
  }
}

function missingStackSecrets(path: string, name: string): never {
  throw new Error(
    `${path}: secrets.${name} names the environment's own database or cache secret, which only OmsAwsStack knows. Fix: declare the service in OmsAwsStack's fargateServices, or use FargateSecret.fromSecretsManager("<secret ARN>")`,
  );
}
