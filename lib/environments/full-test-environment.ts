import { Construct } from 'constructs';
import { EgressRule, joinName, standardLabels, throwIfProblems, toDns1123Label } from '../core';
import { AgentPool, AgentPoolProps } from '../k8s/workloads/agent-pool';
import { k8s } from '../k8s/primitives/kube';
import { OmsApiGateway, apiPath } from '../k8s/routing/oms-api-gateway';
import { OmsEnvironment } from '../k8s/environment/oms-environment';
import { DEFAULT_HEALTH_CHECK_PATH, OmsMicroservice, OmsMicroserviceProps } from '../k8s/workloads/oms-microservice';
import { JobStep, oneShotJob } from '../k8s/primitives/one-shot-job';
import { PHASES, Phase, assignPhase, markComposite } from '../k8s/release/phase';
import { BrokerProvisioning, DatabaseProvisioning } from '../k8s/connections/test-data-services';
import { IConnection } from '../k8s/connections/connection';
import { DatabaseConnection } from '../k8s/connections/database-connection';
import { RELEASE_MARKER_TABLE, WaitCondition } from '../k8s/primitives/wait-condition';
import { egressEntries } from '../k8s/primitives/network-rules';
import { validateFullTestEnvironmentProps } from './validate-full-test-environment-props';

/** Commands the OMS image runs for each lifecycle task (the image's own tooling). */
export interface OmsTaskCommands {
  /** Creates the schema on an empty database. @default the image entrypoint with OMS_TASK=db-init */
  readonly dbInit?: readonly string[];
  /** Loads factory data. @default the image entrypoint with OMS_TASK=factory-data */
  readonly factoryData?: readonly string[];
  /** Upgrades the schema to this release. @default the image entrypoint with OMS_TASK=schema-upgrade */
  readonly schemaUpgrade?: readonly string[];
}

/** Properties of a {@link FullTestEnvironment}. */
export interface FullTestEnvironmentProps {
  /** The release under test (version and commit); Jobs carry it in their names. */
  readonly release: string;
  /** The OMS image (app servers, agents, OMS tasks), pinned. */
  readonly image: string;
  /** A pinned image with psql, pg_dump, pg_restore and curl, for waits, backups and tests. */
  readonly toolsImage: string;
  /** The database: created in the namespace, or an existing one by reference. */
  readonly database: DatabaseProvisioning;
  /** The message broker: created in the namespace, or an existing one by reference. */
  readonly broker: BrokerProvisioning;
  /** The host of the routing entry point. */
  readonly host: string;
  /** The default app server (every path no API route claims). */
  readonly appServer: Omit<OmsMicroserviceProps, 'image' | 'apis'>;
  /** More app servers, by name, with the APIs they own. @default none */
  readonly services?: Readonly<Record<string, Omit<OmsMicroserviceProps, 'image'>>>;
  /** Agent pools, by name; `queue` scales the pool on that queue of the broker. @default none */
  readonly agents?: Readonly<Record<string, Omit<AgentPoolProps, 'image' | 'scaling'> & { readonly queue?: string }>>;
  /** APIs the test phase calls through the entry point. */
  readonly smokeTestApis: readonly string[];
  /** The phases to render. @default all: install, upgrade, rollback, test, uninstall */
  readonly phases?: readonly Phase[];
  /** Drop the database on uninstall. @default true for a disposable environment with its own database, else false */
  readonly dropDatabaseOnUninstall?: boolean;
  /** Agents wait until the app server answers (OMS configured) before starting. @default true */
  readonly agentsWaitForApp?: boolean;
  /** The OMS image's commands for each task. @default its entrypoint with OMS_TASK set */
  readonly omsTasks?: OmsTaskCommands;
  /** The in-cluster address of the ingress controller or router, for the smoke tests. @default by platform */
  readonly entryPointService?: string;
  /** Size of the backup volume. @default '50Gi' */
  readonly backupStorage?: string;
}

/**
 * A complete OMS test instance: app servers behind the routing entry point,
 * agent pools, a database and a message broker, either created for the
 * environment (in the namespace, on retained volumes) or reused by reference.
 * Lifecycle Jobs are rendered per phase under `phases/<phase>/` for CI to
 * apply in order: install (schema, factory data, release marker, broker
 * queues), upgrade (backup, then schema upgrade), rollback (restore), test
 * (smoke tests through the entry point) and uninstall (database drop, only
 * for disposable environments with their own database). App servers wait for
 * the release marker; agents also wait for the app server.
 */
export class FullTestEnvironment extends Construct {
  public readonly appServer: OmsMicroservice;
  public readonly services: Record<string, OmsMicroservice> = {};
  public readonly agents: Record<string, AgentPool> = {};
  public readonly gateway: OmsApiGateway;
  /** The lifecycle Jobs, by phase. */
  public readonly jobs: Partial<Record<Phase, k8s.KubeJob[]>> = {};

