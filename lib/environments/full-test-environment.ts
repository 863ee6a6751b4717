import { Construct } from 'constructs';
import {
  EgressRule,
  checkConstructInput,
  OMS_REST_SMOKE_SCRIPT,
  OmsRestAuth,
  ResourceRequirements,
  joinName,
  omsRestSmokeArgs,
  standardLabels,
  throwIfProblems,
  toDns1123Label,
} from '../core';
import { DatabaseConnection } from '../k8s/connections/database-connection';
import { BrokerProvisioning, DatabaseProvisioning } from '../k8s/connections/test-data-services';
import { OmsEnvironment } from '../k8s/environment/oms-environment';
import { k8s } from '../k8s/primitives/kube';
import { egressEntries } from '../k8s/primitives/network-rules';
import { containerSecurityContext } from '../k8s/primitives/pod-security';
import { JobStep, oneShotJob } from '../k8s/primitives/one-shot-job';
import { WaitCondition } from '../k8s/primitives/wait-condition';
import { JOB_PHASES, JobPhase, assignPhase, markComposite } from '../k8s/release/phase';
import { OmsApiGateway, OmsApiGatewayProps } from '../k8s/routing/oms-api-gateway';
import { AgentPool, AgentPoolProps } from '../k8s/workloads/agent-pool';
import { DataSetupMode, OmsDataSetup } from '../k8s/workloads/oms-data-setup';
import { OmsHealthMonitor, OmsHealthMonitorProps } from '../k8s/workloads/oms-health-monitor';
import { OmsMicroservice, OmsMicroserviceProps } from '../k8s/workloads/oms-microservice';
import { OmsAppSecret } from '../k8s/workloads/oms-runtime';
import { validateFullTestEnvironmentProps } from './validate-full-test-environment-props';

/** IBM's images of one release: `om-app` for app servers, `om-agent` for agents, the health monitor and data setup. */
export interface OmsImages {
  /** The app server image (`om-app`, or a variant such as `om-app-<variant>`), pinned. */
  readonly app: string;
  /** The agent image (`om-agent`), pinned. */
  readonly agent: string;
  /** The images were built for PostgreSQL (driver and vendor transformation). @default false */
  readonly supportPostgresql?: boolean;
}

/** How data setup runs. */
export interface DataSetupOptions {
  /** How the data setup Job reaches the Kubernetes API to write its completion marker. */
  readonly kubernetesApi: readonly EgressRule[];
  /** The last fix pack the database was set up with. @default 0 */
  readonly fromFixPack?: number;
  /** @default 1/2 CPU, 2Gi/4Gi */
  readonly resources?: ResourceRequirements;
  /**
   * Run data setup on a reused database too (install creates the schema,
   * upgrade upgrades it). Leave it off for a database another environment owns.
   * @default false (only a database created here)
   */
  readonly manageExistingDatabase?: boolean;
}

/** The test phase: read-only OMS APIs called through the routing entry point, logged in as OMS requires. */
export interface FullTestSmokeTest {
  /** Read-only APIs to call (`get...`, `find...`, `list...`, `check...`). */
  readonly apis: readonly string[];
  /** The OMS user, from a Secret. */
  readonly credentials: { readonly secretName: string; readonly usernameKey?: string; readonly passwordKey?: string };
  /** STANDARD (login, then token) unless the servers set `servlet.authstyle=BASIC`. @default 'standard' */
  readonly auth?: OmsRestAuth;
  /**
   * The CA that signed the entry point's certificate, from a ConfigMap in the environment's
   * namespace, when the tools image does not trust it already: e.g. the OpenShift router's default
   * certificate, signed by the ingress operator's own CA (published in `openshift-config-managed`
   * as `default-ingress-cert`; copy it into the namespace). curl reads it through `CURL_CA_BUNDLE`.
   * @default the tools image's trust store
   */
  readonly caBundle?: { readonly configMap: string; readonly key?: string };
}

/**
 * How the environment's entry point serves its host: TLS by certificate (an
 * ACM certificate on an AWS load balancer, a Secret in the cluster), or plain
 * HTTP where a disposable environment asks for it; the Gateway to attach to;
 * and, for implementations that cannot derive it, where in-cluster clients
 * (the smoke test) connect.
 */
