/**
 * Tables of bad input for the building blocks the constructs compose, called
 * directly: each refuses what it cannot use with a complete message instead
 * of rendering it or failing with a TypeError.
 */
import { Problem, SchemaRequirement, apiPath } from '../../lib';
import { checkBranchDatabaseNames, formatProblem, omsApiNameViolation, schemaCompatibilityProblems } from '../../lib/core';

const lines = (problems: readonly Problem[]) => problems.map(formatProblem);
const blue: SchemaRequirement = { label: 'blue', schemaVersion: 41 };
const green: SchemaRequirement = { label: 'green', schemaVersion: 42, oldestSchemaVersion: 41 };

describe('schemaCompatibilityProblems', () => {
  test.each([
    [
      'no requirements',
      ['schema', undefined, null],
      [
        'schema.a must be a SchemaRequirement (received undefined). Fix: pass { label, schemaVersion, oldestSchemaVersion? }',
        'schema.b must be a SchemaRequirement (received null). Fix: pass { label, schemaVersion, oldestSchemaVersion? }',
      ],
    ],
    [
      'an empty property name and a version as text',
      ['', blue, { label: 'green', schemaVersion: '42' }],
      [
        'property must be a non-empty property name (received ""). Fix: pass the name the problems are reported under, e.g. "schema"',
        '(property).b.schemaVersion must be a number (received "42"). Fix: pass a number, as SchemaRequirement declares',
      ],
    ],
    [
      'no label, and an empty one',
      ['schema', { schemaVersion: 41 }, { label: '', schemaVersion: 42 }],
      [
        'schema.a.label is required (received undefined). Fix: give label, as SchemaRequirement declares',
        'schema.b.label must be a non-empty label (received ""). Fix: name the colour or release, e.g. "blue"',
      ],
    ],
    [
      'two requirements with one label',
      ['schema', blue, { ...green, label: 'blue' }],
      [
        'schema.b.label must differ from a.label (both are "blue"), or the problems cannot say which release is meant (received "blue"). Fix: label each release by its colour or version, e.g. "blue" and "green"',
      ],
    ],
    [
      'a fractional schema version (the rule, once the shape is right)',
      ['schema', { label: 'blue', schemaVersion: 41.5 }, green],
      ['schema.blue.schemaVersion must be a whole number (received 41.5). Fix: declare the schema version the release needs'],
    ],
  ])('%s', (_name, args, messages) =>
    expect(lines(schemaCompatibilityProblems(...(args as [string, SchemaRequirement, SchemaRequirement])))).toEqual(messages),
  );

  test('compatible releases have no problems', () => expect(schemaCompatibilityProblems('schema', blue, green)).toEqual([]));
});

describe('checkBranchDatabaseNames', () => {
  const fix = 'Fix: name the environment with branchEnvironmentName(branch), e.g. "br-feature-x-1a2b3c4d"';
  test.each([
    ['not a string', 42, `environment must be a name (a string) (received 42). ${fix}`],
    ['empty', '', `environment must not be empty (received ""). ${fix}`],
    [
      'a branch name with a slash',
      'br-feature/x',
      `environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "br-feature/x"). ${fix}`,
    ],
    [
      'longer than a label',
      `br-${'x'.repeat(61)}`,
      `environment must be at most 63 characters (has 64) (received "br-${'x'.repeat(61)}"). ${fix}`,
    ],
  ])('%s', (_name, environment, message) => {
    const { names, problems } = checkBranchDatabaseNames(environment as string);
    expect(names).toBeUndefined();
    expect(lines(problems)).toEqual([message]);
  });

  test('a branch environment gets its names', () =>
    expect(checkBranchDatabaseNames('br-feature-x-1a2b3c4d')).toEqual({
      names: { database: 'oms_br_feature_x_1a2b3c4d', user: 'oms_br_feature_x_1a2b3c4d' },
      problems: [],
    }));
});

describe('apiPath', () => {
  const rule = 'must be an OMS API name (a letter, then letters, digits or "_")';
  const fix = 'Fix: pass the API name as IBM documents it, e.g. "getOrderList"';
  test.each([
    ['a path', '../login', `apiPath: invalid configuration\n  - api ${rule} (received "../login"). ${fix}`],
    ['a query', 'getOrderList?x=1', `apiPath: invalid configuration\n  - api ${rule} (received "getOrderList?x=1"). ${fix}`],
    ['empty', '', `apiPath: invalid configuration\n  - api ${rule} (received ""). ${fix}`],
    ['not a string', undefined, `apiPath: invalid configuration\n  - api ${rule} (received undefined). ${fix}`],
  ])('%s', (_name, api, message) => expect(() => apiPath(api as string)).toThrow(new Error(message)));

  test('an API name gives its REST path', () => expect(apiPath('getOrderList')).toBe('/smcfs/restapi/invoke/getOrderList'));
});

test.each([
  ['getOrderList', undefined],
  ['create_Order2', undefined],
  ['2getOrder', 'must be an OMS API name (a letter, then letters, digits or "_")'],
  ['get Order', 'must be an OMS API name (a letter, then letters, digits or "_")'],
  ['getOrder/../x', 'must be an OMS API name (a letter, then letters, digits or "_")'],
  ['_getOrder', 'must be an OMS API name (a letter, then letters, digits or "_")'],
])('omsApiNameViolation(%p)', (api, rule) => expect(omsApiNameViolation(api)).toBe(rule));
