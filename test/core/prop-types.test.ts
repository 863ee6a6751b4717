import { checkPropKinds, childPath, formatProblem, propKindProblems, PropKinds } from '../../lib/core';

const KINDS: PropKinds = {
  name: 'string',
  port: 'number',
  enabled: 'boolean',
  apis: 'string[]',
  egress: 'object[]',
  parts: 'array',
  env: 'record',
  scaling: 'object',
  nested: { image: 'string', replicas: 'number' },
};

describe('propKindProblems', () => {
  test.each([
    [{ name: 7 }, 'name must be a string (received 7). Fix: pass a string, as ExampleProps declares'],
    [{ port: '8080' }, 'port must be a number (received "8080"). Fix: pass a number, as ExampleProps declares'],
    [{ port: Number.NaN }, 'port must be a number (received NaN). Fix: pass a number, as ExampleProps declares'],
    [{ enabled: 'yes' }, 'enabled must be true or false (received "yes"). Fix: pass true or false, as ExampleProps declares'],
    [{ apis: ['a', 1] }, 'apis must be a list of strings (received ["a",1]). Fix: pass a list of strings, as ExampleProps declares'],
    [
      { apis: 'createOrder' },
      'apis must be a list of strings (received "createOrder"). Fix: pass a list of strings, as ExampleProps declares',
    ],
    [{ egress: [null] }, 'egress must be a list of objects (received [null]). Fix: pass a list of objects, as ExampleProps declares'],
    [{ parts: {} }, 'parts must be a list (received {}). Fix: pass a list, as ExampleProps declares'],
    [
      { env: { A: 1 } },
      'env must be a map of strings to strings (received {"A":1}). Fix: pass a map of strings to strings, as ExampleProps declares',
    ],
    [{ scaling: [] }, 'scaling must be an object (received []). Fix: pass an object, as ExampleProps declares'],
    [{ nested: null }, 'nested must be an object (received null). Fix: pass an object, as ExampleProps declares'],
    [{ nested: { replicas: '2' } }, 'nested.replicas must be a number (received "2"). Fix: pass a number, as ExampleProps declares'],
    [{ name: undefined }, 'name is required (received undefined). Fix: give name, as ExampleProps declares'],
  ])('%j', (props, message) => {
    expect(propKindProblems('ExampleProps', { name: 'api', ...props }, KINDS, ['name']).map(formatProblem)).toEqual([message]);
  });

  test('props of the right kinds, and absent optional props, pass', () => {
    const props = { name: 'api', port: 8080, enabled: false, apis: [], egress: [{}], parts: [1], env: { A: 'b' }, scaling: {}, nested: {} };
    expect(propKindProblems('ExampleProps', props, KINDS, ['name'])).toEqual([]);
    expect(propKindProblems('ExampleProps', { name: 'api' }, KINDS, ['name'])).toEqual([]);
  });

  test('a props value that is not an object is left to the construct input check', () => {
    expect(propKindProblems('ExampleProps', null, KINDS)).toEqual([]);
  });
});

test.each([
  ['', 'api', 'api'],
  ['test-env', 'api', 'test-env/api'],
])('childPath(%j, %j) is %j', (scope, id, path) => expect(childPath(scope, id)).toBe(path));

test.each([
  [
    { name: 'api', port: 'http' },
    'test-env/api: invalid configuration\n  - port must be a number (received "http"). Fix: pass a number, as ExampleProps declares',
  ],
  [
    { port: 80 },
    'test-env/api: invalid configuration\n  - name is required (received undefined). Fix: give name, as ExampleProps declares',
  ],
])('checkPropKinds throws with the construct path: %j', (props, message) => {
  expect(() => checkPropKinds('test-env/api', 'ExampleProps', props, KINDS, ['name'])).toThrow(new Error(message));
});
