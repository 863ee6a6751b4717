import { AgentPool, AgentPoolProps } from '../../../lib/k8s/workloads/agent-pool';
import { MessageBroker, ScheduleTrigger } from '../../../lib/k8s/connections/message-broker';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { AGENT_IMAGE, IMAGE, TEST_DB, manifestsOf, newEnv, only } from '../../support/fixtures';

const mq = () =>
  MessageBroker.ibmMq({
    name: 'mq',
    adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
    credentials: { secretName: 'mq-admin' },
    queues: ['OMS.SCHEDULE', 'OMS.RELEASE'],
    egress: [{ cidr: '10.1.0.0/24', ports: [1414, 9443] }],
  });

function poolProps(overrides: Partial<AgentPoolProps> = {}): AgentPoolProps {
  return {
    image: AGENT_IMAGE,
    servers: ['ScheduleOrderServer'],
    connections: [TEST_DB],
    resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
    ...overrides,
  };
}

function render(overrides: Partial<AgentPoolProps> = {}, platform: 'eks' | 'openshift' = 'eks') {
  const env = newEnv({ platform });
  const pool = new AgentPool(env, 'agents', poolProps(overrides));
  return { pool, manifests: manifestsOf(env) };
}

describe('AgentPool on a queue (KEDA ScaledObject)', () => {
  const { manifests } = render({ scaling: mq().queueDepth('OMS.SCHEDULE', { target: 20, activation: 2 }), minReplicas: 0, maxReplicas: 5 });
  const deployment = only(manifests, 'Deployment');

  test('a Deployment with no Service and no spec.replicas (KEDA owns the count)', () => {
    expect(manifests.filter((m) => m.kind === 'Service')).toEqual([]);
    expect(deployment.spec).not.toHaveProperty('replicas');
    expect(manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  test('the ScaledObject targets the Deployment with min/max, polling, cooldown, fallback and HPA behaviour', () => {
    const so = only(manifests, 'ScaledObject');
    expect(so.apiVersion).toBe('keda.sh/v1alpha1');
    expect(so.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agents' },
      minReplicaCount: 0,
      maxReplicaCount: 5,
      pollingInterval: 30,
      cooldownPeriod: 300,
      fallback: { failureThreshold: 3, replicas: 1 },
    });
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Min',
      policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
    });
    expect(so.spec.triggers).toEqual([
      {
        type: 'ibmmq',
        name: 'queue',
        metadata: {
          host: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
          queueName: 'OMS.SCHEDULE',
          queueDepth: '20',
          activationQueueDepth: '2',
        },
        authenticationRef: { name: 'agents-queue-auth' },
      },
    ]);
  });

  test('credentials only through a TriggerAuthentication that refers to the Secret', () => {
    expect(only(manifests, 'TriggerAuthentication')).toMatchObject({
      metadata: { name: 'agents-queue-auth' },
      spec: {
        secretTargetRef: [
          { parameter: 'username', name: 'mq-admin', key: 'username' },
          { parameter: 'password', name: 'mq-admin', key: 'password' },
        ],
      },
    });
  });

  test('no in-flight loss: SIGTERM to the JVM on preStop, the grace period covers the longest job', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].lifecycle.preStop.exec.command).toEqual(['/bin/bash', '-c', 'killall -15 java']);
    expect(pod.terminationGracePeriodSeconds).toBe(120 + 30);
  });

  test("IBM's start: agentserver.sh -jvmargs with heap, state directory and trust store, then the server name, from the runtime directory", () => {
    const c = deployment.spec.template.spec.containers[0];
    expect(c.name).toBe('scheduleorderserver');
    expect(c.image).toBe(AGENT_IMAGE);
    expect(c.workingDir).toBe('/opt/ssfs/runtime/');
    expect(c.command[2].split('\n')).toEqual([
      'set -e',
      'cd /opt/ssfs/runtime/',
      'export JAVA_TRUST_STORE_PASS="${JAVA_TRUST_STORE_PASS:-changeit}"',
      '"/opt/ssfs/runtime/container-scripts/utils/evaluateEnvs.sh" /opt/ssfs/system_overrides.properties.init /opt/ssfs/runtime/properties/system_overrides.properties',
      '"/opt/ssfs/runtime/container-scripts/utils/configCerts.sh"',
      'echo "RUN_JAVA_EXEC_MODE=Y" >> /opt/ssfs/runtime/properties/sandbox.cfg',
      'exec "/opt/ssfs/runtime/bin/agentserver.sh" -jvmargs "$1 -Dserver.state.dir=/opt/ssfs/runtime/serverstate -Djavax.net.ssl.trustStore=${JAVA_TRUST_STORE_PATH:?} -Djavax.net.ssl.trustStorePassword=$JAVA_TRUST_STORE_PASS -Djavax.net.ssl.trustStoreType=PKCS12" "$2"',
    ]);
    // Heap at 70% of the 2Gi limit; the name and arguments are data, never script text.
    expect(c.args).toEqual(['-Xms1433m -Xmx1433m', 'ScheduleOrderServer']);
    expect(c.env.map((e: any) => e.name)).toEqual(
      expect.arrayContaining(['OM_POD_NAME', 'dbpassword', 'dbuser', 'JAVA_TRUST_STORE_PATH', 'USE_JDK_TRUST_STORE']),
    );
    // IBM's default trust store: the start script supplies the JDK's public default password, no Secret key is read.
    expect(c.env.map((e: any) => e.name)).not.toContain('JAVA_TRUST_STORE_PASS');
    expect(c.env.map((e: any) => e.name)).not.toContain('OMS_SERVER_NAMES');
  });

  test("IBM's probes: agentStartupTest.sh on the server state, readiness every 15 s, liveness from 60 s, restart after 10 minutes", () => {
    const c = deployment.spec.template.spec.containers[0];
    const test = [
      '/bin/bash',
      '/opt/ssfs/runtime/container-scripts/utils/agentStartupTest.sh',
      '/opt/ssfs/runtime/serverstate',
      'ScheduleOrderServer--ScheduleOrderServer_*',
      '10',
    ];
    expect(c.readinessProbe).toEqual({
      exec: { command: test },
      initialDelaySeconds: 1,
      periodSeconds: 15,
      timeoutSeconds: 5,
      failureThreshold: 40,
    });
    expect(c.livenessProbe).toEqual({
      exec: { command: test },
      initialDelaySeconds: 60,
      periodSeconds: 15,
      timeoutSeconds: 5,
      failureThreshold: 37,
    });
  });

  test("IBM's agent UID 1000 with group 0", () => {
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 0, supplementalGroups: [0] });
  });

  test('NetworkPolicy: no ingress at all, egress to the database and the broker only (plus DNS environment-wide)', () => {
    const np = only(manifests, 'NetworkPolicy', 'agents').spec;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np).not.toHaveProperty('ingress');
    expect(np.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.64.0/20' } }], ports: [{ protocol: 'TCP', port: 50000 }] },
      {
        to: [{ ipBlock: { cidr: '10.1.0.0/24' } }],
        ports: [
          { protocol: 'TCP', port: 1414 },
          { protocol: 'TCP', port: 9443 },
        ],
      },
    ]);
  });

  test('same security and labels as app servers, with the agent component', () => {
    expect(deployment.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('agent');
    expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });
});

