import { ManifestValidator, KUBERNETES_VERSIONS } from './support/manifest-validator';
import { POD_SECURITY_CHECKS, podSecurityFindings, podTemplateOf } from './support/pod-security';
import { renderAllApps } from './support/apps';
import { manifestsOf, newEnv, omsProps, serviceProps } from './support/fixtures';
import { GatewayImplementation } from '../lib/k8s/platform/gateway-implementation';
import { OmsApiGateway } from '../lib/k8s/routing/oms-api-gateway';
import { Microservice } from '../lib/k8s/workloads/microservice';
import { OmsMicroservice } from '../lib/k8s/workloads/oms-microservice';

const ACM = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f';

// Every object of every app: strict schema validation on both Kubernetes
// versions, and the restricted Pod Security Standard with zero findings.
const apps = renderAllApps();
const manifests = apps.flatMap(({ env }) => env.manifests);

test('the project has apps to check', () => {
  expect(apps.length).toBeGreaterThanOrEqual(2);
  expect(manifests.length).toBeGreaterThan(0);
});

describe.each(KUBERNETES_VERSIONS)('Kubernetes %s, strict', (version) => {
  const validator = new ManifestValidator(version);
  test.each(apps.map((a) => [a.file, a.env] as const))('%s: every object is valid', (_file, env) => {
    const errors = env.manifests.flatMap((m) => validator.validate(m));
    expect(errors).toEqual([]);
  });
});

test('the strict validator rejects unknown fields and wrong types (it can fail)', () => {
  const validator = new ManifestValidator('v1.27.0');
  const deployment = manifests.find((m) => m.kind === 'Deployment')!;
  const broken = JSON.parse(JSON.stringify(deployment));
  broken.spec.template.spec.containers[0].securityContext.seccompProfil = { type: 'RuntimeDefault' };
  broken.spec.replicas = 'two';
  const errors = validator.validate(broken);
  expect(errors.join('\n')).toMatch(/must NOT have additional properties.*seccompProfil/);
  expect(errors.join('\n')).toMatch(/\/spec\/replicas must be integer/);
  const rollout = manifests.find((m) => m.kind === 'Rollout')!;
  expect(
    validator
      .validate({
        ...rollout,
        spec: { ...rollout.spec, strategy: { blueGreen: { ...rollout.spec.strategy.blueGreen, autoPromote: true } } },
      })
      .join('\n'),
  ).toMatch(/autoPromote/);
  const route = manifests.find((m) => m.kind === 'Route')!;
  expect(validator.validate({ ...route, spec: { ...route.spec, hots: 'x' } }).join('\n')).toMatch(/hots/);
});

test('Pod Security Standards, restricted profile (the upstream admission checks): zero findings over every app', () => {
  expect(POD_SECURITY_CHECKS.restricted).toEqual(
    expect.arrayContaining([
      'allowPrivilegeEscalation',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
      'capabilities_restricted',
      'restrictedVolumes',
    ]),
  );
  // Every workload kind with a pod template is checked, the KEDA ScaledJob and the Argo Rollout included.
  const kinds = new Set(manifests.filter((m) => podTemplateOf(m)?.spec !== undefined).map((m) => m.kind));
  expect([...kinds].sort()).toEqual(expect.arrayContaining(['Deployment', 'Job', 'Rollout', 'ScaledJob', 'StatefulSet']));
  expect(podSecurityFindings(manifests)).toEqual([]);
});

test('the Pod Security check finds violations when they exist (it can fail)', () => {
  const deployment = JSON.parse(JSON.stringify(manifests.find((m) => m.kind === 'Deployment')!));
  delete deployment.spec.template.spec.securityContext.seccompProfile;
  delete deployment.spec.template.spec.containers[0].securityContext.seccompProfile;
  deployment.spec.template.spec.containers[0].securityContext.capabilities = { add: ['NET_ADMIN'] };
  const checks = podSecurityFindings([deployment]).map((f) => f.check);
  expect(checks).toEqual(expect.arrayContaining(['seccompProfile_restricted', 'capabilities_restricted', 'capabilities_baseline']));
});

