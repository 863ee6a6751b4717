import { Construct } from 'constructs';
import {
  EgressRule,
  Platform,
  Problem,
  parseMemoryBytes,
  selectorLabels,
  standardLabels,
  unpinnedImageViolation,
  validateEgress,
} from '../core';
import { k8s } from './kube';
import { MessageBroker } from './message-broker';
import { tcpPorts } from './network-rules';
import { containerSecurityContext, podSecurityContext } from './pod-security';

/** What a data service needs to know about the environment it is created in. */
export interface DataServicePlacement {
  readonly environmentName: string;
  readonly platform: Platform;
  readonly disposable: boolean;
  /** Records the service's peak use in the environment's budget. */
  readonly addFootprint: (path: string, cpuMillis: number, memoryBytes: number) => void;
}

/** Where the test environment's database comes from. */
export class DatabaseProvisioning {
  /** A PostgreSQL created in the namespace for this environment, on a PersistentVolumeClaim. */
  public static inCluster(props: {
    readonly image: string;
    readonly storage?: string;
    readonly credentialsSecret: string;
  }): DatabaseProvisioning {
    return new DatabaseProvisioning('in-cluster', props.credentialsSecret, 'oms-db', 5432, 'oms', props.image, props.storage ?? '20Gi', []);
  }

  /** An existing database, reused by reference: nothing is created for it and uninstall never touches it. */
  public static existing(props: {
    readonly host: string;
    readonly port?: number;
    readonly database: string;
    readonly credentialsSecret: string;
    readonly egress: readonly EgressRule[];
  }): DatabaseProvisioning {
    return new DatabaseProvisioning(
      'existing',
      props.credentialsSecret,
      props.host,
      props.port ?? 5432,
      props.database,
      undefined,
      undefined,
      props.egress,
    );
  }

  private constructor(
    /** Created here, or reused. */
    public readonly mode: 'in-cluster' | 'existing',
    /** Secret with `username` and `password`. */
    public readonly credentialsSecret: string,
    /** Host name clients connect to. */
    public readonly host: string,
    public readonly port: number,
    /** The database name. */
    public readonly database: string,
    private readonly image: string | undefined,
    private readonly storage: string | undefined,
    /** Where clients must be allowed to connect (existing databases). */
    public readonly egress: readonly EgressRule[],
  ) {}

