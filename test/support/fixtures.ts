import { App } from 'cdk8s';
import { OmsEnvironment, OmsEnvironmentProps } from '../../lib/k8s/environment/oms-environment';
import { OmsMicroserviceProps } from '../../lib/k8s/workloads/oms-microservice';
import { MicroserviceProps } from '../../lib/k8s/workloads/microservice';
import { renderEnvironment } from '../../lib/k8s/output/render';

/** A pinned image for tests. */
export const IMAGE = 'registry.example.com/oms/om-app:10.0.2409.1-abc1234';

/** A fresh environment named `test-env` (UAT on EKS unless overridden). */
export function newEnv(overrides: Partial<OmsEnvironmentProps> = {}, name = 'test-env'): OmsEnvironment {
  return new OmsEnvironment(new App(), name, {
    stage: 'uat',
    platform: 'eks',
    budget: { cpu: '100', memory: '400Gi' },
    ...overrides,
  });
}

/** Valid microservice properties (they suit both a plain service and an OMS app server). */
export function serviceProps<T extends MicroserviceProps | OmsMicroserviceProps>(overrides: Partial<T> = {}): T {
  return {
    image: IMAGE,
    resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } },
    ...overrides,
  } as T;
}

/** The rendered manifests of an environment. */
export function manifestsOf(env: OmsEnvironment): Record<string, any>[] {
  return renderEnvironment(env).manifests;
}

/** The one manifest of `kind` (and `name`, when given); throws when there is not exactly one. */
export function only(manifests: Record<string, any>[], kind: string, name?: string): Record<string, any> {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
  return found[0];
}
