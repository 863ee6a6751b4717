import { ResourceRequirements, renderResources } from '../../core';
import { k8s } from '../primitives/kube';

/** Requests and limits as Kubernetes quantities. */
export function toK8sResources(resources: ResourceRequirements): k8s.ResourceRequirements {
  const rendered = renderResources(resources);
  const q = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
  return { requests: q(rendered.requests), limits: q(rendered.limits) };
}
