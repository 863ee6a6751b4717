import { Problem } from '../../lib/core/errors';
import {
  DEFAULT_HEAP_SHARE,
  JvmSettings,
  MAX_HEAP_SHARE,
  PoolSettings,
  ResolvedJvm,
  resolveJvm,
  resolvePools,
  validateJvm,
  validatePools,
} from '../../lib/core/jvm';

const MI = 2 ** 20;
const GI = 2 ** 30;
const FIXED_ARGS = '-XX:+ExitOnOutOfMemoryError -XX:+UseG1GC';

test('heap shares', () => {
  expect(DEFAULT_HEAP_SHARE).toBe(0.7);
  expect(MAX_HEAP_SHARE).toBe(0.85);
});

describe('validateJvm', () => {
  test.each<[string, JvmSettings | undefined, number | undefined]>([
    ['no settings', undefined, GI],
    ['empty settings', {}, GI],
    ['heap well under the limit', { maxHeap: '2Gi' }, 3 * GI],
    ['heap at 85% of the limit, rounded down', { maxHeap: '870Mi' }, GI],
    ['min equal to max', { maxHeap: '1Gi', minHeap: '1Gi' }, 2 * GI],
    ['min below max', { maxHeap: '1Gi', minHeap: '512Mi' }, 2 * GI],
    ['no memory limit known', { maxHeap: '64Gi' }, undefined],
    ['unrelated extra args', { extraArgs: ['-XX:+PrintGCDetails', '-Xss1m', '-Dfile.encoding=UTF-8'] }, GI],
  ])('%s: no problems', (_name, jvm, limit) => {
    expect(validateJvm('jvm', jvm, limit)).toEqual([]);
  });

  test.each<[string, JvmSettings, number | undefined, Problem[]]>([
    [
      'heap over 85% of a 1Gi limit',
      { maxHeap: '871Mi' },
      GI,
      [
        {
          property: 'jvm.maxHeap',
          rule: 'must leave room for non-heap memory: at most 85% of the memory limit (870Mi)',
          value: '871Mi',
          fix: 'lower maxHeap or raise resources.memory.limit',
        },
      ],
    ],
    [
      'heap equal to a 3Gi limit',
      { maxHeap: '3Gi' },
      3 * GI,
      [
        {
          property: 'jvm.maxHeap',
          rule: 'must leave room for non-heap memory: at most 85% of the memory limit (2611Mi)',
          value: '3Gi',
          fix: 'lower maxHeap or raise resources.memory.limit',
        },
      ],
    ],
    [
      'unparsable maxHeap',
      { maxHeap: '2GB' },
      GI,
      [{ property: 'jvm.maxHeap', rule: 'must be a memory quantity', value: '2GB', fix: "write it as e.g. '2048Mi'" }],
    ],
    [
      'unparsable minHeap',
      { minHeap: 'lots' },
      GI,
      [{ property: 'jvm.minHeap', rule: 'must be a memory quantity', value: 'lots', fix: "write it as e.g. '1024Mi'" }],
    ],
    [
      'min above max',
      { maxHeap: '1Gi', minHeap: '2Gi' },
      4 * GI,
      [{ property: 'jvm.minHeap', rule: 'must not exceed the maximum heap (1Gi)', value: '2Gi', fix: 'lower minHeap or raise maxHeap' }],
    ],
    [
      'heap set in extraArgs',
      { extraArgs: ['-Xmx2g', '-XX:+PrintGC', '-Xms1g'] },
      4 * GI,
      [
        {
          property: 'jvm.extraArgs',
          rule: 'must not set the heap or its share of memory (use maxHeap and minHeap, which are checked against the memory limit)',
          value: '-Xmx2g',
          fix: 'move the heap size to maxHeap/minHeap',
        },
        {
          property: 'jvm.extraArgs',
          rule: 'must not set the heap or its share of memory (use maxHeap and minHeap, which are checked against the memory limit)',
          value: '-Xms1g',
          fix: 'move the heap size to maxHeap/minHeap',
        },
      ],
    ],
    [
      'several problems, in order',
      { maxHeap: '4Gi', minHeap: '8Gi', extraArgs: ['-Xmx1g'] },
      2 * GI,
      [
        {
          property: 'jvm.maxHeap',
          rule: 'must leave room for non-heap memory: at most 85% of the memory limit (1740Mi)',
          value: '4Gi',
          fix: 'lower maxHeap or raise resources.memory.limit',
        },
        { property: 'jvm.minHeap', rule: 'must not exceed the maximum heap (4Gi)', value: '8Gi', fix: 'lower minHeap or raise maxHeap' },
        {
          property: 'jvm.extraArgs',
          rule: 'must not set the heap or its share of memory (use maxHeap and minHeap, which are checked against the memory limit)',
          value: '-Xmx1g',
          fix: 'move the heap size to maxHeap/minHeap',
        },
      ],
    ],
  ])('%s', (_name, jvm, limit, problems) => {
    expect(validateJvm('jvm', jvm, limit)).toEqual(problems);
  });
});

