import { AgentPool } from '../../../lib/k8s/workloads/agent-pool';
import { MessageBroker } from '../../../lib/k8s/connections/message-broker';
import { EnvironmentMonitoring, EnvironmentMonitoringProps } from '../../../lib/k8s/monitoring/environment-monitoring';
import { Scraper } from '../../../lib/k8s/monitoring/scraper';
import { OpenShiftLogForwarding } from '../../../lib/k8s/monitoring/log-forwarding';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { topologyOf } from '../../../lib/k8s/output/topology';
import { AGENT_IMAGE, IMAGE, TEST_DB, manifestsOf, newEnv, omsProps, only, serviceProps } from '../../support/fixtures';
import { promqlErrors } from '../../support/promql';
import { ManifestValidator } from '../../support/manifest-validator';

const mq = () =>
  MessageBroker.ibmMq({
    name: 'mq',
    adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
    credentials: { secretName: 'mq-admin' },
    queues: ['OMS.SCHEDULE', 'OMS.RELEASE'],
    egress: [{ cidr: '10.1.0.0/24', ports: [1414, 9443] }],
  });

/** App server, an API owner and a queue-driven agent pool behind one gateway, then monitoring. */
function omsEstate(props: EnvironmentMonitoringProps = {}, envProps: Parameters<typeof newEnv>[0] = {}) {
  const env = newEnv(envProps);
  const app = new OmsMicroservice(env, 'app-server', omsProps());
  const reserve = new OmsMicroservice(env, 'reserve', omsProps({ apis: ['getATP'], maxReplicas: 4 }));
  new AgentPool(env, 'agents', {
    image: AGENT_IMAGE,
    servers: ['ScheduleOrderServer'],
    connections: [TEST_DB],
    resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
    scaling: mq().queueDepth('OMS.SCHEDULE', { target: 20 }),
    maxReplicas: 5,
  });
  new OmsApiGateway(env, 'gateway', {
    host: 'oms.test.example.com',
    defaultBackend: app,
    services: [reserve],
    ...(envProps.platform === 'openshift' ? {} : { tlsSecretName: 'tls' }),
  });
  const monitoring = new EnvironmentMonitoring(env, 'monitoring', props);
  return { env, monitoring, manifests: manifestsOf(env) };
}

const rulesOf = (manifests: Record<string, any>[]) =>
  only(manifests, 'PrometheusRule').spec.groups.flatMap((g: any) => g.rules) as {
    alert: string;
    expr: string;
    labels: Record<string, string>;
  }[];

