import { Construct } from 'constructs';
import {
  DatabaseVendor,
  EgressRule,
  Platform,
  Problem,
  dns1123LabelViolation,
  problemIf,
  parseCpuMillis,
  parseMemoryBytes,
  storageQuantityViolation,
  suggestStorageQuantity,
  selectorLabels,
  standardLabels,
  unpinnedImageViolation,
} from '../../core';
import { k8s } from '../primitives/kube';
import { DatabaseConnection } from './database-connection';
import { MessageBroker } from './message-broker';
import { tcpPorts } from '../primitives/network-rules';
import { containerSecurityContext, podSecurityContext } from '../primitives/pod-security';

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
  /**
   * A PostgreSQL created in the namespace for this environment, on a
   * PersistentVolumeClaim (host `oms-db`, database `oms`). OMS runs on it only
   * with images built for PostgreSQL.
   */
  public static inCluster(props: {
    readonly image: string;
    readonly storage?: string;
    readonly credentialsSecret: string;
  }): DatabaseProvisioning {
    return new DatabaseProvisioning('in-cluster', props?.credentialsSecret, undefined, props?.image, props?.storage ?? '20Gi');
  }

  /** An existing database (any vendor), reused by reference: nothing is created for it and uninstall never touches it. */
  public static existing(connection: DatabaseConnection): DatabaseProvisioning {
    // From plain JavaScript the connection may be missing: validate() reports it, rather than a TypeError here.
    return new DatabaseProvisioning('existing', connection?.password?.secretName, connection, undefined, undefined);
  }

  private constructor(
    /** Created here, or reused. */
    public readonly mode: 'in-cluster' | 'existing',
    /** Secret with `username` and `password`. */
    public readonly credentialsSecret: string,
    private readonly existingConnection: DatabaseConnection | undefined,
    private readonly image: string | undefined,
    private readonly storage: string | undefined,
  ) {}

  /** Every problem; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    if (this.mode === 'existing')
      return this.existingConnection instanceof DatabaseConnection
        ? []
        : [
            {
              property: `${property}.connection`,
              rule: 'is required to reuse an existing database, and must be a DatabaseConnection',
              value:
                this.existingConnection === undefined || this.existingConnection === null
                  ? this.existingConnection
                  : typeof this.existingConnection,
              fix: 'pass the connection of the database to reuse: DatabaseProvisioning.existing(DatabaseConnection.existing({...}))',
            },
          ];
    const problems: Problem[] = [];
    if (!this.credentialsSecret)
      problems.push({
        property: `${property}.credentialsSecret`,
        rule: 'is required (the database credentials come by reference)',
        value: this.credentialsSecret,
        fix: 'name the Secret with username and password',
      });
    else problems.push(...credentialsSecretProblems(`${property}.credentialsSecret`, this.credentialsSecret, 'test-db'));
    const rule = unpinnedImageViolation(this.image ?? '');
    if (rule)
      problems.push({
        property: `${property}.image`,
        rule,
        value: this.image,
        fix: 'pin a PostgreSQL image, e.g. "docker.io/library/postgres:16.4"',
      });
    const storageRule = this.storage === undefined ? undefined : storageQuantityViolation(this.storage);
    if (storageRule)
      problems.push({
        property: `${property}.storage`,
        rule: storageRule,
        value: this.storage,
        fix: `use e.g. "${suggestStorageQuantity(this.storage)}"`,
      });
    return problems;
  }

  /** Creates the in-cluster database (nothing for an existing one); returns the connection clients use. */
  public provision(scope: Construct, env: DataServicePlacement): DatabaseConnection {
    if (this.existingConnection) return this.existingConnection;
    const selector = statefulService(scope, env, {
      name: 'oms-db',
      component: 'database',
      containerName: 'postgres',
      image: this.image!,
      uid: 999,
      ports: [{ name: 'postgres', port: 5432 }],
      env: [
        { name: 'POSTGRES_DB', value: 'oms' },
        { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        { name: 'POSTGRES_USER', valueFrom: { secretKeyRef: { name: this.credentialsSecret, key: 'username' } } },
        { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: this.credentialsSecret, key: 'password' } } },
      ],
      cpu: { request: '500m', limit: '2' },
      memory: { request: '1Gi', limit: '2Gi' },
      readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] }, periodSeconds: 10 },
      dataPath: '/var/lib/postgresql/data',
      scratch: [
        { name: 'run', path: '/var/run/postgresql' },
        { name: 'tmp', path: '/tmp' },
      ],
      storage: this.storage!,
      terminationGracePeriodSeconds: 60,
      // Clients are the environment's own pods; the database calls nothing.
      ingress: [{ from: [{ podSelector: {} }], ports: tcpPorts([5432]) }],
    });
    return DatabaseConnection.existing({
      host: 'oms-db',
      database: 'oms',
      vendor: DatabaseVendor.POSTGRESQL,
      credentials: { secretName: this.credentialsSecret },
      egress: [{ podLabels: selector, ports: [5432] }],
      environment: env.environmentName,
    });
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
    // From plain JavaScript the props may be missing: an empty in-cluster broker, which validate() reports.
    return new BrokerProvisioning(undefined, props ?? ({} as never));
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
      problems.push(...credentialsSecretProblems(`${property}.credentialsSecret`, this.own!.credentialsSecret, 'test-broker'));
      const rule = unpinnedImageViolation(this.own!.image ?? '');
      if (rule) problems.push({ property: `${property}.image`, rule, value: this.own!.image, fix: 'pin an Artemis image' });
      const storage = this.own!.storage;
      const storageRule = storage === undefined ? undefined : storageQuantityViolation(storage);
      if (storageRule)
        problems.push({
          property: `${property}.storage`,
          rule: storageRule,
          value: storage,
          fix: `use e.g. "${suggestStorageQuantity(storage)}"`,
        });
    }
    return problems;
  }

  /** Creates the in-cluster broker (nothing for an existing one); returns the egress clients need. */
  public provision(scope: Construct, env: DataServicePlacement): EgressRule[] {
    if (this.existingBroker) return [...this.existingBroker.egress];
    const own = this.own!;
    const selector = statefulService(scope, env, {
      name: 'oms-broker',
      component: 'broker',
      containerName: 'artemis',
      image: own.image,
      uid: 1001,
      ports: [
        { name: 'core', port: 61616 },
        { name: 'console', port: 8161 },
      ],
      env: [
        // The broker name KEDA's queries and the queue setup use.
        { name: 'EXTRA_ARGS', value: '--http-host 0.0.0.0 --relax-jolokia --name oms-broker' },
        { name: 'ARTEMIS_USER', valueFrom: { secretKeyRef: { name: own.credentialsSecret, key: 'username' } } },
        { name: 'ARTEMIS_PASSWORD', valueFrom: { secretKeyRef: { name: own.credentialsSecret, key: 'password' } } },
      ],
      cpu: { request: '250m', limit: '1' },
      memory: { request: '1Gi', limit: '2Gi' },
      readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(61616) }, periodSeconds: 10 },
      dataPath: '/var/lib/artemis-instance',
      scratch: [{ name: 'tmp', path: '/tmp' }],
      storage: own.storage ?? '10Gi',
      ingress: [
        { from: [{ podSelector: {} }], ports: tcpPorts([61616, 8161]) },
        // KEDA reads queue depth through the management console.
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } }], ports: tcpPorts([8161]) },
      ],
    });
    return [{ podLabels: selector, ports: [61616, 8161] }];
  }
}

