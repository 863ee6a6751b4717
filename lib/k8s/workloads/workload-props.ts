import { EgressRule, ResourceRequirements, SecretKeyReference } from '../../core';
import { IConnection } from '../connections/connection';
import { HealthProbes } from '../primitives/health-probe';
import { WaitCondition } from '../primitives/wait-condition';
import { Filesystem } from './filesystem';
import { EnvFromSources, Scheduling, SidecarSpec } from './pod-extras';

/** Properties every workload shares: what runs, with what, and what it may reach. */
export interface WorkloadProps {
  /** The container image, pinned to a tag or digest (`latest` and untagged images are rejected). */
  readonly image: string;
  /** CPU and memory requests and limits of each server container; mandatory, they are the hard ceiling. */
  readonly resources: ResourceRequirements;
  /** The container's command (its entrypoint). @default the variant's (the image's own for a plain service) */
  readonly command?: readonly string[];
  /** Arguments to the command. @default the variant's (none for a plain service) */
  readonly args?: readonly string[];
  /** Plain environment variables (never credentials). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variables read from existing Secrets. @default none */
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** Databases, caches and brokers the workload uses: settings, credentials and egress in one. @default none */
  readonly connections?: readonly IConnection[];
  /** More places the workload may connect to outside its namespace. @default none besides DNS */
  readonly egress?: readonly EgressRule[];
  /** Fewest replicas. @default the variant's */
  readonly minReplicas?: number;
  /** Most replicas; above `minReplicas` an autoscaler owns the count. @default the variant's */
  readonly maxReplicas?: number;
  /** Average CPU use, as a percentage of the request, a CPU autoscaler aims for. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Seconds from the start of termination to SIGKILL. @default the variant's */
  readonly terminationGracePeriodSeconds?: number;
  /** Conditions the pods wait for before the server starts (init containers). @default none */
  readonly waitFor?: readonly WaitCondition[];
  /** Secrets with registry credentials, e.g. IBM's `ibm-entitlement-key`. @default none (the node's credentials) */
  readonly imagePullSecrets?: readonly string[];
  /** UID and GID on EKS (ignored on OpenShift, where the SCC assigns one). @default the variant's */
  readonly runAsUser?: number;
  /** Read-only root with writable volumes, or a writable root. @default the variant's */
  readonly filesystem?: Filesystem;
  /** Startup, readiness and liveness checks, replacing the variant's. @default the variant's */
  readonly probes?: HealthProbes;
  /** Containers beside the server for the pod's life (native sidecars). @default none */
  readonly sidecars?: readonly SidecarSpec[];
  /** Every key of these ConfigMaps and Secrets as variables of the server containers. @default none */
  readonly envFrom?: EnvFromSources;
  /** Node and pod affinity: attract to nodes, colocate with or separate from other pods. @default spreading only */
  readonly scheduling?: Scheduling;
}
