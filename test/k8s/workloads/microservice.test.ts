import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { IMAGE, manifestsOf, newEnv, only, serviceProps } from '../../support/fixtures';

describe('Microservice defaults', () => {
  const env = newEnv();
  new Microservice(env, 'reserve', serviceProps());
  const manifests = manifestsOf(env);
  const deployment = only(manifests, 'Deployment', 'reserve');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('creates the full object set, named after the service', () => {
    const kinds = manifests.filter((m) => m.metadata.name?.startsWith('reserve')).map((m) => `${m.kind}/${m.metadata.name}`);
    expect(kinds.sort()).toEqual([
      'Deployment/reserve',
      'HorizontalPodAutoscaler/reserve',
      'NetworkPolicy/reserve',
      'PodDisruptionBudget/reserve',
      'Service/reserve',
      'ServiceAccount/reserve',
    ]);
  });

  test('the HPA owns the replica count: no spec.replicas, UAT range 2..4, explicit behaviour', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
    const hpa = only(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name: 'reserve' } });
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(hpa.spec.behavior.scaleUp.policies.length).toBeGreaterThan(0);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });

  test('rolls out without losing capacity and spreads over zones and nodes', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  test('probes on /healthz: five minutes to start; liveness is more tolerant than readiness', () => {
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBe(300);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.livenessProbe.periodSeconds * container.livenessProbe.failureThreshold).toBeGreaterThan(
      container.readinessProbe.periodSeconds * container.readinessProbe.failureThreshold,
    );
  });

  test('stops gracefully: preStop delay inside the grace period', () => {
    expect(container.lifecycle.preStop.exec.command).toEqual(['/bin/sh', '-c', 'sleep "$1"', 'pre-stop', '10']);
    expect(pod.terminationGracePeriodSeconds).toBe(40);
  });

  test('restricted security on EKS: fixed non-root UID, seccomp, no capabilities, read-only root, no token', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(only(manifests, 'ServiceAccount', 'reserve').automountServiceAccountToken).toBe(false);
  });

  test('resources are exactly what was asked, plus default scratch storage', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '2Gi', 'ephemeral-storage': '256Mi' },
      limits: { cpu: '2', memory: '3Gi', 'ephemeral-storage': '2Gi' },
    });
  });

  test('nothing of OMS: no variables, no configuration files, no OMS mounts or labels', () => {
    expect(container.env).toEqual([]);
    expect(container.volumeMounts).toEqual([{ name: 'scratch-tmp', mountPath: '/tmp' }]);
    expect(manifests.filter((m) => m.kind === 'ConfigMap')).toEqual([]);
    expect(JSON.stringify(deployment.spec.template)).not.toMatch(/smcfs|ssfs|JVM|OMS_|oms\.platform|"oms"/);
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe('reserve');
    expect(Object.keys(deployment.spec.template.metadata.labels).filter((k) => !k.startsWith('app.kubernetes.io/'))).toEqual([]);
  });

  test('standard labels, with the image tag as version', () => {
    expect(deployment.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'reserve',
      'app.kubernetes.io/instance': 'test-env-reserve',
      'app.kubernetes.io/component': 'service',
      'app.kubernetes.io/part-of': 'reserve',
      'app.kubernetes.io/managed-by': 'oms-platform-constructs',
      'app.kubernetes.io/version': '10.0.2409.1-abc1234',
      'oms.platform/environment': 'test-env',
    });
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'reserve',
      'app.kubernetes.io/instance': 'test-env-reserve',
    });
  });

  test('PDB keeps all but one pod through voluntary disruptions and does not block on unhealthy pods', () => {
    expect(only(manifests, 'PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  test('only the gateway namespace may call it by default, and it may only send DNS (environment-wide)', () => {
    const np = only(manifests, 'NetworkPolicy', 'reserve');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    // No egress rule: only the environment-wide DNS policy lets it out.
    expect(np.spec.egress).toBeUndefined();
  });
});

