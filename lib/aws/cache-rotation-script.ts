/**
 * The script of the scheduled task that rotates an environment's cache password. Every value
 * comes from environment variables (ECS injects the current password from Secrets Manager); no
 * secret is ever put on a command line: request bodies are built by jq from the environment and
 * passed to the AWS CLI on standard input.
 */

/** Environment variables {@link cacheRotationScript} reads. */
export const CACHE_ROTATION_ENV = {
  region: 'REGION',
  secretId: 'ARN_TO_ROTATE',
  userId: 'USER_ID',
  /** The password now in the secret (AWSCURRENT when the task started): injected by ECS. */
  current: 'CURRENT_TOKEN',
  cluster: 'CLUSTER',
  /** Space-separated ECS services that read the password: restarted so they pick up the new one. */
  services: 'SERVICES',
} as const;

/** Seconds the task waits for the cache user to be active again. */
export const CACHE_USER_WAIT_SECONDS = 600;

/**
 * The command of the rotation task (`sh -c`, for an image with the AWS CLI v2 and jq):
 * 1. generate a new password (Secrets Manager, letters and digits only: 16-128 characters is
 *    what ElastiCache accepts);
 * 2. give the cache user exactly two passwords, the new one and the current one (ElastiCache
 *    allows up to two), so clients holding the current password keep working and the one before
 *    it stops working;
 * 3. wait until the user is active (the change has reached every node);
 * 4. store the new password as the secret's current value;
 * 5. restart the ECS services that read it, so no task keeps a password for more than one period.
 * Running it again after a failure is safe: the secret's current password is always one of the two.
 */
export function cacheRotationScript(): string {
  const e = CACHE_ROTATION_ENV;
  return [
    'set -eu',
    `NEW_TOKEN=$(aws secretsmanager get-random-password --region "$${e.region}" --password-length 64 --exclude-punctuation --require-each-included-type --query RandomPassword --output text)`,
    'export NEW_TOKEN',
    `jq -n '{UserId: env.${e.userId}, Passwords: [env.NEW_TOKEN, env.${e.current}]}' | aws elasticache modify-user --region "$${e.region}" --cli-input-json file:///dev/stdin >/dev/null`,
    `waited=0`,
    `until [ "$(aws elasticache describe-users --region "$${e.region}" --user-id "$${e.userId}" --query 'Users[0].Status' --output text)" = active ]; do`,
    `  if [ "$waited" -ge ${CACHE_USER_WAIT_SECONDS} ]; then echo "cache user $${e.userId} is not active after ${CACHE_USER_WAIT_SECONDS}s; the secret was not changed" >&2; exit 1; fi`,
    '  sleep 10; waited=$((waited + 10))',
    'done',
    `jq -n '{SecretId: env.${e.secretId}, SecretString: ({token: env.NEW_TOKEN} | tojson)}' | aws secretsmanager put-secret-value --region "$${e.region}" --cli-input-json file:///dev/stdin >/dev/null`,
    `for service in $${e.services}; do`,
    `  aws ecs update-service --region "$${e.region}" --cluster "$${e.cluster}" --service "$service" --force-new-deployment >/dev/null`,
    'done',
    `echo "rotated the password of cache user $${e.userId}"`,
  ].join('\n');
}
