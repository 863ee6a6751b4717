import * as path from 'node:path';
import { Document, parse } from 'yaml';

// jest.config.js runs the suite with test/support/shared-modules-runtime.js and shared-context-environment.js.
// These tests fail when a jest upgrade stops the sharing (the suite would still pass, only slower), when
// sharing would mix realms (which would change behaviour), or when what a file leaves behind would reach
// the next file of the worker.
/* eslint-disable @typescript-eslint/no-require-imports */
const runtime = require('./shared-modules-runtime.js') as {
  SharedRegistry: new (owner: { isTornDown: boolean }) => Map<string, unknown>;
  sharedModules: Map<string, { exports: unknown }>;
};
const { forgetPreviousFile } = require('./shared-context-environment.js') as { forgetPreviousFile: (g: object) => void };
const Runtime = (require('jest-runtime') as { default: { prototype: object } }).default;
/* eslint-enable @typescript-eslint/no-require-imports */

// The worker's map as the runtime published it on the global (the runtime module itself is loaded
// outside the test's module registry, in the worker).
const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('oms-test.shared-modules')] as Map<string, { exports: unknown }>;

test('a module of node_modules is held once for the worker, not in the file’s own registry', () => {
  // The map is the worker's (another realm): checked by shape.
  expect(typeof shared?.get).toBe('function');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(shared.get(require.resolve('yaml'))?.exports).toBe(require('yaml'));
  // require.cache lists it too, as Node's would.
  expect(Object.keys(require.cache)).toContain(require.resolve('yaml'));
});

test('shared modules are of the test file’s realm: what they make is made of the same built-ins', () => {
  const value = parse('a: [1, 2]') as { a: number[] };
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(value.a instanceof Array).toBe(true);
  expect(new Document({}).errors instanceof Array).toBe(true);
});

test('the project’s own code is per file; jest.isolateModules still loads shared modules afresh', () => {
  // This file's own modules (it loaded yaml, a project-relative support module) are not in the shared map.
  expect(shared.has(require.resolve('./shared-modules-runtime.js'))).toBe(false);
  expect([...shared.keys()].every((file) => file.includes(`${path.sep}node_modules${path.sep}`))).toBe(true);
  let isolated: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    isolated = require('yaml');
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(isolated).not.toBe(require('yaml'));
});

test('the jest-runtime internals the runtime overrides or calls are there', () => {
  for (const name of ['_createRequireImplementation', 'requireModuleOrMock', '_requireResolve', '_requireResolvePaths'])
    expect([name, typeof (Runtime.prototype as Record<string, unknown>)[name]]).toEqual([name, 'function']);
});

test('a file that has ended never puts a module into the shared map (it would be an empty one)', () => {
  const file = `${path.sep}x${path.sep}node_modules${path.sep}late${path.sep}index.js`;
  const ended = new runtime.SharedRegistry({ isTornDown: true });
  ended.set(file, { exports: {} });
  expect(runtime.sharedModules.has(file)).toBe(false);
  const running = new runtime.SharedRegistry({ isTornDown: false });
  running.set(file, { exports: 'real' });
  expect(runtime.sharedModules.get(file)).toEqual({ exports: 'real' });
  running.delete(file);
  expect(runtime.sharedModules.has(file)).toBe(false);
});

test('what jest leaves on the global for a file is gone before the next file; cdktf’s token map stays', () => {
  const circus = Symbol('JEST_STATE_SYMBOL');
  const matchers = {
    matchers: { toBe: () => undefined },
    customEqualityTesters: [() => true],
    state: { assertionCalls: 3, testPath: 'a' },
  };
  const global: Record<string | symbol, unknown> = {
    __coverage__: {},
    __cdktfTokenMap: {},
    [Symbol.for('TEST_TIMEOUT_SYMBOL')]: 600_000,
    [Symbol.for('RETRY_TIMES')]: 2,
    [Symbol.for('LOG_ERRORS_BEFORE_RETRY')]: true,
    [circus]: {},
    [Symbol.for('$$jest-matchers-object')]: matchers,
    kept: 1,
  };
  forgetPreviousFile(global);
  expect(Reflect.ownKeys(global)).toEqual(['__cdktfTokenMap', 'kept', Symbol.for('$$jest-matchers-object')]);
  expect(matchers).toEqual({
    matchers: {},
    customEqualityTesters: [],
    state: { assertionCalls: 0, expectedAssertionsNumber: null, isExpectingAssertions: false, numPassingAsserts: 0, suppressedErrors: [] },
  });
});
