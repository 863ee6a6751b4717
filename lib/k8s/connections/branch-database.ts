import { Construct } from 'constructs';
import {
  EgressRule,
  Problem,
  POD_IDENTITY_AGENT_CIDR,
  databaseOwnerSql,
  isBranchDatabaseName,
  checkBranchDatabaseNames,
  databaseEndpointParameter,
  masterSecretParameter,
  standardLabels,
  throwIfProblems,
  unpinnedImageViolation,
  validateEgress,
  awsRegionViolation,
  dns1123LabelViolation,
  problemIf,
} from '../../core';
import { DATABASE_SECRET } from './connection-secret-names';
import { oneShotJob } from '../primitives/one-shot-job';
import { k8s } from '../primitives/kube';
import { egressEntries } from '../primitives/network-rules';
import { OmsEnvironment } from '../environment/oms-environment';
import { assignPhase } from '../primitives/phase';

/** Where the EKS Pod Identity agent serves credentials to pods. */
export const POD_IDENTITY_AGENT = POD_IDENTITY_AGENT_CIDR;

/** Properties of a {@link BranchDatabase}. */
export interface BranchDatabaseProps {
  /** The environment whose RDS instance hosts the branch database (e.g. UAT). */
  readonly hostEnvironment: string;
  /** A pinned image with `psql`, `jq` and the AWS CLI. */
  readonly image: string;
  /** The AWS region (for the CLI). */
  readonly region: string;
  /** Where the Jobs may connect: the database subnets on 5432, and AWS APIs on 443. */
  readonly egress: readonly EgressRule[];
}

/** Jobs on an environment's own instance connect as the master user, whose password RDS manages. */
const MASTER_PREAMBLE = [
  'set -eu',
  'arn=$(aws ssm get-parameter --name "$MASTER_ARN_PARAMETER" --query Parameter.Value --output text)',
  'endpoint=$(aws ssm get-parameter --name "$ENDPOINT_PARAMETER" --query Parameter.Value --output text)',
  'master=$(aws secretsmanager get-secret-value --secret-id "$arn" --query SecretString --output text)',
  // Assigned, then exported: `export VAR="$(cmd)"` would hide a failing cmd behind export's own status (shellcheck SC2155).
  'PGPASSWORD="$(printf %s "$master" | jq -r .password)"',
  'export PGPASSWORD',
  'admin="$(printf %s "$master" | jq -r .username)"',
].join('\n');

/**
 * Branch Jobs never see the master password: they connect as the branch
 * administrator role (CREATEDB, CREATEROLE) with an IAM authentication token,
 * which only the branch's own IAM role may request.
 */
const BRANCH_PREAMBLE = [
  'set -eu',
  'endpoint=$(aws ssm get-parameter --name "$ENDPOINT_PARAMETER" --query Parameter.Value --output text)',
  'PGPASSWORD="$(aws rds generate-db-auth-token --hostname "$endpoint" --port 5432 --username "$DB_ADMIN_USER" --region "$AWS_REGION")"',
  'export PGPASSWORD',
  'admin="$DB_ADMIN_USER"',
].join('\n');

const CREATE_SQL = [
  "SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \\gexec",
  "SELECT format('ALTER ROLE %I PASSWORD %L', :'user', :'pass') \\gexec",
  "SELECT format('GRANT %I TO CURRENT_USER', :'user') \\gexec",
  "SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \\gexec",
].join('\n');

/** On an instance that hosts branch databases: the branch administrator role, which logs in with IAM only. */
const BRANCH_ADMIN_SQL = [
  "SELECT format('CREATE ROLE %I LOGIN CREATEDB CREATEROLE', :'branch_admin') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'branch_admin') \\gexec",
  "SELECT format('GRANT rds_iam TO %I', :'branch_admin') \\gexec",
].join('\n');

const DROP_SQL = [
  "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') \\gexec",
  "SELECT format('DROP ROLE IF EXISTS %I', :'user') \\gexec",
].join('\n');

/**
 * The drop Job refuses any database that is not this branch's: the name in
 * the Secret must carry the branch prefix and equal the name derived at
 * synthesis (both compared as data, never pasted into the script). The prefix
 * is the product's (letters, digits and "_" only, checked by `Product.of`).
 */
