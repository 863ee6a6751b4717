import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

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

/**
 * A Secrets Manager secret whose password AWS generates at apply time: the
 * value never appears in the synthesized Terraform JSON. It is generated once
 * and then kept (later plans ignore the new random value).
 */
export class GeneratedSecret extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly version: SecretsmanagerSecretVersion;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
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
