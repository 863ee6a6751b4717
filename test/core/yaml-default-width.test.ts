import { stringify } from 'yaml';
import { toYamlDefaultWidth } from '../../lib/core/yaml-emitter';

// toYamlDefaultWidth must write exactly what the yaml library's stringify writes with its default options
// (folding at 80 columns), whichever way it takes.
describe('toYamlDefaultWidth is stringify with the default line width', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 10}`).join(' ');
  const values: [string, unknown][] = [
    [
      'a route manifest',
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'oms' },
        spec: { rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/smcfs/restapi/getOrderList' } }] }] },
      },
    ],
    ['a long plain string (folded by the library)', { a: { b: words(40) } }],
    ['a long quoted string', { a: `: ${words(40)}` }],
    ['a long literal block', { a: `${words(40)}\n${words(5)}\n` }],
    ['a whitespace-only multi-line string', { a: ' \n' }],
    ['a quoted string with a line break', { a: [`x: ${words(30)}\n${words(30)}`] }],
  ];
  // Every length around the fold, at several depths, as map values and sequence items.
  for (let len = 60; len <= 100; len++)
    for (const depth of [0, 1, 3]) {
      let v: unknown = { key: words(len).slice(0, len) };
      let s: unknown = [words(len).slice(0, len), `- ${words(len)}`.slice(0, len)];
      for (let d = 0; d < depth; d++) {
        v = { nested: v };
        s = { items: s };
      }
      values.push([`length ${len}, depth ${depth}`, v], [`length ${len}, depth ${depth}, in a list`, s]);
    }

  test.each(values)('%s', (_name, value) => {
    expect(toYamlDefaultWidth(value)).toBe(stringify(value));
  });
});