const dropGuard = (prefix: string) =>
  [
    'for name in "$APP_DB" "$APP_USER"; do',
    '  case "$name" in',
    `    ${prefix}*) ;;`,
    '    *) echo "refusing to drop $name: not a branch database or user" >&2; exit 1 ;;',
    '  esac',
    'done',
    'if [ "$APP_DB" != "$EXPECTED_DB" ]; then echo "refusing to drop $APP_DB: this branch owns $EXPECTED_DB" >&2; exit 1; fi',
  ].join('\n');

function script(preamble: string, sql: string, guard = ''): string {
  return `${preamble}\n${guard}${guard ? '\n' : ''}psql "host=$endpoint port=5432 dbname=postgres user=$admin sslmode=require" -v ON_ERROR_STOP=1 -v user="$APP_USER" -v pass="$APP_PASSWORD" -v db="$APP_DB" -v branch_admin="$BRANCH_ADMIN" <<'SQL'\n${sql}\nSQL`;
}

/**
 * A branch environment's own database and user on the shared development
 * instance. The install Job creates both (idempotently) with the credentials
 * the branch's AWS stack generated; the uninstall Job, rendered into
 * `phases/uninstall/`, drops them when the branch is merged. The Jobs get
 * the host's database-admin IAM role through Pod Identity and read the master
 * password from Secrets Manager at run time: no credential is in a manifest.
 * Names respect PostgreSQL's 63-byte limit.
 */
export class BranchDatabase extends Construct {
  /** The database and user names. */
  public readonly names: { readonly database: string; readonly user: string };
  /** The install Job. */
  public readonly createJob: k8s.KubeJob;
  /** The uninstall Job. */
  public readonly dropJob: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: BranchDatabaseProps) {
    super(scope, id);
    const env = OmsEnvironment.find(this);
    const product = env.product;
    const { names, problems } = checkBranchDatabaseNames(env.environmentName, product);
    if (env.config.stage !== 'branch') {
      problems.push({
        property: 'stage',
        rule: 'must be "branch": only disposable branch environments create and drop their database this way',
        value: env.config.stage,
        fix: 'use a dedicated database for this stage',
      });
    }
    if (names && !isBranchDatabaseName(names.database, product))
      problems.push({
        property: 'environment',
        rule: `must be a branch environment name ("br-..."), so its database carries the prefix "${product.branchDatabasePrefix}" the drop Job insists on`,
        value: env.environmentName,
        fix: 'name the environment with branchEnvironmentName(branch)',
      });
    problems.push(
      ...problemIf(
        'hostEnvironment',
        props.hostEnvironment,
        dns1123LabelViolation(props.hostEnvironment ?? ''),
        'name the environment whose instance hosts branch databases, e.g. "uat-eks"',
      ),
      ...validateAdminJobProps(props),
    );
    throwIfProblems(this.node.path, problems);
    this.names = names!;

    const common = adminJobSetup(this, id, env, props, { DB_ADMIN_USER: product.branchAdminUser });
    // oneShotJob names each Job after a hash of its contents: a changed script or image makes a new Job.
    this.createJob = oneShotJob(this, 'create', { ...common, name: 'db-create', script: script(BRANCH_PREAMBLE, CREATE_SQL) }).job;
    const uninstall = new Construct(this, 'uninstall');
    assignPhase(uninstall, 'uninstall');
    this.dropJob = oneShotJob(uninstall, 'drop', {
      ...common,
      name: 'db-drop',
      env: { ...common.env, EXPECTED_DB: this.names.database },
      script: script(BRANCH_PREAMBLE, DROP_SQL, dropGuard(product.branchDatabasePrefix)),
    }).job;
  }
}

