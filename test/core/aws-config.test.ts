import {
  awsEndpoints,
  branchDatabaseNames,
  branchEnvironmentName,
  postgresIdentifier,
  accountFor,
  awsStageProfile,
} from '../../lib/core/aws-config';
import { branchFromEnvironment } from '../../lib/core/branch';
import { cidrContains, cidrSubnet, cidrsOverlap, parseCidr } from '../../lib/core/cidr';

describe('postgresIdentifier', () => {
  test.each([
    ['oms_feature/ABC-123', 'oms_feature_abc_123'],
    ['123abc', 'abc'],
    ['Oms--Branch', 'oms_branch'],
  ])('%s -> %s', (raw, expected) => expect(postgresIdentifier(raw)).toBe(expected));

  test('long names keep 63 bytes with a stable hash suffix', () => {
    const long = `oms_${'very-long-branch-name-'.repeat(5)}`;
    const id = postgresIdentifier(long);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(63);
    expect(id).toMatch(/^oms_very_long_branch_name_.*_[0-9a-f]{8}$/);
    expect(postgresIdentifier(long)).toBe(id);
    expect(postgresIdentifier(`${long}x`)).not.toBe(id);
  });

  test.each([[''], ['///'], ['123']])('refuses %p (nothing usable)', (raw) => {
    expect(() => postgresIdentifier(raw)).toThrow('has no letters or digits to make a PostgreSQL identifier from');
  });
});

describe('branchEnvironmentName', () => {
  test.each([
    ['feature/ABC-123_login', /^br-feature-abc-123-login-[0-9a-f]{8}$/],
    ['main', /^br-main-[0-9a-f]{8}$/],
  ])('%s', (branch, pattern) => expect(branchEnvironmentName(branch)).toMatch(pattern));

  test('at most 40 characters, DNS-1123, and different for branches that sanitize alike', () => {
    const a = branchEnvironmentName(`feature/${'x'.repeat(80)}`);
    expect(a.length).toBeLessThanOrEqual(40);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(branchEnvironmentName('Feature/X')).not.toBe(branchEnvironmentName('feature-x'));
  });

  test('a branch name with nothing usable fails with the fix', () => {
    expect(() => branchEnvironmentName('///')).toThrow(
      'branch must have letters or digits to name an environment after (received "///"). Fix: rename the branch, or set BRANCH_NAME to a name with letters or digits',
    );
  });
});

test('branch databases and endpoints are derived from names only', () => {
  expect(branchDatabaseNames('br-feature-x-1234abcd')).toEqual({
    database: 'oms_br_feature_x_1234abcd',
    user: 'oms_br_feature_x_1234abcd',
  });
  expect(awsEndpoints('br-x', 'uat-eks')).toEqual({
    databaseHost: 'db.uat-eks.oms.internal',
    databasePort: 5432,
    databaseName: 'oms_br_x',
    databaseSecretName: 'oms/br-x/database/app',
    cacheHost: 'cache.uat-eks.oms.internal',
    cachePort: 6379,
    cacheSecretName: 'oms/uat-eks/cache/auth',
  });
  expect(awsEndpoints('uat').databaseName).toBe('oms');
});

test.each([
  [{ BRANCH_NAME: 'feature/x' }, 'feature/x'],
  [{ GIT_BRANCH: 'origin/fix-1' }, 'fix-1'],
  [{ GITHUB_REF_NAME: 'main' }, 'main'],
  [{}, 'local'],
])('branchFromEnvironment(%p) = %s', (env, expected) => expect(branchFromEnvironment(env)).toBe(expected));

test('accounts and profiles per stage', () => {
  const accounts = {
    development: { accountId: '1', region: 'r' },
    staging: { accountId: '2', region: 'r' },
    production: { accountId: '3', region: 'r' },
  };
  expect(['branch', 'uat', 'staging', 'prod'].map((s) => accountFor(accounts, s as any).accountId)).toEqual(['1', '1', '2', '3']);
  expect(awsStageProfile('prod')).toMatchObject({ deletionProtection: true, dbMultiAz: true, nat: 'per-az' });
  expect(awsStageProfile('branch')).toMatchObject({ deletionProtection: false, dbMultiAz: false, nat: 'single' });
});

describe('CIDR arithmetic', () => {
  test.each([
    ['10.20.0.0/16', 4, 0, '10.20.0.0/20'],
    ['10.20.0.0/16', 4, 5, '10.20.80.0/20'],
    ['10.20.0.0/20', 4, 15, '10.20.15.0/24'],
  ])('cidrSubnet(%s, %d, %d) = %s', (cidr, bits, i, expected) => expect(cidrSubnet(cidr, bits, i)).toBe(expected));
  test('overlap and containment', () => {
    expect(cidrsOverlap('10.0.0.0/16', '10.0.255.0/24')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
    expect(cidrContains('10.0.0.0/16', '10.0.4.0/24')).toBe(true);
    expect(parseCidr('10.0.0.1/16')).toBeUndefined();
  });
});
