import { Problem } from '../../lib/core/errors';
import { SecretKeyReference, plainEnvVarProblems, secretEnvVarProblems, validateEnvVars } from '../../lib/core/env-vars';

const RESERVED = ['JVM_ARGS', 'OMS_ENV'];

const invalidName = (property: 'env' | 'secretEnv', name: string): Problem => ({
  property: `${property}["${name}"]`,
  rule: 'must be a valid environment variable name',
  value: name,
  fix: 'use letters, digits and "_", not starting with a digit',
});
const reserved = (property: 'env' | 'secretEnv', name: string): Problem => ({
  property: `${property}["${name}"]`,
  rule: 'must not override a variable the construct sets',
  value: name,
  fix: `use the dedicated property instead of ${name}`,
});
const plainSecret = (name: string, value: string): Problem => ({
  property: `env["${name}"]`,
  rule: 'must not carry a credential in plain text',
  value,
  fix: `move it to secretEnv: { ${name}: { secretName: '...', key: '...' } }`,
});
const incompleteRef = (name: string, ref: unknown): Problem => ({
  property: `secretEnv["${name}"]`,
  rule: 'must name a Secret and a key',
  value: ref,
  fix: "write { secretName: 'oms-db', key: 'password' }",
});

describe('validateEnvVars', () => {
  test.each<[string, Record<string, string> | undefined, Record<string, SecretKeyReference> | undefined]>([
    ['nothing', undefined, undefined],
    ['empty', {}, {}],
    ['plain names', { LOG_LEVEL: 'debug', _PRIVATE_FLAG: '1', lower_case: 'x', A1: '' }, undefined],
    [
      'secret-looking names taken from Secrets',
      undefined,
      { DB_PASSWORD: { secretName: 'oms-db', key: 'password' }, API_KEY: { secretName: 'api', key: 'key' } },
    ],
  ])('%s: no problems', (_name, plain, secret) => {
    expect(validateEnvVars(plain, secret, RESERVED)).toEqual([]);
  });

  test.each<[string, Record<string, string> | undefined, Record<string, unknown> | undefined, Problem[]]>([
    ['a name starting with a digit', { '1ABC': 'x' }, undefined, [invalidName('env', '1ABC')]],
    ['a name with "-"', { 'A-B': 'x' }, undefined, [invalidName('env', 'A-B')]],
    ['a name with a space', { 'A B': 'x' }, undefined, [invalidName('env', 'A B')]],
    ['a name with "."', { 'a.b': 'x' }, undefined, [invalidName('env', 'a.b')]],
    ['an empty name', { '': 'x' }, undefined, [invalidName('env', '')]],
    ['a reserved plain name', { JVM_ARGS: '-Xmx1g' }, undefined, [reserved('env', 'JVM_ARGS')]],
    ['a password in plain text', { DB_PASSWORD: 'hunter2' }, undefined, [plainSecret('DB_PASSWORD', '<redacted>')]],
    ['an empty password is shown as empty', { DB_PASSWORD: '' }, undefined, [plainSecret('DB_PASSWORD', '')]],
    ['a passwd', { LDAP_PASSWD: 'p' }, undefined, [plainSecret('LDAP_PASSWD', '<redacted>')]],
    ['a secret', { AWS_SECRET_ACCESS_KEY: 's' }, undefined, [plainSecret('AWS_SECRET_ACCESS_KEY', '<redacted>')]],
    ['a token, lower case', { github_token: 't' }, undefined, [plainSecret('github_token', '<redacted>')]],
    ['a credential', { GOOGLE_CREDENTIALS: 'c' }, undefined, [plainSecret('GOOGLE_CREDENTIALS', '<redacted>')]],
    ['an API_KEY', { API_KEY: 'k' }, undefined, [plainSecret('API_KEY', '<redacted>')]],
    ['an APIKEY', { SVC_APIKEY: 'k' }, undefined, [plainSecret('SVC_APIKEY', '<redacted>')]],
    ['a PRIVATE_KEY', { SSH_PRIVATE_KEY: 'k' }, undefined, [plainSecret('SSH_PRIVATE_KEY', '<redacted>')]],
    ['a PRIVATEKEY', { PRIVATEKEY: 'k' }, undefined, [plainSecret('PRIVATEKEY', '<redacted>')]],
    [
      'an invalid name that also looks like a secret',
      { 'DB-PASSWORD': 'hunter2' },
      undefined,
      [invalidName('env', 'DB-PASSWORD'), plainSecret('DB-PASSWORD', '<redacted>')],
    ],
    ['a secret ref with an invalid name', undefined, { '9X': { secretName: 's', key: 'k' } }, [invalidName('secretEnv', '9X')]],
    ['a reserved secret name', undefined, { OMS_ENV: { secretName: 's', key: 'k' } }, [reserved('secretEnv', 'OMS_ENV')]],
    [
      'a secret ref without a Secret name',
      undefined,
      { DB_PASSWORD: { secretName: '', key: 'password' } },
      [incompleteRef('DB_PASSWORD', { secretName: '', key: 'password' })],
    ],
    [
      'a secret ref without a key',
      undefined,
      { DB_PASSWORD: { secretName: 'oms-db', key: '' } },
      [incompleteRef('DB_PASSWORD', { secretName: 'oms-db', key: '' })],
    ],
    ['a secret ref missing its key field', undefined, { X: { secretName: 'oms-db' } }, [incompleteRef('X', { secretName: 'oms-db' })]],
    ['a missing secret ref', undefined, { X: undefined }, [incompleteRef('X', undefined)]],
    ['a null secret ref', undefined, { X: null }, [incompleteRef('X', null)]],
    [
      'plain problems before secret problems',
      { JVM_ARGS: 'x', TOKEN: 't' },
      { 'bad name': { secretName: '', key: '' } },
      [
        reserved('env', 'JVM_ARGS'),
        plainSecret('TOKEN', '<redacted>'),
        invalidName('secretEnv', 'bad name'),
        incompleteRef('bad name', { secretName: '', key: '' }),
      ],
    ],
  ])('%s', (_name, plain, secret, problems) => {
    expect(validateEnvVars(plain, secret as Record<string, SecretKeyReference> | undefined, RESERVED)).toEqual(problems);
  });

  test('with no reserved names nothing is reserved', () => {
    expect(validateEnvVars({ JVM_ARGS: 'x' }, undefined, [])).toEqual([]);
  });

  test('the plain-text credential never appears in the problems', () => {
    expect(JSON.stringify(validateEnvVars({ DB_PASSWORD: 'hunter2' }, undefined, RESERVED))).not.toContain('hunter2');
  });
});

