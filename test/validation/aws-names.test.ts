import { formatProblem } from '../../lib/core';
import { validateAwsResourceNames, validateHostEnvironment, validateRemoteState } from '../../lib/aws/validate-aws-props';

const lines = (problems: Parameters<typeof formatProblem>[0][]) => problems.map(formatProblem);

describe('validateRemoteState: the state bucket is a name S3 accepts', () => {
  test.each([
    [
      { bucket: 'Acme_State' },
      'state.bucket must be an S3 bucket name: lower-case letters, digits, "." and "-", starting and ending with a letter or digit (received "Acme_State"). Fix: give the name of the existing state bucket of this account',
    ],
    [
      { bucket: 's3://acme-state' },
      'state.bucket must be an S3 bucket name: lower-case letters, digits, "." and "-", starting and ending with a letter or digit (received "s3://acme-state"). Fix: give the name of the existing state bucket of this account',
    ],
    [
      { bucket: 'tf' },
      'state.bucket must be an S3 bucket name of 3 to 63 characters (received "tf"). Fix: give the name of the existing state bucket of this account',
    ],
    [
      undefined,
      'state.bucket must be an S3 bucket name of 3 to 63 characters (received undefined). Fix: give the name of the existing state bucket of this account',
    ],
    [
      { bucket: 'acme-state-s3alias' },
      'state.bucket must not end with "-s3alias" (reserved by S3) (received "acme-state-s3alias"). Fix: give the name of the existing state bucket of this account',
    ],
  ])('%j', (state, message) => expect(lines(validateRemoteState('state', state as any))).toEqual([message]));

  test('a valid bucket passes', () => expect(validateRemoteState('state', { bucket: 'acme-oms-state.eu-west-1' })).toEqual([]));
});

describe('validateAwsResourceNames: names derived from the environment are names AWS accepts', () => {
  test.each([
    [
      'uat--eks',
      [
        'environment must give names AWS accepts: the RDS instance "oms-uat--eks" must not end with "-" or contain "--" (an RDS instance identifier) (received "uat--eks"). Fix: use single "-" between words, e.g. "uat-eks"',
        'environment must give names AWS accepts: the ElastiCache replication group "oms-uat--eks" must not end with "-" or contain "--" (an ElastiCache replication group id) (received "uat--eks"). Fix: use single "-" between words, e.g. "uat-eks"',
      ],
    ],
    [
      'a'.repeat(37),
      [
        `environment must give names AWS accepts: the ElastiCache replication group "oms-${'a'.repeat(37)}" must be at most 40 characters for an ElastiCache replication group id (has 41) (received "${'a'.repeat(37)}"). Fix: shorten the environment name to at most 36 characters`,
      ],
    ],
  ])('%s', (environment, messages) => expect(lines(validateAwsResourceNames('environment', environment))).toEqual(messages));

  test.each(['uat-eks', 'staging', 'production', 'polls-uat', 'a'.repeat(36)])('%s gives valid names', (environment) =>
    expect(validateAwsResourceNames('environment', environment)).toEqual([]),
  );

  test('a name that is not a DNS label is left to the environment check', () =>
    expect(validateAwsResourceNames('environment', 'UAT')).toEqual([]));
});

describe('validateHostEnvironment: the environment a branch shares', () => {
  test.each([
    [
      'UAT',
      'hostEnvironment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "UAT"). Fix: give the environment whose database and cluster the branch shares, e.g. "uat-eks"',
    ],
    [
      'uat--eks',
      'hostEnvironment must not end with "-" or contain "--" (an RDS instance identifier) (received "uat--eks"). Fix: give the environment whose database and cluster the branch shares, e.g. "uat-eks"',
    ],
    [
      undefined,
      'hostEnvironment must be the name of an environment (received undefined). Fix: give the environment whose database and cluster the branch shares, e.g. "uat-eks"',
    ],
  ])('%s', (host, message) => expect(lines(validateHostEnvironment('hostEnvironment', host as any))).toEqual([message]));

  test('uat-eks passes', () => expect(validateHostEnvironment('hostEnvironment', 'uat-eks')).toEqual([]));
});
