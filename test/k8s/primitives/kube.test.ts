import { JsonPatch } from 'cdk8s';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { k8s } from '../../../lib/k8s/primitives/kube';
import { newEnv } from '../../support/fixtures';
import { ManifestValidator } from '../../support/manifest-validator';

// The generated classes are Kubernetes 1.36's: fields added after 1.27 are typed, and survive rendering on both
// paths (the one-copy rendering, and the class's own converter, which runs for an object with a JSON patch).
// cdk8s-plus-27's classes dropped both of these fields silently.
function objects(patched: boolean) {
  const env = newEnv();
  const service = new k8s.KubeService(env, 'svc', {
    metadata: { name: 'svc' },
    spec: {
      selector: { app: 'a' },
      ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }],
      trafficDistribution: 'PreferSameZone',
    },
  });
  const deployment = new k8s.KubeDeployment(env, 'deploy', {
    metadata: { name: 'deploy' },
    spec: {
      selector: { matchLabels: { app: 'a' } },
      template: {
        metadata: { labels: { app: 'a' } },
        spec: {
          // A native sidecar (Kubernetes 1.29+): an init container that keeps running beside the app.
          initContainers: [{ name: 'proxy', image: 'registry.example.com/proxy:1.0.0', restartPolicy: 'Always' }],
          containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0' }],
        },
      },
    },
  });
  if (patched) for (const o of [service, deployment]) o.addJsonPatch(JsonPatch.add('/metadata/annotations', { patched: 'yes' }));
  const { manifests } = renderEnvironment(env);
  return {
    service: manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'svc')!,
    deployment: manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'deploy')!,
  };
}

test.each([
  ['rendered in one copy', false],
  ['converted by its class (a JSON patch)', true],
])('trafficDistribution and native sidecars survive, %s', (_how, patched) => {
  const { service, deployment } = objects(patched);
  expect(service.spec.trafficDistribution).toBe('PreferSameZone');
  expect(deployment.spec.template.spec.initContainers).toEqual([
    { image: 'registry.example.com/proxy:1.0.0', name: 'proxy', restartPolicy: 'Always' },
  ]);
  if (patched) expect(service.metadata.annotations).toEqual({ patched: 'yes' });
});

test('they are valid Kubernetes 1.36 (strict) and would be refused by the 1.27 schema', () => {
  const { service, deployment } = objects(false);
  const v136 = new ManifestValidator('v1.36.0');
  expect([...v136.validate(service), ...v136.validate(deployment)]).toEqual([]);
  const v127 = new ManifestValidator('v1.27.0');
  expect(v127.validate(service).join('\n')).toContain('trafficDistribution');
  expect(v127.validate(deployment).join('\n')).toContain('restartPolicy');
});
