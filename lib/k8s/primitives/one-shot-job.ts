import { Construct } from 'constructs';
import {
  PLATFORMS,
  Platform,
  Problem,
  PropKinds,
  SecretKeyReference,
  checkConstructInput,
  childPath,
  containerPathViolation,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  joinName,
  parseCpuMillis,
  parseMemoryBytes,
  propKindProblems,
  stableHash,
  throwIfProblems,
  unpinnedImageViolation,
  validateEnvVars,
} from '../../core';
import { k8s } from './kube';
import { containerSecurityContext, podSecurityContext } from './pod-security';

/** One step of a Job; steps run in order and each must succeed before the next starts. */
export interface JobStep {
  /** Container name. */
  readonly name: string;
  readonly image: string;
  /** A POSIX shell script; it exits non-zero when the step fails. */
  readonly script?: string;
  /** Or a command (with the image's own tooling). */
  readonly command?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** @default 50m/64Mi requested, 200m/128Mi limit */
  readonly resources?: { readonly cpu: string; readonly memory: string };
  /** Mounts of the Job's volumes: mount path by volume name. @default none */
  readonly mounts?: Readonly<Record<string, string>>;
}

/** What a one-shot Job runs. */
export interface OneShotJobInput {
  /** The name's prefix; a hash of the Job's contents is appended. */
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly platform: Platform;
  /** The image of a single-step Job (use `steps` for several). */
  readonly image?: string;
  /** The script of a single-step Job. */
  readonly script?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** Steps run in order (all but the last as init containers). @default one step from image and script */
  readonly steps?: readonly JobStep[];
  /** PersistentVolumeClaims the steps mount, by volume name. @default none */
  readonly claims?: Readonly<Record<string, string>>;
  /** ConfigMaps the steps mount (read-only), by volume name. @default none */
  readonly configMaps?: Readonly<Record<string, string>>;
  /** Longest the Job may take. */
  readonly deadlineSeconds: number;
  /** Where the Job may connect (its NetworkPolicy egress). */
  readonly egress: readonly k8s.NetworkPolicyEgressRule[];
  /** The ServiceAccount, when the Job needs an identity (e.g. an IAM role). @default none */
  readonly serviceAccountName?: string;
}

const ONE_SHOT_JOB_KINDS: PropKinds = {
  name: 'string',
  labels: 'record',
  platform: 'string',
  image: 'string',
  script: 'string',
  env: 'record',
  secretEnv: 'object',
  steps: 'object[]',
  claims: 'record',
  configMaps: 'record',
  deadlineSeconds: 'number',
  egress: 'object[]',
  serviceAccountName: 'string',
};

const STEP_KINDS: PropKinds = {
  name: 'string',
  image: 'string',
  script: 'string',
  command: 'string[]',
  env: 'record',
  secretEnv: 'object',
  resources: { cpu: 'string', memory: 'string' },
  mounts: 'record',
};

