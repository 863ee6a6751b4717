import { Problem } from '../../core';
import type { ConnectionBinding, IConnection } from '../connections/connection';
import { HealthProbes } from '../primitives/health-probe';
import { k8s } from '../primitives/kube';
import { PodIdentity } from '../primitives/pod-security';
import { Filesystem } from './filesystem';

/**
 * What a variant decides before the base renders anything: its role labels,
 * its resolved defaults, and the problems with its own properties (reported
 * in the same error as the base's, so one run shows every mistake).
 */
export interface WorkloadPreset {
  /** `app.kubernetes.io/component`, e.g. `service`, `app-server`, `agent`. */
  readonly component: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  /** Fewest and most replicas, resolved. */
  readonly replicas: { readonly min: number; readonly max: number };
  /** Fewest replicas allowed, with the fix to suggest below it. */
  readonly minReplicasFloor: { readonly value: number; readonly fix: string };
  /** The grace period, resolved. */
  readonly terminationGracePeriodSeconds: number;
  /** The UID on EKS unless the props set one. */
  readonly runAsUser: number;
  /** The filesystem unless the props set one. */
  readonly filesystem: Filesystem;
  /** Problems with the variant's own properties. */
  readonly problems: readonly Problem[];
  /** Environment variables the variant sets; the user must not set them too. @default none */
  readonly reservedEnv?: readonly string[];
  /**
   * The prop the variant renders the JVM's options from, when it owns them: variables such as `JVM_ARGS` are then
   * refused. @default `jvm` for the OMS roles (which reserve IBM's `OM_POD_IP`), none otherwise
   */
  readonly jvmOptionsProperty?: string;
  /** Groups on EKS (IBM's images run with fsGroup 0 and the image's own group). @default the UID for all */
  readonly podIdentity?: Omit<PodIdentity, 'runAsUser'>;
  /** Mount the ServiceAccount token, for workloads that call the Kubernetes API. @default false */
  readonly mountServiceAccountToken?: boolean;
  /**
   * What one connection gives the containers, for a server with its own configuration (OMS reads its database
   * from IBM's variables: `omsRolePreset`). @default the connection's own binding
   */
  readonly bindConnection?: (connection: IConnection) => ConnectionBinding;
}

/** One container of the workload's pods, as the variant describes it; the base adds env, mounts and security. */
export interface ContainerSpec {
  readonly name: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly ports?: readonly k8s.ContainerPort[];
  readonly probes?: HealthProbes;
  readonly preStop?: k8s.LifecycleHandler;
  /** Variables of this container only (e.g. the server name). */
  readonly env?: readonly k8s.EnvVar[];
}
