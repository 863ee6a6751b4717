import { Problem } from '../../lib/core/errors';
import { renderProperties, validatePropertyOverrides } from '../../lib/core/properties';

const KEY_RULE = 'must be a property name (letters, digits, ".", "_", "-")';
const KEY_FIX = 'remove spaces, "=", ":" and other punctuation from the key';
const LINE_RULE = 'must be a single-line string';
const LINE_FIX = 'write the value on one line';
const SECRET_RULE = 'must not carry a credential (it would be written to a ConfigMap in plain text)';
const SECRET_FIX = 'pass credentials by reference: a Secret mounted or referenced through the secretEnv property';

const badKey = (key: string): Problem => ({ property: `overrides["${key}"]`, rule: KEY_RULE, value: key, fix: KEY_FIX });
const multiLine = (key: string, value: unknown): Problem => ({ property: `overrides["${key}"]`, rule: LINE_RULE, value, fix: LINE_FIX });
const secret = (key: string): Problem => ({ property: `overrides["${key}"]`, rule: SECRET_RULE, value: '<redacted>', fix: SECRET_FIX });

describe('validatePropertyOverrides', () => {
  test.each<[string, Record<string, string> | undefined]>([
    ['no overrides', undefined],
    ['empty overrides', {}],
    ['plain properties', { 'yfs.yfs.ui.timeout': '30', 'yfs.log4j.level': 'DEBUG', yfs_x: '', 'a-b': 'c=d' }],
    ['a value with spaces and "="', { 'yfs.message': 'a = b and c' }],
  ])('%s: no problems', (_name, overrides) => {
    expect(validatePropertyOverrides('overrides', overrides)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, Problem[]]>([
    ['a key with a space', { 'yfs.a b': '1' }, [badKey('yfs.a b')]],
    ['a key with "="', { 'a=b': '1' }, [badKey('a=b')]],
    ['a key starting with "."', { '.hidden': '1' }, [badKey('.hidden')]],
    ['an empty key', { '': '1' }, [badKey('')]],
    ['a key with "#"', { 'a#b': '1' }, [badKey('a#b')]],
    ['a value with a newline', { 'yfs.x': 'a\nb' }, [multiLine('yfs.x', 'a\nb')]],
    ['a value with a carriage return', { 'yfs.x': 'a\rb' }, [multiLine('yfs.x', 'a\rb')]],
    ['a value that is not a string', { 'yfs.x': 42 }, [multiLine('yfs.x', 42)]],
    ['a password', { 'db.password': 'hunter2' }, [secret('db.password')]],
    ['a passwd, any case', { 'jdbc.Passwd': 'hunter2' }, [secret('jdbc.Passwd')]],
    ['a secret', { 'client.secret': 's' }, [secret('client.secret')]],
    ['a token', { 'oauth.token': 't' }, [secret('oauth.token')]],
    ['a credential', { 'aws.credentials': 'c' }, [secret('aws.credentials')]],
    ['an apikey', { 'svc.apikey': 'k' }, [secret('svc.apikey')]],
    ['an api_key', { 'svc.API_KEY': 'k' }, [secret('svc.API_KEY')]],
    ['a private.key', { 'ssl.private.key': 'k' }, [secret('ssl.private.key')]],
    ['a private-key', { 'ssl.private-key': 'k' }, [secret('ssl.private-key')]],
    ['a privatekey', { privatekey: 'k' }, [secret('privatekey')]],
    ['an empty secret value is still refused', { 'db.password': '' }, [secret('db.password')]],
    ['a bad key that names a secret', { 'db password': 'x' }, [badKey('db password'), secret('db password')]],
    [
      'several entries, in order',
      { good: '1', 'a b': '2', multi: 'x\ny', 'my.token': 't' },
      [badKey('a b'), multiLine('multi', 'x\ny'), secret('my.token')],
    ],
  ])('%s', (_name, overrides, problems) => {
    expect(validatePropertyOverrides('overrides', overrides as Record<string, string>)).toEqual(problems);
  });

  test('the secret value never appears in the problems', () => {
    const problems = validatePropertyOverrides('overrides', { 'db.password': 'hunter2' });
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });
});

describe('renderProperties', () => {
  test.each<[Record<string, string>, string]>([
    [{}, ''],
    [{ a: '1' }, 'a=1\n'],
    [{ b: '2', a: '1' }, 'a=1\nb=2\n'],
    [{ 'yfs.z': 'last', 'yfs.a': 'first', 'yfs.m': 'middle' }, 'yfs.a=first\nyfs.m=middle\nyfs.z=last\n'],
    // Sorted by code unit: upper case before lower case.
    [{ b: '1', B: '2', a: '3' }, 'B=2\na=3\nb=1\n'],
    [{ empty: '' }, 'empty=\n'],
    [{ 'a.b': 'x = y' }, 'a.b=x = y\n'],
  ])('%j', (overrides, expected) => {
    expect(renderProperties(overrides)).toBe(expected);
  });

  test('the output does not depend on insertion order', () => {
    expect(renderProperties({ x: '1', y: '2', z: '3' })).toBe(renderProperties({ z: '3', y: '2', x: '1' }));
  });
});