describe('an OMS environment on EKS', () => {
  const { manifests, monitoring } = omsEstate({ objectives: { routes: { getATP: { latencyP99Ms: 250, availabilityPercent: 99.5 } } } });

  test("a routed API's objective becomes its alerts: p99 against its target and the burn rate of its budget", () => {
    const rules = rulesOf(manifests).filter((r) => r.labels.route === 'getATP');
    const p99 = rules.find((r) => r.alert === 'GetATPLatencyP99')!;
    const sel = 'namespace="test-env",job=~"test-env/reserve",http_route="/smcfs/restapi/invoke/getATP"';
    expect(p99.expr).toBe(
      `(histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{${sel}}[5m])))) > 0.25 and ` +
        `(histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{${sel}}[1h])))) > 0.25`,
    );
    const burn = rules.filter((r) => r.alert === 'GetATPErrorBudgetBurn');
    expect(burn.map((r) => [r.labels.long_window, r.labels.short_window, r.expr.match(/> ([0-9.]+)$/)![1]])).toEqual([
      ['1h', '5m', '0.072'],
      ['6h', '30m', '0.03'],
      ['1d', '2h', '0.015'],
      ['3d', '6h', '0.005'],
    ]);
    expect(monitoring.objectives).toEqual([{ route: 'getATP', objective: { availabilityPercent: 99.5, latencyP99Ms: 250 } }]);
  });

  test('every alert expression parses with PromQL', () => {
    const rules = rulesOf(manifests);
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) expect([r.alert, promqlErrors(r.expr)]).toEqual([r.alert, []]);
  });

  test("the app servers' Liberty metrics are scraped over HTTPS with the reader's login, from exactly their pods", () => {
    for (const name of ['app-server', 'reserve']) {
      const monitor = only(manifests, 'PodMonitor', name);
      const deployment = only(manifests, 'Deployment', name);
      expect(monitor.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
      expect(monitor.spec.podMetricsEndpoints).toEqual([
        {
          port: 'https',
          path: '/metrics',
          scheme: 'https',
          basicAuth: {
            username: { name: 'oms-metrics-reader', key: 'username' },
            password: { name: 'oms-metrics-reader', key: 'password' },
          },
          tlsConfig: { insecureSkipVerify: true },
        },
        // OMS's own statistics, refreshed every 2 minutes.
        { port: 'https', path: '/smcfs/servlets/MetricsServlet', scheme: 'https', interval: '2m', tlsConfig: { insecureSkipVerify: true } },
      ]);
      expect(deployment.spec.template.spec.containers[0].ports).toContainEqual({ name: 'https', containerPort: 9443, protocol: 'TCP' });
      const policy = only(manifests, 'NetworkPolicy', `${name}-metrics`);
      expect(policy.spec).toEqual({
        podSelector: { matchLabels: deployment.spec.selector.matchLabels },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
            ports: [{ port: 9443, protocol: 'TCP' }],
          },
        ],
      });
    }
    expect(manifests.filter((m) => m.kind === 'PodMonitor').map((m) => m.metadata.name)).toEqual(['app-server', 'reserve', 'agents']);
  });

  test("each agent server's JVM serves OMS's statistics on its own port, scraped every 2 minutes", () => {
    const deployment = only(manifests, 'Deployment', 'agents');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'metrics-0', containerPort: 8002, protocol: 'TCP' }]);
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'AGENT_HTTP_ENABLED', value: 'true' },
        { name: 'AGENT_HTTP_PORT', value: '8002' },
      ]),
    );
    const monitor = only(manifests, 'PodMonitor', 'agents');
    expect(monitor.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'metrics-0', path: '/metrics', interval: '2m' }]);
    expect(only(manifests, 'NetworkPolicy', 'agents-metrics').spec.ingress[0].ports).toEqual([{ port: 8002, protocol: 'TCP' }]);
    expect(only(manifests, 'ConfigMap', 'agents-config').data['system_overrides.properties']).toContain('yfs.prometheus.enabled=true\n');
  });

  test("server.xml turns Liberty's metrics on behind a login, with the reader role for the scraper's user", () => {
    const xml = only(manifests, 'ConfigMap', 'reserve-config').data['server.xml'];
    expect(xml).toContain('<feature>mpMetrics-1.1</feature>');
    expect(xml).toContain('<mpMetrics authentication="true"/>');
    expect(xml).toMatch(/<reader-role>\s*<user>nonadmin<\/user>\s*<\/reader-role>/);
  });

  test('the agent pool gets backlog and age alerts from the depth KEDA reads, and every workload its health alerts', () => {
    const rules = rulesOf(manifests);
    expect(rules.find((r) => r.alert === 'AgentsQueueBacklog')!.expr).toBe(
      'max(keda_scaler_metrics_value{namespace="test-env",scaledObject="agents",type="scaledobject"}) > 100',
    );
    expect(rules.find((r) => r.alert === 'AgentsQueueNotDraining')!.labels.queue).toBe('OMS.SCHEDULE');
    expect(rules.find((r) => r.alert === 'AgentsAtMaxReplicas')!.expr).toContain('horizontalpodautoscaler="keda-hpa-agents"');
    expect(rules.find((r) => r.alert === 'ReserveAtMaxReplicas')!.expr).toContain('horizontalpodautoscaler="reserve"');
    for (const w of ['AppServer', 'Reserve', 'Agents']) {
      expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining([`${w}CrashLooping`, `${w}PodsNotReady`]));
    }
    expect(rules.map((r) => r.alert)).toContain('EnvironmentBudgetNearlyUsed');
  });

  test('the dashboard is a ConfigMap the Grafana sidecar loads, with valid queries', () => {
    const cm = only(manifests, 'ConfigMap', 'test-env-dashboard');
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    const json = JSON.parse(cm.data['test-env.json']);
    expect(json.uid).toBe('oms-test-env');
    expect(json.panels.map((p: any) => p.title)).toContain('Queue depth (as KEDA reads it)');
    for (const p of json.panels) for (const t of p.targets) expect(promqlErrors(t.expr)).toEqual([]);
  });

  test('no log forwarder on EKS (the AWS stack ships container logs)', () => {
    expect(manifests.filter((m) => m.kind === 'ClusterLogForwarder')).toEqual([]);
  });
});

