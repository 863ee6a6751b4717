/**
 * The naming rules AWS applies to the resources this library creates, so a
 * name AWS would refuse fails synthesis instead of `terraform apply`. Each
 * function returns the rule the name breaks, phrased as what must hold, or
 * `undefined`; callers add the property, the value and the fix (see
 * {@link Problem}). The rules are those of each service's API reference.
 */

/** The rule an S3 general purpose bucket name breaks. */
export function s3BucketNameViolation(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length < 3 || name.length > 63) return 'must be an S3 bucket name of 3 to 63 characters';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'must be an S3 bucket name: lower-case letters, digits, "." and "-", starting and ending with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent periods (S3)';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not be formatted as an IP address (S3)';
  const prefix = ['xn--', 'sthree-', 'amzn-s3-demo-'].find((p) => name.startsWith(p));
  if (prefix) return `must not start with "${prefix}" (reserved by S3)`;
  const suffix = ['-s3alias', '--ol-s3', '.mrap', '--x-s3'].find((s) => name.endsWith(s));
  if (suffix) return `must not end with "${suffix}" (reserved by S3)`;
  return undefined;
}

/**
 * The rule an identifier of the RDS and ElastiCache kind breaks: `max`
 * letters, digits or hyphens, starting with a letter, not ending with a
 * hyphen, without two hyphens in a row.
 */
function hyphenatedIdentifierViolation(service: string, name: unknown, max: number): string | undefined {
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]*$/.test(name))
    return `must be ${service}: letters, digits and "-", starting with a letter`;
  if (name.length > max) return `must be at most ${max} characters for ${service} (has ${name.length})`;
  if (name.endsWith('-') || name.includes('--')) return `must not end with "-" or contain "--" (${service})`;
  return undefined;
}

/** The rule an RDS DB instance identifier breaks (1 to 63 characters). */
export function rdsIdentifierViolation(name: unknown): string | undefined {
  return hyphenatedIdentifierViolation('an RDS instance identifier', name, 63);
}

/** The rule an ElastiCache replication group id breaks (1 to 40 characters). */
export function elastiCacheIdViolation(name: unknown): string | undefined {
  return hyphenatedIdentifierViolation('an ElastiCache replication group id', name, 40);
}

/** The rule an SQS queue name breaks: 80 letters, digits, "-" and "_"; FIFO queues end in `.fifo`, within the 80. */
export function sqsQueueNameViolation(name: unknown, options: { fifo?: boolean } = {}): string | undefined {
  const fifo = options.fifo ?? (typeof name === 'string' && name.endsWith('.fifo'));
  if (typeof name !== 'string' || name.length === 0) return 'must be an SQS queue name';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) return 'must be a queue name, not a URL (SQS builds the URL)';
  if (name.length > 80) return `must be at most 80 characters, .fifo included (SQS; has ${name.length})`;
  const base = fifo ? name.replace(/\.fifo$/, '') : name;
  if (fifo && !name.endsWith('.fifo')) return 'must end with ".fifo" for a FIFO queue (SQS)';
  if (!/^[A-Za-z0-9_-]+$/.test(base))
    return `must be letters, digits, "-" and "_"${fifo ? ' before ".fifo"' : ', with ".fifo" only on FIFO queues'} (SQS)`;
  return undefined;
}

/** The rule a Secrets Manager secret name breaks. */
export function secretsManagerNameViolation(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 512) return 'must be a Secrets Manager name of 1 to 512 characters';
  if (!/^[A-Za-z0-9/_+=.@-]+$/.test(name)) return 'must be letters, digits and /_+=.@- (Secrets Manager)';
  // Secrets Manager appends "-" and six random characters to the ARN; a name ending so breaks partial-ARN lookups.
  if (/-[A-Za-z0-9/_+=.@]{6}$/.test(name))
    return 'must not end with "-" and six characters (Secrets Manager adds such a suffix to the ARN)';
  return undefined;
}

/** The rule a KMS alias breaks: `alias/` and letters, digits, "/", "_" and "-", at most 256 in all, not `alias/aws/`. */
export function kmsAliasViolation(alias: unknown): string | undefined {
  if (typeof alias !== 'string' || !/^alias\/[A-Za-z0-9/_-]+$/.test(alias))
    return 'must be "alias/" followed by letters, digits, "/", "_" and "-" (KMS)';
  if (alias.length > 256) return `must be at most 256 characters (KMS; has ${alias.length})`;
  if (alias.startsWith('alias/aws/')) return 'must not start with "alias/aws/" (reserved for AWS managed keys)';
  return undefined;
}

/** The rule a VPC security group name breaks. */
export function securityGroupNameViolation(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) return 'must be a security group name of 1 to 255 characters';
  if (!/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/.test(name)) return 'must use only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* (EC2)';
  if (name.toLowerCase().startsWith('sg-')) return 'must not start with "sg-" (EC2 reserves it for group ids)';
  return undefined;
}

/** The rule a CloudWatch Logs log group name breaks. */
export function logGroupNameViolation(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 512) return 'must be a log group name of 1 to 512 characters';
  if (!/^[A-Za-z0-9_\-/.#]+$/.test(name)) return 'must use only letters, digits and _-/.# (CloudWatch Logs)';
  return undefined;
}