describe('one variable at a time (remembers the variables that passed)', () => {
  const ref = (secretName: string, key: string): SecretKeyReference => ({ secretName, key });
  // Each check runs twice: the second answer may come from what the first remembered, and must still be validateEnvVars's.
  test.each<[string, Record<string, string> | undefined, Record<string, SecretKeyReference> | undefined, () => Problem[]]>([
    ['a clean variable', { LOG_FORMAT: 'json' }, undefined, () => plainEnvVarProblems('LOG_FORMAT', 'json')],
    [
      'its name with a credential',
      { LOG_FORMAT: 'postgres://u:p@db/x' },
      undefined,
      () => plainEnvVarProblems('LOG_FORMAT', 'postgres://u:p@db/x'),
    ],
    ['name and value joined otherwise', { LOG_FORMATj: 'son' }, undefined, () => plainEnvVarProblems('LOG_FORMATj', 'son')],
    ['an invalid name', { '1LOG': 'json' }, undefined, () => plainEnvVarProblems('1LOG', 'json')],
    ['a clean reference', undefined, { dbuser: ref('oms-db', 'user') }, () => secretEnvVarProblems('dbuser', ref('oms-db', 'user'))],
    [
      'its name with a bad key',
      undefined,
      { dbuser: ref('oms-db', 'us er') },
      () => secretEnvVarProblems('dbuser', ref('oms-db', 'us er')),
    ],
    [
      'its parts joined otherwise',
      undefined,
      { dbuser: ref('oms-dbu', 'ser') },
      () => secretEnvVarProblems('dbuser', ref('oms-dbu', 'ser')),
    ],
    ['no reference', undefined, { dbuser: undefined as never }, () => secretEnvVarProblems('dbuser', undefined as never)],
  ])('%s', (_name, plain, secret, check) => {
    const expected = validateEnvVars(plain, secret, []);
    expect(check()).toEqual(expected);
    expect(check()).toEqual(expected);
  });

  test('a remembered variable does not hide a credential under the same name', () => {
    expect(plainEnvVarProblems('API_URL', 'https://api.internal')).toEqual([]);
    expect(plainEnvVarProblems('API_URL', 'https://u:secret@api.internal')).toHaveLength(1);
  });
});