/** Every problem with a one-shot Job's input: kinds first (reported alone), then the rules. */
export function validateOneShotJobInput(input: OneShotJobInput): Problem[] {
  const kinds = propKindProblems('OneShotJobInput', input, ONE_SHOT_JOB_KINDS, ['name', 'labels', 'platform', 'deadlineSeconds', 'egress']);
  const stepKinds = Array.isArray(input.steps)
    ? input.steps.flatMap((s, i) => propKindProblems('JobStep', s, STEP_KINDS, ['name', 'image'], `steps[${i}].`))
    : [];
  if (kinds.length + stepKinds.length > 0) return [...kinds, ...stepKinds];
  const problems: Problem[] = [];
  const push = (property: string, value: unknown, rule: string | undefined, fix: string) => {
    if (rule !== undefined) problems.push({ property, rule, value, fix });
  };
  push('name', input.name, dns1123LabelViolation(input.name), 'use lower-case letters, digits and "-", e.g. "db-create"');
  if (!PLATFORMS.includes(input.platform))
    problems.push({
      property: 'platform',
      rule: `must be one of ${PLATFORMS.join(', ')}`,
      value: input.platform,
      fix: 'use "eks" or "openshift"',
    });
  const d = input.deadlineSeconds;
  if (!(Number.isInteger(d) && d > 0))
    problems.push({ property: 'deadlineSeconds', rule: 'must be a whole number of seconds above 0', value: d, fix: 'use e.g. 600' });
  if (input.serviceAccountName !== undefined)
    push(
      'serviceAccountName',
      input.serviceAccountName,
      dns1123SubdomainViolation(input.serviceAccountName),
      'give the name of a ServiceAccount',
    );
  const single = input.image !== undefined || input.script !== undefined || input.env !== undefined || input.secretEnv !== undefined;
  if (input.steps !== undefined && single)
    problems.push({
      property: 'steps',
      rule: 'must not be combined with image, script, env or secretEnv (those describe a single-step Job)',
      value: input.steps.map((s) => s.name),
      fix: 'give the image, script and environment in each step',
    });
  if (input.steps !== undefined && input.steps.length === 0)
    problems.push({ property: 'steps', rule: 'must not be empty', value: [], fix: 'give at least one step, or image and script' });
  const volumes = new Set(['tmp', ...Object.keys(input.claims ?? {}), ...Object.keys(input.configMaps ?? {})]);
  for (const [kind, map] of [
    ['claims', input.claims],
    ['configMaps', input.configMaps],
  ] as const)
    for (const [volume, name] of Object.entries(map ?? {})) {
      push(`${kind}.${volume}`, volume, dns1123LabelViolation(volume), 'name the volume with lower-case letters, digits and "-"');
      push(
        `${kind}.${volume}`,
        name,
        dns1123SubdomainViolation(name),
        `give the name of the ${kind === 'claims' ? 'PersistentVolumeClaim' : 'ConfigMap'}`,
      );
    }
  const steps: readonly JobStep[] = input.steps ?? [
    { name: 'job', image: input.image!, script: input.script, env: input.env, secretEnv: input.secretEnv },
  ];
  const names = new Set<string>();
  steps.forEach((step, i) => {
    const at = input.steps ? `steps[${i}].` : '';
    if (input.steps) {
      push(`${at}name`, step.name, dns1123LabelViolation(step.name), 'use lower-case letters, digits and "-", e.g. "migrate"');
      if (names.has(step.name))
        problems.push({
          property: `${at}name`,
          rule: 'must be unique among the steps',
          value: step.name,
          fix: 'name each step differently',
        });
      names.add(step.name);
    }
    push(
      `${at}image`,
      step.image,
      unpinnedImageViolation(step.image ?? ''),
      'pin the image to a tag or digest, e.g. "registry.example.com/tools:1.2.0"',
    );
    if (step.script !== undefined && step.command !== undefined)
      problems.push({
        property: `${at}command`,
        rule: 'must not be given with script',
        value: step.command,
        fix: 'give either script or command',
      });
    if (step.script !== undefined && step.script.trim().length === 0)
      problems.push({ property: `${at}script`, rule: 'must not be empty', value: step.script, fix: 'give the shell script the step runs' });
    if (step.command !== undefined && (step.command.length === 0 || step.command[0].length === 0))
      problems.push({
        property: `${at}command`,
        rule: 'must name a program to run',
        value: step.command,
        fix: 'give e.g. ["psql", "--version"]',
      });
    problems.push(...validateEnvVars(step.env, step.secretEnv, []).map((p) => ({ ...p, property: `${at}${p.property}` })));
    if (step.resources !== undefined) {
      if (!(parseCpuMillis(step.resources.cpu)! > 0))
        problems.push({
          property: `${at}resources.cpu`,
          rule: 'must be a CPU quantity above 0',
          value: step.resources.cpu,
          fix: 'use e.g. "100m"',
        });
      if (!(parseMemoryBytes(step.resources.memory)! > 0 && /([kMGTPE]|[KMGTPE]i)$/.test(step.resources.memory)))
        problems.push({
          property: `${at}resources.memory`,
          rule: 'must be a memory quantity with a unit',
          value: step.resources.memory,
          fix: 'use e.g. "128Mi"',
        });
    }
    for (const [volume, path] of Object.entries(step.mounts ?? {})) {
      if (!volumes.has(volume) || volume === 'tmp')
        problems.push({
          property: `${at}mounts.${volume}`,
          rule: 'must name a volume of the Job (one of claims or configMaps)',
          value: volume,
          fix: `add it to claims or configMaps, or use one of: ${[...volumes].filter((v) => v !== 'tmp').join(', ') || 'none defined'}`,
        });
      const pathRule =
        containerPathViolation(path) ??
        (path === '/tmp' || path.startsWith('/tmp/') ? 'must not be /tmp, which the Job mounts itself' : undefined);
      push(`${at}mounts.${volume}`, path, pathRule, 'mount it elsewhere, e.g. "/data"');
    }
  });
  return problems;
}

