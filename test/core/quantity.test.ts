import { CpuQuantity, cpuToString, formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes } from '../../lib/core/quantity';

const KI = 2 ** 10;
const MI = 2 ** 20;
const GI = 2 ** 30;

describe('parseCpuMillis', () => {
  test.each<[CpuQuantity, number]>([
    ['500m', 500],
    ['2', 2000],
    [0.5, 500],
    ['1.5', 1500],
    ['0', 0],
    [0, 0],
    [2, 2000],
    ['1m', 1],
    ['0.001', 1],
    ['0.25', 250],
    [' 250m ', 250],
    ['100', 100000],
    [1.25, 1250],
    ['1500m', 1500],
  ])('%j is %d millicores', (value, expected) => {
    expect(parseCpuMillis(value)).toBe(expected);
  });

  test.each<[CpuQuantity, string]>([
    ['0.1m', 'sub-millicore'],
    ['1.5m', 'sub-millicore'],
    ['0.0001', 'sub-millicore in cores'],
    [0.0001, 'sub-millicore number'],
    ['1.0005', 'sub-millicore in cores'],
    ['-1', 'negative string'],
    ['-500m', 'negative millicores'],
    ['abc', 'not a number'],
    ['', 'empty'],
    ['m', 'unit only'],
    ['2 cores', 'words'],
    ['500 m', 'space before unit'],
    ['1Gi', 'memory unit'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-1, 'negative number'],
    [-0.5, 'negative fraction'],
  ])('%j is refused (%s)', (value) => {
    expect(parseCpuMillis(value)).toBeUndefined();
  });
});

describe('parseMemoryBytes', () => {
  test.each<[string, number]>([
    ['1Gi', GI],
    ['512Mi', 512 * MI],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1.5Gi', 1.5 * GI],
    ['123Ki', 123 * KI],
    ['1k', 1000],
    ['129M', 129e6],
    ['1T', 1e12],
    ['1Ti', 2 ** 40],
    ['1E', 1e18],
    ['128974848', 128974848],
    ['0', 0],
    [' 2Gi ', 2 * GI],
    ['1536Mi', 1536 * MI],
  ])('%j is %d bytes', (value, expected) => {
    expect(parseMemoryBytes(value)).toBe(expected);
  });

  test.each<[unknown, string]>([
    ['', 'empty'],
    ['abc', 'not a number'],
    ['-1Gi', 'negative'],
    ['-1', 'negative plain'],
    ['1 Gi', 'space before unit'],
    ['1gi', 'wrong case'],
    ['1GB', 'unknown unit'],
    ['1K', 'upper-case k'],
    ['1KI', 'upper-case binary unit'],
    ['Gi', 'unit only'],
    ['1.5.5Gi', 'two decimal points'],
    [1024, 'a number, not a string'],
    [undefined, 'undefined'],
  ])('%j is refused (%s)', (value) => {
    expect(parseMemoryBytes(value as string)).toBeUndefined();
  });
});

describe('formatCpu', () => {
  test.each<[number, string]>([
    [500, '500m'],
    [2000, '2'],
    [1500, '1500m'],
    [0, '0'],
    [1, '1m'],
    [1000, '1'],
    [250, '250m'],
    [16000, '16'],
  ])('%d millicores is %j', (millis, expected) => {
    expect(formatCpu(millis)).toBe(expected);
    expect(parseCpuMillis(expected)).toBe(millis);
  });
});

describe('formatMemory', () => {
  test.each<[number, string]>([
    [GI, '1Gi'],
    [3 * GI, '3Gi'],
    [1536 * MI, '1536Mi'],
    [512 * MI, '512Mi'],
    [KI, '1Ki'],
    [1536, '1536'],
    [1000, '1000'],
    [1e9, '1000000000'],
    [2 ** 40, '1Ti'],
    [2 ** 50, '1Pi'],
    [2 ** 60, '1Ei'],
    [0, '0'],
    [1, '1'],
  ])('%d bytes is %j', (bytes, expected) => {
    expect(formatMemory(bytes)).toBe(expected);
    expect(parseMemoryBytes(expected)).toBe(bytes);
  });
});

describe('cpuToString', () => {
  test.each<[CpuQuantity, string]>([
    [0.5, '500m'],
    [2, '2'],
    [1.25, '1250m'],
    [0, '0'],
    ['2', '2'],
    [' 250m ', '250m'],
    ['1.5', '1.5'],
  ])('%j is written %j', (value, expected) => {
    expect(cpuToString(value)).toBe(expected);
  });
});