test('no plaintext secret: no Secret objects, and credential-like variables only by reference', () => {
  const secretName = /(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|PRIVATE_?KEY)/i;
  expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  const offending: string[] = [];
  for (const m of manifests) {
    const pod = m.spec?.template?.spec ?? m.spec?.jobTemplate?.spec?.template?.spec;
    for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
      for (const e of c.env ?? [])
        if (secretName.test(e.name) && e.value !== undefined) offending.push(`${m.kind}/${m.metadata.name} ${e.name}`);
    }
    if (m.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries<string>(m.data ?? {})) {
        if (secretName.test(k)) offending.push(`${m.kind}/${m.metadata.name} ${k}`);
        // A property may name a credential only by reference: $(VAR) (IBM's evaluateEnvs.sh) or ${env.VAR} (Liberty).
        for (const line of v.split('\n'))
          if (/^[^=]*(password|secret|token)[^=]*=(?!\$\([A-Za-z_]\w*\)$)/i.test(line))
            offending.push(`${m.kind}/${m.metadata.name} ${line}`);
        for (const attr of v.match(/password="[^"]*"/gi) ?? [])
          if (!/^password="\$\{env\.\w+\}"$/i.test(attr)) offending.push(`${m.kind}/${m.metadata.name} ${attr}`);
      }
    }
  }
  expect(offending).toEqual([]);
});

test('ScaledJob pod templates are checked too (a broken one is found)', () => {
  const scaledJob = JSON.parse(JSON.stringify(manifests.find((m) => m.kind === 'ScaledJob')!));
  delete scaledJob.spec.jobTargetRef.template.spec.securityContext.runAsNonRoot;
  delete scaledJob.spec.jobTargetRef.template.spec.containers[0].securityContext.runAsNonRoot;
  expect(podSecurityFindings([scaledJob]).map((f) => f.check)).toContain('runAsNonRoot');
});

test("only IBM's images (om-app, om-agent and their variants) run with a writable root filesystem", () => {
  const ibm = (image: string) => /\/om-(app|agent)[^/]*(:|@)/.test(image);
  const writable: string[] = [];
  for (const m of manifests) {
    const pod = podTemplateOf(m)?.spec;
    for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])])
      if (c.securityContext?.readOnlyRootFilesystem !== true && !ibm(c.image))
        writable.push(`${m.kind}/${m.metadata.name} ${c.name} ${c.image}`);
  }
  expect(writable).toEqual([]);
  expect(ibm('registry.example.com/polls/polls-api:1.4.2')).toBe(false);
  expect(ibm('cp.icr.io/cp/ibm-oms-enterprise/om-app:10.0.2409.1-amd64')).toBe(true);
});

// The objects each Gateway API implementation adds (the AWS load balancer's target group health checks, Envoy
// Gateway's BackendTrafficPolicy health checks, named HTTPRoute rules) are valid against their vendored CRDs too,
// though no app uses every implementation.
describe.each(KUBERNETES_VERSIONS)('gateway implementations on Kubernetes %s, strict', (version) => {
  const validator = new ManifestValidator(version);
  test.each([
    ['Envoy Gateway', GatewayImplementation.envoyGateway(), { tlsSecretName: 'tls' }],
    ['Istio', GatewayImplementation.istio(), { tlsSecretName: 'tls' }],
    ['the AWS load balancer', GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.20.0.0/16' }), { certificateArn: ACM }],
  ] as const)('%s: every object is valid', (_name, gateway, tls) => {
    const env = newEnv({ gateway });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    const reserve = new OmsMicroservice(env, 'reserve', omsProps({ apis: ['reserveAvailableInventory', 'getATP'] }));
    const polls = new Microservice(env, 'polls', serviceProps({ routes: ['/polls'], healthCheckSuccessCodes: '200-204' }));
    new OmsApiGateway(env, 'gw', { host: 'oms.example.com', defaultBackend: app, services: [reserve, polls], ...tls });
    const all = manifestsOf(env);
    expect(all.map((m) => m.kind)).toContain('HTTPRoute');
    expect(all.flatMap((m) => validator.validate(m))).toEqual([]);
  });
});

test('the vendored BackendTrafficPolicy schema refuses what Envoy Gateway would (it can fail)', () => {
  const validator = new ManifestValidator('v1.36.0');
  const env = newEnv({ gateway: GatewayImplementation.envoyGateway() });
  new OmsApiGateway(env, 'gw', {
    host: 'oms.example.com',
    defaultBackend: new OmsMicroservice(env, 'app', omsProps()),
    tlsSecretName: 'tls',
  });
  const policy = manifestsOf(env).find((m) => m.kind === 'BackendTrafficPolicy')!;
  expect(validator.validate(policy)).toEqual([]);
  const http = policy.spec.healthCheck.active.http;
  const broken = {
    ...policy,
    spec: {
      ...policy.spec,
      healthCheck: { active: { ...policy.spec.healthCheck.active, http: { ...http, expectedStatuses: [99], pth: '/' } } },
    },
  };
  const errors = validator.validate(broken).join('\n');
  expect(errors).toMatch(/expectedStatuses\/0 must be >= 100/);
  expect(errors).toMatch(/must NOT have additional properties/);
});