function envOf(step: Pick<JobStep, 'env' | 'secretEnv'>): k8s.EnvVar[] | undefined {
  const env: k8s.EnvVar[] = [
    ...Object.keys(step.env ?? {})
      .sort()
      .map((name) => ({ name, value: step.env![name] })),
    ...Object.keys(step.secretEnv ?? {})
      .sort()
      .map((name) => ({ name, valueFrom: { secretKeyRef: { name: step.secretEnv![name].secretName, key: step.secretEnv![name].key } } })),
  ];
  return env.length > 0 ? env : undefined;
}

function container(step: JobStep): k8s.Container {
  const r = step.resources;
  return {
    name: step.name,
    image: step.image,
    imagePullPolicy: 'IfNotPresent',
    command: step.script !== undefined ? ['/bin/sh', '-c', step.script] : step.command ? [...step.command] : undefined,
    env: envOf(step),
    resources: {
      requests: {
        cpu: k8s.Quantity.fromString(r ? r.cpu : '50m'),
        memory: k8s.Quantity.fromString(r ? r.memory : '64Mi'),
        'ephemeral-storage': k8s.Quantity.fromString('64Mi'),
      },
      limits: {
        cpu: k8s.Quantity.fromString(r ? r.cpu : '200m'),
        memory: k8s.Quantity.fromString(r ? r.memory : '128Mi'),
        'ephemeral-storage': k8s.Quantity.fromString('1Gi'),
      },
    },
    securityContext: containerSecurityContext(),
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      ...Object.entries(step.mounts ?? {}).map(([name, mountPath]) => ({ name, mountPath })),
    ],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

/**
 * A one-shot Job CI can wait on (`kubectl wait --for=condition=complete job/<name>`),
 * with the restricted security context, bounded retries and run time, cleanup
 * after a day, and a NetworkPolicy that lets it reach only what it must.
 * Several steps run in order as init containers, so a later step never runs
 * after an earlier one failed.
 */
export function oneShotJob(
  scope: Construct,
  id: string,
  input: OneShotJobInput,
): { job: k8s.KubeJob; networkPolicy: k8s.KubeNetworkPolicy } {
  checkConstructInput(scope.node.path, id, input, scope.node.tryFindChild(id) !== undefined);
  throwIfProblems(childPath(scope.node.path, id), validateOneShotJobInput(input));
  const steps: JobStep[] = input.steps
    ? [...input.steps]
    : [{ name: 'job', image: input.image!, script: input.script, env: input.env, secretEnv: input.secretEnv }];
  const containers = steps.map(container);
  // A Job's spec is immutable: the name carries a hash of what it runs, so any change makes a new Job
  // instead of a failed apply, and re-applying the same Job is a no-op.
  const fingerprint = stableHash(
    JSON.stringify({
      steps,
      claims: input.claims,
      configMaps: input.configMaps,
      deadline: input.deadlineSeconds,
      sa: input.serviceAccountName,
    }),
    6,
  );
  const name = joinName([input.name, fingerprint]);
  const podLabels = { ...input.labels, 'oms.platform/job': name };
  const job = new k8s.KubeJob(scope, id, {
    metadata: { name, labels: input.labels },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: input.deadlineSeconds,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: podLabels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: input.serviceAccountName,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext(input.platform),
          initContainers: containers.length > 1 ? containers.slice(0, -1) : undefined,
          containers: containers.slice(-1),
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
            ...Object.entries(input.claims ?? {}).map(([name, claimName]) => ({ name, persistentVolumeClaim: { claimName } })),
            ...Object.entries(input.configMaps ?? {}).map(([name, configMap]) => ({ name, configMap: { name: configMap } })),
          ],
        },
      },
    },
  });
  const networkPolicy = new k8s.KubeNetworkPolicy(scope, `${id}-network-policy`, {
    metadata: { name, labels: input.labels },
    spec: {
      podSelector: { matchLabels: { 'oms.platform/job': name } },
      policyTypes: ['Ingress', 'Egress'],
      egress: [...input.egress],
    },
  });
  return { job, networkPolicy };
}