/** One single-instance stateful service in the namespace: what differs between the database and the broker. */
interface StatefulServiceSpec {
  readonly name: string;
  readonly component: string;
  readonly containerName: string;
  readonly image: string;
  /** The UID the image runs as on EKS. */
  readonly uid: number;
  readonly ports: readonly { readonly name: string; readonly port: number }[];
  readonly env: k8s.EnvVar[];
  readonly cpu: { readonly request: string; readonly limit: string };
  readonly memory: { readonly request: string; readonly limit: string };
  readonly readinessProbe: k8s.Probe;
  /** Where the PersistentVolumeClaim is mounted. */
  readonly dataPath: string;
  /** Writable scratch directories under the read-only root. */
  readonly scratch: readonly { readonly name: string; readonly path: string }[];
  readonly storage: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly ingress: k8s.NetworkPolicyIngressRule[];
}

/**
 * A Service, a one-replica StatefulSet on a retained PersistentVolumeClaim
 * (deleted with the StatefulSet only in a disposable environment) and a
 * NetworkPolicy; its limits are recorded in the environment's budget.
 * Returns the labels that select its pod.
 */
function statefulService(scope: Construct, env: DataServicePlacement, spec: StatefulServiceSpec): Record<string, string> {
  const selector = selectorLabels({ name: spec.name, environment: env.environmentName });
  const labels = standardLabels({
    name: spec.name,
    environment: env.environmentName,
    component: spec.component,
    version: spec.image.split(':').pop(),
  });
  env.addFootprint(scope.node.path, parseCpuMillis(spec.cpu.limit)!, parseMemoryBytes(spec.memory.limit)!);
  new k8s.KubeService(scope, 'service', {
    metadata: { name: spec.name, labels },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: spec.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromNumber(p.port), protocol: 'TCP' })),
    },
  });
  const q = k8s.Quantity.fromString;
  new k8s.KubeStatefulSet(scope, 'statefulset', {
    metadata: { name: spec.name, labels },
    spec: {
      serviceName: spec.name,
      replicas: 1,
      selector: { matchLabels: selector },
      // The data outlives the StatefulSet unless the environment is disposable.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: env.disposable ? 'Delete' : 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: { ...labels, ...selector } },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext(env.platform, { runAsUser: spec.uid }),
          terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
          containers: [
            {
              name: spec.containerName,
              image: spec.image,
              ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
              env: spec.env,
              resources: {
                requests: { cpu: q(spec.cpu.request), memory: q(spec.memory.request), 'ephemeral-storage': q('256Mi') },
                limits: { cpu: q(spec.cpu.limit), memory: q(spec.memory.limit), 'ephemeral-storage': q('1Gi') },
              },
              readinessProbe: spec.readinessProbe,
              livenessProbe: {
                tcpSocket: { port: k8s.IntOrString.fromNumber(spec.ports[0].port) },
                periodSeconds: 30,
                failureThreshold: 6,
              },
              securityContext: containerSecurityContext(),
              volumeMounts: [{ name: 'data', mountPath: spec.dataPath }, ...spec.scratch.map((x) => ({ name: x.name, mountPath: x.path }))],
            },
          ],
          volumes: spec.scratch.map((x) => ({ name: x.name, emptyDir: {} })),
        },
      },
      volumeClaimTemplates: [
        {
          // Volume claim templates cannot change after creation: no version label, so an image bump stays an update.
          metadata: { name: 'data', labels: Object.fromEntries(Object.entries(labels).filter(([k]) => k !== 'app.kubernetes.io/version')) },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: q(spec.storage) } } },
        },
      ],
    },
  });
  new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: spec.name, labels },
    spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress', 'Egress'], ingress: spec.ingress },
  });
  return selector;
}

/** The Secret an in-cluster service reads its user and password from: a Secret name (a DNS-1123 label, as connections take it). */
function credentialsSecretProblems(property: string, secret: string | undefined, example: string): Problem[] {
  return secret
    ? problemIf(property, secret, dns1123LabelViolation(secret), `name the Secret with username and password, e.g. "${example}"`)
    : [];
}
