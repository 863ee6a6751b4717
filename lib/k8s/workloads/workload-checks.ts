import { IConstruct } from 'constructs';
import { Problem, ciFromEnvironment, unbuiltImageWarning } from '../../core';
import { IConnection, isConnection } from '../connections/connection';
import { OmsEnvironment } from '../environment/oms-environment';
import { addSynthesisWarning } from '../platform/synthesis-warnings';
import { WorkloadContext } from './validate-workload-props';
import type { WorkloadPreset } from './workload-preset';

/** The environment of a construct made as `id` in `scope`: most workloads are made right in it, found without a search. */
export function environmentAround(scope: IConstruct, id: string): OmsEnvironment {
  return OmsEnvironment.isOmsEnvironment(scope) ? scope : OmsEnvironment.find(scope, id);
}

/** What the workload rules check the props against: the variant's resolved values in its environment. */
export function workloadContext(name: string, environment: OmsEnvironment, preset: WorkloadPreset): WorkloadContext {
  const reservedEnv = preset.reservedEnv ?? [];
  return {
    name,
    stage: environment.config.stage,
    // Read from the process environment only when a rule asks (an image tagged without a commit).
    get inCi() {
      return ciFromEnvironment();
    },
    containerCeiling: environment.containerCeiling,
    replicas: preset.replicas,
    minReplicasFloor: preset.minReplicasFloor,
    reservedEnv,
    jvmOptionsProperty: preset.jvmOptionsProperty ?? (reservedEnv.includes('OM_POD_IP') ? 'jvm' : undefined),
  };
}

/** Warns, outside CI, of an image tagged without a commit (`local-0000000`); in CI the rule `imageWasBuilt` refuses it. */
export function warnOfUnbuiltImage(scope: IConstruct, ctx: WorkloadContext, image: string | undefined): void {
  const warning = unbuiltImageWarning('image', image);
  if (warning !== undefined && !ctx.inCi) addSynthesisWarning(scope, warning);
}

/** Why `c` cannot be connected to a workload of `environmentName`, when it cannot. */
export function connectionProblems(c: IConnection, environmentName: string): Problem[] {
  if (!isConnection(c))
    return [
      {
        property: 'connectTo',
        rule: 'must be given connections',
        value: c,
        fix: 'pass a DatabaseConnection, CacheConnection, MessageBroker or an AWS connection',
      },
    ];
  if (c.environment !== undefined && c.environment !== environmentName)
    return [
      {
        property: 'connectTo',
        rule: `must use connections of its own environment (${environmentName}); ${c.connectionName} belongs to ${c.environment}`,
        value: c.connectionName,
        fix: `create the connection in ${environmentName}, or reach the other environment's service by an existing connection`,
      },
    ];
  return [];
}

/** Why a workload (`name`, serving `ports`) cannot let the workload at `peerPath` call it, when it cannot. */
export function callerProblems(
  callee: { readonly name: string; readonly ports: readonly number[]; readonly environment: OmsEnvironment },
  peer: { readonly path: string; readonly environment: OmsEnvironment },
): Problem[] {
  if (callee.ports.length === 0)
    return [
      {
        property: 'allowFrom',
        rule: 'needs a workload that serves traffic',
        value: callee.name,
        fix: 'allow callers only on services with a port',
      },
    ];
  if (peer.environment !== callee.environment)
    return [
      {
        property: 'allowFrom',
        rule: `must name workloads of the same environment (${callee.environment.environmentName})`,
        value: peer.path,
        fix: 'call services of other environments through their routing entry point',
      },
    ];
  return [];
}
