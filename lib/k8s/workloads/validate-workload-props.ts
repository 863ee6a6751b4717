import {
  ParsedResources,
  Problem,
  KindsOf,
  ResourceAmounts,
  Stage,
  containerPathViolation,
  dns1123LabelViolation,
  ceilingProblems,
  releasePolicyViolation,
  unbuiltImageProblems,
  unbuiltImageViolation,
  unpinnedImageViolation,
  validateEgress,
  validateEnvVars,
  jvmOptionVariableProblems,
  validateResources,
} from '../../core';
import { isConnection } from '../connections/connection';
import { MessageBroker } from '../connections/message-broker';
import { validateHealthProbes } from '../primitives/health-probe';
import { Filesystem } from './filesystem';
import { WaitCondition } from '../primitives/wait-condition';
import type { WorkloadProps } from './workload';

/** The JavaScript kind of every prop of the workload base, checked before its rules. */
export const WORKLOAD_PROP_KINDS = {
  image: 'string',
  resources: 'object',
  command: 'string[]',
  args: 'string[]',
  env: 'record',
  secretEnv: 'object',
  connections: 'array',
  egress: 'object[]',
  minReplicas: 'number',
  maxReplicas: 'number',
  targetCpuUtilization: 'number',
  terminationGracePeriodSeconds: 'number',
  waitFor: 'array',
  imagePullSecrets: 'string[]',
  runAsUser: 'number',
  filesystem: 'object',
  probes: 'object',
  sidecars: 'object[]',
  envFrom: { configMaps: 'string[]', secrets: 'string[]', prefix: 'string' },
  scheduling: { attract: 'record', colocate: 'record', separate: 'record' },
} satisfies KindsOf<WorkloadProps>;

/** The largest user id the API server accepts in a security context. */
const MAX_USER_ID = 2147483647;

/** Longest workload name: leaves room for suffixes such as `-preview` and `-config`. */
export const WORKLOAD_NAME_MAX = 45;
const WORKLOAD_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** What the rules need besides the props: the environment's facts and the variant's resolved defaults. */
export interface WorkloadContext {
  /** The construct id, which names every object. */
  readonly name: string;
  /** The stage, for its release policy (production runs release images only). */
  readonly stage: Stage;
  /** Whether synthesis runs in CI, where the output is applied: an image tagged without a commit is refused there. */
  readonly inCi: boolean;
  /** The largest container the environment admits. */
  readonly containerCeiling: ResourceAmounts;
  /** Replicas as the variant resolved them (props or its defaults). */
  readonly replicas: { readonly min: number; readonly max: number };
  /** Fewest replicas the variant allows. */
  readonly minReplicasFloor: { readonly value: number; readonly fix: string };
  /** Variables the variant sets itself. */
  readonly reservedEnv: readonly string[];
  /** The prop the variant renders the JVM's options from, when it owns them (OMS servers). @default none */
  readonly jvmOptionsProperty?: string;
}

/** One rule: a named pure function over the real props type. */
export type WorkloadRule = (props: WorkloadProps, ctx: WorkloadContext) => Problem[];

const whole = (property: string, value: number | undefined, min: number, fix: string): Problem[] =>
  value !== undefined && (!Number.isInteger(value) || value < min)
    ? [{ property, rule: `must be a whole number of at least ${min}`, value, fix }]
    : [];

/** The name is a DNS-1035 label short enough for every object name derived from it. */
export const nameIsValid: WorkloadRule = (_p, ctx) =>
  ctx.name.length <= WORKLOAD_NAME_MAX && WORKLOAD_NAME.test(ctx.name)
    ? []
    : [
        {
          property: 'id',
          rule: `must be a DNS-1035 label of at most ${WORKLOAD_NAME_MAX} characters (lower-case letters, digits and "-", starting with a letter)`,
          value: ctx.name,
          fix: 'rename the construct, e.g. "order-search"',
        },
      ];

/** The image is pinned, and in production it is a release. */
export const imageIsPinned: WorkloadRule = (p, ctx) => {
  const pinned = p.image === undefined ? 'is required' : unpinnedImageViolation(p.image);
  if (pinned)
    return [
      {
        property: 'image',
        rule: pinned,
        value: p.image,
        fix: 'pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"',
      },
    ];
  const release = releasePolicyViolation(p.image, ctx.stage);
  return release
    ? [
        {
          property: 'image',
          rule: release,
          value: p.image,
          fix: 'deploy the image built from the release tag (imageTag({ ref: tag, commit }))',
        },
      ]
    : [];
};

