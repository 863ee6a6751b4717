import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import { DB, IMAGE, apisOf } from './estate';

// The same estate written by hand with plain cdk8s-plus-27 and ApiObjects, as a
// platform team would without this library: the baseline of the benchmark.

const LABELS = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': `bench-${name}`,
  'app.kubernetes.io/component': 'app-server',
  'app.kubernetes.io/part-of': 'oms',
  'app.kubernetes.io/managed-by': 'platform-team',
  'app.kubernetes.io/version': '10.0.2409.1-bench',
  'oms.platform/environment': 'bench',
});
const SELECTOR = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `bench-${name}` });

// What cdk8s-plus-27 cannot express is patched in, as its documentation suggests.
function patches(obj: ApiObject, name: string): void {
  const pod = '/spec/template/spec';
  obj.addJsonPatch(JsonPatch.add(`${pod}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  obj.addJsonPatch(JsonPatch.add(`${pod}/containers/0/securityContext/capabilities`, { drop: ['ALL'] }));
  obj.addJsonPatch(JsonPatch.add(`${pod}/containers/0/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  obj.addJsonPatch(JsonPatch.add(`${pod}/enableServiceLinks`, false));
  obj.addJsonPatch(JsonPatch.add(`${pod}/containers/0/terminationMessagePolicy`, 'FallbackToLogsOnError'));
  obj.addJsonPatch(JsonPatch.add(`${pod}/containers/0/volumeMounts/0/subPath`, 'customer_overrides.properties'));
  obj.addJsonPatch(
    JsonPatch.add(
      `${pod}/topologySpreadConstraints`,
      ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
        topologyKey,
        maxSkew: 1,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: SELECTOR(name) },
        matchLabelKeys: ['pod-template-hash'],
      })),
    ),
  );
}

function container(scope: Chart, name: string, cm: kplus.ConfigMap, withPort: boolean): kplus.ContainerProps {
  const probe = (period: number, failures: number) =>
    kplus.Probe.fromHttpGet('/smcfs/console/start.jsp', {
      port: 9080,
      periodSeconds: Duration.seconds(period),
      failureThreshold: failures,
      timeoutSeconds: Duration.seconds(5),
    });
  const env: Record<string, kplus.EnvValue> = {};
  for (const key of ['OMS_SERVER_NAMES', 'JVM_ARGS', 'OMS_CORE_THREADS', 'OMS_MAX_THREADS', 'OMS_DB_POOL_MIN', 'OMS_DB_POOL_MAX']) {
    if (withPort && key === 'OMS_SERVER_NAMES') continue;
    env[key] = kplus.EnvValue.fromConfigMap(cm, key);
  }
  env.DB_PASSWORD = kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, `${name}-db`, 'oms-db'), key: 'password' });
  return {
    name: 'server',
    image: IMAGE,
    portNumber: withPort ? 9080 : undefined,
    resources: {
      cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(1) },
      memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
      ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
    },
    securityContext: {
      ensureNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      user: 10001,
      group: 10001,
    },
    envVariables: env,
    startup: withPort ? probe(10, 90) : undefined,
    readiness: withPort ? probe(10, 3) : undefined,
    liveness: withPort ? probe(30, 20) : undefined,
    lifecycle: { preStop: kplus.Handler.fromCommand(['/bin/sh', '-c', withPort ? 'sleep 15' : 'touch /tmp/oms-drain && sleep 60']) },
    volumeMounts: [
      {
        path: '/opt/ssfs/runtime/properties/customer_overrides.properties',
        volume: kplus.Volume.fromConfigMap(scope, `${name}-cfgvol`, cm, { name: 'config' }),
        readOnly: true,
      },
      ...['/tmp', '/logs', '/opt/ibm/wlp/output'].map((path, i) => ({
        path,
        volume: kplus.Volume.fromEmptyDir(scope, `${name}-scratch-${i}`, `scratch-${i}`, { sizeLimit: Size.gibibytes(1) }),
      })),
    ],
  };
}

