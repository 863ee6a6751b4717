import { Document, parse } from 'yaml';

// jest.config.js runs the suite with test/support/shared-modules-runtime.js and
// shared-context-environment.js. These tests fail when a jest upgrade stops the sharing (the suite
// would still pass, only slower), or when sharing starts to mix realms (which would change behaviour).
const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('oms-test.shared-modules')] as Map<string, { exports: unknown }>;

test('a module of node_modules is held once for the worker, not in the file’s own registry', () => {
  // The map is the worker's (another realm): checked by shape.
  expect(typeof shared?.get).toBe('function');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(shared.get(require.resolve('yaml'))?.exports).toBe(require('yaml'));
});

test('shared modules are of the test file’s realm: what they make is made of the same built-ins', () => {
  const value = parse('a: [1, 2]') as { a: number[] };
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(value.a instanceof Array).toBe(true);
  expect(new Document({}).errors instanceof Array).toBe(true);
});

test('the project’s own code is loaded for each file, and jest.isolateModules still loads shared modules afresh', () => {
  expect([...shared.keys()].some((file) => file.includes('/lib/') && !file.includes('/node_modules/'))).toBe(false);
  let isolated: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    isolated = require('yaml');
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(isolated).not.toBe(require('yaml'));
});