  /** Every problem; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    if (!this.credentialsSecret) {
      problems.push({
        property: `${property}.credentialsSecret`,
        rule: 'is required (the database credentials come by reference)',
        value: this.credentialsSecret,
        fix: 'name the Secret with username and password',
      });
    }
    if (this.mode === 'existing') {
      if (!this.host)
        problems.push({
          property: `${property}.host`,
          rule: 'is required to reuse an existing database',
          value: this.host,
          fix: 'give the endpoint, e.g. "db.uat-eks.oms.internal"',
        });
      if (!this.database)
        problems.push({
          property: `${property}.database`,
          rule: 'is required to reuse an existing database',
          value: this.database,
          fix: 'name the database to use',
        });
      if (this.egress.length === 0)
        problems.push({
          property: `${property}.egress`,
          rule: 'must say how pods reach the existing database',
          value: [],
          fix: "add { cidr: '10.20.64.0/20', ports: [5432] }",
        });
      problems.push(...validateEgress(`${property}.egress`, this.egress));
    } else {
      const rule = unpinnedImageViolation(this.image ?? '');
      if (rule)
        problems.push({
          property: `${property}.image`,
          rule,
          value: this.image,
          fix: 'pin a PostgreSQL image, e.g. "docker.io/library/postgres:16.4"',
        });
      if (parseMemoryBytes(this.storage ?? '') === undefined)
        problems.push({ property: `${property}.storage`, rule: 'must be a storage quantity', value: this.storage, fix: "use e.g. '20Gi'" });
    }
    return problems;
  }

  /** Creates the in-cluster database (nothing for an existing one); returns the egress clients need. */
  public provision(scope: Construct, env: DataServicePlacement): EgressRule[] {
    if (this.mode === 'existing') return [...this.egress];
    env.addFootprint(scope.node.path, 2000, 2 * 2 ** 30);
    const selector = selectorLabels({ name: 'oms-db', environment: env.environmentName });
    const labels = standardLabels({
      name: 'oms-db',
      environment: env.environmentName,
      component: 'database',
      version: this.image!.split(':').pop(),
    });
    new k8s.KubeService(scope, 'service', {
      metadata: { name: 'oms-db', labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'postgres', port: 5432, targetPort: k8s.IntOrString.fromNumber(5432), protocol: 'TCP' }],
      },
    });
    new k8s.KubeStatefulSet(scope, 'statefulset', {
      metadata: { name: 'oms-db', labels },
      spec: {
        serviceName: 'oms-db',
        replicas: 1,
        selector: { matchLabels: selector },
        // The data outlives the StatefulSet unless the environment is disposable.
        persistentVolumeClaimRetentionPolicy: { whenDeleted: env.disposable ? 'Delete' : 'Retain', whenScaled: 'Retain' },
        template: {
          metadata: { labels: { ...labels, ...selector } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext(env.platform, 999),
            terminationGracePeriodSeconds: 60,
            containers: [
              {
                name: 'postgres',
                image: this.image!,
                ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
                env: [
                  { name: 'POSTGRES_DB', value: this.database },
                  { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                  { name: 'POSTGRES_USER', valueFrom: { secretKeyRef: { name: this.credentialsSecret, key: 'username' } } },
                  { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: this.credentialsSecret, key: 'password' } } },
                ],
                resources: {
                  requests: {
                    cpu: k8s.Quantity.fromString('500m'),
                    memory: k8s.Quantity.fromString('1Gi'),
                    'ephemeral-storage': k8s.Quantity.fromString('256Mi'),
                  },
                  limits: {
                    cpu: k8s.Quantity.fromString('2'),
                    memory: k8s.Quantity.fromString('2Gi'),
                    'ephemeral-storage': k8s.Quantity.fromString('1Gi'),
                  },
                },
                readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] }, periodSeconds: 10 },
                livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(5432) }, periodSeconds: 30, failureThreshold: 6 },
                securityContext: containerSecurityContext(),
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/postgresql/data' },
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'run', emptyDir: {} },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString(this.storage!) } } },
          },
        ],
      },
    });
    new k8s.KubeNetworkPolicy(scope, 'network-policy', {
      metadata: { name: 'oms-db', labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        // Clients are the environment's own pods; the database calls nothing.
        ingress: [{ from: [{ podSelector: {} }], ports: tcpPorts([5432]) }],
      },
    });
    return [{ podLabels: selector, ports: [5432] }];
  }
}

/** Where the test environment's message broker comes from. */
export class BrokerProvisioning {
  /** An ActiveMQ Artemis created in the namespace for this environment, with its queues. */
  public static inCluster(props: {
    readonly image: string;
    readonly storage?: string;
    readonly credentialsSecret: string;
    readonly queues: readonly string[];
  }): BrokerProvisioning {
    return new BrokerProvisioning(undefined, props);
  }

  /** An existing broker, reused by reference: nothing is created for it and uninstall never touches it. */
  public static existing(broker: MessageBroker): BrokerProvisioning {
    return new BrokerProvisioning(broker, undefined);
  }

  private constructor(
    private readonly existingBroker: MessageBroker | undefined,
    private readonly own:
      | { readonly image: string; readonly storage?: string; readonly credentialsSecret: string; readonly queues: readonly string[] }
      | undefined,
  ) {}

  /** Created here, or reused. */
  public get mode(): 'in-cluster' | 'existing' {
    return this.own === undefined ? 'existing' : 'in-cluster';
  }

  /** Queues the in-cluster broker must have (created by the install phase). */
  public get queuesToCreate(): readonly string[] {
    return this.own?.queues ?? [];
  }

  /** Secret with the broker's `username` and `password` (in-cluster only). */
  public get credentialsSecret(): string | undefined {
    return this.own?.credentialsSecret;
  }

  /** The broker as seen from the environment's namespace (KEDA reaches it by its full service name). */
  public brokerIn(namespace: string): MessageBroker {
    if (this.existingBroker) return this.existingBroker;
    return MessageBroker.artemis({
      name: 'oms-broker',
      managementEndpoint: `oms-broker.${namespace}.svc:8161`,
      brokerName: 'oms-broker',
      brokerAddress: 'oms',
      credentials: { secretName: this.own!.credentialsSecret },
      queues: this.own!.queues,
    });
  }

