import { Construct } from 'constructs';
import { Platform, SecretKeyReference, joinName, stableHash } from '../../core';
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