/** In CI, the image is one CI built: not tagged without a commit (`local-0000000`). Outside CI the workload warns instead. */
export const imageWasBuilt: WorkloadRule = (p, ctx) =>
  p.image !== undefined && unbuiltImageViolation(p.image) !== undefined ? unbuiltImageProblems('image', p.image, ctx.inCi) : [];

/** Replica bounds are whole numbers, above the variant's floor, and min does not exceed max. */
export const replicasAreConsistent: WorkloadRule = (p, ctx) => {
  const problems = [
    ...whole('minReplicas', p.minReplicas, ctx.minReplicasFloor.value, ctx.minReplicasFloor.fix),
    ...whole('maxReplicas', p.maxReplicas, 1, 'set maxReplicas to 1 or more'),
  ];
  const { min, max } = ctx.replicas;
  if (Number.isInteger(min) && Number.isInteger(max) && min > max)
    problems.push({
      property: 'minReplicas',
      rule: `must not exceed maxReplicas (${max})`,
      value: min,
      fix: 'lower minReplicas or raise maxReplicas',
    });
  return problems;
};

/** Variables are valid names, never credentials in plain text, and never the variant's own. */
export const envIsSafe: WorkloadRule = (p, ctx) => [
  ...validateEnvVars(p.env, p.secretEnv, ctx.reservedEnv),
  ...(ctx.jvmOptionsProperty === undefined ? [] : jvmOptionVariableProblems(p.env, ctx.jvmOptionsProperty)),
];

/** Egress rules are well-formed. */
export const egressIsValid: WorkloadRule = (p) => validateEgress('egress', p.egress);

/** Connections are connection objects; a broker, whose factory does not check it, is checked here. */
export const connectionsAreConnections: WorkloadRule = (p) =>
  (p.connections ?? []).flatMap((c, i) =>
    isConnection(c)
      ? c instanceof MessageBroker
        ? c.validate(`connections[${i}]`)
        : []
      : [
          {
            property: `connections[${i}]`,
            rule: 'must be a connection',
            value: c,
            fix: 'pass a DatabaseConnection, CacheConnection or MessageBroker',
          },
        ],
  );

/** Command and arguments, when given, are non-empty lists of strings. */
export const commandIsUsable: WorkloadRule = (p) => {
  const problems: Problem[] = [];
  if (p.command !== undefined && (p.command.length === 0 || p.command.some((a) => typeof a !== 'string' || a.length === 0)))
    problems.push({
      property: 'command',
      rule: 'must be a non-empty list of non-empty strings',
      value: p.command,
      fix: 'give the program and its arguments, or leave command out',
    });
  if (p.args !== undefined && p.args.some((a) => typeof a !== 'string'))
    problems.push({ property: 'args', rule: 'must be a list of strings', value: p.args, fix: 'write every argument as a string' });
  return problems;
};

/** Timings and identities are whole numbers in range. */
export const numbersInRange: WorkloadRule = (p) => {
  const problems = [
    ...whole('terminationGracePeriodSeconds', p.terminationGracePeriodSeconds, 1, 'set the seconds the server gets to finish its work'),
    ...whole('runAsUser', p.runAsUser, 1000, 'run as an unprivileged UID such as 10001'),
  ];
  // Kubernetes takes user ids from 0 to 2^31-1 (apimachinery IsValidUserID, maxUserID = math.MaxInt32).
  if (Number.isInteger(p.runAsUser) && p.runAsUser! > MAX_USER_ID)
    problems.push({
      property: 'runAsUser',
      rule: `must be at most ${MAX_USER_ID} (the largest user id Kubernetes accepts)`,
      value: p.runAsUser,
      fix: 'run as an unprivileged UID such as 10001',
    });
  const cpu = p.targetCpuUtilization;
  if (cpu !== undefined && (!Number.isInteger(cpu) || cpu < 10 || cpu > 95))
    problems.push({ property: 'targetCpuUtilization', rule: 'must be a whole percentage from 10 to 95', value: cpu, fix: 'use e.g. 70' });
  return problems;
};

/** Pull secrets are Secret names. */
export const pullSecretsAreNames: WorkloadRule = (p) =>
  (p.imagePullSecrets ?? []).flatMap((s) => {
    const rule = typeof s === 'string' ? dns1123LabelViolation(s, 253) : 'must be a Secret name';
    return rule ? [{ property: 'imagePullSecrets', rule, value: s, fix: 'name the registry Secret, e.g. "ibm-entitlement-key"' }] : [];
  });

