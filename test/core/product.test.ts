import {
  CONNECTION_VARIABLES,
  Product,
  awsEndpoints,
  branchDatabaseNames,
  connectionVariables,
  envPrefixViolation,
  isBranchDatabaseName,
  storageQuantityViolation,
  validateProductProps,
} from '../../lib/core';

describe('Product', () => {
  test('the OMS preset keeps every OMS name', () => {
    const oms = Product.OMS;
    expect([
      oms.partOf,
      oms.privateZone('uat'),
      oms.secretName('uat', 'database/app'),
      oms.parameterName('uat', 'database/endpoint'),
    ]).toEqual(['oms', 'uat.oms.internal', 'oms/uat/database/app', '/oms/uat/database/endpoint']);
    expect([oms.logGroup('ecs/x'), oms.databaseName, oms.appUser, oms.masterUser, oms.branchAdminUser, oms.branchDatabasePrefix]).toEqual([
      '/oms/ecs/x',
      'oms',
      'oms_app',
      'oms_master',
      'oms_branch_admin',
      'oms_br_',
    ]);
    expect([oms.dbAdminServiceAccount, oms.resourcePrefix('uat')]).toEqual(['oms-db-admin', 'oms-uat']);
  });

  test('another product names everything after itself, and each name can be set', () => {
    const polls = Product.of({ name: 'polls-api', dnsZone: 'polls.corp.internal', logPrefix: 'polls' });
    expect(awsEndpoints('br-x', 'polls-uat', polls)).toEqual({
      databaseHost: 'db.polls-uat.polls.corp.internal',
      databasePort: 5432,
      databaseName: 'polls_api_br_x',
      databaseSecretName: 'polls-api/br-x/database/app',
      cacheHost: 'cache.polls-uat.polls.corp.internal',
      cachePort: 6379,
      cacheSecretName: 'polls-api/polls-uat/cache/auth',
    });
    expect(branchDatabaseNames('br-x', polls)).toEqual({ database: 'polls_api_br_x', user: 'polls_api_br_x' });
    expect(isBranchDatabaseName('polls_api_br_x', polls)).toBe(true);
    expect(isBranchDatabaseName('oms_br_x', polls)).toBe(false);
    expect([polls.logGroup('ecs/api'), polls.partOf, polls.dbAdminServiceAccount]).toEqual([
      '/polls/ecs/api',
      'polls-api',
      'polls-api-db-admin',
    ]);
  });

  test.each<[string, Parameters<typeof validateProductProps>[0], string[]]>([
    ['a good product', { name: 'polls' }, []],
    [
      'a name with capitals',
      { name: 'Polls' },
      ['name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit'],
    ],
    ['a long name', { name: 'a'.repeat(21) }, ['name must be at most 20 characters (has 21)']],
    [
      'a DNS zone with a space',
      { name: 'p', dnsZone: 'polls internal' },
      ['dnsZone must be a lower-case DNS name (labels of letters, digits and "-", joined by ".")'],
    ],
    [
      'a secret prefix with "/"',
      { name: 'p', secretPrefix: 'a/b' },
      ['secretPrefix must be one path segment: lower-case letters, digits, "-" and "_", at most 32 characters'],
    ],
    [
      'a log prefix with "/"',
      { name: 'p', logPrefix: '/polls' },
      ['logPrefix must be one path segment: lower-case letters, digits, "-" and "_", at most 32 characters'],
    ],
    [
      'a database name with "-"',
      { name: 'p', databaseName: 'polls-db' },
      ['databaseName must be a PostgreSQL identifier of at most 30 characters (a lower-case letter, then letters, digits or "_")'],
    ],
  ])('validateProductProps: %s', (_case, props, expected) => {
    expect(validateProductProps(props).map((p) => `${p.property} ${p.rule}`)).toEqual(expected);
  });

  test('Product.of throws the problems with the product named', () => {
    expect(() => Product.of({ name: 'Polls' })).toThrow(
      'Product.of(Polls): invalid configuration\n  - name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Polls"). Fix: use a short lower-case name, e.g. "polls"',
    );
  });
});

describe('the connection variable contract', () => {
  test('database and cache variables, under their prefixes', () => {
    expect(CONNECTION_VARIABLES.database.prefix).toBe('DB');
    expect(CONNECTION_VARIABLES.cache.prefix).toBe('CACHE');
    expect(connectionVariables('cache', { HOST: 'h', TLS: 'true' }, 'REDIS')).toEqual({ REDIS_HOST: 'h', REDIS_TLS: 'true' });
  });

  test.each<[string, () => unknown, string]>([
    [
      'a suffix outside the contract',
      () => connectionVariables('database', { URL: 'x' }),
      'URL is not a database connection variable (the contract has HOST, PORT, NAME, USER, PASSWORD)',
    ],
    [
      'a cache variable on a database',
      () => connectionVariables('database', { AUTH_TOKEN: 'x' }),
      'AUTH_TOKEN is not a database connection variable (the contract has HOST, PORT, NAME, USER, PASSWORD)',
    ],
  ])('connectionVariables: %s', (_case, run, message) => {
    expect(run).toThrow(message);
  });

  test.each([
    ['DB', undefined],
    ['POLLS_DB', undefined],
    ['db', 'must be upper-case letters, digits and "_"'],
    ['1DB', 'must be upper-case letters, digits and "_"'],
  ])('envPrefixViolation(%s)', (prefix, rule) => {
    expect(envPrefixViolation(prefix)).toBe(rule);
  });
});

test.each([
  ['50Gi', undefined],
  ['50G', undefined],
  ['50GB', 'must be a Kubernetes storage quantity such as "50Gi" or "50G" (suffixes Ki, Mi, Gi, Ti or k, M, G, T; no "B")'],
  ['0', 'must be a Kubernetes storage quantity such as "50Gi" or "50G" (suffixes Ki, Mi, Gi, Ti or k, M, G, T; no "B")'],
])('storageQuantityViolation(%s)', (value, rule) => {
  expect(storageQuantityViolation(value)).toBe(rule);
});
