import { DatabaseUserTask } from './database-user-task';
import { ServiceDiscoveryHttpNamespace } from '@cdktf/provider-aws/lib/service-discovery-http-namespace';
import { FargateServiceConnect, OmsFargateService, OmsFargateServiceProps } from './ecs-fargate-service';
import type { FargateAutoscaling } from './fargate-autoscaling';
import { FargateSecret, StackSecrets } from './fargate-secret';
import { awsEndpoints, connectionVariables } from '../core';
import type { OmsAwsStack, OmsAwsStackProps } from './oms-aws-stack';

/** A Fargate service of the environment: the service props, plus what the stack wires for it. */
export interface FargateServiceInput extends Omit<
  OmsFargateServiceProps,
  'network' | 'cluster' | 'region' | 'logRetentionDays' | 'stackSecrets' | 'autoscaling' | 'dependsOn' | 'product' | 'serviceConnect'
> {
  /**
   * Uses the environment's database: egress to it, DB_HOST/DB_PORT/DB_NAME, DB_USER and DB_PASSWORD from its secret
   * (the connection variable contract, as on Kubernetes; `{ envPrefix }` renames `DB`). @default false
   */
  readonly database?: boolean | ConnectionEnvOptions;
  /**
   * Uses the environment's cache: egress to it (TLS), CACHE_HOST/CACHE_PORT/CACHE_TLS, CACHE_AUTH_TOKEN from its
   * secret (`{ envPrefix }` renames `CACHE`). @default false
   */
  readonly cache?: boolean | ConnectionEnvOptions;
  /**
   * Serve the environment's other Fargate services through ECS Service Connect, at `<discoveryName>:<containerPort>`.
   * As soon as one service serves, every service of the environment joins the namespace as a client (with egress to
   * the servers' ports). @default not served through Service Connect
   */
  readonly serviceConnect?: FargateServiceConnect;
  /** Scales on CPU, and on the depth of the environment queue it consumes (by short name). @default a fixed desiredCount */
  readonly autoscaling?: StackFargateAutoscaling;
}

/**
 * A stack Fargate service's scaling: {@link FargateAutoscaling}, with the queue named by its short name among the
 * environment's queues (the stack resolves it to the queue's full name).
 */
export interface StackFargateAutoscaling extends Omit<FargateAutoscaling, 'queue'> {
  /** Also keep the visible messages per running task at `messagesPerTask`, on the environment queue `name`. @default CPU only */
  readonly queue?: { readonly name: string; readonly messagesPerTask: number };
}

/** How a Fargate service names a connection's variables. */
export interface ConnectionEnvOptions {
  /** Prefix of the variables. @default `DB` for the database, `CACHE` for the cache */
  readonly envPrefix?: string;
}

const prefixOf = (c: boolean | ConnectionEnvOptions | undefined) => (typeof c === 'object' ? c.envPrefix : undefined);