export type FullTestRouting = Pick<
  OmsApiGatewayProps,
  'certificateArn' | 'tlsSecretName' | 'plainHttp' | 'gateway' | 'timeoutSeconds' | 'inClusterAddress'
>;

/** Properties of a {@link FullTestEnvironment}. */
export interface FullTestEnvironmentProps {
  /** The release under test (version and commit); Jobs and the data setup marker carry it. */
  readonly release: string;
  /** IBM's images of the release, per role. */
  readonly images: OmsImages;
  /** A pinned image with psql, pg_dump, pg_restore and curl (backups of the in-cluster database, broker setup, smoke tests). */
  readonly toolsImage: string;
  /** The database: created in the namespace, or an existing one by reference. */
  readonly database: DatabaseProvisioning;
  /** The message broker: created in the namespace, or an existing one by reference. */
  readonly broker: BrokerProvisioning;
  /** The host of the routing entry point. */
  readonly host: string;
  /**
   * How the entry point serves `host` (certificate or plain HTTP, Gateway, in-cluster address).
   * The implementation is the environment's `gateway`.
   * @default HTTPS with nothing more (enough for the OpenShift router; a Gateway API implementation needs its certificate)
   */
  readonly routing?: FullTestRouting;
  /** The default app server (every path no API route claims). */
  readonly appServer: Omit<OmsMicroserviceProps, 'image' | 'apis'>;
  /** More app servers, by name, with the APIs they own. @default none */
  readonly services?: Readonly<Record<string, Omit<OmsMicroserviceProps, 'image'>>>;
  /** Agent pools, by name; `queue` scales the pool on that queue of the broker. @default none */
  readonly agents?: Readonly<Record<string, Omit<AgentPoolProps, 'image' | 'scaling'> & { readonly queue?: string }>>;
  /** The health monitor. @default none */
  readonly healthMonitor?: Omit<OmsHealthMonitorProps, 'image'>;
  /** Data setup (install: create; upgrade: upgrade); required when it runs (a database created here, or `manageExistingDatabase`). @default none */
  readonly dataSetup?: DataSetupOptions;
  /** The test phase. */
  readonly smokeTest: FullTestSmokeTest;
  /** The Secret with the OMS server passwords (console, trust store). @default { secretName: 'oms-app-secret' } */
  readonly appSecret?: OmsAppSecret;
  /** The Job phases to render. @default all: install, upgrade, rollback, test, uninstall */
  readonly phases?: readonly JobPhase[];
  /** Drop the database on uninstall. @default true for a disposable environment with its own database, else false */
  readonly dropDatabaseOnUninstall?: boolean;
  /** Agents wait until the app server answers its heartbeat before starting. @default true */
  readonly agentsWaitForApp?: boolean;
  /** Size of the backup volume. @default '50Gi' */
  readonly backupStorage?: string;
}

/** Everything the phase builders share. */
interface Context {
  readonly env: OmsEnvironment;
  readonly props: FullTestEnvironmentProps;
  readonly database: DatabaseConnection;
  readonly ownDatabase: boolean;
  readonly toolsEnv: Record<string, string>;
  readonly toolsSecrets: JobStep['secretEnv'];
  readonly brokerEgress: readonly EgressRule[];
}

/**
 * A complete OMS test instance: app servers behind the routing entry point,
 * agent pools, an optional health monitor, a database and a message broker,
 * either created for the environment (in the namespace, on retained volumes)
 * or reused by reference. Lifecycle Jobs are rendered per phase under
 * `phases/<phase>/`: install (IBM's data setup `create`, broker queues),
 * upgrade (backup of a database created here, then data setup `upgrade`),
 * rollback (restore), test (read-only APIs through the entry point, logged
 * in) and uninstall (database drop, disposable environments only). App
 * servers and agents wait for data setup's completion marker.
 */
export class FullTestEnvironment extends Construct {
  public readonly appServer: OmsMicroservice;
  public readonly services: Record<string, OmsMicroservice> = {};
  public readonly agents: Record<string, AgentPool> = {};
  public readonly healthMonitor?: OmsHealthMonitor;
  public readonly gateway: OmsApiGateway;
  /** The data setup of each phase that runs one. */
  public readonly dataSetup: Partial<Record<DataSetupMode, OmsDataSetup>> = {};
  /** The lifecycle Jobs, by phase. */
  public readonly jobs: Partial<Record<JobPhase, k8s.KubeJob[]>> = {};

