import { JvmSettings, PoolSettings } from '../../core';
import { WorkloadProps } from './workload';

/** Properties every OMS server workload shares (app servers and agent pools), beside the workload's own. */
export interface OmsServerProps extends WorkloadProps {
  /** Heap and extra JVM arguments. @default heap at 70% of the memory limit */
  readonly jvm?: JvmSettings;
  /** Thread and database pool sizes. @default 20/100 threads, 10/50 connections */
  readonly pools?: PoolSettings;
  /** Entries of `customer_overrides.properties`. @default none */
  readonly propertyOverrides?: Readonly<Record<string, string>>;
}
