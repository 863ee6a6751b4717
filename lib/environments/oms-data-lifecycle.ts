import { Construct } from 'constructs';
import {
  EgressRule,
  Problem,
  ResourceRequirements,
  compareVersions,
  configMapKeyViolation,
  standardLabels,
  throwIfProblems,
  checkConstructInput,
  formatProblem,
  workloadSubnetsCidr,
} from '../core';
import { DatabaseConnection } from '../k8s/connections/database-connection';
import { OmsEnvironment } from '../k8s/environment/oms-environment';
import { k8s } from '../k8s/primitives/kube';
import { WaitCondition } from '../k8s/primitives/wait-condition';
import { markComposite } from '../k8s/primitives/phase';
import { DataSetupMode, OmsDataSetup } from '../k8s/workloads/oms-data-setup';
import { OmsAppSecret } from '../k8s/workloads/oms-runtime';
import { containerSecurityContext } from '../k8s/primitives/pod-security';
import type { Workload } from '../k8s/workloads/workload';
import { DataBackup } from './data-backup';
import { dataAdoption } from './data-adoption';

/** Waits until the database accepts TCP connections. Arguments: host, port. */
export const WAIT_FOR_DATABASE_SCRIPT = [
  'until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do',
  '  echo "waiting for the database at $1:$2"',
  '  sleep 10',
  'done',
  'echo "the database at $1:$2 answers"',
].join('\n');

const WAIT_RESOURCES = {
  requests: { cpu: k8s.Quantity.fromString('20m'), memory: k8s.Quantity.fromString('64Mi') },
  limits: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
};

/** Properties of an {@link OmsDataLifecycle}. */
export interface OmsDataLifecycleProps {
  /**
   * The OMS data version the environment's servers run: IBM's version with its fix pack, e.g.
   * "10.0.2409.1" (not the image tag: builds of one version share its data). The marker carries it.
   */
  readonly version: string;
  /**
   * The data version the database holds already. Equal to `version`: the database was set up before
   * this environment managed it, and only gets its marker. Older: backup, then IBM's upgrade.
   * @default none: a new database, set up with IBM's `create`
   */
  readonly installed?: string;
  /** The `om-agent` image of the version, pinned. */
  readonly image: string;
  /** The database. */
  readonly database: DatabaseConnection;
  /**
   * The environment that owns the database's data. Data setup runs only there; another environment
   * on the same database (a partial test environment) waits for the owner's marker instead.
   * @default this environment
   */
  readonly databaseOwner?: string;
  /** How the database is backed up before an upgrade. Required when `installed` is older than `version`. @default none */
  readonly backup?: DataBackup;
  /** How the Job reaches the Kubernetes API to write its marker (the API server's addresses). */
  readonly kubernetesApi: readonly EgressRule[];
  /** The last fix pack the database was set up with (the fix-pack step starts after it). @default 0 */
  readonly fromFixPack?: number;
  /** @default 1/2 CPU, 2Gi/4Gi */
  readonly resources?: ResourceRequirements;
  /** The Secret with the OMS server passwords. @default { secretName: 'oms-app-secret' } */
  readonly appSecret?: OmsAppSecret;
  /** The images were built for PostgreSQL. @default false */
  readonly imageSupportsPostgresql?: boolean;
  /** Pull secrets of IBM's entitled registry or a mirror. @default none */
  readonly imagePullSecrets?: readonly string[];
  /**
   * The database holds `installed` (older than `version`) but was set up before this environment managed
   * its data, so no marker records it yet and the upgrade would refuse. Renders the phase `adopt`
   * (`apply <env> --phase adopt`, run once, on purpose, before the environment's apply): it creates the
   * mediator ConfigMap and writes the marker of `installed`, and nothing else. It runs no data setup, and
   * refuses when the mediator holds any marker. @default false
   */
  readonly adoptInstalled?: boolean;
}

const VERSION = /^\d+(\.\d+){1,4}$/;

/** Whether two versions differ only in their fix pack (the last of four numbers: 10.0.2409.1 and 10.0.2409.2). */
function sameRelease(a: string, b: string): boolean {
  const pa = a.split('.');
  const pb = b.split('.');
  return pa.length === 4 && pb.length === 4 && pa.slice(0, 3).join('.') === pb.slice(0, 3).join('.');
}

/**
 * Where pods reach AWS APIs in a VPC laid out by the network construct: its interface endpoints in the
 * workload subnets, on 443. (The RDS API needs the `rds` interface endpoint there, or a NAT.)
 */