  constructor(scope: Construct, id: string, props: FullTestEnvironmentProps) {
    checkConstructInput(scope.node.path, id, props, typeof id === 'string' && scope.node.tryFindChild(id) !== undefined);
    super(scope, id);
    const env = OmsEnvironment.find(this);
    throwIfProblems(this.node.path, validateFullTestEnvironmentProps(props, env.config.stage, env.profile.disposable));
    markComposite(this);
    const place = {
      environmentName: env.environmentName,
      platform: env.config.platform,
      disposable: env.profile.disposable,
      // In-cluster data services count against the environment's budget like any workload.
      addFootprint: (path: string, cpuMillis: number, memoryBytes: number) =>
        env.addFootprint({ path, peakPods: 1, requests: { cpuMillis, memoryBytes }, limits: { cpuMillis, memoryBytes } }),
    };
    const database = props.database.provision(new Construct(this, 'oms-db'), place);
    const brokerEgress = props.broker.provision(new Construct(this, 'oms-broker'), place);
    const ownDatabase = props.database.mode === 'in-cluster';
    const ctx: Context = {
      env,
      props,
      database,
      ownDatabase,
      toolsEnv: { PGHOST: database.host, PGPORT: String(database.port), PGDATABASE: database.database },
      toolsSecrets: { PGUSER: database.user, PGPASSWORD: database.password },
      brokerEgress,
    };
    const phases = new Set<JobPhase>(props.phases ?? JOB_PHASES);
    const managed = ownDatabase || props.dataSetup?.manageExistingDatabase === true;
    if (managed)
      new k8s.KubeConfigMap(this, 'mediator', {
        metadata: {
          name: OmsDataSetup.mediatorFor(id),
          labels: standardLabels({ name: id, environment: env.environmentName, component: 'data-setup' }),
        },
      });
    if (managed && phases.has('install')) this.dataSetup.create = this.setupJob(ctx, 'install', 'create');
    if (managed && phases.has('upgrade')) this.dataSetup.upgrade = this.setupJob(ctx, 'upgrade', 'upgrade');
    const gate = managed
      ? [WaitCondition.dataSetupComplete({ mediator: OmsDataSetup.mediatorFor(id), markerKey: OmsDataSetup.markerKey(props.release) })]
      : [];

    const common = {
      connections: [database],
      egress: brokerEgress,
      appSecret: props.appSecret,
      imageSupportsPostgresql: props.images.supportPostgresql,
    };
    const app = (p: Omit<OmsMicroserviceProps, 'image'>) => ({
      ...p,
      ...common,
      image: props.images.app,
      waitFor: [...gate, ...(p.waitFor ?? [])],
    });
    this.appServer = new OmsMicroservice(this, 'app-server', app(props.appServer));
    for (const [name, p] of Object.entries(props.services ?? {})) this.services[name] = new OmsMicroservice(this, name, app(p));
    this.createAgents(ctx, common, gate);
    if (props.healthMonitor)
      this.healthMonitor = new OmsHealthMonitor(this, 'health-monitor', {
        ...props.healthMonitor,
        ...common,
        image: props.images.agent,
        waitFor: gate,
      });
    this.gateway = new OmsApiGateway(this, 'gateway', {
      ...props.routing,
      host: props.host,
      defaultBackend: this.appServer,
      services: Object.values(this.services),
    });

    if (phases.has('install')) this.installBroker(ctx);
    if (phases.has('upgrade') && ownDatabase) this.backupVolume(ctx);
    if (phases.has('rollback') && ownDatabase) this.restoreJob(ctx);
    if (phases.has('test')) this.smokeTestJob(ctx);
    if (phases.has('uninstall') && (props.dropDatabaseOnUninstall ?? (env.profile.disposable && ownDatabase))) this.dropJob(ctx);
  }

