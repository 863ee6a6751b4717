import { CacheConnection, CacheConnectionProps, DatabaseConnection, DatabaseConnectionProps } from '../../../lib';
import { messageOf } from '../../support/errors';

function dbProps(): DatabaseConnectionProps {
  return {
    host: 'db.uat.oms.internal',
    database: 'oms',
    credentials: { secretName: 'oms-db' },
    egress: [{ cidr: '10.20.64.0/20', ports: [5432] }],
  };
}

function cacheProps(): CacheConnectionProps {
  return { host: 'cache.uat.oms.internal', egress: [{ cidr: '10.20.64.0/20', ports: [6379] }] };
}

/** The message of what `fn` throws (fails when it throws nothing). */

const IP_RULE = 'must be a DNS name, not an IP address (TLS hostname verification matches the certificate against the name)';

describe('DatabaseConnection.existing refuses bad input with the whole message', () => {
  test.each([
    [
      { host: '10.20.64.15' },
      `DatabaseConnection.existing(database): invalid configuration\n  - host ${IP_RULE} (received "10.20.64.15"). Fix: use the database's DNS name (e.g. "db.uat.oms.internal"): TLS clients check the certificate against it`,
    ],
    [
      { host: 'fd00::15', name: 'orders' },
      `DatabaseConnection.existing(orders): invalid configuration\n  - host ${IP_RULE} (received "fd00::15"). Fix: use the database's DNS name (e.g. "db.uat.oms.internal"): TLS clients check the certificate against it`,
    ],
    [
      { host: `${'a'.repeat(64)}.internal` },
      `DatabaseConnection.existing(database): invalid configuration\n  - host must have labels of at most 63 characters ("aaaaaaaaaaaa..." has 64) (received "${'a'.repeat(64)}.internal"). Fix: use e.g. "db.uat.oms.internal"`,
    ],
    [
      { host: `${Array(51).fill('abcd').join('.')}` },
      `DatabaseConnection.existing(database): invalid configuration\n  - host must be at most 253 characters (has 254) (received "${Array(51).fill('abcd').join('.')}"). Fix: use e.g. "db.uat.oms.internal"`,
    ],
    [
      { port: 70000 },
      'DatabaseConnection.existing(database): invalid configuration\n  - port must be a whole number from 1 to 65535 (received 70000). Fix: use the port the database listens on',
    ],
    [
      { database: '1oms' },
      'DatabaseConnection.existing(database): invalid configuration\n  - database must be a database name (a letter, then letters, digits, "_", ".", "$" or "-") (received "1oms"). Fix: name the database, e.g. "OMDB" or "oms"',
    ],
    [
      { schema: 'oms-schema' },
      'DatabaseConnection.existing(database): invalid configuration\n  - schema must be a schema name (a letter, then letters, digits or "_") (received "oms-schema"). Fix: use e.g. "OMS"',
    ],
    [
      { credentials: { secretName: 'Oms_DB' } },
      'DatabaseConnection.existing(database): invalid configuration\n  - credentials.secretName must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Oms_DB"). Fix: name the Secret that holds the username and password',
    ],
    [
      { envPrefix: 'db' },
      'DatabaseConnection.existing(database): invalid configuration\n  - envPrefix must be upper-case letters, digits and "_" (received "db"). Fix: use e.g. "DB"',
    ],
    [
      { vendor: 'mysql' },
      'DatabaseConnection.existing(database): invalid configuration\n  - vendor must be one of DatabaseVendor.DB2, DatabaseVendor.ORACLE, DatabaseVendor.POSTGRESQL (received "mysql"). Fix: use DatabaseVendor.DB2, DatabaseVendor.ORACLE or DatabaseVendor.POSTGRESQL (OMS runs on those)',
    ],
  ])('%j', (override, message) => {
    expect(messageOf(() => DatabaseConnection.existing({ ...dbProps(), ...override } as DatabaseConnectionProps))).toBe(message);
  });
});

describe('CacheConnection.existing refuses bad input with the whole message', () => {
  test.each([
    [
      { host: '10.20.64.16' },
      `CacheConnection.existing(cache): invalid configuration\n  - host ${IP_RULE} (received "10.20.64.16"). Fix: use the cache's DNS name (e.g. "cache.uat.oms.internal"): TLS clients check the certificate against it`,
    ],
    [
      { host: 'Cache.UAT' },
      'CacheConnection.existing(cache): invalid configuration\n  - host must be a lower-case DNS name (received "Cache.UAT"). Fix: use e.g. "cache.uat.oms.internal"',
    ],
    [
      { egress: [] },
      "CacheConnection.existing(cache): invalid configuration\n  - egress must say how workloads reach the cache (received []). Fix: add { cidr: '10.20.64.0/20', ports: [6379] }",
    ],
    [
      { authToken: { secretName: 'Cache_Auth', key: 'token' } },
      'CacheConnection.existing(cache): invalid configuration\n  - authToken.secretName must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Cache_Auth"). Fix: name the Secret with the token',
    ],
  ])('%j', (override, message) => {
    expect(messageOf(() => CacheConnection.existing({ ...cacheProps(), ...override } as CacheConnectionProps))).toBe(message);
  });
});
