'use strict';
// One global object for all the test files of a jest worker, so the modules shared between them
// (shared-modules-runtime.js) are of the same realm as every file's code. Each file still gets what
// jest-environment-node gives a new global: its own process object (process.env), mocks, fake
// timers, and (forgetPreviousFile) empty test state and matchers.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

let shared;

/** jest-circus keeps a file's tests under a symbol made when it loads for that file: the previous file's is dropped. */
const CIRCUS_STATE = 'JEST_STATE_SYMBOL';
/** expect keeps its matchers and state on the global once (a non-configurable property): emptied, as a new global has it. */
const MATCHERS = Symbol.for('$$jest-matchers-object');

function forgetPreviousFile(global) {
  // The coverage of the previous file was collected when it ended.
  delete global.__coverage__;
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

class SharedContextEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    if (shared === undefined) {
      shared = { context: this.context, global: this.global };
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
}

module.exports = SharedContextEnvironment;
