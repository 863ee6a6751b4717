import { WaitCondition } from '../primitives/wait-condition';
import { EgressRule, JvmSettings, PoolSettings, ResourceRequirements, SecretKeyReference } from '../../core';

/** Properties every OMS server workload shares (app servers and agent pools). */
export interface OmsServerProps {
  /** The container image, pinned to a tag or digest (`latest` and untagged images are rejected). */
  readonly image: string;
  /** CPU and memory requests and limits of one pod; mandatory, they are the workload's hard ceiling. */
  readonly resources: ResourceRequirements;
  /** Heap and extra JVM arguments. @default heap at 70% of the memory limit */
  readonly jvm?: JvmSettings;
  /** Thread and database pool sizes. @default 20/100 threads, 10/50 connections */
  readonly pools?: PoolSettings;
  /** Entries of `customer_overrides.properties`. @default none */
  readonly propertyOverrides?: Readonly<Record<string, string>>;
  /** Plain environment variables (no credentials). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variables read from existing Secrets. @default none */
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** Where the workload may connect outside its namespace (database, broker). @default none besides DNS */
  readonly egress?: readonly EgressRule[];
  /** Average CPU use, as a percentage of the request, a CPU autoscaler aims for. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Seconds from the start of termination to SIGKILL. @default set by the workload from its drain time */
  readonly terminationGracePeriodSeconds?: number;
  /** Conditions the pods wait for before the server starts (init containers). @default none */
  readonly waitFor?: readonly WaitCondition[];
  /** UID and GID on EKS (ignored on OpenShift, where the SCC assigns one). @default 10001 */
  readonly runAsUser?: number;
}