/** Probes, wait conditions and the filesystem check themselves. */
export const partsAreValid: WorkloadRule = (p) => [
  ...validateHealthProbes('probes', p.probes),
  ...(p.waitFor ?? []).flatMap((w, i) =>
    w instanceof WaitCondition
      ? w.validate(`waitFor[${i}]`)
      : [
          {
            property: `waitFor[${i}]`,
            rule: 'must be a WaitCondition',
            value: w,
            fix: 'use WaitCondition.httpReady({ url, image }) or WaitCondition.dataSetupComplete({ mediator, markerKey }), or remove the entry',
          },
        ],
  ),
  ...(p.filesystem === undefined
    ? []
    : p.filesystem instanceof Filesystem
      ? p.filesystem.validate('filesystem')
      : [
          {
            property: 'filesystem',
            rule: 'must be a Filesystem',
            value: p.filesystem,
            fix: 'use Filesystem.readOnlyRoot({...}) or Filesystem.writableRoot()',
          },
        ]),
];

/** Resources parse, limits cover requests, and no container exceeds the environment's ceiling. */
export const resourcesFit: WorkloadRule = (p, ctx) => {
  const resources = validateResources('resources', p.resources);
  const problems = [...resources.problems];
  const limits = resources.parsed?.limits;
  if (limits === undefined) return problems;
  return [
    ...problems,
    ...ceilingProblems(limits, ctx.containerCeiling, (resource, _limit, ceiling) => {
      const limit = p.resources[resource.key].limit;
      // "1000" for 1000 millicores is 1000 cores: say so, rather than suggest raising the ceiling.
      const unitless = resource.key === 'cpu' && typeof limit === 'string' && /^\d{3,}$/.test(limit);
      return {
        property: `resources.${resource.key}.limit`,
        rule: `must not exceed the environment's container ceiling (${ceiling})`,
        value: limit,
        fix: unitless
          ? `a CPU quantity without a unit is cores: write "${limit}m" for ${limit} millicores`
          : `lower the limit or raise containerCeiling.${resource.key} on the environment`,
      };
    }),
  ];
};

/** Every rule of the workload base, in the order messages list them. */
export const WORKLOAD_RULES: readonly WorkloadRule[] = [
  nameIsValid,
  imageIsPinned,
  imageWasBuilt,
  resourcesFit,
  replicasAreConsistent,
  envIsSafe,
  egressIsValid,
  connectionsAreConnections,
  commandIsUsable,
  numbersInRange,
  pullSecretsAreNames,
  partsAreValid,
];

/** Every problem with a workload's shared properties, and its parsed resources when there are none. */
export function validateWorkloadProps(props: WorkloadProps, ctx: WorkloadContext): { problems: Problem[]; parsed?: ParsedResources } {
  const problems = WORKLOAD_RULES.flatMap((rule) => rule(props, ctx));
  return { problems, parsed: problems.length === 0 ? validateResources('resources', props.resources).parsed : undefined };
}

/** A workload as it stands once complete: what the checks that wait for completion read. */
export interface CompletedWorkload {
  /** The variables set with `env` and `addEnv`. */
  readonly envNames: readonly string[];
  /** Each connection, by name, with the variables it sets. */
  readonly connections: readonly { readonly name: string; readonly variables: readonly string[] }[];
  /** Where the workload's own volumes mount: writable paths and configuration files. */
  readonly builtInPaths: readonly string[];
  /** Where the user's volumes mount. */
  readonly mountPaths: readonly string[];
  /** How many server containers the variant described. */
  readonly containers: number;
}

/** Problems that can only show once the workload is complete (connections and mounts may be added after construction). */
export function completedWorkloadProblems(w: CompletedWorkload): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>(w.envNames.map((k) => [k, 'env']));
  for (const c of w.connections) {
    for (const name of c.variables) {
      const other = owner.get(name);
      if (other !== undefined)
        problems.push({
          property: 'connections',
          rule: `must not set a variable twice: ${c.name} and ${other} both set it`,
          value: name,
          fix: 'give one of the connections another envPrefix, or remove the variable from env',
        });
      owner.set(name, `connection ${c.name}`);
    }
  }
  const paths = [...w.builtInPaths, ...w.mountPaths];
  for (const path of paths.filter((p, i) => paths.indexOf(p) !== i))
    problems.push({
      property: 'volumeMounts',
      rule: 'must not mount two volumes at one path (it collides with a built-in mount)',
      value: path,
      fix: 'mount the volume somewhere else',
    });
  for (const mountPath of w.mountPaths) {
    const rule = containerPathViolation(mountPath);
    if (rule) problems.push({ property: 'volumeMounts', rule, value: mountPath, fix: 'use an absolute path such as /etc/app' });
  }
  if (w.containers === 0)
    problems.push({
      property: 'containers',
      rule: 'must run at least one container',
      value: 0,
      fix: 'the variant must describe its server container',
    });
  return problems;
}
