import { groupedWarnings } from '../../lib/synth/grouped-warnings';

describe('groupedWarnings', () => {
  test.each([
    ['no warnings', [], []],
    ['one warning keeps its path in front', ['a/b: image x is old'], ['warning: a/b: image x is old']],
    [
      'the same message on several constructs is said once, with the paths in order of appearance',
      ['a/b: image x is old', 'c: other', 'a/d: image x is old', 'a/b: image x is old'],
      ['warning: image x is old\n  on 2 constructs: a/b, a/d', 'warning: c: other'],
    ],
    ['a message without a path', ['no path here'], ['warning: no path here']],
    [
      'only the first ": " separates the path, so a message may contain one',
      ['a: image r:1 x: old', 'b: image r:1 x: old'],
      ['warning: image r:1 x: old\n  on 2 constructs: a, b'],
    ],
  ])('%s', (_name, warnings, lines) => {
    expect(groupedWarnings(warnings)).toEqual(lines);
  });
});
