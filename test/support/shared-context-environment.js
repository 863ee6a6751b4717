'use strict';
/*
 * One global object for all the test files of a jest worker, so the third-party modules shared between
 * them (shared-modules-runtime.js) are of the same realm as every file's code.
 *
 * jest-environment-node makes a new global for each file. This environment lets it (the new global's
 * process object, mocks and fake timers are what a file gets), then puts the worker's shared global in its
 * place, with that file's process object and helpers bound to it, after clearing what jest left on it for
 * the previous file (forgetPreviousFile). What cannot be cleared: a global a test file sets itself, and an
 * `expect` a previous file left running (it would count in the current file).
 */
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

/** Marks the shared global; the runtime shares modules only for files that run on it. */
const SHARED_CONTEXT = Symbol.for('oms-test.shared-context');

/** jest-circus keeps a file's tests under a symbol made when it loads for that file. */
const CIRCUS_STATE = 'JEST_STATE_SYMBOL';
/** expect keeps its matchers and state on the global once (a non-configurable property): emptied instead. */
const MATCHERS = Symbol.for('$$jest-matchers-object');
/** What `jest.setTimeout` and `jest.retryTimes` set on the global for the file that calls them. */
const PER_FILE_SETTINGS = ['TEST_TIMEOUT_SYMBOL', 'RETRY_TIMES', 'LOG_ERRORS_BEFORE_RETRY'].map((name) => Symbol.for(name));

/** Leaves `global` as a new global would be for the next file, as far as jest and the libraries used here go. */
function forgetPreviousFile(global) {
  // The previous file's coverage was collected when it ended.
  delete global.__coverage__;
  // cdktf's token map (global.__cdktfTokenMap) stays: cdktf and the provider make tokens when they load, and
  // those are shared. It keeps every token the worker's files made, with what they close over.
  for (const key of PER_FILE_SETTINGS) delete global[key];
  for (const key of Object.getOwnPropertySymbols(global))
    if (key.description === CIRCUS_STATE && Symbol.keyFor(key) === undefined) delete global[key];
  const matchers = global[MATCHERS];
  if (matchers !== undefined) {
    for (const name of Object.keys(matchers.matchers)) delete matchers.matchers[name];
    matchers.customEqualityTesters.length = 0;
    for (const name of Object.keys(matchers.state)) delete matchers.state[name];
    Object.assign(matchers.state, {
      assertionCalls: 0,
      expectedAssertionsNumber: null,
      isExpectingAssertions: false,
      numPassingAsserts: 0,
      suppressedErrors: [],
    });
  }
}

let shared;

class SharedContextEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    if (shared === undefined) {
      shared = { context: this.context, global: this.global };
      Object.defineProperty(this.global, SHARED_CONTEXT, { value: true });
      return;
    }
    const global = shared.global;
    forgetPreviousFile(global);
    global.process = this.global.process;
    this.context = shared.context;
    this.global = global;
    // The same kinds of helpers jest-environment-node made for the new global, bound to the shared one.
    const timers = this.fakeTimers;
    this.moduleMocker = new this.moduleMocker.constructor(global);
    this.fakeTimers = new timers.constructor({
      config: config.projectConfig,
      global,
      moduleMocker: this.moduleMocker,
      timerConfig: {
        idToRef: (id) => ({
          id,
          ref() {
            return this;
          },
          unref() {
            return this;
          },
        }),
        refToId: (timer) => timer?.id,
      },
    });
    this.fakeTimersModern = new this.fakeTimersModern.constructor({ config: config.projectConfig, global });
  }

  async teardown() {
    // Fake timers a file left installed would stay on the shared global (legacy ones are not put back on dispose).
    this.fakeTimers?.useRealTimers();
    this.fakeTimersModern?.useRealTimers();
    await super.teardown();
  }
}

module.exports = SharedContextEnvironment;
module.exports.forgetPreviousFile = forgetPreviousFile;
module.exports.SHARED_CONTEXT = SHARED_CONTEXT;
