// Type-level checks of the workload variants' prop-kind tables, run by the type check of `npm test`
// (`tsc -b tsconfig.json`; jest does not run this file). Each table is declared `satisfies KindsOf<Props>`,
// and the variants build theirs by spreading the base's: the spread keeps the kinds' literal types, so a
// table still satisfies its props once spread, and a prop added to a props type without its kind fails to
// compile. Each `@ts-expect-error` below fails the type check if the error it expects ever stops happening.
import { KindsOf } from '../../../lib/core/prop-types';
import type { AgentPoolProps } from '../../../lib/k8s/workloads/agent-pool';
import type { MicroserviceProps } from '../../../lib/k8s/workloads/microservice';
import type { OmsDataSetupProps } from '../../../lib/k8s/workloads/oms-data-setup';
import type { OmsHealthMonitorProps } from '../../../lib/k8s/workloads/oms-health-monitor';
import type { OmsMicroserviceProps } from '../../../lib/k8s/workloads/oms-microservice';
import type { OmsServerProps } from '../../../lib/k8s/workloads/oms-runtime';
import type { WorkloadProps } from '../../../lib/k8s/workloads/workload-props';
import { AGENT_POOL_PROP_KINDS } from '../../../lib/k8s/workloads/validate-agent-pool-props';
import { MICROSERVICE_PROP_KINDS } from '../../../lib/k8s/workloads/validate-microservice-props';
import {
  OMS_DATA_SETUP_PROP_KINDS,
  OMS_HEALTH_MONITOR_PROP_KINDS,
  OMS_MICROSERVICE_PROP_KINDS,
  OMS_SERVER_PROP_KINDS,
} from '../../../lib/k8s/workloads/validate-oms-server-props';
import { WORKLOAD_PROP_KINDS } from '../../../lib/k8s/workloads/validate-workload-props';

/** A props type with one prop more, as when someone adds a prop to it. */
type WithNewProp<T> = T & { readonly newProp?: string };

// A new prop without its kind does not compile, in the base and in every variant built by spreading.
// @ts-expect-error newProp has no kind
export const workloadMissing = { ...WORKLOAD_PROP_KINDS } satisfies KindsOf<WithNewProp<WorkloadProps>>;
// @ts-expect-error newProp has no kind
export const microserviceMissing = { ...MICROSERVICE_PROP_KINDS } satisfies KindsOf<WithNewProp<MicroserviceProps>>;
// @ts-expect-error newProp has no kind
export const omsServerMissing = { ...OMS_SERVER_PROP_KINDS } satisfies KindsOf<WithNewProp<OmsServerProps>>;
// @ts-expect-error newProp has no kind
export const omsMicroserviceMissing = { ...OMS_MICROSERVICE_PROP_KINDS } satisfies KindsOf<WithNewProp<OmsMicroserviceProps>>;
// @ts-expect-error newProp has no kind
export const healthMonitorMissing = { ...OMS_HEALTH_MONITOR_PROP_KINDS } satisfies KindsOf<WithNewProp<OmsHealthMonitorProps>>;
// @ts-expect-error newProp has no kind
export const dataSetupMissing = { ...OMS_DATA_SETUP_PROP_KINDS } satisfies KindsOf<WithNewProp<OmsDataSetupProps>>;
// @ts-expect-error newProp has no kind
export const agentPoolMissing = { ...AGENT_POOL_PROP_KINDS } satisfies KindsOf<WithNewProp<AgentPoolProps>>;

// A base prop has no kind in a variant's table: a variant cannot drop the base's kinds either.
declare const microserviceWithoutImage: Omit<typeof MICROSERVICE_PROP_KINDS, 'image'>;
// @ts-expect-error image has no kind
export const microserviceWithoutBase = microserviceWithoutImage satisfies KindsOf<MicroserviceProps>;

// With its kind the new prop compiles: the spread kept the literal kinds ('string', not string).
export const workloadAdded = { ...WORKLOAD_PROP_KINDS, newProp: 'string' } satisfies KindsOf<WithNewProp<WorkloadProps>>;
export const agentPoolAdded = { ...AGENT_POOL_PROP_KINDS, newProp: 'string' } satisfies KindsOf<WithNewProp<AgentPoolProps>>;
// A kind that is no kind does not compile.
// @ts-expect-error 'text' is not a PropKind
export const notAKind = { ...MICROSERVICE_PROP_KINDS, newProp: 'text' } satisfies KindsOf<WithNewProp<MicroserviceProps>>;