test('OpenShift: user workload monitoring scrapes, and OpenShift Logging forwards the namespace to its LokiStack', () => {
  const { manifests } = omsEstate({}, { platform: 'openshift' });
  expect(only(manifests, 'NetworkPolicy', 'reserve-metrics').spec.ingress[0].from).toEqual([
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-user-workload-monitoring' } } },
  ]);
  const clf = only(manifests, 'ClusterLogForwarder');
  expect(clf.metadata).toMatchObject({ name: 'test-env-logs', namespace: 'openshift-logging' });
  expect(clf.spec.inputs).toEqual([{ name: 'environment', type: 'application', application: { includes: [{ namespace: 'test-env' }] } }]);
  expect(clf.spec.outputs[0].lokiStack.target).toEqual({ name: 'logging-loki', namespace: 'openshift-logging' });
  const bindings = manifests.filter((m) => m.kind === 'ClusterRoleBinding');
  expect(bindings.map((b) => [b.roleRef.name, b.metadata.namespace, b.subjects])).toEqual([
    ['collect-application-logs', undefined, [{ kind: 'ServiceAccount', name: 'test-env-logs', namespace: 'openshift-logging' }]],
    ['logging-collector-logs-writer', undefined, [{ kind: 'ServiceAccount', name: 'test-env-logs', namespace: 'openshift-logging' }]],
  ]);
});

test("Istio: objectives read the proxies' histogram per destination service", () => {
  const { manifests } = omsEstate({}, { gateway: GatewayImplementation.istio() });
  const p99 = rulesOf(manifests).find((r) => r.alert === 'GetATPLatencyP99')!;
  expect(p99.expr).toContain(
    'istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="test-env",destination_service_name="reserve"}[5m]',
  );
  expect(p99.expr).toContain('* 0.001) > 1');
});

test('a plain service declares its metrics: its own histogram, its route as a prefix, the scraper label on the monitor', () => {
  const env = newEnv();
  const api = new Microservice(
    env,
    'polls-api',
    serviceProps({
      image: IMAGE,
      port: 5000,
      routes: ['/polls'],
      metrics: {
        port: 5000,
        path: '/metrics',
        requestHistogram: { name: 'flask_http_request_duration_seconds', routeLabel: 'path', statusLabel: 'status' },
      },
    }),
  );
  new OmsApiGateway(env, 'gateway', { host: 'polls.example.com', defaultBackend: api, services: [api], tlsSecretName: 'tls' });
  new EnvironmentMonitoring(env, 'monitoring', { scraper: Scraper.prometheus({ selectorLabels: { release: 'kube-prometheus-stack' } }) });
  const manifests = manifestsOf(env);
  const monitor = only(manifests, 'PodMonitor', 'polls-api');
  expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
  expect(only(manifests, 'PrometheusRule').metadata.labels.release).toBe('kube-prometheus-stack');
  expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'http', path: '/metrics' }]);
  const rule = rulesOf(manifests).find((r) => r.alert === 'PollsApiPollsLatencyP99')!;
  expect(rule.expr).toContain(
    'flask_http_request_duration_seconds_bucket{namespace="test-env",job=~"test-env/polls-api",path=~"/polls(/.*)?"}',
  );
});

const ERR = (path: string, lines: string[]) => `${path}: invalid configuration\n${lines.map((l) => `  - ${l}`).join('\n')}`;