describe('AgentPool triggers', () => {
  test('Amazon SQS: queue URL from account and region, IAM role through pod identity, no secret', () => {
    const sqs = MessageBroker.sqs({
      name: 'sqs',
      region: 'eu-west-1',
      accountId: '111122223333',
      roleArn: 'arn:aws:iam::111122223333:role/keda',
      queues: ['events'],
    });
    const { manifests } = render({ scaling: sqs.queueDepth('events', { target: 100 }), minReplicas: 0, maxReplicas: 3 });
    expect(only(manifests, 'ScaledObject').spec.triggers[0]).toMatchObject({
      type: 'aws-sqs-queue',
      metadata: {
        queueURL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/events',
        awsRegion: 'eu-west-1',
        queueLength: '100',
        activationQueueLength: '0',
      },
    });
    expect(only(manifests, 'TriggerAuthentication').spec).toEqual({
      podIdentity: { provider: 'aws', roleArn: 'arn:aws:iam::111122223333:role/keda' },
    });
  });

  test('RabbitMQ: the connection URL comes from a Secret as the host parameter', () => {
    const rabbit = MessageBroker.rabbitMq({
      name: 'rabbit',
      connection: { secretName: 'rabbit', key: 'url' },
      vhost: 'oms',
      queues: ['orders'],
    });
    const { manifests } = render({ scaling: rabbit.queueDepth('orders'), minReplicas: 0, maxReplicas: 3 });
    expect(only(manifests, 'ScaledObject').spec.triggers[0]).toMatchObject({
      type: 'rabbitmq',
      metadata: { protocol: 'amqp', queueName: 'orders', mode: 'QueueLength', value: '10', activationValue: '0', vhostName: 'oms' },
    });
    expect(only(manifests, 'TriggerAuthentication').spec).toEqual({ secretTargetRef: [{ parameter: 'host', name: 'rabbit', key: 'url' }] });
  });

  test('ActiveMQ Artemis: management endpoint, broker and address, credentials from a Secret', () => {
    const artemis = MessageBroker.artemis({
      name: 'artemis',
      managementEndpoint: 'artemis.broker.svc:8161',
      brokerName: 'b1',
      brokerAddress: 'oms',
      credentials: { secretName: 'artemis', usernameKey: 'user', passwordKey: 'pass' },
      queues: ['q1'],
      egress: [{ podLabels: { app: 'artemis' }, namespaceLabels: { team: 'broker' }, ports: [61616] }],
    });
    const { manifests } = render({ scaling: artemis.queueDepth('q1', { target: 5 }), minReplicas: 1, maxReplicas: 3 });
    expect(only(manifests, 'ScaledObject').spec.triggers[0]).toMatchObject({
      type: 'artemis-queue',
      metadata: {
        managementEndpoint: 'artemis.broker.svc:8161',
        brokerName: 'b1',
        brokerAddress: 'oms',
        queueName: 'q1',
        queueLength: '5',
        activationQueueLength: '0',
      },
    });
    expect(only(manifests, 'TriggerAuthentication').spec.secretTargetRef).toEqual([
      { parameter: 'username', name: 'artemis', key: 'user' },
      { parameter: 'password', name: 'artemis', key: 'pass' },
    ]);
    expect(only(manifests, 'NetworkPolicy', 'agents').spec.egress.slice(1)).toEqual([
      {
        to: [{ podSelector: { matchLabels: { app: 'artemis' } }, namespaceSelector: { matchLabels: { team: 'broker' } } }],
        ports: [{ protocol: 'TCP', port: 61616 }],
      },
    ]);
  });

  test('a schedule adds a cron trigger, so a time-triggered pool may scale to zero outside its window', () => {
    const { manifests } = render({
      timeTriggered: true,
      scaling: mq().queueDepth('OMS.SCHEDULE'),
      schedule: ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', start: '0 6 * * *', end: '0 22 * * *', desiredReplicas: 2 }),
      minReplicas: 0,
      maxReplicas: 4,
    });
    expect(only(manifests, 'ScaledObject').spec.triggers[1]).toEqual({
      type: 'cron',
      name: 'schedule',
      metadata: { timezone: 'Europe/Amsterdam', start: '0 6 * * *', end: '0 22 * * *', desiredReplicas: '2' },
    });
  });
});

