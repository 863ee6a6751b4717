/** Tables of bad input for entry points that had none, with exact messages. */
import { HealthProbe, Problem } from '../../lib';
import { checkConstructInput, formatProblem, iamRoleNameViolation, validateAwsAccount } from '../../lib/core';
import { validateCacheConnectionProps } from '../../lib/k8s/connections/cache-connection';
import { validateDatabaseConnectionProps } from '../../lib/k8s/connections/database-connection';
import { validateEndpointProps } from '../../lib/k8s/connections/endpoint-connection';
import { validateHealthProbes } from '../../lib/k8s/primitives/health-probe';

const lines = (problems: Problem[]) => problems.map(formatProblem);
const egress = [{ cidr: '10.20.64.0/20', ports: [5432] }];

test.each([
  [
    'an empty id',
    () => checkConstructInput('test-env', '', {}, false),
    'test-env: invalid configuration\n  - id must be a non-empty construct id (received ""). Fix: name the construct, e.g. "order-search"',
  ],
  [
    'a taken id and no props',
    () => checkConstructInput('test-env', 'api', undefined, true),
    'test-env/api: invalid configuration\n  - id must be unique in its scope (test-env already has a "api") (received "api"). Fix: give the construct another id\n  - props is required (received undefined). Fix: pass the construct\'s properties',
  ],
])('checkConstructInput: %s', (_name, run, message) => expect(run).toThrow(new Error(message)));

test.each([
  [
    'a numeric account id',
    { accountId: 111122223333, region: 'eu-west-1' },
    ['account.accountId must be a 12-digit AWS account id (received 111122223333). Fix: use the account of this stage'],
  ],
  [
    'a region without its number',
    { accountId: '111122223333', region: 'eu-west' },
    ['account.region must be an AWS region (received "eu-west"). Fix: use e.g. "eu-west-1"'],
  ],
  [
    'no account',
    undefined,
    [
      'account.accountId must be a 12-digit AWS account id (received undefined). Fix: use the account of this stage',
      'account.region must be an AWS region (received undefined). Fix: use e.g. "eu-west-1"',
    ],
  ],
])('validateAwsAccount: %s', (_name, account, messages) => expect(lines(validateAwsAccount('account', account as any))).toEqual(messages));

test('validateAwsAccount accepts the GovCloud and ISO partitions', () => {
  expect(validateAwsAccount('account', { accountId: '111122223333', region: 'us-gov-west-1' })).toEqual([]);
  expect(validateAwsAccount('account', { accountId: '111122223333', region: 'us-isob-east-1' })).toEqual([]);
});

test.each([
  ['oms role', 'must be an IAM role name: at most 64 letters, digits and +=,.@_-'],
  ['a'.repeat(65), 'must be an IAM role name: at most 64 letters, digits and +=,.@_-'],
  ['oms-uat-eks-db-admin', undefined],
])('iamRoleNameViolation(%s)', (name, rule) => expect(iamRoleNameViolation(name)).toBe(rule));

test.each([
  [
    'a relative readiness path',
    { readiness: HealthProbe.http('healthz', 'http') },
    ['probes.readiness.path must be an absolute URL path (received "healthz"). Fix: start it with "/", e.g. "/healthz"'],
  ],
  [
    'a liveness port out of range',
    { liveness: HealthProbe.tcp(70000) },
    ['probes.liveness.port must be a whole number from 1 to 65535 (received 70000). Fix: use the port the container listens on'],
  ],
  [
    'an empty startup command',
    { startup: HealthProbe.exec([]) },
    ['probes.startup.command must be a non-empty list of non-empty arguments (received []). Fix: give the program and its arguments'],
  ],
])('validateHealthProbes: %s', (_name, probes, messages) => expect(lines(validateHealthProbes('probes', probes))).toEqual(messages));

test.each([
  [
    'validateEndpointProps: an IP address and an egress that is not a list',
    () => validateEndpointProps({ host: '10.0.0.5', egress: 'vpc' as any }, 'database', 5432),
    [
      'host must be a DNS name, not an IP address (TLS hostname verification matches the certificate against the name) (received "10.0.0.5"). Fix: use the database\'s DNS name (e.g. "db.uat.oms.internal"): TLS clients check the certificate against it',
      'egress must be a list of egress rules (received "vpc"). Fix: pass a list, e.g. [{ cidr: \'10.20.64.0/20\', ports: [5432] }]',
    ],
  ],
  [
    'validateDatabaseConnectionProps: no credentials',
    () => validateDatabaseConnectionProps({ host: 'db.uat.internal', database: 'oms', egress } as any),
    ['credentials.secretName is required (received undefined). Fix: name the Secret that holds the username and password'],
  ],
  [
    'validateCacheConnectionProps: a host label over 63 characters',
    () => validateCacheConnectionProps({ host: `${'c'.repeat(64)}.internal`, egress: [{ cidr: '10.20.64.0/20', ports: [6379] }] }),
    [
      `host must have labels of at most 63 characters ("cccccccccccc..." has 64) (received "${'c'.repeat(64)}.internal"). Fix: use e.g. "cache.uat.oms.internal"`,
    ],
  ],
])('%s', (_name, run, messages) => expect(lines(run())).toEqual(messages));