describe('Microservice properties', () => {
  test('fixed replicas when min equals max: spec.replicas and no HPA', () => {
    const env = newEnv();
    new Microservice(env, 'app', serviceProps({ minReplicas: 3, maxReplicas: 3 }));
    const manifests = manifestsOf(env);
    expect(only(manifests, 'Deployment').spec.replicas).toBe(3);
    expect(manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  test('stage defaults: production runs 3..10, branch 1..2', () => {
    const prod = newEnv({ stage: 'prod' });
    new Microservice(prod, 'app', serviceProps());
    expect(only(manifestsOf(prod), 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    const branch = newEnv({ stage: 'branch' });
    new Microservice(branch, 'app', serviceProps());
    expect(only(manifestsOf(branch), 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 1, maxReplicas: 2 });
  });

  test('OpenShift: no fixed UID, GID or fsGroup (the SCC assigns them); still non-root with seccomp', () => {
    const env = newEnv({ platform: 'openshift' });
    new Microservice(env, 'app', serviceProps());
    expect(only(manifestsOf(env), 'Deployment').spec.template.spec.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('port, probe path, routes, timings and command are configurable', () => {
    const env = newEnv();
    new Microservice(
      env,
      'app',
      serviceProps({
        port: 5000,
        healthCheckPath: '/ping',
        routes: ['/polls'],
        startupTimeoutSeconds: 600,
        preStopDelaySeconds: 20,
        terminationGracePeriodSeconds: 120,
        targetCpuUtilization: 60,
        command: ['gunicorn'],
        args: ['app:app'],
      }),
    );
    const manifests = manifestsOf(env);
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: 5000, protocol: 'TCP' }]);
    expect(pod.containers[0].command).toEqual(['gunicorn']);
    expect(pod.containers[0].args).toEqual(['app:app']);
    expect(pod.containers[0].startupProbe).toMatchObject({ httpGet: { path: '/ping' }, failureThreshold: 60 });
    expect(pod.containers[0].lifecycle.preStop.exec.command[4]).toBe('20');
    expect(pod.terminationGracePeriodSeconds).toBe(120);
    expect(only(manifests, 'Service').spec.ports[0].port).toBe(5000);
    expect(only(manifests, 'HorizontalPodAutoscaler').spec.metrics[0].resource.target.averageUtilization).toBe(60);
  });

  test('credentials come by Secret reference only', () => {
    const env = newEnv();
    new Microservice(
      env,
      'app',
      serviceProps({ secretEnv: { DB_PASSWORD: { secretName: 'oms-db', key: 'password' } }, env: { LOG_LEVEL: 'info' } }),
    );
    const container = only(manifestsOf(env), 'Deployment').spec.template.spec.containers[0];
    expect(container.env.slice(-2)).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'oms-db', key: 'password' } } },
    ]);
  });

  test('allowFrom opens ingress on the callee and egress on the caller, also after construction', () => {
    const env = newEnv();
    const caller = new Microservice(env, 'caller', serviceProps());
    const callee = new Microservice(env, 'callee', serviceProps({ port: 9081, egress: [{ cidr: '10.0.0.0/16', ports: [5432] }] }));
    callee.allowFrom(caller);
    const manifests = manifestsOf(env);
    const calleeNp = only(manifests, 'NetworkPolicy', 'callee');
    expect(calleeNp.spec.ingress[1]).toEqual({
      from: [{ podSelector: { matchLabels: caller.selector } }],
      ports: [{ protocol: 'TCP', port: 9081 }],
    });
    expect(calleeNp.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
    expect(only(manifests, 'NetworkPolicy', 'caller').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: callee.selector } }], ports: [{ protocol: 'TCP', port: 9081 }] },
    ]);
  });
});