function workload(chart: Chart, name: string, withPort: boolean, autoscale: boolean): kplus.Deployment {
  const labels = LABELS(name);
  const sa = new kplus.ServiceAccount(chart, `${name}-sa`, { metadata: { name, labels }, automountToken: false });
  const cm = new kplus.ConfigMap(chart, `${name}-cm`, {
    metadata: { name: `${name}-config`, labels },
    data: {
      JVM_ARGS: '-Xms1433m -Xmx1433m -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC',
      OMS_CORE_THREADS: '20',
      OMS_MAX_THREADS: '100',
      OMS_DB_POOL_MIN: '10',
      OMS_DB_POOL_MAX: '50',
      'customer_overrides.properties': '',
      ...(withPort ? {} : { OMS_SERVER_NAMES: name }),
    },
  });
  const deployment = new kplus.Deployment(chart, name, {
    metadata: { name, labels },
    podMetadata: { labels, annotations: { 'oms.platform/config-hash': '0123456789abcdef' } },
    select: false,
    replicas: autoscale ? undefined : 1,
    serviceAccount: sa,
    automountServiceAccountToken: false,
    terminationGracePeriod: Duration.seconds(90),
    minReady: Duration.seconds(10),
    progressDeadline: Duration.seconds(1200),
    securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.percent(25),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    containers: [container(chart, name, cm, withPort)],
  });
  deployment.select(kplus.LabelSelector.of({ labels: SELECTOR(name) }));
  patches(ApiObject.of(deployment), name);
  new kplus.k8s.KubePodDisruptionBudget(chart, `${name}-pdb`, {
    metadata: { name, labels },
    spec: {
      maxUnavailable: kplus.k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: SELECTOR(name) },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
  const port = [{ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(9080) }];
  new kplus.k8s.KubeNetworkPolicy(chart, `${name}-np`, {
    metadata: { name, labels },
    spec: {
      podSelector: { matchLabels: SELECTOR(name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: withPort
        ? [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: port }]
        : undefined,
      egress: [{ to: [{ ipBlock: { cidr: DB.cidr } }], ports: [{ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(5432) }] }],
    },
  });
  return deployment;
}

/** Builds the estate with plain cdk8s-plus-27 and renders it to YAML the same way (one document per object). */
export function synthPlain(n: number): string {
  const chart = new Chart(new App(), 'bench', { namespace: 'bench', disableResourceNameHashes: true });
  new kplus.k8s.KubeNamespace(chart, 'ns', { metadata: { name: 'bench', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
  new kplus.k8s.KubeResourceQuota(chart, 'quota', {
    metadata: { name: 'budget' },
    spec: { hard: { 'limits.cpu': kplus.k8s.Quantity.fromString('100000'), 'limits.memory': kplus.k8s.Quantity.fromString('100000Gi') } },
  });
  new kplus.k8s.KubeNetworkPolicy(chart, 'deny', {
    metadata: { name: 'default-deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  const ingress = new kplus.Ingress(chart, 'gateway', { metadata: { name: 'gateway' } });
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const deployment = workload(chart, name, true, true);
    const service = new kplus.Service(chart, `${name}-svc`, {
      metadata: { name, labels: LABELS(name) },
      selector: deployment,
      ports: [{ name: 'http', port: 9080, targetPort: 9080 }],
    });
    new kplus.HorizontalPodAutoscaler(chart, `${name}-hpa`, {
      metadata: { name, labels: LABELS(name) },
      target: deployment,
      minReplicas: 2,
      maxReplicas: 4,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
      scaleUp: {
        stabilizationWindow: Duration.minutes(1),
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        policies: [
          { replicas: kplus.Replicas.absolute(2), duration: Duration.minutes(2) },
          { replicas: kplus.Replicas.percent(50), duration: Duration.minutes(2) },
        ],
      },
      scaleDown: {
        stabilizationWindow: Duration.minutes(5),
        strategy: kplus.ScalingStrategy.MIN_CHANGE,
        policies: [{ replicas: kplus.Replicas.absolute(1), duration: Duration.minutes(2) }],
      },
    });
    for (const api of apisOf(i)) {
      ingress.addHostRule(
        'oms.bench.example.com',
        `/smcfs/restapi/invoke/${api}`,
        kplus.IngressBackend.fromService(service),
        kplus.HttpIngressPathType.EXACT,
      );
    }
  }
  for (let i = 0; i < Math.floor(n / 10); i++) {
    const name = `agents-${i}`;
    workload(chart, name, false, true);
    new ApiObject(chart, `${name}-auth`, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: `${name}-queue-auth` },
      spec: {
        secretTargetRef: [
          { parameter: 'username', name: 'mq-admin', key: 'username' },
          { parameter: 'password', name: 'mq-admin', key: 'password' },
        ],
      },
    });
    new ApiObject(chart, `${name}-so`, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name },
      spec: {
        scaleTargetRef: { name },
        minReplicaCount: 0,
        maxReplicaCount: 4,
        triggers: [
          {
            type: 'ibmmq',
            metadata: {
              host: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
              queueName: `OMS.Q${i}`,
              queueDepth: '10',
            },
            authenticationRef: { name: `${name}-queue-auth` },
          },
        ],
      },
    });
  }
  return chart
    .toJson()
    .map((d) => stringify(d, { lineWidth: 0 }))
    .join('---\n');
}
