import { ParsedResources, ResourceRequirements, renderResources, validateResources } from '../../core';
import { k8s } from '../primitives/kube';
import type { SidecarSpec } from './pod-extras';

/** Requests and limits as Kubernetes quantities. */
export function toK8sResources(resources: ResourceRequirements): k8s.ResourceRequirements {
  const rendered = renderResources(resources);
  return { requests: quantities(rendered.requests), limits: quantities(rendered.limits) };
}

function quantities(amounts: Record<string, string>): Record<string, k8s.Quantity> {
  const out: Record<string, k8s.Quantity> = {};
  for (const key of Object.keys(amounts)) out[key] = k8s.Quantity.fromString(amounts[key]);
  return out;
}

/**
 * What one pod requests (or is limited to): `containers` server containers of
 * `perContainer` each, plus its native sidecars, which run for the pod's whole
 * life and so count with the servers.
 */
export function podResourceAmounts(
  perContainer: ParsedResources,
  containers: number,
  sidecars: readonly SidecarSpec[],
  kind: 'requests' | 'limits',
): { cpuMillis: number; memoryBytes: number } {
  const one = perContainer[kind];
  const n = Math.max(1, containers);
  const extra = sidecars.map((s) => validateResources('sidecar', s.resources).parsed![kind]);
  return {
    cpuMillis: one.cpuMillis * n + extra.reduce((sum, s) => sum + s.cpuMillis, 0),
    memoryBytes: one.memoryBytes * n + extra.reduce((sum, s) => sum + s.memoryBytes, 0),
  };
}
