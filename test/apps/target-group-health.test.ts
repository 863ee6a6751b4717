import { renderAllApps } from '../support/apps';

// Every Service an AWS load balancer routes to has a TargetGroupConfiguration whose health check requests the
// readiness path of the pods behind it (without one the ALB checks "/" and marks a service without a 200 there
// unhealthy). Checked over every app, from the rendered objects alone.
type Manifest = Record<string, any>;

const apps = renderAllApps();
const albApps = apps.filter(({ env }) => env.manifests.some((m) => m.kind === 'Gateway' && m.spec?.gatewayClassName === 'aws-alb'));

/** The Services the HTTPRoutes send to. */
const routedServices = (manifests: Manifest[]) =>
  [
    ...new Set(
      manifests
        .filter((m) => m.kind === 'HTTPRoute')
        .flatMap((r) => r.spec.rules.flatMap((rule: any) => rule.backendRefs.map((b: any) => b.name as string))),
    ),
  ].sort();

/** The server container of the pods a Service selects (through their Deployment or Rollout). */
function serverOf(manifests: Manifest[], serviceName: string): Manifest | undefined {
  const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === serviceName)!;
  const selector: Record<string, string> = service.spec.selector;
  const workload = manifests.find(
    (m) =>
      (m.kind === 'Deployment' || m.kind === 'Rollout') &&
      Object.entries(selector).every(([k, v]) => m.spec.template.metadata.labels?.[k] === v),
  );
  return workload?.spec.template.spec.containers[0];
}
const readinessPath = (manifests: Manifest[], serviceName: string): string | undefined =>
  serverOf(manifests, serviceName)?.readinessProbe?.httpGet?.path;

/** IBM's chart gives OMS app servers cookie affinity: the ALB keeps a client on its pod by Liberty's JSESSIONID. */
const STICKY = [
  { key: 'stickiness.enabled', value: 'true' },
  { key: 'stickiness.type', value: 'app_cookie' },
  { key: 'stickiness.app_cookie.cookie_name', value: 'JSESSIONID' },
  { key: 'stickiness.app_cookie.duration_seconds', value: '86400' },
];

test('the apps behind an AWS load balancer are found', () => {
  expect(albApps.map((a) => a.file)).toEqual(expect.arrayContaining(['polls-uat.ts', 'polls-production.ts', 'production.ts']));
});

describe.each(albApps.map(({ file, env }) => [file, env.manifests] as const))('%s', (_file, manifests) => {
  test.each(routedServices(manifests))('%s: the target group checks its readiness path', (serviceName) => {
    const configs = manifests.filter((m) => m.kind === 'TargetGroupConfiguration' && m.spec.targetReference?.name === serviceName);
    expect(configs).toHaveLength(1);
    const path = readinessPath(manifests, serviceName);
    expect(path).toMatch(/^\//);
    expect(configs[0].apiVersion).toBe('gateway.k8s.aws/v1');
    const omsAppServer = /\/om-app[^/]*(:|@)/.test(serverOf(manifests, serviceName)!.image);
    expect(configs[0].spec.defaultConfiguration).toEqual({
      targetType: 'ip',
      healthCheckConfig: { healthCheckPath: path, healthCheckProtocol: 'HTTP', matcher: { httpCode: '200' } },
      ...(omsAppServer ? { targetGroupAttributes: STICKY } : {}),
    });
  });
});

test('no app writes the load balancer parameters at v1beta1', () => {
  const old = apps.flatMap(({ file, env }) =>
    env.manifests.filter((m) => m.apiVersion === 'gateway.k8s.aws/v1beta1').map((m) => `${file}: ${m.kind} ${m.metadata.name}`),
  );
  expect(old).toEqual([]);
});