export function awsApiEgress(vpcCidr: string): EgressRule[] {
  return [{ cidr: workloadSubnetsCidr(vpcCidr), ports: [443], description: 'AWS API interface endpoints' }];
}

/** Every problem with the props that does not need the construct tree. */
function validateOmsDataLifecycleProps(props: OmsDataLifecycleProps, environment: string): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['version', 'installed'] as const) {
    const v = props[key];
    if (v === undefined && key === 'installed') continue;
    if (typeof v !== 'string' || !VERSION.test(v))
      problems.push({
        property: key,
        rule: "must be IBM's dotted OMS version with its fix pack (2 to 5 numbers)",
        value: v,
        fix: 'use e.g. "10.0.2409.1" (the image tag\'s version part, without the commit)',
      });
  }
  if (problems.length > 0) return problems;
  const direction = props.installed === undefined ? 1 : compareVersions(props.version, props.installed);
  if (direction < 0)
    problems.push({
      property: 'installed',
      rule: `must not be newer than version "${props.version}": IBM's data setup only upgrades, and a schema version never goes down`,
      value: props.installed,
      fix: 'roll back by restoring the backup taken before the upgrade (phase rollback), or run the version the database holds',
    });
  if (direction > 0 && props.installed !== undefined && props.backup === undefined)
    problems.push({
      property: 'backup',
      rule: `is required to upgrade from ${props.installed} to ${props.version}: the upgrade needs a backup target first`,
      value: props.backup,
      fix: 'add backup: DataBackup.rdsSnapshot({ instance, region, image }) for RDS, or DataBackup.postgresDump({ claim, image })',
    });
  if (props.backup !== undefined && !(props.backup instanceof DataBackup))
    problems.push({
      property: 'backup',
      rule: 'must be a DataBackup',
      value: props.backup,
      fix: 'use DataBackup.rdsSnapshot(...) or DataBackup.postgresDump(...)',
    });
  if (props.databaseOwner !== undefined && props.databaseOwner !== environment)
    problems.push({
      property: 'databaseOwner',
      rule: `must be this environment ("${environment}"): data setup runs only in the environment that owns the database`,
      value: props.databaseOwner,
      fix: `leave data setup to ${props.databaseOwner}, and make the servers wait for its marker: OmsDataLifecycle.gateFor("${props.databaseOwner}", version)`,
    });
  if (props.adoptInstalled !== undefined && typeof props.adoptInstalled !== 'boolean')
    problems.push({
      property: 'adoptInstalled',
      rule: 'must be true or false',
      value: props.adoptInstalled,
      fix: 'use true or leave it out',
    });
  else if (props.adoptInstalled === true && (props.installed === undefined || direction <= 0))
    problems.push({
      property: 'adoptInstalled',
      rule: `is for a database that holds an older installed version than version "${props.version}" and has no marker yet: ${props.installed === undefined ? 'without installed the database is new and data setup creates it' : 'with installed equal to version the data setup Job writes the marker itself'}`,
      value: props.adoptInstalled,
      fix: 'remove adoptInstalled',
    });
  if (!(props.database instanceof DatabaseConnection))
    problems.push({
      property: 'database',
      rule: 'must be a DatabaseConnection',
      value: props.database,
      fix: 'pass the connection the servers use',
    });
  return problems;
}

/**
 * The data lifecycle of an environment that owns its OMS database, on Db2, Oracle or PostgreSQL:
 * a mediator ConfigMap holding one marker per data version (`datasetup.<version>.complete`), and one
 * data setup Job for the declared version, rendered with the environment (never in a lifecycle phase,
 * so a GitOps engine syncs it with the servers that wait for it):
 * - no `installed`: IBM's `create` (refused by the Job if the database holds any marker);
 * - `installed` equal to `version`: the marker only (a database set up before);
 * - `installed` older: the backup in an init container that must succeed, then IBM's `upgrade` and the
 *   fix-pack step (refused unless the marker of `installed` is set).
 * Every run checks its own marker first, so a rerun or a recreated Job is a no-op. Servers of the
 * version wait for its marker with {@link gate}. A database that holds `installed` but was set up before
 * the environment managed it (no marker) is adopted once, on purpose, by the phase `adopt`
 * (`adoptInstalled`), which records the marker of `installed` and runs no data setup.
 */
export class OmsDataLifecycle extends Construct {
  /** The mediator ConfigMap of an environment's data lifecycle. */
  public static mediatorOf(environment: string): string {
    return OmsDataSetup.mediatorFor(environment);
  }