/** The Fargate services in the environment's ECS cluster; the database user task first when a service uses the database. */
export function addFargateServices(stack: OmsAwsStack, props: OmsAwsStackProps, own: StackSecrets): void {
  const region = props.account.region;
  const product = stack.product;
  const endpoints = awsEndpoints(props.environment, props.environment, product);
  const cluster = stack.ecsCluster;
  const services = props.fargateServices ?? [];
  const userTask = services.some((s) => s.database)
    ? new DatabaseUserTask(stack, 'database-user', {
        name: product.resourcePrefix(props.environment),
        region,
        network: stack.network,
        cluster,
        image: props.databaseToolsImage!,
        host: stack.database.instance.address,
        masterSecretArn: stack.database.instance.masterUserSecret.get(0).secretArn,
        masterKeyArn: stack.database.instance.kmsKeyId,
        appSecretArn: own.databaseSecretArn,
        appKeyArn: own.secretsKeyArn,
        logRetentionDays: stack.profile.logRetentionDays,
        product,
        // The endpoints carry the pull and the secret reads; the user's password must be in its secret.
        dependsOn: [stack.database.instance, stack.databaseCredentials.version, ...stack.network.endpoints],
      })
    : undefined;
  // Service Connect: one HTTP namespace per environment, joined by every service once one of them serves.
  const servers = services.filter((s) => s.serviceConnect !== undefined);
  const namespace =
    servers.length > 0
      ? new ServiceDiscoveryHttpNamespace(stack, 'service-connect', {
          name: product.resourcePrefix(props.environment),
          description: `Service Connect namespace of ${props.environment}`,
        })
      : undefined;
  const serverPort = (s: FargateServiceInput) => s.containerPort ?? 8080;
  for (const svc of services) {
    const { database, cache, autoscaling, serviceConnect, ...rest } = svc;
    const serverName = serviceConnect ? (serviceConnect.discoveryName ?? svc.name) : undefined;
    const peers = servers
      .filter((s) => s !== svc)
      .flatMap((s) =>
        stack.network.workloadCidrs.map((cidr) => ({
          description: `Service Connect to ${s.serviceConnect!.discoveryName ?? s.name}`,
          port: serverPort(s),
          cidr,
        })),
      );
    const queue = autoscaling?.queue && stack.queues?.queues.find((q) => q.input.name === autoscaling.queue!.name);
    stack.fargateServices.push(
      new OmsFargateService(stack, `fargate-${svc.name}`, {
        ...rest,
        // Names are account-wide: the environment keeps two environments' services apart.
        name: fargateServiceName(props.environment, svc.name),
        network: stack.network,
        cluster,
        region,
        logRetentionDays: stack.profile.logRetentionDays,
        product,
        stackSecrets: own,
        environment: {
          ...(database
            ? connectionVariables(
                'database',
                { HOST: endpoints.databaseHost, PORT: String(endpoints.databasePort), NAME: endpoints.databaseName },
                prefixOf(database),
              )
            : {}),
          ...(cache
            ? connectionVariables('cache', { HOST: endpoints.cacheHost, PORT: String(endpoints.cachePort), TLS: 'true' }, prefixOf(cache))
            : {}),
          ...(queue ? { QUEUE_URL: queue.queue.url } : {}),
          ...svc.environment,
        },
        secrets: {
          // The username comes from the secret too: rotation may change it.
          ...(database
            ? connectionVariables(
                'database',
                { USER: FargateSecret.database('username'), PASSWORD: FargateSecret.database('password') },
                prefixOf(database),
              )
            : {}),
          ...(cache ? connectionVariables('cache', { AUTH_TOKEN: FargateSecret.cacheAuthToken() }, prefixOf(cache)) : {}),
          ...svc.secrets,
        },
        connections: [
          ...(database
            ? [{ description: 'PostgreSQL', port: endpoints.databasePort, securityGroupId: stack.database.securityGroup.id }]
            : []),
          ...(cache ? [{ description: 'Redis (TLS)', port: endpoints.cachePort, securityGroupId: stack.cache.securityGroup.id }] : []),
          ...peers,
          ...(svc.connections ?? []),
        ],
        serviceConnect: namespace && { namespaceArn: namespace.arn, serverName },
        taskPolicyStatements: [
          ...(queue
            ? [
                {
                  Effect: 'Allow' as const,
                  Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
                  Resource: [queue.queue.arn],
                },
              ]
            : []),
          ...(svc.taskPolicyStatements ?? []),
        ],
        autoscaling: autoscaling && {
          minTasks: autoscaling.minTasks,
          maxTasks: autoscaling.maxTasks,
          cpuPercent: autoscaling.cpuPercent,
          requestsPerTarget: autoscaling.requestsPerTarget,
          schedules: autoscaling.schedules,
          queue: queue ? { queueName: queue.queue.name, messagesPerTask: autoscaling.queue!.messagesPerTask } : undefined,
        },
        dependsOn: [...(database && userTask ? [userTask.run] : []), ...(svc.capacity && stack.ecsCapacity ? [stack.ecsCapacity] : [])],
      }),
    );
  }
}

/** A Fargate service's name: account-wide, so the environment keeps two environments' services apart. */
export function fargateServiceName(environment: string, service: string): string {
  return `${environment}-${service}`;
}
