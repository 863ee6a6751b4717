import { DatabaseVendor, renderServerXml, renderSystemOverrides } from '../../lib/core';
import { memoized, memoizedByString } from '../../lib/core/memo';

describe('memoized builders', () => {
  test('an input seen before is built once; a different one is built again', () => {
    const build = jest.fn((n: { a: number }) => `a=${n.a}`);
    const f = memoized((n: { a: number }) => JSON.stringify([n.a]), build);
    expect([f({ a: 1 }), f({ a: 1 }), f({ a: 2 }), f({ a: 1 })]).toEqual(['a=1', 'a=1', 'a=2', 'a=1']);
    expect(build).toHaveBeenCalledTimes(2);
  });

  test('keys of JSON lists tell numbers and strings apart, and undefined from the string "undefined"', () => {
    const f = memoized(
      (v: unknown) => JSON.stringify([v]),
      (v) => typeof v + String(v),
    );
    expect([undefined, 1, '1', 'undefined'].map(f)).toEqual(['undefinedundefined', 'number1', 'string1', 'stringundefined']);
  });

  test('by string: each string is computed once; any other input every time', () => {
    const fn = jest.fn((v: string) => `<${String(v)}>`);
    const f = memoizedByString(fn);
    const odd = { toString: () => 'a' } as unknown as string;
    expect([f('a'), f('a'), f(odd), f(odd), f('b')]).toEqual(['<a>', '<a>', '<a>', '<a>', '<b>']);
    expect(fn.mock.calls.map((c) => c[0])).toEqual(['a', odd, odd, 'b']);
  });

  test('by string: a string longer than maxLength is computed every time, not kept', () => {
    const fn = jest.fn((v: string) => v.length);
    const f = memoizedByString(fn, 256, 3);
    expect([f('abc'), f('abc'), f('abcd'), f('abcd')]).toEqual([3, 3, 4, 4]);
    expect(fn.mock.calls.map((c) => c[0])).toEqual(['abc', 'abcd', 'abcd']);
  });

  test('a full cache starts afresh instead of growing', () => {
    const build = jest.fn((n: number) => n * 2);
    const f = memoized((n: number) => String(n), build, 2);
    [1, 2, 3, 1].forEach(f);
    // 3 cleared the cache of 1 and 2, so 1 is built again.
    expect(build.mock.calls.map((c) => c[0])).toEqual([1, 2, 3, 1]);
  });

  test('server.xml and system_overrides.properties follow every field of their input, not the first one seen', () => {
    const db = { vendor: DatabaseVendor.DB2, host: 'db.example', port: 50000, database: 'OMDB' };
    const xml = (over: object) =>
      renderServerXml({ database: db, coreThreads: 20, maxThreads: 40, minPoolSize: 5, maxPoolSize: 30, ...over });
    expect(xml({})).toBe(xml({}));
    for (const over of [
      { database: { ...db, host: 'other.example' } },
      { database: { ...db, schema: 'OMS' } },
      { database: { ...db, ssl: true } },
      { database: { ...db, vendor: DatabaseVendor.ORACLE } },
      { coreThreads: 21 },
      { maxThreads: 41 },
      { minPoolSize: 6 },
      { maxPoolSize: 31 },
      { httpPort: 9081 },
      { cookieSecure: false },
    ])
      expect(xml(over)).not.toBe(xml({}));
    const props = (over: object) => renderSystemOverrides({ ...db, ...over });
    for (const over of [{ host: 'other.example' }, { port: 50001 }, { database: 'OMDB2' }, { schema: 'OMS' }, { ssl: true }])
      expect(props(over)).not.toBe(props({}));
  });
});
