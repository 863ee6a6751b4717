'use strict';
/*
 * Third-party modules loaded once per jest worker instead of once per test file.
 *
 * Jest gives every test file a new global object (a vm context) and a new module registry, so each
 * file evaluated cdk8s, cdk8s-plus-27, constructs, cdktf, the provider's classes and yaml again:
 * about 0.15 s of CPU per file, a fifth of the suite. Here the files of one worker share:
 * - one global object (shared-context-environment.js), so a module evaluated for one file is of the
 *   same realm as the next file's code (`instanceof Object`, `value.constructor === Object` and the
 *   like behave as in one process of the real commands, which is what the library runs as);
 * - the modules under node_modules, except jest's own, which keep per-file state.
 * Each file still gets its own copy of the project's code (lib, apps, test), its own `process`
 * object (so `process.env` changes stay in the file), jest's globals, matchers and test state.
 * `jest.isolateModules` still loads everything afresh.
 * What is given up: state a third-party module keeps (cdktf's token map, a patched prototype) lives
 * on for the worker's next files. Tests that patch a third-party prototype put it back (render.test.ts).
 *
 * It relies on jest-runtime's internals (checked by test/support/shared-modules.test.ts):
 * `_moduleRegistry` (a Map from path to module), `_createRequireImplementation(module, options)`,
 * `requireModuleOrMock`, `_requireResolve` and `_requireResolvePaths`.
 */
const path = require('node:path');
const Runtime = require('jest-runtime').default;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** jest's packages and those it loads into each file with per-file state stay per file. */
const PER_FILE = /[\\/]node_modules[\\/](jest[^\\/]*|@jest|expect|pretty-format|ts-jest|source-map-support|babel-plugin-istanbul)[\\/]/;
const isShared = (file) => typeof file === 'string' && file.includes(NODE_MODULES) && !PER_FILE.test(file);

/** The worker's shared modules, by path; readable by tests through the global symbol below. */
const shared = new Map();
const SHARED = Symbol.for('oms-test.shared-modules');
/** The runtime of the test file running now: a shared module's later `require` calls go to it. */
let current;

/** The per-file registry, with the shared modules seen through it. */
class SharedRegistry extends Map {
  get(key) {
    return isShared(key) ? shared.get(key) : super.get(key);
  }
  set(key, value) {
    if (isShared(key)) shared.set(key, value);
    else super.set(key, value);
    return this;
  }
  has(key) {
    return isShared(key) ? shared.has(key) : super.has(key);
  }
  delete(key) {
    return isShared(key) ? shared.delete(key) : super.delete(key);
  }
}

class SharedModulesRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    if (!(this._moduleRegistry instanceof Map))
      throw new Error('jest-runtime changed: _moduleRegistry is not a Map (test/support/shared-modules-runtime.js)');
    // resetModules() and teardown clear the registry: that clears this file's own entries only.
    this._moduleRegistry = new SharedRegistry();
    current = this;
    Object.defineProperty(this._environment.global, SHARED, { value: shared, configurable: true });
  }

  /**
   * A shared module's `require` would otherwise stay bound to the runtime of the file that first
   * loaded it, which is torn down when that file ends; it resolves and loads through the current one.
   */
  _createRequireImplementation(from, options) {
    const own = super._createRequireImplementation(from, options);
    if (options?.isInternalModule || !isShared(from.filename)) return own;
    const require = (name) => current.requireModuleOrMock(from.filename, name);
    const resolve = (name, resolveOptions) => current._requireResolve(from.filename, name, resolveOptions);
    resolve.paths = (name) => current._requireResolvePaths(from.filename, name);
    require.resolve = resolve;
    require.extensions = own.extensions;
    require.cache = own.cache;
    require.main = own.main;
    return require;
  }
}

module.exports = SharedModulesRuntime;
