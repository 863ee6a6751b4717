import { Construct } from 'constructs';
import {
  EgressRule,
  checkNewConstruct,
  OmsRestAuth,
  ResourceRequirements,
  reportedOnParent,
  standardLabels,
  throwIfProblems,
} from '../core';
import type { IConnection } from '../k8s/connections/connection';
import { BrokerProvisioning, DatabaseProvisioning } from '../k8s/connections/test-data-services';
import { OmsEnvironment } from '../k8s/environment/oms-environment';
import { k8s } from '../k8s/primitives/kube';
import { WaitCondition } from '../k8s/primitives/wait-condition';
import { JOB_PHASES, JobPhase, markComposite } from '../k8s/primitives/phase';
import { OmsApiGateway, OmsApiGatewayProps } from '../k8s/routing/oms-api-gateway';
import { AgentPool, AgentPoolProps } from '../k8s/workloads/agent-pool';
import { DataSetupMode, OmsDataSetup } from '../k8s/workloads/oms-data-setup';
import { OmsHealthMonitor, OmsHealthMonitorProps } from '../k8s/workloads/oms-health-monitor';
import { OmsMicroservice, OmsMicroserviceProps } from '../k8s/workloads/oms-microservice';
import { OmsAppSecret } from '../k8s/workloads/oms-runtime';
import { BACKUP_CLAIM, FullTestContext, FullTestLifecycleJobs, backupContainer } from './full-test-lifecycle-jobs';
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
    checkNewConstruct(scope, id, props);
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
    const ctx: FullTestContext = {
      env,
      props,
      database,
      ownDatabase,
      toolsEnv: { PGHOST: database.host, PGPORT: String(database.port), PGDATABASE: database.database },
      toolsSecrets: { PGUSER: database.user, PGPASSWORD: database.password },
      brokerEgress,
    };
    const lifecycle = new FullTestLifecycleJobs(this, ctx, this.jobs);
    const phases = new Set<JobPhase>(props.phases ?? JOB_PHASES);
    const managed = ownDatabase || props.dataSetup?.manageExistingDatabase === true;
    if (managed)
      new k8s.KubeConfigMap(this, 'mediator', {
        metadata: {
          name: OmsDataSetup.mediatorFor(id),
          labels: standardLabels({ name: id, environment: env.environmentName, component: 'data-setup' }),
        },
      });
    if (managed && phases.has('install')) this.dataSetup.create = this.setupJob(ctx, lifecycle, 'install', 'create');
    if (managed && phases.has('upgrade')) this.dataSetup.upgrade = this.setupJob(ctx, lifecycle, 'upgrade', 'upgrade');
    const gate = managed
      ? [WaitCondition.dataSetupComplete({ mediator: OmsDataSetup.mediatorFor(id), markerKey: OmsDataSetup.markerKey(props.release) })]
      : [];

    const common = {
      appSecret: props.appSecret,
      imageSupportsPostgresql: props.images.supportPostgresql,
    };
    const own = (p: { readonly connections?: readonly IConnection[]; readonly egress?: readonly EgressRule[] }) => ({
      connections: [database, ...(p.connections ?? [])],
      egress: [...brokerEgress, ...(p.egress ?? [])],
    });
    // The environment's database and broker come first; a part's own connections, egress and waits are added to them.
    const app = (p: Omit<OmsMicroserviceProps, 'image'>) => ({
      ...p,
      ...common,
      ...own(p),
      image: props.images.app,
      waitFor: [...gate, ...(p.waitFor ?? [])],
    });
    const at = this.node.path;
    this.appServer = reportedOnParent(
      at,
      'appServer',
      props.appServer,
      () => new OmsMicroservice(this, 'app-server', app(props.appServer)),
    );
    for (const [name, p] of Object.entries(props.services ?? {}))
      this.services[name] = reportedOnParent(at, `services.${name}`, p, () => new OmsMicroservice(this, name, app(p)));
    this.createAgents(ctx, common, own, gate);
    const monitor = props.healthMonitor;
    if (monitor)
      this.healthMonitor = reportedOnParent(
        at,
        'healthMonitor',
        monitor,
        () =>
          new OmsHealthMonitor(this, 'health-monitor', {
            ...monitor,
            ...common,
            ...own(monitor),
            image: props.images.agent,
            waitFor: [...gate, ...(monitor.waitFor ?? [])],
          }),
      );
    this.gateway = new OmsApiGateway(this, 'gateway', {
      ...props.routing,
      host: props.host,
      defaultBackend: this.appServer,
      services: Object.values(this.services),
    });

    if (phases.has('install')) lifecycle.installBroker();
    if (phases.has('upgrade') && ownDatabase) lifecycle.backupVolume();
    if (phases.has('rollback') && ownDatabase) lifecycle.restoreJob();
    if (phases.has('test')) lifecycle.smokeTestJob(this.gateway);
    if (phases.has('uninstall') && (props.dropDatabaseOnUninstall ?? (env.profile.disposable && ownDatabase))) lifecycle.dropJob();
  }

  private createAgents(
    ctx: FullTestContext,
    common: object,
    own: (p: { readonly connections?: readonly IConnection[]; readonly egress?: readonly EgressRule[] }) => {
      connections: IConnection[];
      egress: EgressRule[];
    },
    gate: WaitCondition[],
  ): void {
    const { props } = ctx;
    const broker = props.broker.brokerIn(ctx.env.environmentName);
    const heartbeat = `http://${this.appServer.serviceName}:${this.appServer.port}${this.appServer.healthCheckPath}`;
    const waitForApp = props.agentsWaitForApp === false ? [] : [WaitCondition.httpReady({ url: heartbeat, image: props.toolsImage })];
    for (const [name, { queue, ...p }] of Object.entries(props.agents ?? {})) {
      const pool = reportedOnParent(
        this.node.path,
        `agents.${name}`,
        p,
        () =>
          new AgentPool(this, name, {
            ...p,
            ...common,
            ...own(p),
            image: props.images.agent,
            egress: [
              ...own(p).egress,
              ...(waitForApp.length > 0 ? [{ podLabels: this.appServer.selector, ports: [this.appServer.port] }] : []),
            ],
            scaling: queue === undefined ? undefined : broker.queueDepth(queue),
            waitFor: [...gate, ...waitForApp, ...(p.waitFor ?? [])],
          }),
      );
      if (waitForApp.length > 0) this.appServer.allowPodsFrom(pool.selector);
      this.agents[name] = pool;
    }
  }

  /** IBM's data setup for the release, in its phase; the upgrade first backs up a database created here. */
  private setupJob(ctx: FullTestContext, lifecycle: FullTestLifecycleJobs, phase: JobPhase, mode: DataSetupMode): OmsDataSetup {
    const { props } = ctx;
    const build = () =>
      new OmsDataSetup(lifecycle.phase(phase), mode === 'create' ? 'data-setup' : 'data-upgrade', {
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
    const setup = reportedOnParent(this.node.path, 'dataSetup', props.dataSetup, build);
    if (mode === 'upgrade' && ctx.ownDatabase) {
      // Backed up in the same pod, before the upgrade starts: an init container that must succeed.
      setup.addVolume({ name: 'backups', persistentVolumeClaim: { claimName: BACKUP_CLAIM } });
      setup.addInitContainer(backupContainer(ctx));
    }
    lifecycle.add(phase, setup.job);
    return setup;
  }
}
