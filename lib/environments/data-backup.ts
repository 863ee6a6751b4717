import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DatabaseVendor, Platform, Problem, unpinnedImageViolation, validateEgress } from '../core';
import { DatabaseConnection } from '../k8s/connections/database-connection';
import { POD_IDENTITY_AGENT } from '../k8s/connections/branch-database';
import { k8s } from '../k8s/primitives/kube';
import { containerSecurityContext } from '../k8s/primitives/pod-security';
import { EgressRule } from '../core';

/** Where a backup step runs: the data setup pod's facts it needs. */
export interface BackupContext {
  /** The environment's platform. */
  readonly platform: Platform;
  /** The database backed up. */
  readonly database: DatabaseConnection;
  /** The data version the upgrade moves to (names the backup). */
  readonly version: string;
}

/** What a backup adds to the data setup pod: an init container that must succeed before the upgrade starts. */
export interface BackupStep {
  readonly container: k8s.Container;
  readonly volumes: k8s.Volume[];
  readonly egress: EgressRule[];
}

const SMALL = {
  requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') },
  limits: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('1Gi') },
};

/**
 * Takes an RDS snapshot and waits until it is available: `create-db-snapshot`, then `aws rds wait
 * db-snapshot-available` (which polls every 30 s, up to 60 times, and fails after that). A snapshot of
 * that name taken before (a rerun) is waited for instead of taken twice. Arguments: instance, snapshot.
 */
export const RDS_SNAPSHOT_SCRIPT = [
  'set -eu',
  'if aws rds describe-db-snapshots --db-snapshot-identifier "$2" > /dev/null 2>&1; then',
  '  echo "snapshot $2 exists already"',
  'else',
  '  aws rds create-db-snapshot --db-instance-identifier "$1" --db-snapshot-identifier "$2" > /dev/null',
  '  echo "snapshot $2 of $1 started"',
  'fi',
  'aws rds wait db-snapshot-available --db-instance-identifier "$1" --db-snapshot-identifier "$2"',
  'echo "snapshot $2 available"',
].join('\n');

/**
 * A PostgreSQL dump in pg_dump's custom format to a file on a volume claim, written to a temporary name
 * and renamed once complete (a rerun keeps a complete dump). Argument: the dump file.
 */
export const POSTGRES_DUMP_SCRIPT = [
  'set -eu',
  'if [ -s "$1" ]; then echo "backup $1 exists already"; exit 0; fi',
  'pg_dump --format=custom --file="$1.partial"',
  'mv "$1.partial" "$1"',
  'echo "backup $1"',
].join('\n');

/** Restores a dump taken by {@link POSTGRES_DUMP_SCRIPT}. Argument: the dump file. */
export const POSTGRES_RESTORE_SCRIPT = [
  'set -eu',
  'if [ ! -s "$1" ]; then echo "no backup at $1: nothing to restore from" >&2; exit 1; fi',
  'pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$PGDATABASE" "$1"',
  'echo "restored $1"',
].join('\n');