/** The ServiceAccount and Job settings shared by database administration Jobs. */
function adminJobSetup(
  scope: Construct,
  id: string,
  env: OmsEnvironment,
  props: { hostEnvironment: string; image: string; region: string; egress: readonly EgressRule[] },
  extraEnv: Record<string, string>,
) {
  const labels = standardLabels({ name: id, environment: env.environmentName, component: 'database-admin', partOf: env.product.partOf });
  new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name: env.product.dbAdminServiceAccount, labels },
    automountServiceAccountToken: false,
  });
  const common = {
    labels,
    platform: env.config.platform,
    image: props.image,
    serviceAccountName: env.product.dbAdminServiceAccount,
    deadlineSeconds: 600,
    // The EKS Pod Identity agent hands out the role's credentials on a link-local address.
    egress: egressEntries([...props.egress, { cidr: POD_IDENTITY_AGENT, ports: [80] }]),
    env: {
      AWS_REGION: props.region,
      ENDPOINT_PARAMETER: databaseEndpointParameter(props.hostEnvironment, env.product),
      BRANCH_ADMIN: env.product.branchAdminUser,
      ...extraEnv,
    },
    secretEnv: {
      APP_USER: { secretName: DATABASE_SECRET, key: 'username' },
      APP_PASSWORD: { secretName: DATABASE_SECRET, key: 'password' },
      APP_DB: { secretName: DATABASE_SECRET, key: 'dbname' },
    },
  };
  return common;
}

/** Properties of a {@link DatabaseUser}. */
export interface DatabaseUserProps {
  /** A pinned image with `psql`, `jq` and the AWS CLI. */
  readonly image: string;
  /** The AWS region (for the CLI). */
  readonly region: string;
  /** Where the Job may connect: the database subnets on 5432, and AWS APIs on 443. */
  readonly egress: readonly EgressRule[];
  /**
   * The instance hosts branch databases: also create the branch administrator
   * role (CREATEDB, CREATEROLE, IAM login only) the branch Jobs connect as.
   * @default false
   */
  readonly hostsBranchDatabases?: boolean;
}

/**
 * The application's database user on an environment's own RDS instance: a Job
 * creates the role with the password generated into Secrets Manager (or
 * resets it to that password) and makes it the owner of the environment's
 * database. Idempotent; like the branch Jobs it gets the database-admin IAM
 * role through Pod Identity and reads the master password at run time.
 */
export class DatabaseUser extends Construct {
  /** The Job. */
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: DatabaseUserProps) {
    super(scope, id);
    const env = OmsEnvironment.find(this);
    const problems = validateAdminJobProps(props);
    throwIfProblems(this.node.path, problems);
    const common = adminJobSetup(
      this,
      id,
      env,
      { ...props, hostEnvironment: env.environmentName },
      {
        MASTER_ARN_PARAMETER: masterSecretParameter(env.environmentName, env.product),
      },
    );
    const sql = [databaseOwnerSql(), ...(props.hostsBranchDatabases ? [BRANCH_ADMIN_SQL] : [])].join('\n');
    this.job = oneShotJob(this, 'create', { ...common, name: 'db-user', script: script(MASTER_PREAMBLE, sql) }).job;
  }
}

function validateAdminJobProps(props: { image: string; region: string; egress: readonly EgressRule[] }): Problem[] {
  const problems: Problem[] = [];
  const imageRule = unpinnedImageViolation(props.image ?? '');
  if (imageRule)
    problems.push({ property: 'image', rule: imageRule, value: props.image, fix: 'pin an image with psql, jq and the AWS CLI' });
  // The Job reads the master secret and its parameters through the AWS CLI in this region.
  problems.push(...problemIf('region', props.region, awsRegionViolation(props.region), 'use the region of the database, e.g. "eu-west-1"'));
  if (!Array.isArray(props.egress) || props.egress.length === 0)
    problems.push({
      property: 'egress',
      rule: 'must say how the Job reaches the database (a NetworkPolicy without a rule blocks it)',
      value: props.egress,
      fix: "add { cidr: '<data subnets>', ports: [5432] }, e.g. dataSubnetsEgress(vpcCidr, 5432)",
    });
  problems.push(...validateEgress('egress', props.egress));
  // The Job connects to PostgreSQL on 5432 (the port the AWS stack's instance listens on): a NetworkPolicy without it blocks it.
  const opened = Array.isArray(props.egress) ? props.egress.flatMap((e) => (Array.isArray(e?.ports) ? e.ports : [])) : [];
  if (opened.length > 0 && !opened.includes(5432))
    problems.push({
      property: 'egress[*].ports',
      rule: "must include PostgreSQL's port 5432: the Job connects to the instance there, and a NetworkPolicy without it blocks it",
      value: [...new Set(opened)],
      fix: 'add 5432 to the ports of the rule that reaches the data subnets, e.g. dataSubnetsEgress(vpcCidr, 5432)',
    });
  return problems;
}
