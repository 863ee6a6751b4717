import {
  DNS1123_LABEL_MAX,
  DNS1123_SUBDOMAIN_MAX,
  dns1123LabelViolation,
  isDns1123Label,
  joinName,
  toDns1123Label,
} from '../../lib/core/naming';

const PATTERN_RULE = 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';

describe('constants', () => {
  test('Kubernetes name limits', () => {
    expect(DNS1123_LABEL_MAX).toBe(63);
    expect(DNS1123_SUBDOMAIN_MAX).toBe(253);
  });
});

describe('dns1123LabelViolation', () => {
  test.each<[string, string]>([
    ['a', 'single letter'],
    ['0', 'single digit'],
    ['a-b', 'inner dash'],
    ['a--b', 'double inner dash'],
    ['1abc', 'leading digit'],
    ['abc1', 'trailing digit'],
    ['oms-dev-om-app', 'typical name'],
    ['a'.repeat(63), 'exactly 63 characters'],
  ])('%j is valid (%s)', (value) => {
    expect(dns1123LabelViolation(value)).toBeUndefined();
    expect(isDns1123Label(value)).toBe(true);
  });

  test.each<[string, number | undefined, string]>([
    ['', undefined, 'must not be empty'],
    ['a'.repeat(64), undefined, 'must be at most 63 characters (has 64)'],
    ['A'.repeat(64), undefined, 'must be at most 63 characters (has 64)'],
    ['abcdef', 5, 'must be at most 5 characters (has 6)'],
    ['a'.repeat(41), 40, 'must be at most 40 characters (has 41)'],
    ['Abc', undefined, PATTERN_RULE],
    ['abC', undefined, PATTERN_RULE],
    ['-abc', undefined, PATTERN_RULE],
    ['abc-', undefined, PATTERN_RULE],
    ['-', undefined, PATTERN_RULE],
    ['a_b', undefined, PATTERN_RULE],
    ['a.b', undefined, PATTERN_RULE],
    ['a b', undefined, PATTERN_RULE],
    ['ä', undefined, PATTERN_RULE],
  ])('%j (max %p) breaks %j', (value, maxLength, rule) => {
    expect(dns1123LabelViolation(value, maxLength)).toBe(rule);
    expect(isDns1123Label(value, maxLength)).toBe(false);
  });

  test('a custom maximum accepts a name at that length', () => {
    expect(dns1123LabelViolation('a'.repeat(40), 40)).toBeUndefined();
    expect(dns1123LabelViolation('a'.repeat(100), 253)).toBeUndefined();
  });
});