describe('Microservice validation', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      'latest tag',
      { image: 'registry.example.com/oms/om-app:latest' },
      [
        'image must not use the mutable "latest" tag (received "registry.example.com/oms/om-app:latest"). Fix: pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"',
      ],
    ],
    [
      'untagged image',
      { image: 'registry.example.com:5000/oms/om-app' },
      [
        'image must be pinned to a tag or digest (an untagged image means "latest") (received "registry.example.com:5000/oms/om-app"). Fix: pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"',
      ],
    ],
    [
      'unparsable CPU',
      { resources: { cpu: { request: 'lots', limit: '2' }, memory: { request: '1Gi', limit: '2Gi' } } },
      [`resources.cpu.request must be a non-negative Kubernetes quantity (received "lots"). Fix: write it as Kubernetes does, e.g. '500m'`],
    ],
    [
      'negative memory',
      { resources: { cpu: { request: '1', limit: '2' }, memory: { request: '-1Gi', limit: '2Gi' } } },
      [
        `resources.memory.request must be a non-negative Kubernetes quantity (received "-1Gi"). Fix: write it as Kubernetes does, e.g. '2Gi'`,
      ],
    ],
    [
      'limit below request',
      { resources: { cpu: { request: '2', limit: '1' }, memory: { request: '2Gi', limit: '1Gi' } } },
      [
        'resources.cpu.limit must be at least the request (2) (received "1"). Fix: raise resources.cpu.limit to 2 or more, or lower the request',
        'resources.memory.limit must be at least the request (2Gi) (received "1Gi"). Fix: raise resources.memory.limit to 2Gi or more, or lower the request',
      ],
    ],
    [
      'missing resources',
      { resources: undefined },
      [
        "resources is required (every container needs CPU and memory requests and limits) (received undefined). Fix: set resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } }",
      ],
    ],
    [
      'min above max',
      { minReplicas: 5, maxReplicas: 3 },
      ['minReplicas must not exceed maxReplicas (3) (received 5). Fix: lower minReplicas or raise maxReplicas'],
    ],
    [
      'min below 1',
      { minReplicas: 0 },
      [
        'minReplicas must be a whole number of at least 1 (received 0). Fix: set minReplicas to 1 or more (scale to zero is for queue-driven workloads)',
      ],
    ],
    [
      'port out of range',
      { port: 70000 },
      ['port must be a whole number from 1 to 65535 (received 70000). Fix: use the port the server listens on, e.g. 8080'],
    ],
    [
      'route listed twice',
      { routes: ['/polls', '/polls'] },
      ['routes must not list a route twice (received "/polls"). Fix: remove the second "/polls"'],
    ],
    [
      'catch-all route',
      { routes: ['/'] },
      [
        'routes must be URL path prefixes such as "/polls" (not "/", which is the default backend, and without a trailing "/") (received "/"). Fix: write the prefix the service owns, e.g. "/polls"',
      ],
    ],
    [
      'limit above the container ceiling',
      { resources: { cpu: { request: '1', limit: '8' }, memory: { request: '1Gi', limit: '2Gi' } } },
      [
        `resources.cpu.limit must not exceed the environment's container ceiling (4) (received "8"). Fix: lower the limit or raise containerCeiling.cpu on the environment`,
      ],
    ],
    [
      'credential in plain env',
      { env: { DB_PASSWORD: 'hunter2' } },
      [
        `env["DB_PASSWORD"] must not carry a credential in plain text (received "<redacted>"). Fix: move it to secretEnv: { DB_PASSWORD: { secretName: '...', key: '...' } }`,
      ],
    ],
    [
      'grace period shorter than the preStop delay',
      { preStopDelaySeconds: 30, terminationGracePeriodSeconds: 20 },
      [
        'terminationGracePeriodSeconds must exceed preStopDelaySeconds (30) by at least 10 seconds so the server can shut down (received 20). Fix: set it to 40 or more',
      ],
    ],
  ];

  test.each(cases)('%s', (_name, overrides, expected) => {
    const env = newEnv();
    const props = { ...serviceProps(), ...overrides } as any;
    expect(() => new Microservice(env, 'svc', props)).toThrow(
      ['test-env/svc: invalid configuration', ...expected.map((line) => `  - ${line}`)].join('\n'),
    );
  });

  test.each([['Upper'], ['9lives'], ['has_underscore'], ['a'.repeat(46)]])('invalid name %s', (name) => {
    expect(() => new Microservice(newEnv(), name, serviceProps())).toThrow(
      `id must be a DNS-1035 label of at most 45 characters (lower-case letters, digits and "-", starting with a letter) (received "${name}"). Fix: rename the construct, e.g. "order-search"`,
    );
  });

  test('every problem is reported at once', () => {
    expect(() => new Microservice(newEnv(), 'svc', serviceProps({ image: 'x:latest', port: 0, minReplicas: 0 }))).toThrow(
      /image must not use[\s\S]*minReplicas must be[\s\S]*port must be/,
    );
  });

  test('two services claiming the same route fail, naming both', () => {
    const env = newEnv();
    new Microservice(env, 'first', serviceProps({ routes: ['/polls'] }));
    expect(() => new Microservice(env, 'second', serviceProps({ routes: ['/polls'] }))).toThrow(
      'test-env/second: invalid configuration\n  - routes must not list a route another service owns: test-env/first already serves it (received "/polls"). Fix: remove "/polls" from one of test-env/first and test-env/second',
    );
  });

  test('outside an environment it says where it must go', () => {
    const { App, Chart } = jest.requireActual('cdk8s');
    const chart = new Chart(new App(), 'plain');
    expect(() => new Microservice(chart, 'svc', serviceProps({ image: IMAGE }))).toThrow(
      'plain/svc: invalid configuration\n  - scope must be inside an OmsEnvironment',
    );
  });
});

test('production refuses an image that is not a release', () => {
  expect(
    () => new Microservice(newEnv({ stage: 'prod' }), 'svc', serviceProps({ image: 'registry.example.com/oms/om-app:main-4f2a9c1' })),
  ).toThrow(
    'image must be a release image in production: tag <release>-<commit> built from a release tag (e.g. 10.0.2409.1-4f2a9c1), or a digest (received "registry.example.com/oms/om-app:main-4f2a9c1"). Fix: deploy the image built from the release tag (imageTag({ ref: tag, commit }))',
  );
});

test('limits above the container ceiling in CPU and in memory: one problem each, CPU first', () => {
  const env = newEnv();
  expect(
    () =>
      new Microservice(
        env,
        'api',
        serviceProps({ resources: { cpu: { request: '1', limit: '8' }, memory: { request: '1Gi', limit: '20Gi' } } }),
      ),
  ).toThrow(
    [
      'test-env/api: invalid configuration',
      `  - resources.cpu.limit must not exceed the environment's container ceiling (4) (received "8"). Fix: lower the limit or raise containerCeiling.cpu on the environment`,
      `  - resources.memory.limit must not exceed the environment's container ceiling (16Gi) (received "20Gi"). Fix: lower the limit or raise containerCeiling.memory on the environment`,
    ].join('\n'),
  );
});
