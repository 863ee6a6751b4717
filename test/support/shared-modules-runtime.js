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
 * - the modules under node_modules that the files' code requires.
 * Each file still gets its own copy of the project's code (lib, apps, test), its own process object,
 * jest's globals, matchers and test state. `jest.isolateModules` still loads everything afresh.
 * What is given up:
 * - state a third-party module keeps lives on for the worker's next files (a patched prototype; the
 *   tests that patch one put it back, see render.test.ts), cdktf's token map among it (it holds the
 *   tokens cdktf and the provider make when they load, so it cannot be dropped);
 * - `jest.resetModules()` gives fresh copies of the project's modules only;
 * - a module that took the process object at load (yaml does, for its debug variables) keeps the
 *   first file's.
 * jest's own modules (expect, jest-circus...) are loaded through its internal registry, one per file,
 * and are not shared; the PER_FILE pattern keeps them per file also when a test requires one itself.
 *
 * It relies on jest-runtime's internals, which the constructor checks and test/support/shared-modules.test.ts
 * tries: `_moduleRegistry` (a Map from path to module), `_createRequireImplementation(module, options)`,
 * `requireModuleOrMock`, `_requireResolve`, `_requireResolvePaths` and `isTornDown`.
 */
const path = require('node:path');
const Runtime = require('jest-runtime').default;
const { SHARED_CONTEXT } = require('./shared-context-environment');

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
const PER_FILE = /[\\/]node_modules[\\/](jest[^\\/]*|@jest|expect|pretty-format|ts-jest|source-map-support|babel-plugin-istanbul)[\\/]/;
const isShared = (file) => typeof file === 'string' && file.includes(NODE_MODULES) && !PER_FILE.test(file);

/** The worker's shared modules, by path; readable by tests through the global symbol below. */
const shared = new Map();
const SHARED_MODULES = Symbol.for('oms-test.shared-modules');
const INTERNALS = ['_createRequireImplementation', 'requireModuleOrMock', '_requireResolve', '_requireResolvePaths'];
/** The runtime of the test file running now (a worker runs one file at a time). */
let current;

/** The runtime a require made by `runtime` goes through: once its file has ended, the file running now. */
const live = (runtime) => (runtime.isTornDown && current !== undefined ? current : runtime);

/** A file's registry, with the shared modules seen through it. */
class SharedRegistry extends Map {
  constructor(runtime) {
    super();
    this.runtime = runtime;
  }
  get(key) {
    return isShared(key) ? shared.get(key) : super.get(key);
  }
  set(key, value) {
    // A torn-down runtime stores the module before finding out it will not run it: never into the shared map.
    if (isShared(key) && !this.runtime.isTornDown) shared.set(key, value);
    else super.set(key, value);
    return this;
  }
  has(key) {
    return isShared(key) ? shared.has(key) : super.has(key);
  }
  delete(key) {
    return isShared(key) ? shared.delete(key) : super.delete(key);
  }
  /** What `require.cache` lists: the file's own modules and the shared ones. */
  *keys() {
    yield* super.keys();
    yield* shared.keys();
  }
}

class SharedModulesRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    // A file with an environment of its own (a docblock) runs on another global: nothing shared for it.
    this.sharing = this._environment.global[SHARED_CONTEXT] === true;
    if (!this.sharing) return;
    const missing = INTERNALS.filter((name) => typeof this[name] !== 'function');
    if (!(this._moduleRegistry instanceof Map) || typeof this.isTornDown !== 'boolean' || missing.length > 0)
      throw new Error(
        `jest-runtime changed (${missing.join(', ') || '_moduleRegistry or isTornDown'}): see test/support/shared-modules-runtime.js`,
      );
    // resetModules() and teardown clear the registry: that clears this file's own entries only.
    this._moduleRegistry = new SharedRegistry(this);
    current = this;
    Object.defineProperty(this._environment.global, SHARED_MODULES, { value: shared, configurable: true });
  }

  /**
   * A module's `require` is bound to the runtime of the file that loaded it. A shared module outlives
   * that file, and so does a project module a shared one holds (cdktf holds test/support/lazy-archiver.ts
   * through moduleNameMapper): once that file has ended, their requires go through the current file's runtime.
   */
  _createRequireImplementation(from, options) {
    const own = super._createRequireImplementation(from, options);
    if (!this.sharing || options?.isInternalModule) return own;
    const require = (name) => live(this).requireModuleOrMock(from.filename, name);
    const resolve = (name, resolveOptions) => live(this)._requireResolve(from.filename, name, resolveOptions);
    resolve.paths = (name) => live(this)._requireResolvePaths(from.filename, name);
    require.resolve = resolve;
    require.extensions = own.extensions;
    const runtime = this;
    Object.defineProperties(require, {
      cache: { enumerable: true, get: () => (live(runtime) === runtime ? own.cache : live(runtime).requireCacheView()) },
      main: { enumerable: true, get: () => live(runtime)._mainModule },
    });
    return require;
  }

  /** `require.cache` as this file's own modules see it. */
  requireCacheView() {
    this.cacheView ??= super._createRequireImplementation({ filename: this._mainModule?.filename ?? '' }, undefined).cache;
    return this.cacheView;
  }
}

module.exports = SharedModulesRuntime;
module.exports.SharedRegistry = SharedRegistry;
module.exports.sharedModules = shared;
