import fc from 'fast-check';

/** Values of the wrong type for almost any prop or argument. */
export const WRONG_VALUE = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(Number.NaN),
  fc.boolean(),
  fc.string({ maxLength: 4 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null)), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxKeys: 2 }),
);

/**
 * What an attempt threw, or undefined when it succeeded or failed with one of the library's own
 * errors (`expected`): anything else is a crash.
 */
export function crash(attempt: () => unknown, expected: readonly (abstract new (...args: never[]) => Error)[]): Error | undefined {
  try {
    attempt();
    return undefined;
  } catch (e) {
    return expected.some((type) => e instanceof type) ? undefined : (e as Error);
  }
}