  private createAgents(ctx: Context, common: object, gate: WaitCondition[]): void {
    const { props } = ctx;
    const broker = props.broker.brokerIn(ctx.env.environmentName);
    const heartbeat = `http://${this.appServer.serviceName}:${this.appServer.port}${this.appServer.healthCheckPath}`;
    const waitForApp = props.agentsWaitForApp === false ? [] : [WaitCondition.httpReady({ url: heartbeat, image: props.toolsImage })];
    for (const [name, { queue, ...p }] of Object.entries(props.agents ?? {})) {
      const pool = new AgentPool(this, name, {
        ...p,
        ...common,
        image: props.images.agent,
        egress: [
          ...(common as { egress: EgressRule[] }).egress,
          ...(waitForApp.length > 0 ? [{ podLabels: this.appServer.selector, ports: [this.appServer.port] }] : []),
        ],
        scaling: queue === undefined ? undefined : broker.queueDepth(queue),
        waitFor: [...gate, ...waitForApp, ...(p.waitFor ?? [])],
      });
      if (waitForApp.length > 0) this.appServer.allowPodsFrom(pool.selector);
      this.agents[name] = pool;
    }
  }

  /** The holder of a phase's objects. */
  private phase(phase: JobPhase): Construct {
    let holder = this.node.tryFindChild(phase) as Construct | undefined;
    if (holder === undefined) {
      holder = new Construct(this, phase);
      assignPhase(holder, phase);
      markComposite(holder);
    }
    return holder;
  }

  /** IBM's data setup for the release, in its phase; the upgrade first backs up a database created here. */
  private setupJob(ctx: Context, phase: JobPhase, mode: DataSetupMode): OmsDataSetup {
    const { props } = ctx;
    const setup = new OmsDataSetup(this.phase(phase), mode === 'create' ? 'data-setup' : 'data-upgrade', {
      image: props.images.agent,
      mode,
      release: props.release,
      mediator: OmsDataSetup.mediatorFor(this.node.id),
      fromFixPack: props.dataSetup?.fromFixPack,
      kubernetesApi: props.dataSetup?.kubernetesApi ?? [],
      resources: props.dataSetup?.resources ?? { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '4Gi' } },
      connections: [ctx.database],
      appSecret: props.appSecret,
      imageSupportsPostgresql: props.images.supportPostgresql,
    });
    if (mode === 'upgrade' && ctx.ownDatabase) {
      // Backed up in the same pod, before the upgrade starts: an init container that must succeed.
      setup.addVolume({ name: 'backups', persistentVolumeClaim: { claimName: BACKUP_CLAIM } });
      setup.addInitContainer(backupContainer(ctx));
    }
    (this.jobs[phase] ??= []).push(setup.job);
    return setup;
  }

  private backupVolume(ctx: Context): void {
    new k8s.KubePersistentVolumeClaim(new Construct(this, 'backups'), 'claim', {
      metadata: {
        name: BACKUP_CLAIM,
        labels: standardLabels({ name: BACKUP_CLAIM, environment: ctx.env.environmentName, component: 'backup' }),
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: k8s.Quantity.fromString(ctx.props.backupStorage ?? '50Gi') } },
      },
    });
  }

  private job(
    ctx: Context,
    phase: JobPhase,
    name: string,
    steps: JobStep[],
    egress: k8s.NetworkPolicyEgressRule[],
    claims?: Record<string, string>,
    configMaps?: Record<string, string>,
  ): void {
    const release = toDns1123Label(ctx.props.release, { maxLength: 30 });
    const created = oneShotJob(new Construct(this.phase(phase), name), 'job', {
      name: joinName([name, release], 55),
      labels: standardLabels({
        name: this.node.id,
        environment: ctx.env.environmentName,
        component: `${phase}-job`,
        version: ctx.props.release,
      }),
      platform: ctx.env.config.platform,
      steps,
      claims,
      configMaps,
      deadlineSeconds: 1800,
      egress,
    }).job;
    (this.jobs[phase] ??= []).push(created);
  }

  private installBroker(ctx: Context): void {
    const broker = ctx.props.broker;
    if (broker.mode !== 'in-cluster') return;
    const secret = broker.credentialsSecret!;
    this.job(
      ctx,
      'install',
      'broker-setup',
      [
        {
          name: 'create-queues',
          image: ctx.props.toolsImage,
          // Queue names are arguments, never part of the script text.
          command: ['/bin/sh', '-c', ARTEMIS_QUEUES_SCRIPT, 'create-queues', ...broker.queuesToCreate],
          secretEnv: { BROKER_USER: { secretName: secret, key: 'username' }, BROKER_PASSWORD: { secretName: secret, key: 'password' } },
        },
      ],
      egressEntries(ctx.brokerEgress),
    );
  }

  private restoreJob(ctx: Context): void {
    this.job(
      ctx,
      'rollback',
      'db-restore',
      [
        {
          name: 'restore',
          image: ctx.props.toolsImage,
          command: ['/bin/sh', '-c', 'pg_restore --clean --if-exists --no-owner --dbname="$PGDATABASE" "$1"', 'restore', backupFile(ctx)],
          env: ctx.toolsEnv,
          secretEnv: ctx.toolsSecrets,
          mounts: { backups: '/backups' },
        },
      ],
      egressEntries(ctx.database.egress),
      { backups: BACKUP_CLAIM },
    );
  }

  /** Read-only APIs called the way callers call them: through the entry point, by the host's URL. */
  private smokeTestJob(ctx: Context): void {
    const { props } = ctx;
    const entry = this.gateway.clientEntryPoint();
    const creds = props.smokeTest.credentials;
    const ca = props.smokeTest.caBundle;
    this.job(
      ctx,
      'test',
      'smoke-test',
      [
        {
          name: 'smoke-test',
          image: props.toolsImage,
          command: [
            '/bin/sh',
            '-c',
            OMS_REST_SMOKE_SCRIPT,
            'smoke-test',
            ...omsRestSmokeArgs({
              baseUrl: entry.baseUrl,
              connectTo: entry.connectTo,
              auth: props.smokeTest.auth ?? 'standard',
              apis: props.smokeTest.apis,
            }),
          ],
          secretEnv: {
            OMS_USER: { secretName: creds.secretName, key: creds.usernameKey ?? 'username' },
            OMS_PASSWORD: { secretName: creds.secretName, key: creds.passwordKey ?? 'password' },
          },
          ...(ca === undefined
            ? {}
            : { env: { CURL_CA_BUNDLE: `${SMOKE_CA_PATH}/${ca.key ?? 'ca-bundle.crt'}` }, mounts: { 'entry-point-ca': SMOKE_CA_PATH } }),
        },
      ],
      [...entry.egress],
      undefined,
      ca === undefined ? undefined : { 'entry-point-ca': ca.configMap },
    );
  }

  private dropJob(ctx: Context): void {
    this.job(
      ctx,
      'uninstall',
      'db-drop',
      [
        {
          name: 'drop',
          image: ctx.props.toolsImage,
          command: [
            '/bin/sh',
            '-c',
            'psql -v ON_ERROR_STOP=1 --dbname=postgres -v db="$PGDATABASE" -c \'DROP DATABASE IF EXISTS :"db" WITH (FORCE)\'',
          ],
          env: ctx.toolsEnv,
          secretEnv: ctx.toolsSecrets,
        },
      ],
      egressEntries(ctx.database.egress),
    );
  }
}