describe('AgentPool woken by a schedule only', () => {
  test('a time-triggered pool with no queue scales to zero outside its window (KEDA owns the count)', () => {
    const { manifests } = render({
      timeTriggered: true,
      schedule: ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', start: '0 6 * * 1-5', end: '0 20 * * 1-5' }),
      minReplicas: 0,
      maxReplicas: 2,
    });
    const so = only(manifests, 'ScaledObject');
    expect(so.spec.minReplicaCount).toBe(0);
    expect(so.spec.triggers.map((t: any) => t.type)).toEqual(['cron']);
    expect(so.spec).not.toHaveProperty('fallback');
    expect(manifests.filter((m) => m.kind === 'TriggerAuthentication')).toEqual([]);
  });
});

describe('AgentPool without a queue trigger', () => {
  test('a CPU autoscaler owns the count when min < max', () => {
    const { manifests } = render({ minReplicas: 1, maxReplicas: 3 });
    expect(only(manifests, 'Deployment').spec).not.toHaveProperty('replicas');
    expect(only(manifests, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
    expect(manifests.filter((m) => m.kind === 'ScaledObject' || m.kind === 'TriggerAuthentication')).toEqual([]);
  });

  test('fixed replicas when min equals max', () => {
    const { manifests } = render({ minReplicas: 2, maxReplicas: 2 });
    expect(only(manifests, 'Deployment').spec.replicas).toBe(2);
  });
});

describe('AgentPool run to completion (KEDA ScaledJob)', () => {
  const { manifests } = render({ scaling: mq().queueDepth('OMS.RELEASE'), runToCompletion: true, minReplicas: 0, maxReplicas: 4 });

  test('renders a ScaledJob and no Deployment, PDB or ScaledObject', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual([
      'ConfigMap',
      'LimitRange',
      'Namespace',
      'NetworkPolicy',
      'NetworkPolicy',
      'NetworkPolicy',
      'ResourceQuota',
      'ScaledJob',
      'ServiceAccount',
      'TriggerAuthentication',
    ]);
  });

  test('the Job pods never restart in place and keep the restricted security context', () => {
    const sj = only(manifests, 'ScaledJob');
    expect(sj.spec).toMatchObject({ maxReplicaCount: 4, pollingInterval: 30, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 5 });
    expect(sj.spec.jobTargetRef.backoffLimit).toBe(2);
    expect(sj.spec.jobTargetRef.template.spec.restartPolicy).toBe('Never');
    expect(sj.spec.jobTargetRef.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(sj.spec.triggers[0].authenticationRef).toEqual({ name: 'agents-queue-auth' });
  });
});

describe('AgentPool budget', () => {
  test('peak pods count in the environment budget', () => {
    const env = newEnv({ budget: { cpu: '4', memory: '100Gi' } });
    new AgentPool(env, 'agents', poolProps({ scaling: mq().queueDepth('OMS.SCHEDULE'), minReplicas: 0, maxReplicas: 4 }));
    // 4 replicas + 1 surge pod, 1 CPU each = 5 CPU, over a 4 CPU budget.
    expect(() => renderEnvironment(env)).toThrow(/budget\.cpu must cover the workloads' peak CPU limits, 5 /);
  });
});

describe('AgentPool validation', () => {
  const q = (queue: string, options = {}) => mq().queueDepth(queue, options);
  const cases: [string, Partial<AgentPoolProps>, string[]][] = [
    [
      'unknown queue name',
      { scaling: q('OMS.SHEDULE') },
      [
        'scaling.queue must be one of the queues of broker "mq" (OMS.SCHEDULE, OMS.RELEASE) (received "OMS.SHEDULE"). Fix: fix the queue name, or add the queue to the broker',
      ],
    ],
    [
      'missing queue name',
      { scaling: q('') },
      ['scaling.queue is required (received ""). Fix: name one of the broker\'s queues: OMS.SCHEDULE, OMS.RELEASE'],
    ],
    [
      'target length below 1',
      { scaling: q('OMS.SCHEDULE', { target: 0 }) },
      [
        'scaling.target must be a whole number of messages of at least 1 (received 0). Fix: set the messages one replica should handle, e.g. 10',
      ],
    ],
    [
      'min above max',
      { minReplicas: 4, maxReplicas: 2 },
      ['minReplicas must not exceed maxReplicas (2) (received 4). Fix: lower minReplicas or raise maxReplicas'],
    ],
    [
      'scale-to-zero of a time-triggered agent without a schedule',
      { timeTriggered: true, scaling: q('OMS.SCHEDULE'), minReplicas: 0 },
      [
        'minReplicas must be at least 1 for time-triggered agents: their auto-trigger runs inside the agent JVM, so at zero replicas nothing ever triggers them again (received 0). Fix: set minReplicas: 1, or add schedule: ScheduleTrigger.cron({...}) so KEDA starts the pool when the agent is due',
      ],
    ],
    [
      'a literal password in a trigger',
      { scaling: q('OMS.SCHEDULE', { extraMetadata: { password: 'hunter2' } }) },
      [
        'scaling.extraMetadata["password"] must not carry a credential or a connection string (it would be written to the ScaledObject in plain text) (received "<redacted>"). Fix: credentials come from the broker\'s Secret through the TriggerAuthentication',
      ],
    ],
    [
      'a token in a connection URL',
      { scaling: q('OMS.SCHEDULE', { extraMetadata: { endpoint: 'https://admin:s3cret@mq.internal/x' } }) },
      [
        'scaling.extraMetadata["endpoint"] must not carry a credential or a connection string (it would be written to the ScaledObject in plain text) (received "<redacted>"). Fix: credentials come from the broker\'s Secret through the TriggerAuthentication',
      ],
    ],
    [
      'grace period shorter than the longest job',
      { expectedJobSeconds: 600, terminationGracePeriodSeconds: 300 },
      [
        'terminationGracePeriodSeconds must cover the longest job (600s): the JVM finishes its current work after SIGTERM, and is killed when the grace period ends (received 300). Fix: set it to 630 or more, or lower expectedJobSeconds',
      ],
    ],
    [
      'the app image in an agent pool',
      { image: IMAGE },
      [
        `image must be an om-agent image: IBM's agent runs on om-agent, and the om-app image has no agent start scripts (received "${IMAGE}"). Fix: use the om-agent image of the same release`,
      ],
    ],
    [
      'scale to zero on CPU',
      { minReplicas: 0 },
      [
        'minReplicas can be 0 only with a queue trigger or a schedule (a CPU autoscaler cannot wake a pool from zero) (received 0). Fix: add scaling: broker.queueDepth(...) or schedule: ScheduleTrigger.cron({...}), or set minReplicas to 1',
      ],
    ],
    [
      'run to completion without a queue',
      { runToCompletion: true },
      [
        'runToCompletion needs a queue trigger: KEDA starts one Job per batch of messages (received true). Fix: add scaling: broker.queueDepth(...)',
      ],
    ],
    [
      'server name with an underscore',
      { servers: ['Schedule_Order'] },
      ['servers must be OMS server names (letters, digits and "-"; OMS refuses "_") (received "Schedule_Order"). Fix: rename the server'],
    ],
    [
      'no servers',
      { servers: [] },
      [
        'servers must name at least one agent or integration server (received []). Fix: list the OMS server names this pool runs, e.g. ["ScheduleOrderServer"]',
      ],
    ],
    [
      'unpinned image',
      { image: 'registry.example.com/oms/agent' },
      [
        'image must be pinned to a tag or digest (an untagged image means "latest") (received "registry.example.com/oms/agent"). Fix: pin the image to a release tag or a sha256 digest, e.g. "registry.example.com/oms/om-app:10.0.2409.1-abc1234"',
      ],
    ],
  ];
  test.each(cases)('%s', (_name, overrides, expected) => {
    expect(() => new AgentPool(newEnv(), 'agents', poolProps(overrides))).toThrow(
      ['test-env/agents: invalid configuration', ...expected.map((l) => `  - ${l}`)].join('\n'),
    );
  });

  test.each<[string, () => MessageBroker, string]>([
    [
      'credentials embedded in the MQ admin URL',
      () =>
        MessageBroker.ibmMq({
          name: 'mq',
          adminUrl: 'https://admin:pw@mq/ibmmq/rest/v2/admin/action/qmgr/Q/mqsc',
          credentials: { secretName: 's' },
          queues: ['q'],
        }),
      'scaling.broker.adminUrl must not embed credentials (received "<redacted>")',
    ],
    [
      'an SQS role that is not an ARN',
      () => MessageBroker.sqs({ name: 'sqs', region: 'eu-west-1', accountId: '111122223333', roleArn: 'keda', queues: ['q'] }),
      'scaling.broker.roleArn must be an IAM role ARN (received "keda")',
    ],
    [
      'a broker with no queues',
      () =>
        MessageBroker.artemis({
          name: 'a',
          managementEndpoint: 'h:8161',
          brokerName: 'b',
          brokerAddress: 'x',
          credentials: { secretName: 's' },
          queues: [],
        }),
      'scaling.broker.queues must list at least one queue (received [])',
    ],
  ])('broker: %s', (_name, broker, expected) => {
    const b = broker();
    expect(() => new AgentPool(newEnv(), 'agents', poolProps({ scaling: b.queueDepth(b.queues[0] ?? 'q') }))).toThrow(expected);
  });

  test('broker: queues changed after the broker passed its checks are checked again', () => {
    const queues = ['OMS.SCHEDULE'];
    const b = MessageBroker.ibmMq({
      name: 'mq',
      adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
      credentials: { secretName: 'mq-admin' },
      queues,
    });
    const env = newEnv();
    new AgentPool(env, 'first', poolProps({ scaling: b.queueDepth('OMS.SCHEDULE') }));
    queues.push('OMS.SCHEDULE', '');
    expect(() => new AgentPool(env, 'second', poolProps({ scaling: b.queueDepth('OMS.SCHEDULE') }))).toThrow(
      [
        'test-env/second: invalid configuration',
        '  - scaling.broker.queues must not list a queue twice (received "OMS.SCHEDULE"). Fix: remove the second "OMS.SCHEDULE"',
        '  - scaling.broker.queues must not contain an empty queue name (received ""). Fix: remove the empty entry',
      ].join('\n'),
    );
    queues.splice(1);
    queues.length = 2; // a hole: skipped by the checks, as before
    new AgentPool(env, 'third', poolProps({ scaling: b.queueDepth('OMS.SCHEDULE') }));
    queues[1] = undefined as never;
    expect(() => new AgentPool(env, 'fourth', poolProps({ scaling: b.queueDepth('OMS.SCHEDULE') }))).toThrow(
      'scaling.broker.queues must not contain an empty queue name (received undefined)',
    );
  });

  test('broker: each problem in order, queues first (an empty and a repeated one), then the URL, then the credentials', () => {
    const b = MessageBroker.ibmMq({
      name: 'mq',
      adminUrl: 'http://mq.internal:9443/mqsc',
      credentials: {} as any,
      queues: ['OMS.SCHEDULE', '', 'OMS.SCHEDULE'],
      egress: [{ cidr: '10.1.0.0/24', ports: [9443] }],
    });
    expect(() => new AgentPool(newEnv(), 'agents', poolProps({ scaling: b.queueDepth('OMS.SCHEDULE') }))).toThrow(
      [
        'test-env/agents: invalid configuration',
        '  - scaling.broker.queues must not contain an empty queue name (received ""). Fix: remove the empty entry',
        '  - scaling.broker.queues must not list a queue twice (received "OMS.SCHEDULE"). Fix: remove the second "OMS.SCHEDULE"',
        '  - scaling.broker.adminUrl must be the https mqweb MQSC endpoint of the queue manager (received "http://mq.internal:9443/mqsc"). Fix: use https://<host>:<port>/ibmmq/rest/v2/admin/action/qmgr/<QMGR>/mqsc',
        "  - scaling.broker.credentials must name the Secret with the user and password (received {}). Fix: set credentials: { secretName: 'mq-admin' }",
      ].join('\n'),
    );
  });

  test.each([
    [
      { start: '0 6 * * 1-5', end: '0 6 * * 1-5' },
      'schedule.end must differ from start (KEDA refuses a window that opens and closes at the same time) (received "0 6 * * 1-5"). Fix: give the window an end after its start, e.g. start "0 6 * * 1-5" and end "0 20 * * 1-5"',
    ],
    [
      { start: '@daily', end: '0 22 * * *' },
      'schedule.start must have 5 fields: KEDA\'s cron parser accepts no descriptors such as @daily (@daily is "0 0 * * *") (received "@daily"). Fix: use e.g. "0 6 * * 1-5"',
    ],
    [
      { start: '0 6 * * 1-7', end: '0 22 * * 1-5' },
      'schedule.start must keep the day of week within 0-6 ("1-7") (received "0 6 * * 1-7"). Fix: use e.g. "0 6 * * 1-5"',
    ],
  ])('a schedule KEDA would refuse: %j', (window, expected) => {
    const schedule = ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', ...window });
    expect(() => new AgentPool(newEnv(), 'agents', poolProps({ scaling: q('OMS.SCHEDULE'), schedule }))).toThrow(expected);
  });

  test('a schedule by day names, as KEDA reads them, renders as written', () => {
    const schedule = ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', start: '0 6 * * MON-FRI', end: '0 20 * * MON-FRI' });
    expect(() => new AgentPool(newEnv(), 'agents', poolProps({ scaling: q('OMS.SCHEDULE'), schedule }))).not.toThrow();
    expect(schedule.metadata()).toEqual({
      timezone: 'Europe/Amsterdam',
      start: '0 6 * * MON-FRI',
      end: '0 20 * * MON-FRI',
      desiredReplicas: '1',
    });
  });

  test('a bad cron schedule', () => {
    const schedule = ScheduleTrigger.cron({ timezone: 'Europe/Amsterdam', start: 'every morning', end: '0 22 * * *' });
    expect(() => new AgentPool(newEnv(), 'agents', poolProps({ scaling: q('OMS.SCHEDULE'), schedule }))).toThrow(
      'schedule.start must have 5 fields (minute hour day-of-month month day-of-week), has 2 (received "every morning"). Fix: use e.g. "0 6 * * 1-5"',
    );
  });
});
