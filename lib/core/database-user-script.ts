/**
 * Scripts for the one-off ECS task that creates an environment's application
 * database user, and for running that task once from Terraform. Every value
 * comes from environment variables: nothing a user writes is pasted into a
 * shell string.
 */

/** Environment variables the database user task reads. */
export const DATABASE_USER_TASK_ENV = {
  host: 'PGHOST',
  masterUser: 'MASTER_USER',
  masterPassword: 'MASTER_PASSWORD',
  appUser: 'APP_USER',
  appPassword: 'APP_PASSWORD',
  appDatabase: 'APP_DB',
} as const;

/**
 * The SQL, run as the master user with psql variables `user`, `pass` and `db`:
 * create the login role when missing, set its password to the one in Secrets
 * Manager, and make it the owner of the application database. Idempotent.
 * `%I` and `%L` quote the values, so a name or password cannot inject SQL.
 */
export function databaseOwnerSql(): string {
  return [
    "SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \\gexec",
    "SELECT format('ALTER ROLE %I PASSWORD %L', :'user', :'pass') \\gexec",
    "SELECT format('GRANT %I TO CURRENT_USER', :'user') \\gexec",
    "SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'user') \\gexec",
  ].join('\n');
}

/** The command of the database user task (`sh -c`), for an image with psql. */
export function databaseUserTaskScript(): string {
  const e = DATABASE_USER_TASK_ENV;
  return [
    'set -eu',
    `export PGPASSWORD="$${e.masterPassword}"`,
    `psql "host=$${e.host} port=5432 dbname=postgres user=$${e.masterUser} sslmode=require" -v ON_ERROR_STOP=1 -v user="$${e.appUser}" -v pass="$${e.appPassword}" -v db="$${e.appDatabase}" <<'SQL'`,
    databaseOwnerSql(),
    'SQL',
  ].join('\n');
}

/** Environment variables {@link runTaskOnceScript} reads. */
export const RUN_TASK_ENV = ['REGION', 'CLUSTER', 'TASK_DEFINITION', 'SUBNETS', 'SECURITY_GROUP'] as const;

/**
 * Runs an ECS task on Fargate once, waits for it to stop, and fails unless
 * its container exited 0 (bash with `set -euo pipefail`, AWS CLI v2). Used by
 * Terraform's `local-exec`, so the apply fails when the task fails.
 */
export function runTaskOnceScript(): string {
  return [
    'set -euo pipefail',
    'network="awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$SECURITY_GROUP],assignPublicIp=DISABLED}"',
    'task=$(aws ecs run-task --region "$REGION" --cluster "$CLUSTER" --task-definition "$TASK_DEFINITION" --launch-type FARGATE \\',
    '  --network-configuration "$network" --query "tasks[0].taskArn" --output text)',
    'if [ -z "$task" ] || [ "$task" = "None" ]; then echo "ECS did not start $TASK_DEFINITION" >&2; exit 1; fi',
    'aws ecs wait tasks-stopped --region "$REGION" --cluster "$CLUSTER" --tasks "$task"',
    'code=$(aws ecs describe-tasks --region "$REGION" --cluster "$CLUSTER" --tasks "$task" --query "tasks[0].containers[0].exitCode" --output text)',
    'if [ "$code" != "0" ]; then echo "$task exited with $code: read its log stream" >&2; exit 1; fi',
  ].join('\n');
}