  /** Every problem; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    if (this.mode === 'existing' && this.existingBroker === undefined) {
      return [
        {
          property: `${property}.broker`,
          rule: 'is required to reuse an existing broker',
          value: undefined,
          fix: 'pass the MessageBroker of the environment that owns it',
        },
      ];
    }
    problems.push(...this.brokerIn('x').validate(`${property}.broker`));
    if (this.mode === 'existing' && this.existingBroker!.egress.length === 0) {
      problems.push({
        property: `${property}.broker.egress`,
        rule: 'must say how pods reach the existing broker',
        value: [],
        fix: 'give the broker its egress (CIDR or labels and ports)',
      });
    }
    if (this.mode === 'in-cluster') {
      const rule = unpinnedImageViolation(this.own!.image ?? '');
      if (rule) problems.push({ property: `${property}.image`, rule, value: this.own!.image, fix: 'pin an Artemis image' });
    }
    return problems;
  }

  /** Creates the in-cluster broker (nothing for an existing one); returns the egress clients need. */
  public provision(scope: Construct, env: DataServicePlacement): EgressRule[] {
    if (this.existingBroker) return [...this.existingBroker.egress];
    const own = this.own!;
    env.addFootprint(scope.node.path, 1000, 2 * 2 ** 30);
    const selector = selectorLabels({ name: 'oms-broker', environment: env.environmentName });
    const labels = standardLabels({
      name: 'oms-broker',
      environment: env.environmentName,
      component: 'broker',
      version: own.image.split(':').pop(),
    });
    new k8s.KubeService(scope, 'service', {
      metadata: { name: 'oms-broker', labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [
          { name: 'core', port: 61616, targetPort: k8s.IntOrString.fromNumber(61616), protocol: 'TCP' },
          { name: 'console', port: 8161, targetPort: k8s.IntOrString.fromNumber(8161), protocol: 'TCP' },
        ],
      },
    });
    new k8s.KubeStatefulSet(scope, 'statefulset', {
      metadata: { name: 'oms-broker', labels },
      spec: {
        serviceName: 'oms-broker',
        replicas: 1,
        selector: { matchLabels: selector },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: env.disposable ? 'Delete' : 'Retain', whenScaled: 'Retain' },
        template: {
          metadata: { labels: { ...labels, ...selector } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext(env.platform, 1001),
            containers: [
              {
                name: 'artemis',
                image: own.image,
                ports: [
                  { name: 'core', containerPort: 61616, protocol: 'TCP' },
                  { name: 'console', containerPort: 8161, protocol: 'TCP' },
                ],
                env: [
                  // The broker name KEDA's queries and the queue setup use.
                  { name: 'EXTRA_ARGS', value: '--http-host 0.0.0.0 --relax-jolokia --name oms-broker' },
                  { name: 'ARTEMIS_USER', valueFrom: { secretKeyRef: { name: own.credentialsSecret, key: 'username' } } },
                  { name: 'ARTEMIS_PASSWORD', valueFrom: { secretKeyRef: { name: own.credentialsSecret, key: 'password' } } },
                ],
                resources: {
                  requests: {
                    cpu: k8s.Quantity.fromString('250m'),
                    memory: k8s.Quantity.fromString('1Gi'),
                    'ephemeral-storage': k8s.Quantity.fromString('256Mi'),
                  },
                  limits: {
                    cpu: k8s.Quantity.fromString('1'),
                    memory: k8s.Quantity.fromString('2Gi'),
                    'ephemeral-storage': k8s.Quantity.fromString('1Gi'),
                  },
                },
                readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(61616) }, periodSeconds: 10 },
                livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(61616) }, periodSeconds: 30, failureThreshold: 6 },
                securityContext: containerSecurityContext(),
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/artemis-instance' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString(own.storage ?? '10Gi') } } },
          },
        ],
      },
    });
    new k8s.KubeNetworkPolicy(scope, 'network-policy', {
      metadata: { name: 'oms-broker', labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: {} }], ports: tcpPorts([61616, 8161]) },
          // KEDA reads queue depth through the management console.
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } }], ports: tcpPorts([8161]) },
        ],
      },
    });
    return [{ podLabels: selector, ports: [61616, 8161] }];
  }
}