test.each<[string, () => void, string]>([
  [
    'an objective above 100%',
    () => omsEstate({ objectives: { routes: { getATP: { availabilityPercent: 101 } } } }),
    ERR('test-env/monitoring', [
      'objectives.routes["getATP"].availabilityPercent must be a percentage above 0 and below 100 (100% leaves no error budget to alert on) (received 101). Fix: give the share of good requests, e.g. 99.9',
    ]),
  ],
  [
    'a latency target of zero',
    () => omsEstate({ objectives: { default: { latencyP99Ms: 0 } } }),
    ERR('test-env/monitoring', [
      'objectives.default.latencyP99Ms must be a positive number of milliseconds (received 0). Fix: give the 99th-percentile latency callers may expect, e.g. 800',
    ]),
  ],
  [
    'an objective for a route nobody routes',
    () => omsEstate({ objectives: { routes: { getOrderList: { latencyP99Ms: 500 } } } }),
    ERR('test-env/monitoring', [
      'objectives.routes["getOrderList"] must name an API or path the environment\'s gateway routes (getATP) (received "getOrderList"). Fix: use the API name (e.g. "getATP") or the route prefix (e.g. "/polls") as routed',
    ]),
  ],
  [
    'an alert for a queue no pool scales on',
    () => omsEstate({ queues: { 'OMS.RELEASE': { maxMessages: 10 } } }),
    ERR('test-env/monitoring', [
      'queues["OMS.RELEASE"] must name a queue an agent pool scales on, whose depth KEDA reads (OMS.SCHEDULE) (received "OMS.RELEASE"). Fix: use the queue name given to broker.queueDepth(...), or scale a pool on that queue first',
    ]),
  ],
  [
    'a metrics port the container does not expose',
    () => new Microservice(newEnv(), 'api', serviceProps({ port: 5000, metrics: { port: 9100 } })),
    ERR('test-env/api', [
      'metrics.port must be a port the container exposes (5000): a scraper drops pods that do not declare it (received 9100). Fix: serve the metrics on 5000, or expose the port first',
    ]),
  ],
  [
    'a routed service without metrics',
    () => {
      const env = newEnv();
      const api = new Microservice(env, 'api', serviceProps({ routes: ['/api'] }));
      new OmsApiGateway(env, 'gateway', { host: 'api.example.com', defaultBackend: api, services: [api], tlsSecretName: 'tls' });
      new EnvironmentMonitoring(env, 'monitoring');
    },
    ERR('test-env/monitoring', [
      'objectives need request metrics for every route: /api goes to api, which serves none (received "/api"). Fix: declare metrics: { port, path, requestHistogram } on api (the server must export a request histogram)',
    ]),
  ],
  [
    'a scraper namespace that is no namespace name',
    () => Scraper.prometheus({ namespace: 'Monitoring' }),
    ERR('Scraper.prometheus', [
      'namespace must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Monitoring"). Fix: give the namespace the scraper (or collector) runs in, e.g. "monitoring"',
    ]),
  ],
  [
    'a log collector namespace that is no namespace name',
    () => new OpenShiftLogForwarding({ namespace: 'openshift_logging' }),
    ERR('OpenShiftLogForwarding', [
      'namespace must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "openshift_logging"). Fix: give the namespace the scraper (or collector) runs in, e.g. "monitoring"',
    ]),
  ],
])('%s fails with the fix', (_case, build, message) => {
  expect(build).toThrow(message);
  try {
    build();
  } catch (e) {
    expect((e as Error).message).toBe(message);
  }
});

test('a workload created after the monitoring fails synthesis, naming it', () => {
  const { env } = omsEstate();
  new OmsMicroservice(env, 'late', omsProps());
  expect(() => renderEnvironment(env)).toThrow(
    'test-env/monitoring: invalid configuration\n  - scope must be created after every workload and gateway it monitors: test-env/late was created later (received "test-env/late"). Fix: create test-env/monitoring last in the app',
  );
});

test('the topology links to the dashboard', () => {
  const { env } = omsEstate({ dashboard: { grafanaUrl: 'https://grafana.example.com/' } });
  const mmd = topologyOf(env);
  expect(mmd).toContain('dashboard(["Grafana dashboard<br/>https://grafana.example.com/d/oms-test-env"])');
  expect(mmd).toContain('click dashboard "https://grafana.example.com/d/oms-test-env" _blank');
});

test('OpenShift Logging to CloudWatch: the output the vendored CRD accepts, with the role ARN from a Secret', () => {
  const output = {
    type: 'cloudwatch',
    region: 'eu-west-1',
    groupName: 'oms-uat',
    roleArnSecret: { name: 'cw-role', key: 'role_arn' },
  } as const;
  const { manifests } = omsEstate({ logForwarding: new OpenShiftLogForwarding({ output }) }, { platform: 'openshift' });
  const clf = only(manifests, 'ClusterLogForwarder');
  expect(clf.spec.outputs).toEqual([
    {
      name: 'cloudwatch',
      type: 'cloudwatch',
      cloudwatch: {
        region: 'eu-west-1',
        groupName: 'oms-uat',
        authentication: {
          type: 'iamRole',
          iamRole: { roleARN: { secretName: 'cw-role', key: 'role_arn' }, token: { from: 'serviceAccount' } },
        },
      },
    },
  ]);
  // Only the reader role: nothing is written to a LokiStack.
  expect(manifests.filter((m) => m.kind === 'ClusterRoleBinding').map((b) => b.roleRef.name)).toEqual(['collect-application-logs']);
  const validator = new ManifestValidator('v1.33.0');
  expect(manifests.flatMap((m) => validator.validate(m))).toEqual([]);
  expect(
    validator.validate({ ...clf, spec: { ...clf.spec, outputs: [{ ...clf.spec.outputs[0], cloudwatch: { region: 'eu-west-1' } }] } }),
  ).not.toEqual([]);
});
