import { joinName } from '../../lib/core/naming';
import { validateJvm, resolveJvm } from '../../lib/core/jvm';
import { validatePropertyOverrides } from '../../lib/core/properties';
import { validateEgress } from '../../lib/core/network';

const GI = 2 ** 30;

describe('validateJvm compares minHeap with the heap the JVM really gets', () => {
  test.each<[string, object, number, string[]]>([
    [
      'minHeap above the default max (70% of 2Gi = 1433Mi)',
      { minHeap: '3Gi' },
      2 * GI,
      ['jvm.minHeap must not exceed the maximum heap (1433Mi, the default of 70% of the memory limit)'],
    ],
    [
      'a heap too small to start',
      { maxHeap: '512Ki' },
      2 * GI,
      ['jvm.maxHeap must be at least 256Mi (an OMS server does not start in less)'],
    ],
    ['a zero heap', { maxHeap: '0' }, 2 * GI, ['jvm.maxHeap must be at least 256Mi (an OMS server does not start in less)']],
    ['minHeap equal to the default max is fine', { minHeap: '1433Mi' }, 2 * GI, []],
  ])('%s', (_case, jvm, limit, rules) => {
    expect(validateJvm('jvm', jvm, limit).map((p) => `${p.property} ${p.rule}`)).toEqual(rules);
  });

  test('the default max used by the check is the one resolveJvm renders', () => {
    expect(resolveJvm(undefined, 2 * GI).args).toContain('-Xmx1433m');
  });
});

describe('validatePropertyOverrides', () => {
  test('never echoes the value of a credential-like key, whatever the problem', () => {
    const problems = validatePropertyOverrides('p', { 'db.password': 'hunter2\nmore', 'svc.api-key': 'abc\\' });
    expect(JSON.stringify(problems)).not.toMatch(/hunter2|abc/);
    expect(problems.map((p) => `${p.property} ${p.rule}`)).toEqual([
      'p["db.password"] must be a single-line string',
      'p["db.password"] must not carry a credential (it would be written to a ConfigMap in plain text)',
      'p["svc.api-key"] must not end with a backslash (it would continue the line in a .properties file)',
      'p["svc.api-key"] must not carry a credential (it would be written to a ConfigMap in plain text)',
    ]);
  });

  test.each([['a:b'], ['a/b']])('refuses %s as a key (a .properties reader would split it)', (key) => {
    expect(validatePropertyOverrides('p', { [key]: '1' }).map((p) => p.rule)).toEqual([
      'must be a property name (letters, digits, ".", "_", "-")',
    ]);
  });
});

test.each([['0.0.0.0/0'], ['0.0.0.0/00'], ['10.0.0.0/0']])('validateEgress refuses %s as every address', (cidr) => {
  expect(validateEgress('egress', [{ cidr, ports: [443] }]).map((p) => p.rule)).toEqual(['must not open egress to every address']);
});

test('joinName refuses a maxLength too short for the hash suffix', () => {
  expect(() => joinName(['abcdefgh'], 5)).toThrow('maxLength must be at least 10');
});
