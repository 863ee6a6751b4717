import fc from 'fast-check';
import {
  elastiCacheIdViolation,
  hostnameViolation,
  kmsAliasViolation,
  logGroupNameViolation,
  rdsIdentifierViolation,
  s3BucketNameViolation,
  secretsManagerNameViolation,
  securityGroupNameViolation,
  sqsQueueNameViolation,
} from '../../lib/core';

const chars = (s: string) => fc.constantFrom(...s.split(''));
const lower = chars('abcdefghijklmnopqrstuvwxyz');
const digit = chars('0123456789');
const alnum = fc.oneof(lower, digit);
const word = fc.array(alnum, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

/** Letters and digits joined by single hyphens, starting with a letter: what RDS and ElastiCache take. */
const hyphenated = (max: number) =>
  fc
    .tuple(lower, fc.array(word, { maxLength: 6 }))
    .map(([first, words]) => [first, ...words].join('-'))
    .filter((n) => n.length <= max);

describe('RDS and ElastiCache identifiers (property-based)', () => {
  test('letters and digits joined by single hyphens are accepted up to each limit', () => {
    fc.assert(fc.property(hyphenated(63), (n) => rdsIdentifierViolation(n) === undefined));
    fc.assert(fc.property(hyphenated(40), (n) => elastiCacheIdViolation(n) === undefined));
  });

  test('"--", a trailing "-", a leading digit or one character too many is refused', () => {
    fc.assert(
      fc.property(hyphenated(30), digit, (n, d) =>
        [`${n}--x`, `${n}-`, `${d}${n}`, `${n}_x`].every((bad) => rdsIdentifierViolation(bad) && elastiCacheIdViolation(bad)),
      ),
    );
    expect(rdsIdentifierViolation(`a${'b'.repeat(63)}`)).toBe('must be at most 63 characters for an RDS instance identifier (has 64)');
    expect(elastiCacheIdViolation(`a${'b'.repeat(40)}`)).toBe(
      'must be at most 40 characters for an ElastiCache replication group id (has 41)',
    );
  });
});

describe('S3 bucket names (property-based)', () => {
  const bucket = fc
    .tuple(fc.array(word, { minLength: 1, maxLength: 4 }), fc.constantFrom('-', '.'))
    .map(([words, sep]) => words.join(sep))
    .filter((b) => b.length >= 3 && b.length <= 63 && !/^\d+(\.\d+){3}$/.test(b) && !b.startsWith('xn--'));

  test('lower-case words joined by "-" or "." are accepted', () => {
    fc.assert(fc.property(bucket, (b) => s3BucketNameViolation(b) === undefined));
  });

  test('upper case, "..", "_" or a reserved suffix is refused', () => {
    fc.assert(
      fc.property(bucket, (b) => [`${b}X`, `${b}..x`, `${b}_x`, `${b}-s3alias`].every((bad) => s3BucketNameViolation(bad) !== undefined)),
    );
  });

  test.each([
    ['ab', 'must be an S3 bucket name of 3 to 63 characters'],
    ['Terraform-State', 'must be an S3 bucket name: lower-case letters, digits, "." and "-", starting and ending with a letter or digit'],
    ['state..bucket', 'must not contain two adjacent periods (S3)'],
    ['192.168.5.4', 'must not be formatted as an IP address (S3)'],
    ['xn--state', 'must not start with "xn--" (reserved by S3)'],
    ['sthree-state', 'must not start with "sthree-" (reserved by S3)'],
    ['state-s3alias', 'must not end with "-s3alias" (reserved by S3)'],
    ['state--ol-s3', 'must not end with "--ol-s3" (reserved by S3)'],
  ])('%s', (name, rule) => expect(s3BucketNameViolation(name)).toBe(rule));
});

describe('SQS queue names', () => {
  const queue = fc.array(fc.oneof(alnum, chars('-_A')), { minLength: 1, maxLength: 75 }).map((a) => a.join(''));

  test('letters, digits, "-" and "_" are accepted, with ".fifo" on FIFO queues (property-based)', () => {
    fc.assert(
      fc.property(queue, (q) => sqsQueueNameViolation(q) === undefined && sqsQueueNameViolation(`${q}.fifo`, { fifo: true }) === undefined),
    );
  });

  test.each([
    ['https://sqs.eu-west-1.amazonaws.com/123456789012/orders', {}, 'must be a queue name, not a URL (SQS builds the URL)'],
    ['a'.repeat(81), {}, 'must be at most 80 characters, .fifo included (SQS; has 81)'],
    [`${'a'.repeat(76)}.fifo`, {}, 'must be at most 80 characters, .fifo included (SQS; has 81)'],
    ['orders', { fifo: true }, 'must end with ".fifo" for a FIFO queue (SQS)'],
    ['orders.fifo', { fifo: false }, 'must be letters, digits, "-" and "_", with ".fifo" only on FIFO queues (SQS)'],
    ['order.events.fifo', {}, 'must be letters, digits, "-" and "_" before ".fifo" (SQS)'],
    ['', {}, 'must be an SQS queue name'],
  ])('case %#', (name, options, rule) => expect(sqsQueueNameViolation(name, options)).toBe(rule));
});

describe('Secrets Manager, KMS, security groups and log groups', () => {
  test.each([
    [secretsManagerNameViolation, 'oms/uat-eks/database/app', undefined],
    [
      secretsManagerNameViolation,
      'oms/uat/db-a1b2c3',
      'must not end with "-" and six characters (Secrets Manager adds such a suffix to the ARN)',
    ],
    [secretsManagerNameViolation, 'oms uat', 'must be letters, digits and /_+=.@- (Secrets Manager)'],
    [secretsManagerNameViolation, 'a'.repeat(513), 'must be a Secrets Manager name of 1 to 512 characters'],
    [kmsAliasViolation, 'alias/oms-uat-secrets', undefined],
    [kmsAliasViolation, 'oms-uat-secrets', 'must be "alias/" followed by letters, digits, "/", "_" and "-" (KMS)'],
    [kmsAliasViolation, 'alias/aws/rds', 'must not start with "alias/aws/" (reserved for AWS managed keys)'],
    [kmsAliasViolation, `alias/${'a'.repeat(251)}`, 'must be at most 256 characters (KMS; has 257)'],
    [securityGroupNameViolation, 'oms-uat-db', undefined],
    [securityGroupNameViolation, 'sg-database', 'must not start with "sg-" (EC2 reserves it for group ids)'],
    [securityGroupNameViolation, 'oms|db', 'must use only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* (EC2)'],
    [logGroupNameViolation, '/oms/oms-uat/vpc-flow-logs', undefined],
    [logGroupNameViolation, '/oms/uat flow', 'must use only letters, digits and _-/.# (CloudWatch Logs)'],
    [logGroupNameViolation, '', 'must be a log group name of 1 to 512 characters'],
  ])('case %#', (check, name, rule) => expect(check(name)).toBe(rule));
});

describe('hosts of database and cache connections', () => {
  const label = fc
    .tuple(alnum, fc.array(fc.oneof(alnum, fc.constant('-')), { maxLength: 20 }), lower)
    .map(([a, mid, b]) => `${a}${mid.join('')}${b}`);
  const host = fc.array(label, { minLength: 1, maxLength: 5 }).map((l) => l.join('.'));

  test('lower-case DNS names are accepted (property-based)', () => {
    fc.assert(fc.property(host, (h) => hostnameViolation(h) === undefined));
  });

  test('IP addresses are refused, whatever their numbers (property-based)', () => {
    const rule = 'must be a DNS name, not an IP address (TLS hostname verification matches the certificate against the name)';
    fc.assert(fc.property(fc.ipV4(), (ip) => hostnameViolation(ip) === rule));
    fc.assert(fc.property(fc.ipV6(), (ip) => hostnameViolation(ip) === rule));
  });

  test.each([
    [`${'a'.repeat(64)}.uat.internal`, 'must have labels of at most 63 characters ("aaaaaaaaaaaa..." has 64)'],
    [Array(64).fill('abc').join('.'), 'must be at most 253 characters (has 255)'],
    ['DB.Example', 'must be a lower-case DNS name'],
    ['db_1.internal', 'must be a lower-case DNS name'],
    ['', 'must be a lower-case DNS name'],
  ])('case %#', (h, rule) => expect(hostnameViolation(h)).toBe(rule));
});