/** Where the smoke test mounts the entry point's CA. */
const SMOKE_CA_PATH = '/etc/oms-entry-point-ca';

/** The claim the upgrade's backups are written to. */
const BACKUP_CLAIM = 'oms-db-backups';

function backupFile(ctx: Context): string {
  return `/backups/before-${toDns1123Label(ctx.props.release, { maxLength: 50 })}.dump`;
}

function backupContainer(ctx: Context): k8s.Container {
  return {
    name: 'backup',
    image: ctx.props.toolsImage,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', 'pg_dump --format=custom --file="$1" && echo "backup $1"', 'backup', backupFile(ctx)],
    env: [
      ...Object.entries(ctx.toolsEnv).map(([name, value]) => ({ name, value })),
      ...Object.entries(ctx.toolsSecrets ?? {}).map(([name, ref]) => ({
        name,
        valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } },
      })),
    ],
    resources: {
      requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') },
      limits: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('1Gi') },
    },
    securityContext: containerSecurityContext(false),
    volumeMounts: [{ name: 'backups', mountPath: '/backups' }],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

/** Creates each queue (given as arguments) on the in-cluster Artemis through its Jolokia endpoint. */
const ARTEMIS_QUEUES_SCRIPT = [
  'set -eu',
  'for q in "$@"; do',
  '  curl -fsS -u "$BROKER_USER:$BROKER_PASSWORD" -H "Origin: http://localhost" "http://oms-broker:8161/console/jolokia/exec/org.apache.activemq.artemis:broker=%22oms-broker%22/createQueue(java.lang.String,java.lang.String,boolean,java.lang.String)/oms/$q/true/ANYCAST" > /dev/null',
  '  echo "queue $q"',
  'done',
].join('\n');
