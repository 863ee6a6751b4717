import {
  OmsConfigError,
  Problem,
  describeProblems,
  formatProblem,
  formatValue,
  reportedOnParent,
  throwIfProblems,
} from '../../lib/core/errors';

const cpuProblem: Problem = {
  property: 'resources.cpu.limit',
  rule: 'must be at least the request (2)',
  value: '500m',
  fix: 'raise resources.cpu.limit to 2 or more, or lower the request',
};
const poolProblem: Problem = {
  property: 'pools.coreThreads',
  rule: 'must be a whole number of at least 1',
  value: 0,
  fix: 'set coreThreads to a positive whole number',
};

describe('formatValue', () => {
  test.each<[unknown, string]>([
    [undefined, 'undefined'],
    ['abc', '"abc"'],
    ['', '""'],
    ['a"b', '"a\\"b"'],
    ['a\nb', '"a\\nb"'],
    [0, '0'],
    [1.5, '1.5'],
    [-2, '-2'],
    [NaN, 'NaN'],
    [true, 'true'],
    [false, 'false'],
    [null, 'null'],
    [{ a: 1 }, '{"a":1}'],
    [[1, 'x'], '[1,"x"]'],
    [[], '[]'],
    [{ secretName: '', key: 'k' }, '{"secretName":"","key":"k"}'],
  ])('%p is rendered %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe('formatProblem', () => {
  test.each<[Problem, string]>([
    [
      cpuProblem,
      'resources.cpu.limit must be at least the request (2) (received "500m"). Fix: raise resources.cpu.limit to 2 or more, or lower the request',
    ],
    [poolProblem, 'pools.coreThreads must be a whole number of at least 1 (received 0). Fix: set coreThreads to a positive whole number'],
    [
      { property: 'resources', rule: 'is required', value: undefined, fix: 'set it' },
      'resources is required (received undefined). Fix: set it',
    ],
  ])('%#', (problem, expected) => {
    expect(formatProblem(problem)).toBe(expected);
  });
});

describe('describeProblems', () => {
  test.each<[string, string[], string]>([
    ['App/oms', ['a', 'b'], 'App/oms: invalid configuration\n  - a\n  - b'],
    ['App/oms', ['only'], 'App/oms: invalid configuration\n  - only'],
    ['App', [], 'App: invalid configuration\n'],
  ])('%j with %j', (path, lines, expected) => {
    expect(describeProblems(path, lines)).toBe(expected);
  });
});

describe('OmsConfigError', () => {
  test('names the construct path, then one line per problem', () => {
    const error = new OmsConfigError('App/uat/om-app', [cpuProblem, poolProblem]);
    expect(error.message).toBe(
      [
        'App/uat/om-app: invalid configuration',
        '  - resources.cpu.limit must be at least the request (2) (received "500m"). Fix: raise resources.cpu.limit to 2 or more, or lower the request',
        '  - pools.coreThreads must be a whole number of at least 1 (received 0). Fix: set coreThreads to a positive whole number',
      ].join('\n'),
    );
    expect(error.name).toBe('OmsConfigError');
    expect(error.constructPath).toBe('App/uat/om-app');
    expect(error.problems).toEqual([cpuProblem, poolProblem]);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(OmsConfigError);
  });
});

describe('throwIfProblems', () => {
  test('is a no-op without problems', () => {
    expect(() => throwIfProblems('App/oms', [])).not.toThrow();
    expect(throwIfProblems('App/oms', [])).toBeUndefined();
  });

  test('throws an OmsConfigError listing every problem', () => {
    let caught: unknown;
    try {
      throwIfProblems('App/oms', [poolProblem]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OmsConfigError);
    const error = caught as OmsConfigError;
    expect(error.message).toBe(
      'App/oms: invalid configuration\n  - pools.coreThreads must be a whole number of at least 1 (received 0). Fix: set coreThreads to a positive whole number',
    );
    expect(error.constructPath).toBe('App/oms');
    expect(error.problems).toEqual([poolProblem]);
  });
});

describe('reportedOnParent', () => {
  const problem = (property: string, value: unknown): Problem => ({ property, rule: 'must be right', value, fix: 'make it right' });
  const child =
    (...problems: Problem[]) =>
    () => {
      throw new OmsConfigError('env/pair/pair-blue', problems);
    };
  const given = { minReplicas: 0, resources: { cpu: { limit: '1' } }, servers: ['Schedule_Order'], env: { A: 'x' } };
  const thrown = (build: () => unknown) => {
    try {
      reportedOnParent('env/pair', 'service', given, build);
    } catch (err) {
      return err instanceof OmsConfigError ? `${err.constructPath} ${err.problems.map((p) => p.property).join(',')}` : String(err);
    }
    return 'nothing thrown';
  };

  test.each([
    ['a prop given there, with its value', child(problem('minReplicas', 0)), 'env/pair service.minReplicas'],
    [
      'nested props and one element of a list',
      child(problem('resources.cpu.limit', '1'), problem('servers', 'Schedule_Order')),
      'env/pair service.resources.cpu.limit,service.servers',
    ],
    ['a prop left out there (the user must give it)', child(problem('maxReplicas', undefined)), 'env/pair service.maxReplicas'],
    ['a value the parent changed stays on the child', child(problem('minReplicas', 2)), 'env/pair/pair-blue minReplicas'],
    ['a prop the parent added stays on the child', child(problem('env.B', 'y')), 'env/pair/pair-blue env.B'],
    [
      'one problem not given keeps all on the child',
      child(problem('minReplicas', 0), problem('id', 'pair-blue')),
      'env/pair/pair-blue minReplicas,id',
    ],
  ])('%s', (_, build, expected) => expect(thrown(build)).toBe(expected));

  test('other errors pass through, and a child that builds is returned', () => {
    expect(
      thrown(() => {
        throw new TypeError('boom');
      }),
    ).toBe('TypeError: boom');
    expect(reportedOnParent('env/pair', 'service', given, () => 42)).toBe(42);
  });
});
