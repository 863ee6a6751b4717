import { Testing, TerraformStack } from 'cdktf';
import { GeneratedSecret } from '../../lib/aws';
import { renderAllApps } from '../support/apps';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const synth = (valueInState?: boolean) => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new GeneratedSecret(stack, 'db', {
    name: 'oms/e/database/app',
    fields: { username: 'app' },
    kmsKeyArn: KEY,
    recoveryWindowDays: 0,
    valueInState,
  });
  return JSON.parse(Testing.synth(stack));
};

describe('GeneratedSecret', () => {
  test('by default the value is in neither the plan nor the state: an ephemeral random password, written once through secret_string_wo', () => {
    const tf = synth();
    expect(tf.data).toBeUndefined();
    const [[name, password]] = Object.entries<any>(tf.ephemeral.aws_secretsmanager_random_password);
    expect(password).toEqual({ password_length: 40, exclude_punctuation: true });
    const version = Object.values<any>(tf.resource.aws_secretsmanager_secret_version)[0];
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo).toBe(
      `\${jsonencode({"username" = "app", "password" = ephemeral.aws_secretsmanager_random_password.${name}.random_password})}`,
    );
    expect(version.secret_string_wo_version).toBe(1);
    // A version an older release wrote with secret_string keeps its value: no new password behind the database's back.
    expect(version.lifecycle.ignore_changes).toEqual(['secret_string', 'secret_string_wo_version']);
  });

  test('valueInState: the data source and secret_string, for a resource that reads the value back', () => {
    const tf = synth(true);
    expect(tf.ephemeral).toBeUndefined();
    expect(Object.values<any>(tf.data.aws_secretsmanager_random_password)).toEqual([
      expect.objectContaining({ password_length: 40, exclude_punctuation: true }),
    ]);
    const version = Object.values<any>(tf.resource.aws_secretsmanager_secret_version)[0];
    expect(version.secret_string).toMatch(/^\$\{jsonencode\(\{"username" = "app", "password" = data\.aws_secretsmanager_random_password\./);
    expect(version.secret_string_wo).toBeUndefined();
  });
});

test('over every app: database credentials are written write-only; only the cache token, which the ElastiCache user reads back, passes through the state', () => {
  const versions = renderAllApps().flatMap(({ env }) =>
    env.files
      .filter((f) => f.path === 'aws/main.tf.json')
      .flatMap((f) => {
        const tf = JSON.parse(f.content);
        const secrets = tf.resource.aws_secretsmanager_secret ?? {};
        return Object.values<any>(tf.resource.aws_secretsmanager_secret_version ?? {}).map((v) => {
          const secret = secrets[/aws_secretsmanager_secret\.([^.]+)\.id/.exec(v.secret_id)![1]];
          return {
            env: env.name,
            secret: secret.name as string,
            inState: v.secret_string !== undefined,
            writeOnly: v.secret_string_wo !== undefined,
          };
        });
      }),
  );
  expect(versions.length).toBeGreaterThan(5);
  const cache = (secret: string) => secret.endsWith('/cache/auth');
  expect(versions.map((v) => [v.env, v.secret, v.inState, v.writeOnly])).toEqual(
    versions.map((v) => [v.env, v.secret, cache(v.secret), !cache(v.secret)]),
  );
  expect(versions.filter((v) => v.secret.endsWith('/database/app')).length).toBeGreaterThan(3);
});
