import type { KindsOf } from '../core';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
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
}

const GENERATED_SECRET_PROP_KINDS = {
  name: 'string',
  fields: 'object',
  valueKey: 'string',
  kmsKeyArn: 'string',
  recoveryWindowDays: 'number',
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

/**
 * A Secrets Manager secret whose password AWS generates at apply time: the
 * value never appears in the synthesized Terraform JSON. It is generated once
 * and then kept (later plans ignore the new random value).
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
    const random = new DataAwsSecretsmanagerRandomPassword(this, 'random', { passwordLength: 40, excludePunctuation: true });
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowDays,
    });
    this.version = new SecretsmanagerSecretVersion(this, 'version', {
      secretId: this.secret.id,
      secretString: Fn.jsonencode({ ...props.fields, [props.valueKey ?? 'password']: random.randomPassword }),
      lifecycle: { ignoreChanges: ['secret_string'] },
    });
  }
}