describe('resolveJvm', () => {
  test.each<[string, JvmSettings | undefined, number, ResolvedJvm]>([
    [
      'default heap: 70% of 3Gi, rounded down to MiB',
      undefined,
      3 * GI,
      { maxHeapBytes: 2150 * MI, minHeapBytes: 2150 * MI, args: `-Xms2150m -Xmx2150m ${FIXED_ARGS}` },
    ],
    ['default heap: 70% of 1Gi', {}, GI, { maxHeapBytes: 716 * MI, minHeapBytes: 716 * MI, args: `-Xms716m -Xmx716m ${FIXED_ARGS}` }],
    [
      'default heap: 70% of 2Gi',
      undefined,
      2 * GI,
      { maxHeapBytes: 1433 * MI, minHeapBytes: 1433 * MI, args: `-Xms1433m -Xmx1433m ${FIXED_ARGS}` },
    ],
    [
      'default heap: 70% of 1G (decimal)',
      undefined,
      1e9,
      { maxHeapBytes: 667 * MI, minHeapBytes: 667 * MI, args: `-Xms667m -Xmx667m ${FIXED_ARGS}` },
    ],
    [
      'explicit max, min defaults to max',
      { maxHeap: '2Gi' },
      4 * GI,
      { maxHeapBytes: 2 * GI, minHeapBytes: 2 * GI, args: `-Xms2048m -Xmx2048m ${FIXED_ARGS}` },
    ],
    [
      'explicit max and min',
      { maxHeap: '2Gi', minHeap: '1Gi' },
      4 * GI,
      { maxHeapBytes: 2 * GI, minHeapBytes: GI, args: `-Xms1024m -Xmx2048m ${FIXED_ARGS}` },
    ],
    [
      'a decimal max is written in whole MiB, rounded down',
      { maxHeap: '1G' },
      4 * GI,
      { maxHeapBytes: 1e9, minHeapBytes: 1e9, args: `-Xms953m -Xmx953m ${FIXED_ARGS}` },
    ],
    [
      'extra args come last, in order',
      { maxHeap: '1536Mi', extraArgs: ['-XX:+PrintGCDetails', '-Dfoo=bar'] },
      2 * GI,
      { maxHeapBytes: 1536 * MI, minHeapBytes: 1536 * MI, args: `-Xms1536m -Xmx1536m ${FIXED_ARGS} -XX:+PrintGCDetails -Dfoo=bar` },
    ],
  ])('%s', (_name, jvm, limit, expected) => {
    expect(resolveJvm(jvm, limit)).toEqual(expected);
  });
});

