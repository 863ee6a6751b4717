import { Construct } from 'constructs';
import { EgressRule, OMS_REST_SMOKE_SCRIPT, joinName, omsRestSmokeArgs, standardLabels, toDns1123Label } from '../core';
import { DatabaseConnection } from '../k8s/connections/database-connection';
import { OmsEnvironment } from '../k8s/environment/oms-environment';
import { k8s } from '../k8s/primitives/kube';
import { egressEntries } from '../k8s/primitives/network-rules';
import { containerSecurityContext } from '../k8s/primitives/pod-security';
import { JobStep, oneShotJob } from '../k8s/primitives/one-shot-job';
import { JobPhase, assignPhase, markComposite } from '../k8s/primitives/phase';
import type { OmsApiGateway } from '../k8s/routing/oms-api-gateway';
import type { FullTestEnvironmentProps } from './full-test-environment';
import { POSTGRES_DUMP_SCRIPT, POSTGRES_RESTORE_SCRIPT } from './data-backup';

/** Everything the phase builders share. */
export interface FullTestContext {
  readonly env: OmsEnvironment;
  readonly props: FullTestEnvironmentProps;
  readonly database: DatabaseConnection;
  readonly ownDatabase: boolean;
  readonly toolsEnv: Record<string, string>;
  readonly toolsSecrets: JobStep['secretEnv'];
  readonly brokerEgress: readonly EgressRule[];
}

/**
 * The lifecycle Jobs of a `FullTestEnvironment` (`owner`), each under its
 * phase's holder: broker queues on install, the backup volume of the upgrade,
 * the restore of a rollback, the smoke test and the database drop of an
 * uninstall. Every Job made is recorded in `jobs`, by phase.
 */
export class FullTestLifecycleJobs {
  constructor(
    private readonly owner: Construct,
    private readonly ctx: FullTestContext,
    private readonly jobs: Partial<Record<JobPhase, k8s.KubeJob[]>>,
  ) {}

  /** The holder of a phase's objects. */
  public phase(phase: JobPhase): Construct {
    let holder = this.owner.node.tryFindChild(phase) as Construct | undefined;
    if (holder === undefined) {
      holder = new Construct(this.owner, phase);
      assignPhase(holder, phase);
      markComposite(holder);
    }
    return holder;
  }

  /** Records a Job of a phase. */
  public add(phase: JobPhase, job: k8s.KubeJob): void {
    (this.jobs[phase] ??= []).push(job);
  }

  /** The volume the upgrade backs the database up to. */
  public backupVolume(): void {
    const { ctx } = this;
    new k8s.KubePersistentVolumeClaim(new Construct(this.owner, 'backups'), 'claim', {
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

  /** A one-shot Job of a phase, named after the release. */
  private job(
    phase: JobPhase,
    name: string,
    steps: JobStep[],
    egress: k8s.NetworkPolicyEgressRule[],
    claims?: Record<string, string>,
    configMaps?: Record<string, string>,
  ): void {
    const { ctx } = this;
    const release = toDns1123Label(ctx.props.release, { maxLength: 30 });
    const created = oneShotJob(new Construct(this.phase(phase), name), 'job', {
      name: joinName([name, release], 55),
      labels: standardLabels({
        name: this.owner.node.id,
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
    this.add(phase, created);
  }

  /** Creates the queues of an in-cluster broker. */
  public installBroker(): void {
    const { ctx } = this;
    const broker = ctx.props.broker;
    if (broker.mode !== 'in-cluster') return;
    const secret = broker.credentialsSecret!;
    this.job(
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

  /** Restores the backup taken before the upgrade. */
  public restoreJob(): void {
    const { ctx } = this;
    this.job(
      'rollback',
      'db-restore',
      [
        {
          name: 'restore',
          image: ctx.props.toolsImage,
          command: ['/bin/sh', '-c', POSTGRES_RESTORE_SCRIPT, 'restore', backupFile(ctx)],
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
  public smokeTestJob(gateway: OmsApiGateway): void {
    const { props } = this.ctx;
    const entry = gateway.clientEntryPoint();
    const creds = props.smokeTest.credentials;
    const ca = props.smokeTest.caBundle;
    this.job(
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

  /** Drops the database. */
  public dropJob(): void {
    const { ctx } = this;
    this.job(
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
export const BACKUP_CLAIM = 'oms-db-backups';

function backupFile(ctx: FullTestContext): string {
  return `/backups/before-${toDns1123Label(ctx.props.release, { maxLength: 50 })}.dump`;
}

/** Backs the database up before the upgrade, as an init container of the upgrade's data setup. */
export function backupContainer(ctx: FullTestContext): k8s.Container {
  return {
    name: 'backup',
    image: ctx.props.toolsImage,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', POSTGRES_DUMP_SCRIPT, 'backup', backupFile(ctx)],
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
    // pg_dump writes only the backup volume (and nothing else of the tools image): the root stays read-only.
    securityContext: containerSecurityContext(),
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