describe('toDns1123Label', () => {
  test.each<[string, string]>([
    ['ok', 'ok'],
    ['My_Branch/Feature', 'my-branch-feature'],
    ['feature/ABC-123', 'feature-abc-123'],
    ['--Hello  World--', 'hello-world'],
    ['a..b__c', 'a-b-c'],
    ['UPPER', 'upper'],
    ['', 'x'],
    ['___', 'x'],
    ['a'.repeat(63), 'a'.repeat(63)],
  ])('sanitizes %j to %j', (raw, expected) => {
    expect(toDns1123Label(raw)).toBe(expected);
  });

  test.each<[string, string]>([
    // Cut to 54 characters, then "-" and the first 8 hex of sha256(original input).
    ['a'.repeat(64), `${'a'.repeat(54)}-ffe054fe`],
    ['a'.repeat(70), `${'a'.repeat(54)}-6bd5e503`],
    // Same sanitized form, different original input: the hash is of the input, not the sanitized form.
    ['A'.repeat(70), `${'a'.repeat(54)}-01d3a187`],
    ['a'.repeat(63) + 'b', `${'a'.repeat(54)}-97aa7c54`],
    // A "-" left at the end of the cut is dropped before the suffix.
    ['x'.repeat(53) + '-' + 'y'.repeat(20), `${'x'.repeat(53)}-d3d85713`],
    [
      'My Very Long Branch Name For The Inventory Availability Monitor Service',
      'my-very-long-branch-name-for-the-inventory-availabilit-359b5646',
    ],
  ])('truncates %j to %j', (raw, expected) => {
    const name = toDns1123Label(raw);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(dns1123LabelViolation(name)).toBeUndefined();
  });

  test('is deterministic: the same input gives the same output', () => {
    const raw = 'Some/Really_Long Input '.repeat(5);
    expect(toDns1123Label(raw)).toBe(toDns1123Label(raw));
    expect(toDns1123Label(raw, { alwaysHash: true })).toBe(toDns1123Label(raw, { alwaysHash: true }));
  });

  test('two long inputs sharing a prefix get different names', () => {
    const a = toDns1123Label('a'.repeat(64));
    const b = toDns1123Label('a'.repeat(63) + 'b');
    expect(a).not.toBe(b);
    expect(a.slice(0, 54)).toBe(b.slice(0, 54));
  });

  test.each<[string, string]>([
    ['Feature/ABC-123', 'feature-abc-123-4ec093c4'],
    ['feature/abc-123', 'feature-abc-123-127b526e'],
    ['', 'x-e3b0c442'],
    ['___', 'x-bda25155'],
  ])('alwaysHash: %j gives %j', (raw, expected) => {
    expect(toDns1123Label(raw, { alwaysHash: true })).toBe(expected);
  });

  test('alwaysHash tells apart inputs that sanitize to the same name', () => {
    expect(toDns1123Label('Feature/ABC-123')).toBe(toDns1123Label('feature/abc-123'));
    expect(toDns1123Label('Feature/ABC-123', { alwaysHash: true })).not.toBe(toDns1123Label('feature/abc-123', { alwaysHash: true }));
  });

  test.each<[string, number, string]>([
    ['abcdefghijklmnop', 12, 'abc-f39dac6c'],
    ['abcdefghij', 10, 'abcdefghij'],
    ['abcdefghijklmnop', 16, 'abcdefghijklmnop'],
  ])('maxLength: %j at most %d gives %j', (raw, maxLength, expected) => {
    expect(toDns1123Label(raw, { maxLength })).toBe(expected);
  });

  test.each([9, 0, -1])('maxLength %d is refused', (maxLength) => {
    expect(() => toDns1123Label('abc', { maxLength })).toThrow(new RangeError('maxLength must be at least 10'));
  });
});

describe('joinName', () => {
  test.each<[readonly string[], number | undefined, string]>([
    [['oms', 'dev', 'om-app'], undefined, 'oms-dev-om-app'],
    [['a', '', 'b'], undefined, 'a-b'],
    [['only'], undefined, 'only'],
    [[], undefined, ''],
    [['a'.repeat(31), 'b'.repeat(31)], undefined, `${'a'.repeat(31)}-${'b'.repeat(31)}`],
    [['a'.repeat(100), 'config'], 253, `${'a'.repeat(100)}-config`],
  ])('joins %j (max %p) to %j', (parts, maxLength, expected) => {
    expect(joinName(parts, maxLength)).toBe(expected);
  });

  test.each<[readonly string[], string]>([
    [
      ['oms', 'very-long-environment-name-for-testing', 'inventory-availability-monitor', 'config'],
      'oms-very-long-environment-name-for-testing-inventory-a-d91b535d',
    ],
    [['a'.repeat(30), 'b'.repeat(40)], `${'a'.repeat(30)}-${'b'.repeat(23)}-41fbb6dd`],
    // The cut ends on a "-", which is dropped before the suffix.
    [['a'.repeat(53), 'b'.repeat(20)], `${'a'.repeat(53)}-af3ec493`],
  ])('shortens over-length %j with a hash of the full name', (parts, expected) => {
    const name = joinName(parts);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(joinName(parts)).toBe(name);
  });
});