  constructor(scope: Construct, id: string, props: FullTestEnvironmentProps) {
    super(scope, id);
    const env = OmsEnvironment.find(this);
    const disposable = env.profile.disposable;
    throwIfProblems(this.node.path, validateFullTestEnvironmentProps(props, env.config.stage, disposable));
    markComposite(this);
    const platform = env.config.platform;
    const place = {
      environmentName: env.environmentName,
      platform,
      disposable,
      // In-cluster data services count against the environment's budget like any workload.
      addFootprint: (path: string, cpuMillis: number, memoryBytes: number) =>
        env.addFootprint({ path, peakPods: 1, requests: { cpuMillis, memoryBytes }, limits: { cpuMillis, memoryBytes } }),
    };
    const ownDatabase = props.database.mode === 'in-cluster';

    const dbEgress = props.database.provision(new Construct(this, 'oms-db'), place);
    const brokerEgress = props.broker.provision(new Construct(this, 'oms-broker'), place);
    const broker = props.broker.brokerIn(env.environmentName);
    const credentials = props.database.credentialsSecret;
    const database = DatabaseConnection.existing({
      host: props.database.host,
      port: props.database.port,
      database: props.database.database,
      credentials: { secretName: credentials },
      egress: dbEgress,
      environment: ownDatabase ? env.environmentName : undefined,
    });
    const dbEnv = database.binding().env;
    const dbSecretEnv = database.binding().secretEnv;
    const waitForDatabase = WaitCondition.databaseInitialised({
      release: ownDatabase ? props.release : undefined,
      image: props.toolsImage,
      credentials: { secretName: credentials },
      host: props.database.host,
      port: props.database.port,
      database: props.database.database,
    });
    const server = <T extends { egress?: readonly EgressRule[]; connections?: readonly IConnection[] }>(p: T) => ({
      ...p,
      image: props.image,
      connections: [database, ...(p.connections ?? [])],
      egress: [...brokerEgress, ...(p.egress ?? [])],
    });

    this.appServer = new OmsMicroservice(this, 'app-server', { ...server(props.appServer), waitFor: [waitForDatabase] });
    for (const [name, p] of Object.entries(props.services ?? {})) {
      this.services[name] = new OmsMicroservice(this, name, { ...server(p), waitFor: [waitForDatabase] });
    }
    const appUrl = `http://${this.appServer.serviceName}:${this.appServer.port}${props.appServer.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH}`;
    for (const [name, { queue, ...p }] of Object.entries(props.agents ?? {})) {
      const waitFor =
        props.agentsWaitForApp === false
          ? [waitForDatabase]
          : [waitForDatabase, WaitCondition.httpReady({ url: appUrl, image: props.toolsImage })];
      const pool = new AgentPool(this, name, {
        ...server(p),
        egress: [...server(p).egress, { podLabels: this.appServer.selector, ports: [this.appServer.port] }],
        scaling: queue === undefined ? undefined : broker.queueDepth(queue),
        waitFor,
      });
      this.appServer.allowPodsFrom(pool.selector);
      this.agents[name] = pool;
    }
    this.gateway = new OmsApiGateway(this, 'gateway', {
      host: props.host,
      defaultBackend: this.appServer,
      services: Object.values(this.services),
    });

    // Backups are taken before every upgrade of a database this environment owns.
    if (ownDatabase)
      new k8s.KubePersistentVolumeClaim(new Construct(this, 'backups'), 'claim', {
        metadata: {
          name: 'oms-db-backups',
          labels: standardLabels({ name: 'oms-db-backups', environment: env.environmentName, component: 'backup' }),
        },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: k8s.Quantity.fromString(props.backupStorage ?? '50Gi') } },
        },
      });

    const phases = new Set<Phase>(props.phases ?? PHASES);
    const release = toDns1123Label(props.release, { maxLength: 30 });
    const labels = (component: string) => standardLabels({ name: id, environment: env.environmentName, component, version: props.release });
    const toolsEnv = { ...dbEnv, PGHOST: props.database.host, PGPORT: String(props.database.port), PGDATABASE: props.database.database };
    const toolsSecrets = { PGUSER: dbSecretEnv.DB_USER, PGPASSWORD: dbSecretEnv.DB_PASSWORD };
    const big = { cpu: '1', memory: '2Gi' };
    const omsStep = (name: string, task: string, command?: readonly string[]): JobStep => ({
      name,
      image: props.image,
      command,
      env: { ...dbEnv, OMS_TASK: task, OMS_RELEASE: props.release },
      secretEnv: dbSecretEnv,
      resources: big,
    });
    const marker: JobStep = {
      name: 'record-release',
      image: props.toolsImage,
      script: `psql -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS ${RELEASE_MARKER_TABLE} (release text PRIMARY KEY, recorded_at timestamptz NOT NULL DEFAULT now())" -c "INSERT INTO ${RELEASE_MARKER_TABLE} (release) VALUES ('${props.release}') ON CONFLICT DO NOTHING"`,
      env: toolsEnv,
      secretEnv: toolsSecrets,
    };
    const jobEgress = egressEntries(dbEgress);
    const job = (phase: Phase, name: string, steps: JobStep[], egress = jobEgress, claims?: Record<string, string>) => {
      let holder = this.node.tryFindChild(phase) as Construct | undefined;
      if (holder === undefined) {
        holder = new Construct(this, phase);
        assignPhase(holder, phase);
        markComposite(holder);
      }
      const created = oneShotJob(new Construct(holder, name), 'job', {
        name: joinName([name, release], 55),
        labels: labels(`${phase}-job`),
        platform,
        steps,
        claims,
        deadlineSeconds: phase === 'install' || phase === 'upgrade' ? 7200 : 1800,
        egress,
      }).job;
      (this.jobs[phase] ??= []).push(created);
    };

    if (phases.has('install')) {
      if (ownDatabase) {
        job('install', 'db-init', [
          omsStep('db-init', 'db-init', props.omsTasks?.dbInit),
          omsStep('factory-data', 'factory-data', props.omsTasks?.factoryData),
          marker,
        ]);
      }
      if (props.broker.mode === 'in-cluster') {
        const creates = props.broker.queuesToCreate.map(
          (q) =>
            `curl -fsS -u "$BROKER_USER:$BROKER_PASSWORD" -H 'Origin: http://localhost' "http://oms-broker:8161/console/jolokia/exec/org.apache.activemq.artemis:broker=%22oms-broker%22/createQueue(java.lang.String,java.lang.String,boolean,java.lang.String)/oms/${q}/true/ANYCAST" > /dev/null && echo "queue ${q}"`,
        );
        job(
          'install',
          'broker-setup',
          [
            {
              name: 'create-queues',
              image: props.toolsImage,
              script: ['set -e', ...creates].join('\n'),
              secretEnv: {
                BROKER_USER: { secretName: props.broker.credentialsSecret!, key: 'username' },
                BROKER_PASSWORD: { secretName: props.broker.credentialsSecret!, key: 'password' },
              },
            },
          ],
          egressEntries(brokerEgress),
        );
      }
    }
    // A reused database belongs to the environment that owns it: it upgrades and restores it.
    const backupFile = `/backups/before-${props.release}.dump`;
    if (phases.has('upgrade') && ownDatabase) {
      job(
        'upgrade',
        'schema-upgrade',
        [
          {
            name: 'backup',
            image: props.toolsImage,
            script: `pg_dump --format=custom --file="${backupFile}" && echo "backup ${backupFile}"`,
            env: toolsEnv,
            secretEnv: toolsSecrets,
            mounts: { backups: '/backups' },
          },
          omsStep('schema-upgrade', 'schema-upgrade', props.omsTasks?.schemaUpgrade),
          marker,
        ],
        jobEgress,
        { backups: 'oms-db-backups' },
      );
    }
    if (phases.has('rollback') && ownDatabase) {
      job(
        'rollback',
        'db-restore',
        [
          {
            name: 'restore',
            image: props.toolsImage,
            script: `pg_restore --clean --if-exists --no-owner --dbname="$PGDATABASE" "${backupFile}"`,
            env: toolsEnv,
            secretEnv: toolsSecrets,
            mounts: { backups: '/backups' },
          },
        ],
        jobEgress,
        { backups: 'oms-db-backups' },
      );
    }
    if (phases.has('test')) {
      const entry =
        props.entryPointService ??
        (platform === 'openshift' ? 'router-internal-default.openshift-ingress.svc' : 'ingress-nginx-controller.ingress-nginx.svc');
      const calls = props.smokeTestApis.map(
        (api) =>
          `curl -fsS -o /dev/null -X POST -H "Host: ${props.host}" -H 'Content-Type: application/json' --data '{}' "http://${entry}${apiPath(api)}" && echo "ok ${api}"`,
      );
      job(
        'test',
        'smoke-test',
        [{ name: 'smoke-test', image: props.toolsImage, script: ['set -e', ...calls].join('\n') }],
        [
          {
            to: [{ namespaceSelector: { matchLabels: env.gatewaySource.namespaceLabels } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(80) }],
          },
        ],
      );
    }
    const drop = props.dropDatabaseOnUninstall ?? (disposable && ownDatabase);
    if (phases.has('uninstall') && drop) {
      job('uninstall', 'db-drop', [
        {
          name: 'drop',
          image: props.toolsImage,
          script: `psql -v ON_ERROR_STOP=1 --dbname=postgres -c "DROP DATABASE IF EXISTS \\"$PGDATABASE\\" WITH (FORCE)"`,
          env: toolsEnv,
          secretEnv: toolsSecrets,
        },
      ]);
    }
  }
}