  /** What servers of `version` in `environment` (or on its database) wait for. */
  public static gateFor(environment: string, version: string): WaitCondition {
    return WaitCondition.dataSetupComplete({
      mediator: OmsDataLifecycle.mediatorOf(environment),
      markerKey: OmsDataSetup.markerKey(version),
    });
  }

  /** What the Job does to the database. */
  public readonly mode: DataSetupMode;
  /** The data setup Job's workload. */
  public readonly dataSetup: OmsDataSetup;
  /** What servers of the version wait for. */
  public readonly gate: WaitCondition;

  constructor(scope: Construct, id: string, props: OmsDataLifecycleProps) {
    checkConstructInput(scope.node.path, id, props, typeof id === 'string' && scope.node.tryFindChild(id) !== undefined);
    super(scope, id);
    markComposite(this);
    const env = OmsEnvironment.find(this);
    const name = env.environmentName;
    throwIfProblems(this.node.path, validateOmsDataLifecycleProps(props, name));
    this.mode =
      props.installed === undefined
        ? 'create'
        : compareVersions(props.version, props.installed) === 0
          ? 'adopt'
          : sameRelease(props.version, props.installed)
            ? 'fix-pack'
            : 'upgrade';
    const mediator = OmsDataLifecycle.mediatorOf(name);
    const createMediator = (scope: Construct) =>
      new k8s.KubeConfigMap(scope, 'mediator', {
        metadata: { name: mediator, labels: standardLabels({ name: mediator, environment: name, component: 'data-setup' }) },
      });
    // Adopting, the phase creates the mediator and writes the marker of what the database holds, before
    // the environment's first apply; phase objects are never pruned, nor synced by a GitOps engine.
    if (props.adoptInstalled)
      dataAdoption(this, 'adopt', {
        environment: name,
        platform: env.config.platform,
        image: props.image,
        mediator,
        markerKey: OmsDataSetup.markerKey(props.installed!),
        kubernetesApi: props.kubernetesApi,
        imagePullSecrets: props.imagePullSecrets,
        createMediator,
      });
    else createMediator(this);
    const requires = this.mode === 'upgrade' || this.mode === 'fix-pack' ? OmsDataSetup.markerKey(props.installed!) : undefined;
    const keyRule = requires === undefined ? undefined : configMapKeyViolation(requires);
    if (keyRule)
      throwIfProblems(this.node.path, [{ property: 'installed', rule: keyRule, value: props.installed, fix: 'use a dotted version' }]);
    this.dataSetup = new OmsDataSetup(this, 'data-setup', {
      image: props.image,
      mode: this.mode,
      release: props.version,
      requiresMarker: requires,
      mediator,
      fromFixPack: props.fromFixPack,
      kubernetesApi: props.kubernetesApi,
      resources: props.resources ?? { cpu: { request: '1', limit: '2' }, memory: { request: '2Gi', limit: '4Gi' } },
      connections: [props.database],
      appSecret: props.appSecret,
      imageSupportsPostgresql: props.imageSupportsPostgresql,
      imagePullSecrets: props.imagePullSecrets,
    });
    this.gate = this.dataSetup.gate;
    // Applied together with the environment, the Job may start before its database answers (an
    // in-cluster database still starting): it waits on its own image, with bash's /dev/tcp.
    this.dataSetup.addInitContainer({
      name: 'wait-for-database',
      image: props.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/bash', '-c', WAIT_FOR_DATABASE_SCRIPT, 'wait-for-database', props.database.host, String(props.database.port)],
      resources: WAIT_RESOURCES,
      securityContext: containerSecurityContext(),
      terminationMessagePolicy: 'FallbackToLogsOnError',
    });
    if (this.mode === 'upgrade' || this.mode === 'fix-pack') {
      const backup = props.backup!;
      const ctx = { platform: env.config.platform, database: props.database, version: props.version };
      const step = backup.step(ctx);
      // Checked once the environment is complete: the backup's volume claim may be added after.
      this.node.addValidation({
        validate: () => backup.validate('backup', ctx, env).map(formatProblem),
      });
      for (const v of step.volumes) this.dataSetup.addVolume(v);
      this.dataSetup.addInitContainer(step.container);
      this.dataSetup.addEgress(...step.egress);
    }
  }

  /** Makes servers of the version wait for its marker before they start. */
  public waitedForBy(...servers: Workload[]): void {
    for (const s of servers) s.addWaitCondition(this.gate);
  }
}
