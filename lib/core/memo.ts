/**
 * A pure text builder remembered by its input: every service of an estate on one connection and
 * image asks for the same `server.xml` or properties file, so each distinct input is rendered once.
 * `keyOf` must name every part of the input the result depends on (with `JSON.stringify` of a list
 * of primitives, `1` and `"1"` stay apart, while `undefined` and `null` share a key: use it where the
 * builder treats them alike, as `??` and `=== false` do). The cache holds at most `max`
 * results and starts afresh when full, so a long-running process does not grow without bound.
 */
export function memoized<I, O>(keyOf: (input: I) => string, build: (input: I) => O, max = 256): (input: I) => O {
  const cache = new Map<string, O>();
  return (input) => {
    const key = keyOf(input);
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as O;
    const value = build(input);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/**
 * A pure function of one string remembered by that string: for checks and readings of values an estate repeats on
 * every service, such as its image reference. Other inputs, and strings longer than `maxLength` (the cache bounds how
 * many it keeps, not how large), are computed every time. Same bound on entries as {@link memoized}.
 */
export function memoizedByString<O>(fn: (input: string) => O, max = 256, maxLength = 1024): (input: string) => O {
  const remembered = memoized((input: string) => input, fn, max);
  return (input) => (typeof input === 'string' && input.length <= maxLength ? remembered(input) : fn(input));
}
