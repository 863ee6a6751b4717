import { Problem, looksLikeSecretName, unpinnedImageViolation } from '../core';
import { PolicyStatement } from './pod-identity-role';

/**
 * What users of AWS CDK's ecs-patterns expect from a Fargate service beyond the basics: the container's command,
 * sidecars, ECS Exec, the CPU architecture, Fargate Spot and the listener's HTTP to HTTPS redirect. Their props
 * and rules live here; `OmsFargateService` renders them.
 */

/** A container that runs beside the application in every task (a proxy, a log router, an agent). */
export interface FargateSidecar {
  /** Container name, unique in the task (not `app`). */
  readonly name: string;
  /** Pinned image. */
  readonly image: string;
  /** Arguments (Docker CMD). @default the image's */
  readonly command?: readonly string[];
  /** Plain variables (names that look like secrets are refused). @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** The task stops when this container stops. @default false */
  readonly essential?: boolean;
  /** Memory reserved for it, in MiB, within the task's memory. @default none (shares the task's) */
  readonly memoryReservationMiB?: number;
}

/** Where the tasks run: Fargate (on-demand) or Fargate Spot, as a capacity provider strategy. */
export interface FargateCapacity {
  /** Relative share of tasks on Fargate Spot (interruptible, cheaper). */
  readonly spotWeight: number;
  /** Relative share of tasks on on-demand Fargate. @default 1 */
  readonly onDemandWeight?: number;
  /** Tasks always on on-demand Fargate before the weights apply. @default 1 */
  readonly onDemandBase?: number;
}

/** How a service is reached by the other services of its environment through ECS Service Connect. */
export interface FargateServiceConnect {
  /** The name clients use (`<name>:<containerPort>`). @default the service's short name */
  readonly discoveryName?: string;
}

/** The Service Connect configuration of a task: a client of the namespace, and a server when `server` is given. */
export function serviceConnectConfiguration(namespaceArn: string, server: { name: string; port: number } | undefined) {
  return {
    enabled: true,
    namespace: namespaceArn,
    service: server && [{ portName: 'http', discoveryName: server.name, clientAlias: { port: server.port, dnsName: server.name } }],
  };
}

/** The container options of a Fargate service. */
export interface FargateContainerOptions {
  /** Arguments of the application container (Docker CMD). @default the image's */
  readonly command?: readonly string[];
  /** Entry point of the application container (Docker ENTRYPOINT). @default the image's */
  readonly entryPoint?: readonly string[];
  /** Containers beside the application in each task. @default none */
  readonly sidecars?: readonly FargateSidecar[];
  /**
   * ECS Exec (`aws ecs execute-command`) into the tasks: the task role gets the Systems Manager channel permissions
   * and the agent's directories are writable (the root filesystem stays read-only). @default false
   */
  readonly enableExecuteCommand?: boolean;
  /** CPU architecture of the image. @default 'X86_64' */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /** Run part of the tasks on Fargate Spot. @default on-demand Fargate only */
  readonly capacity?: FargateCapacity;
  /** With a certificate: also listen on HTTP 80 and redirect every request to HTTPS 443. @default false (HTTPS only) */
  readonly redirectHttp?: boolean;
}

/**
 * The directories the ECS Exec agent writes to. ECS Exec needs them writable, and with a read-only root
 * filesystem they must be volumes (aws/containers-roadmap issue 1359, the workaround AWS's engineers describe).
 */
export const EXEC_AGENT_PATHS: readonly string[] = ['/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm'];

/**
 * The task role's permissions for ECS Exec: the Systems Manager session channels (Amazon ECS developer guide, "Monitor
 * Amazon ECS containers with ECS Exec", IAM permissions required). The tasks reach `ssmmessages` through the VPC
 * endpoint the stack adds for it.
 */
export function execCommandStatements(): PolicyStatement[] {
  return [
    {
      Effect: 'Allow',
      Action: [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
      Resource: '*',
    },
  ];
}

/** The capacity provider strategy of a service, or `undefined` for plain Fargate (launch type). */
export function capacityStrategy(capacity: FargateCapacity | undefined) {
  if (capacity === undefined) return undefined;
  return [
    { capacityProvider: 'FARGATE', base: capacity.onDemandBase ?? 1, weight: capacity.onDemandWeight ?? 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: capacity.spotWeight },
  ];
}

/** The sidecars' container definitions (read-only root, no capabilities, logs beside the application's). */
export function sidecarDefinitions(sidecars: readonly FargateSidecar[], log: (prefix: string) => Record<string, unknown>) {
  return sidecars.map((s) => ({
    name: s.name,
    image: s.image,
    essential: s.essential ?? false,
    command: s.command ? [...s.command] : undefined,
    environment: Object.entries(s.environment ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    memoryReservation: s.memoryReservationMiB,
    readonlyRootFilesystem: true,
    linuxParameters: { capabilities: { drop: ['ALL'] }, initProcessEnabled: true },
    logConfiguration: log(s.name),
  }));
}

const argv = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string' && a.length > 0);

/** Every problem with the container options; `p` prefixes a property. */
export function validateFargateContainerOptions(p: (name: string) => string, o: FargateContainerOptions): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['command', 'entryPoint'] as const)
    if (o[key] !== undefined && !argv(o[key]))
      problems.push({
        property: p(key),
        rule: 'must be a non-empty list of non-empty arguments',
        value: o[key],
        fix: 'give the program and its arguments as a list, e.g. ["gunicorn", "app:app"]',
      });
  const names = new Set<string>(['app']);
  (o.sidecars ?? []).forEach((s, i) => {
    const at = (k: string) => p(`sidecars[${i}].${k}`);
    if (typeof s.name !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,254}$/.test(s.name) || names.has(s.name))
      problems.push({
        property: at('name'),
        rule: 'must be a container name (letters, digits, "-" and "_") unique in the task, and not "app"',
        value: s.name,
        fix: 'name the sidecar after what it runs, e.g. "envoy"',
      });
    names.add(s.name);
    const image = unpinnedImageViolation(s.image ?? '');
    if (image) problems.push({ property: at('image'), rule: image, value: s.image, fix: 'pin the image to a tag or digest' });
    if (s.command !== undefined && !argv(s.command))
      problems.push({
        property: at('command'),
        rule: 'must be a non-empty list of non-empty arguments',
        value: s.command,
        fix: 'give the arguments as a list',
      });
    for (const name of Object.keys(s.environment ?? {}))
      if (looksLikeSecretName(name))
        problems.push({
          property: at(`environment.${name}`),
          rule: 'names a secret: plain variables are written to the Terraform JSON and the task definition',
          value: '<redacted>',
          fix: 'give the sidecar its secret from Secrets Manager in its image or configuration',
        });
  });
  if (o.cpuArchitecture !== undefined && o.cpuArchitecture !== 'X86_64' && o.cpuArchitecture !== 'ARM64')
    problems.push({
      property: p('cpuArchitecture'),
      rule: 'must be "X86_64" or "ARM64"',
      value: o.cpuArchitecture,
      fix: 'use the architecture the image is built for',
    });
  const c = o.capacity;
  if (c !== undefined) {
    const whole = (k: keyof FargateCapacity, v: unknown, min: number) => {
      if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > 1000))
        problems.push({ property: p(`capacity.${k}`), rule: `must be a whole number from ${min} to 1000`, value: v, fix: 'use e.g. 1' });
    };
    whole('spotWeight', c.spotWeight, 1);
    whole('onDemandWeight', c.onDemandWeight, 0);
    whole('onDemandBase', c.onDemandBase, 0);
  }
  return problems;
}