/** The name of the snapshot or dump taken before upgrading to `version`. */
function backupName(version: string): string {
  return `before-${version.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.replace(/-+$/, '');
}

/**
 * How data setup backs the database up before an upgrade. Each variant says what it needs from the
 * platform and the database, and which rollback it allows.
 */
export abstract class DataBackup {
  /**
   * An RDS snapshot taken through the AWS API and awaited before the upgrade starts, with the AWS CLI
   * and the data setup pod's EKS Pod Identity (the role needs `rds:CreateDBSnapshot` and
   * `rds:DescribeDBSnapshots` on the instance and its snapshots). Rollback restores the snapshot into
   * a new instance (`restore-db-instance-from-db-snapshot`): RDS cannot restore a snapshot over a
   * running instance, so it is not a Job here (see the README's data lifecycle section).
   */
  public static rdsSnapshot(props: {
    /** The RDS instance identifier (`oms-<environment>` for the AWS stack's instance). */
    readonly instance: string;
    /** The AWS region. */
    readonly region: string;
    /** A pinned image with the AWS CLI. */
    readonly image: string;
    /**
     * How the pod reaches the RDS API: the VPC's interface endpoints (`com.amazonaws.<region>.rds`,
     * e.g. `awsApiEgress(vpcCidr)`), or a NAT's addresses.
     */
    readonly apiEgress: readonly EgressRule[];
  }): DataBackup {
    return new RdsSnapshotBackup(props.instance, props.region, props.image, props.apiEgress);
  }

  /**
   * A PostgreSQL dump (`pg_dump`, custom format) to a volume claim of the environment, for an
   * in-cluster or existing PostgreSQL; rollback restores it with `pg_restore`.
   */
  public static postgresDump(props: {
    /** The volume claim the dump is written to; it must be rendered in the environment. */
    readonly claim: string;
    /** A pinned image with pg_dump and pg_restore. */
    readonly image: string;
  }): DataBackup {
    return new PostgresDumpBackup(props.claim, props.image);
  }

  /** How it is described in messages. */
  public abstract readonly description: string;
  /** Whether a rollback Job can restore it in place. */
  public abstract readonly restorableInPlace: boolean;
  /** Every problem with using it for `ctx`; `scope` is the environment, for objects it must find. */
  public abstract validate(property: string, ctx: BackupContext, scope: IConstruct): Problem[];
  /** The init container, volumes and egress it adds to the data setup pod. */
  public abstract step(ctx: BackupContext): BackupStep;
}

class RdsSnapshotBackup extends DataBackup {
  public readonly description = 'an RDS snapshot';
  public readonly restorableInPlace = false;

  constructor(
    private readonly instance: string,
    private readonly region: string,
    private readonly image: string,
    private readonly apiEgress: readonly EgressRule[],
  ) {
    super();
  }

  public validate(property: string, ctx: BackupContext): Problem[] {
    const problems: Problem[] = [...validateEgress(`${property}.apiEgress`, this.apiEgress)];
    if (!Array.isArray(this.apiEgress) || this.apiEgress.length === 0)
      problems.push({
        property: `${property}.apiEgress`,
        rule: 'must say how the pod reaches the RDS API (the snapshot is taken and awaited through it)',
        value: this.apiEgress,
        fix: 'give the interface endpoints of the VPC, e.g. awsApiEgress(vpcCidr)',
      });
    if (ctx.platform !== 'eks')
      problems.push({
        property: `${property}`,
        rule: `an RDS snapshot is taken with EKS Pod Identity credentials, which the ${ctx.platform} platform does not have`,
        value: 'DataBackup.rdsSnapshot',
        fix: "on OpenShift use DataBackup.postgresDump({ claim, image }) or the database vendor's own backup before the upgrade",
      });
    if (typeof this.instance !== 'string' || !/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(this.instance) || /--|-$/.test(this.instance))
      problems.push({
        property: `${property}.instance`,
        rule: 'must be an RDS instance identifier (a letter, then letters, digits and single hyphens, at most 63)',
        value: this.instance,
        fix: 'name the instance the AWS stack made, e.g. "oms-production"',
      });
    if (typeof this.region !== 'string' || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(this.region))
      problems.push({ property: `${property}.region`, rule: 'must be an AWS region', value: this.region, fix: 'use e.g. "eu-west-1"' });
    const image = unpinnedImageViolation(this.image ?? '');
    if (image) problems.push({ property: `${property}.image`, rule: image, value: this.image, fix: 'pin an image with the AWS CLI' });
    return problems;
  }

  public step(ctx: BackupContext): BackupStep {
    return {
      container: {
        name: 'backup',
        image: this.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/sh', '-c', RDS_SNAPSHOT_SCRIPT, 'rds-snapshot', this.instance, backupName(ctx.version)],
        env: [{ name: 'AWS_REGION', value: this.region }],
        resources: SMALL,
        securityContext: containerSecurityContext(),
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
      volumes: [],
      // The AWS API over HTTPS, and the Pod Identity agent that hands out the role's credentials.
      egress: [...this.apiEgress, { cidr: POD_IDENTITY_AGENT, ports: [80], description: 'the EKS Pod Identity agent' }],
    };
  }
}

class PostgresDumpBackup extends DataBackup {
  public readonly description = 'a PostgreSQL dump';
  public readonly restorableInPlace = true;

  constructor(
    public readonly claim: string,
    public readonly image: string,
  ) {
    super();
  }

  public validate(property: string, ctx: BackupContext, scope: IConstruct): Problem[] {
    const problems: Problem[] = [];
    if (ctx.database.vendor !== DatabaseVendor.POSTGRESQL)
      problems.push({
        property,
        rule: `pg_dump backs up PostgreSQL only, and the database is ${ctx.database.vendor.displayName}`,
        value: 'DataBackup.postgresDump',
        fix: `back the ${ctx.database.vendor.displayName} database up with its own tools before the upgrade, or use a PostgreSQL database`,
      });
    const claims = scope.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'PersistentVolumeClaim')
      .map((c) => c.name);
    if (!claims.includes(this.claim))
      problems.push({
        property: `${property}.claim`,
        rule: 'must be a volume claim of the environment (the backup target does not exist)',
        value: this.claim,
        fix:
          claims.length > 0
            ? `use one of ${claims.join(', ')}, or add the claim`
            : 'add a PersistentVolumeClaim for the backups to the environment',
      });
    const image = unpinnedImageViolation(this.image ?? '');
    if (image) problems.push({ property: `${property}.image`, rule: image, value: this.image, fix: 'pin an image with pg_dump' });
    return problems;
  }

  public step(ctx: BackupContext): BackupStep {
    const db = ctx.database;
    return {
      container: {
        name: 'backup',
        image: this.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/sh', '-c', POSTGRES_DUMP_SCRIPT, 'backup', `/backups/${backupName(ctx.version)}.dump`],
        env: [
          { name: 'PGHOST', value: db.host },
          { name: 'PGPORT', value: String(db.port) },
          { name: 'PGDATABASE', value: db.database },
          { name: 'PGUSER', valueFrom: { secretKeyRef: { name: db.user.secretName, key: db.user.key } } },
          { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: db.password.secretName, key: db.password.key } } },
        ],
        resources: SMALL,
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: 'backups', mountPath: '/backups' }],
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
      volumes: [{ name: 'backups', persistentVolumeClaim: { claimName: this.claim } }],
      egress: [],
    };
  }
}
