import type { KindsOf } from '../core';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn, TerraformStack, ref } from 'cdktf';
import { Construct } from 'constructs';
import { Problem } from '../core';
import { arnProblems, checkBlockProps, secretNameProblems } from './validate-block-props';

/** Properties of a {@link GeneratedSecret}. */
export interface GeneratedSecretProps {
  /** The secret's name in Secrets Manager (deterministic: Kubernetes finds it by name). */
  readonly name: string;
  /** Fixed JSON fields stored beside the generated password. @default none */
  readonly fields?: Record<string, string | number>;
  /** Key under which the generated value is stored. @default 'password' */
  readonly valueKey?: string;
  /** ARN of the encryption key. */
  readonly kmsKeyArn: string;
  /** Days before a deleted secret is gone. */
  readonly recoveryWindowDays: number;
  /**
   * Keep the generated value in the Terraform state, for a resource that must read it back (the
   * ElastiCache user's password has no write-only argument). Otherwise the value comes from an
   * ephemeral resource and is written through a write-only argument: in neither the plan nor the state.
   * @default false
   */
  readonly valueInState?: boolean;
}

const GENERATED_SECRET_PROP_KINDS = {
  name: 'string',
  fields: 'object',
  valueKey: 'string',
  kmsKeyArn: 'string',
  recoveryWindowDays: 'number',
  valueInState: 'boolean',
} satisfies KindsOf<GeneratedSecretProps>;

/** The rules of a {@link GeneratedSecret}'s props. */
function validateGeneratedSecret(props: GeneratedSecretProps): Problem[] {
  const problems: Problem[] = [
    ...secretNameProblems('name', props.name),
    ...arnProblems('kmsKeyArn', props.kmsKeyArn, 'kms', 'give the ARN of the KMS key, e.g. arn:aws:kms:eu-west-1:111122223333:key/<id>'),
  ];
  const days = props.recoveryWindowDays;
  if (!(Number.isInteger(days) && (days === 0 || (days >= 7 && days <= 30))))
    problems.push({
      property: 'recoveryWindowDays',
      rule: 'must be 0 (deleted at once) or a whole number of days from 7 to 30 (the recovery windows Secrets Manager allows)',
      value: days,
      fix: 'use 7, 30 for protected stages, or 0 for disposable branch secrets',
    });
  const valueKey = props.valueKey ?? 'password';
  if (valueKey.length === 0)
    problems.push({
      property: 'valueKey',
      rule: 'must not be empty',
      value: valueKey,
      fix: 'leave it out for "password", or give e.g. "token"',
    });
  Object.entries(props.fields ?? {}).forEach(([key, value]) => {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
      problems.push({
        property: `fields.${key}`,
        rule: 'must be a string or a number',
        value,
        fix: 'store plain values beside the password',
      });
  });
  if (props.fields !== undefined && valueKey in props.fields)
    problems.push({
      property: `fields.${valueKey}`,
      rule: `must not be given: the generated value is stored under "${valueKey}" and would replace it`,
      value: '<redacted>',
      fix: 'remove the field; the secret generates its own value',
    });
  return problems;
}

/** The ephemeral resource that generates a value (Secrets Manager's GetRandomPassword at apply time; never stored). */
const EPHEMERAL_PASSWORD = 'aws_secretsmanager_random_password';
const PASSWORD_OPTIONS = { passwordLength: 40, excludePunctuation: true };

/**
 * A Secrets Manager secret whose password AWS generates at apply time: the
 * value never appears in the synthesized Terraform JSON. By default it is in
 * neither the plan nor the state either: an ephemeral
 * `aws_secretsmanager_random_password` (hashicorp/aws, Terraform 1.10 and
 * later) generates it and the version writes it through `secret_string_wo`
 * (write-only, Terraform 1.11 and later; the value is sent to AWS and never
 * stored). cdktf 0.21 has no ephemeral blocks, so the block is added to the
 * stack's JSON as it is. Written once (`secret_string_wo_version` 1); later
 * plans leave it (and the rotation's values) alone. With `valueInState` the
 * value comes from the `aws_secretsmanager_random_password` data source and
 * `secret_string`, both in the state, for a resource that must read it back.
 */
export class GeneratedSecret extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly version: SecretsmanagerSecretVersion;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    checkBlockProps(
      scope,
      id,
      'GeneratedSecretProps',
      props,
      GENERATED_SECRET_PROP_KINDS,
      ['name', 'kmsKeyArn', 'recoveryWindowDays'],
      validateGeneratedSecret,
    );
    super(scope, id);
    const valueKey = props.valueKey ?? 'password';
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowDays,
    });
    if (props.valueInState === true) {
      const random = new DataAwsSecretsmanagerRandomPassword(this, 'random', PASSWORD_OPTIONS);
      this.version = new SecretsmanagerSecretVersion(this, 'version', {
        secretId: this.secret.id,
        secretString: Fn.jsonencode({ ...props.fields, [valueKey]: random.randomPassword }),
        lifecycle: { ignoreChanges: ['secret_string'] },
      });
      return;
    }
    this.version = new SecretsmanagerSecretVersion(this, 'version', {
      secretId: this.secret.id,
      secretStringWoVersion: 1,
      // A version written before (with secret_string, when the value was in the state) is left as it is:
      // a new wo version would put a new password in the secret while the database keeps the old one.
      lifecycle: { ignoreChanges: ['secret_string', 'secret_string_wo_version'] },
    });
    const stack = TerraformStack.of(this);
    const name = `${this.version.friendlyUniqueId}_random`;
    stack.addOverride(`ephemeral.${EPHEMERAL_PASSWORD}.${name}`, {
      password_length: PASSWORD_OPTIONS.passwordLength,
      exclude_punctuation: PASSWORD_OPTIONS.excludePunctuation,
    });
    this.version.secretStringWo = Fn.jsonencode({
      ...props.fields,
      [valueKey]: ref(`ephemeral.${EPHEMERAL_PASSWORD}.${name}.random_password`, stack),
    });
  }
}
