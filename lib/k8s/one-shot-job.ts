import { Construct } from 'constructs';
import { Platform, SecretKeyReference } from '../core';
import { k8s } from './kube';
import { containerSecurityContext, podSecurityContext } from './pod-security';

/** What a one-shot Job runs. */
export interface OneShotJobInput {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly platform: Platform;
  readonly image: string;
  /** A POSIX shell script; it exits non-zero when the job fails. */
  readonly script: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** Longest the gate may take. */
  readonly deadlineSeconds: number;
  /** Where the Job may connect (its NetworkPolicy egress). */
  readonly egress: readonly k8s.NetworkPolicyEgressRule[];
  /** The ServiceAccount, when the Job needs an identity (e.g. an IAM role). @default none */
  readonly serviceAccountName?: string;
}

/**
 * A one-shot Job CI can wait on (`kubectl wait --for=condition=complete job/<name>`),
 * with the restricted security context, bounded retries and run time, cleanup
 * after a day, and a NetworkPolicy that lets it reach only what it must.
 */
export function oneShotJob(
  scope: Construct,
  id: string,
  input: OneShotJobInput,
): { job: k8s.KubeJob; networkPolicy: k8s.KubeNetworkPolicy } {
  const env: k8s.EnvVar[] = [
    ...Object.keys(input.env ?? {})
      .sort()
      .map((name) => ({ name, value: input.env![name] })),
    ...Object.keys(input.secretEnv ?? {})
      .sort()
      .map((name) => ({ name, valueFrom: { secretKeyRef: { name: input.secretEnv![name].secretName, key: input.secretEnv![name].key } } })),
  ];
  const podLabels = { ...input.labels, 'oms.platform/job': input.name };
  const job = new k8s.KubeJob(scope, id, {
    metadata: { name: input.name, labels: input.labels },
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
          containers: [
            {
              name: 'job',
              image: input.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', '-c', input.script],
              env: env.length > 0 ? env : undefined,
              resources: {
                requests: {
                  cpu: k8s.Quantity.fromString('50m'),
                  memory: k8s.Quantity.fromString('64Mi'),
                  'ephemeral-storage': k8s.Quantity.fromString('64Mi'),
                },
                limits: {
                  cpu: k8s.Quantity.fromString('200m'),
                  memory: k8s.Quantity.fromString('128Mi'),
                  'ephemeral-storage': k8s.Quantity.fromString('128Mi'),
                },
              },
              securityContext: containerSecurityContext(),
              terminationMessagePolicy: 'FallbackToLogsOnError',
            },
          ],
        },
      },
    },
  });
  const networkPolicy = new k8s.KubeNetworkPolicy(scope, `${id}-network-policy`, {
    metadata: { name: input.name, labels: input.labels },
    spec: {
      podSelector: { matchLabels: { 'oms.platform/job': input.name } },
      policyTypes: ['Ingress', 'Egress'],
      egress: [...input.egress],
    },
  });
  return { job, networkPolicy };
}