describe('validatePools', () => {
  test.each<[string, PoolSettings | undefined]>([
    ['no settings', undefined],
    ['empty settings', {}],
    ['all set, consistent', { coreThreads: 10, maxThreads: 10, dbPoolMin: 5, dbPoolMax: 5 }],
    ['core threads within the default maximum', { coreThreads: 100 }],
    ['db pool minimum within the default maximum', { dbPoolMin: 50 }],
    ['smallest values', { coreThreads: 1, maxThreads: 1, dbPoolMin: 1, dbPoolMax: 1 }],
  ])('%s: no problems', (_name, pools) => {
    expect(validatePools('pools', pools)).toEqual([]);
  });

  const whole = (name: keyof PoolSettings, value: number): Problem => ({
    property: `pools.${name}`,
    rule: 'must be a whole number of at least 1',
    value,
    fix: `set ${name} to a positive whole number`,
  });

  test.each<[string, PoolSettings, Problem[]]>([
    ['zero core threads', { coreThreads: 0 }, [whole('coreThreads', 0)]],
    ['fractional max threads', { maxThreads: 1.5 }, [whole('maxThreads', 1.5)]],
    ['negative db pool minimum', { dbPoolMin: -1 }, [whole('dbPoolMin', -1)]],
    ['NaN db pool maximum', { dbPoolMax: NaN }, [whole('dbPoolMax', NaN)]],
    // Non-whole values stop the checks before the ordering rules.
    ['several non-whole values', { coreThreads: 0, maxThreads: 0 }, [whole('coreThreads', 0), whole('maxThreads', 0)]],
    [
      'core threads above the default maximum',
      { coreThreads: 200 },
      [
        {
          property: 'pools.coreThreads',
          rule: 'must not exceed maxThreads (100)',
          value: 200,
          fix: 'lower coreThreads or raise maxThreads',
        },
      ],
    ],
    [
      'core threads above the given maximum',
      { coreThreads: 10, maxThreads: 5 },
      [{ property: 'pools.coreThreads', rule: 'must not exceed maxThreads (5)', value: 10, fix: 'lower coreThreads or raise maxThreads' }],
    ],
    [
      'db pool minimum above the default maximum',
      { dbPoolMin: 60 },
      [{ property: 'pools.dbPoolMin', rule: 'must not exceed dbPoolMax (50)', value: 60, fix: 'lower dbPoolMin or raise dbPoolMax' }],
    ],
    [
      'db pool maximum below the default minimum',
      { dbPoolMax: 5 },
      [{ property: 'pools.dbPoolMin', rule: 'must not exceed dbPoolMax (5)', value: 10, fix: 'lower dbPoolMin or raise dbPoolMax' }],
    ],
    [
      'both orderings broken',
      { coreThreads: 3, maxThreads: 2, dbPoolMin: 9, dbPoolMax: 8 },
      [
        { property: 'pools.coreThreads', rule: 'must not exceed maxThreads (2)', value: 3, fix: 'lower coreThreads or raise maxThreads' },
        { property: 'pools.dbPoolMin', rule: 'must not exceed dbPoolMax (8)', value: 9, fix: 'lower dbPoolMin or raise dbPoolMax' },
      ],
    ],
  ])('%s', (_name, pools, problems) => {
    expect(validatePools('pools', pools)).toEqual(problems);
  });
});

describe('resolvePools', () => {
  test.each<[PoolSettings | undefined, Required<PoolSettings>]>([
    [undefined, { coreThreads: 20, maxThreads: 100, dbPoolMin: 10, dbPoolMax: 50 }],
    [{}, { coreThreads: 20, maxThreads: 100, dbPoolMin: 10, dbPoolMax: 50 }],
    [
      { coreThreads: 5, dbPoolMax: 20 },
      { coreThreads: 5, maxThreads: 100, dbPoolMin: 10, dbPoolMax: 20 },
    ],
    [
      { coreThreads: 1, maxThreads: 2, dbPoolMin: 3, dbPoolMax: 4 },
      { coreThreads: 1, maxThreads: 2, dbPoolMin: 3, dbPoolMax: 4 },
    ],
  ])('%j', (pools, expected) => {
    expect(resolvePools(pools)).toEqual(expected);
  });
});
