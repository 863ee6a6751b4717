import { Problem } from '../core';

/** What a container secret resolves to inside a stack. */
export interface ResolvedFargateSecret {
  /** The task definition's `valueFrom`: the secret ARN, then `:<json key>::` when one key is taken. */
  readonly valueFrom: string;
  /** The ARNs the execution role may read (IAM matches the whole secret ARN, never the `valueFrom` suffix). */
  readonly iamResources: readonly string[];
  /** The KMS key that encrypts the secret (the execution role must decrypt with it). */
  readonly kmsKeyArn?: string;
}

/** The environment's own secrets, which only the stack knows the ARNs of. */
export interface StackSecrets {
  readonly databaseSecretArn: string;
  readonly cacheSecretArn: string;
  readonly secretsKeyArn: string;
  readonly cacheKeyArn: string;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:key\/[0-9a-f-]+$/;
const JSON_KEY = /^[A-Za-z0-9_.-]+$/;

type Source =
  | { readonly kind: 'arn'; readonly arn: string; readonly jsonKey?: string; readonly kmsKeyArn?: string }
  | { readonly kind: 'database'; readonly jsonKey: string }
  | { readonly kind: 'cache' };

/**
 * A secret injected into a Fargate container by ECS from Secrets Manager: by
 * ARN only, never a value, so nothing secret reaches the Terraform JSON.
 */
export class FargateSecret {
  /**
   * A secret by its ARN (complete, or partial without the 6-character suffix
   * Secrets Manager adds), optionally one JSON key of it, and the
   * customer-managed KMS key that encrypts it (omit for the AWS-managed key).
   */
  public static fromSecretsManager(arn: string, options: { jsonKey?: string; kmsKeyArn?: string } = {}): FargateSecret {
    return new FargateSecret({ kind: 'arn', arn, jsonKey: options.jsonKey, kmsKeyArn: options.kmsKeyArn });
  }

  /** A field of the environment's application database credentials (`username`, `password`, `host`, `port`, `dbname`). */
  public static database(jsonKey: 'username' | 'password' | 'host' | 'port' | 'dbname'): FargateSecret {
    return new FargateSecret({ kind: 'database', jsonKey });
  }

  /** The environment's cache AUTH token. */
  public static cacheAuthToken(): FargateSecret {
    return new FargateSecret({ kind: 'cache' });
  }

  private constructor(private readonly source: Source) {}

  /** Whether this is one of the environment's own secrets, which only its stack can resolve. */
  public get needsStack(): boolean {
    return this.source.kind !== 'arn';
  }

  /** Problems with a user-given ARN; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const s = this.source;
    if (s.kind !== 'arn') return [];
    const problems: Problem[] = [];
    if (!SECRET_ARN.test(s.arn ?? '')) {
      problems.push({
        property,
        rule: 'must be a Secrets Manager secret ARN (a value is never accepted: it would land in the Terraform JSON)',
        value: /^arn:/.test(s.arn ?? '') ? s.arn : '<redacted>',
        fix: 'store the value in Secrets Manager and give FargateSecret.fromSecretsManager("arn:aws:secretsmanager:<region>:<account>:secret:<name>")',
      });
    }
    if (s.jsonKey !== undefined && !JSON_KEY.test(s.jsonKey)) {
      problems.push({ property: `${property}.jsonKey`, rule: 'must be a JSON key name', value: s.jsonKey, fix: 'use e.g. "password"' });
    }
    if (s.kmsKeyArn !== undefined && !KMS_KEY_ARN.test(s.kmsKeyArn)) {
      problems.push({
        property: `${property}.kmsKeyArn`,
        rule: 'must be a KMS key ARN',
        value: s.kmsKeyArn,
        fix: 'use the ARN of the key that encrypts the secret (arn:aws:kms:<region>:<account>:key/<id>)',
      });
    }
    return problems;
  }

  /** The `valueFrom`, IAM resources and KMS key, given the stack's own secrets. */
  public resolve(own: StackSecrets): ResolvedFargateSecret {
    const s = this.source;
    if (s.kind === 'database') {
      return { valueFrom: `${own.databaseSecretArn}:${s.jsonKey}::`, iamResources: [own.databaseSecretArn], kmsKeyArn: own.secretsKeyArn };
    }
    if (s.kind === 'cache') {
      return { valueFrom: `${own.cacheSecretArn}:token::`, iamResources: [own.cacheSecretArn], kmsKeyArn: own.cacheKeyArn };
    }
    return {
      valueFrom: s.jsonKey ? `${s.arn}:${s.jsonKey}::` : s.arn,
      // A partial ARN matches the real one only with the 6-character suffix Secrets Manager appends.
      iamResources: [s.arn, `${s.arn}-??????`],
      kmsKeyArn: s.kmsKeyArn,
    };
  }
}
