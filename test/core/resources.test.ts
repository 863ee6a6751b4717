import { Problem } from '../../lib/core/errors';
import { DEFAULT_EPHEMERAL_STORAGE, ResourceRequirements, renderResources, validateResources } from '../../lib/core/resources';

const MI = 2 ** 20;
const GI = 2 ** 30;

const QUANTITY_RULE = 'must be a non-negative Kubernetes quantity';
const CPU_FIX = "write it as Kubernetes does, e.g. '500m'";
const MEMORY_FIX = "write it as Kubernetes does, e.g. '2Gi'";
const STORAGE_FIX = "write it as Kubernetes does, e.g. '1Gi'";

const valid: ResourceRequirements = {
  cpu: { request: '500m', limit: '2' },
  memory: { request: '2Gi', limit: '3Gi' },
};

/** Builds requirements from partial, possibly ill-typed input (as plain JavaScript callers could pass). */
function res(overrides: Record<string, unknown>): ResourceRequirements {
  return { ...valid, ...overrides } as unknown as ResourceRequirements;
}

test('the scratch-disk default', () => {
  expect(DEFAULT_EPHEMERAL_STORAGE).toEqual({ request: '256Mi', limit: '2Gi' });
});

describe('validateResources: valid input gives the parsed amounts', () => {
  test.each<[string, ResourceRequirements, { requests: object; limits: object }]>([
    ['strings', valid, { requests: { cpuMillis: 500, memoryBytes: 2 * GI }, limits: { cpuMillis: 2000, memoryBytes: 3 * GI } }],
    [
      'CPU as numbers',
      { cpu: { request: 0.25, limit: 1 }, memory: { request: '512Mi', limit: '1Gi' } },
      { requests: { cpuMillis: 250, memoryBytes: 512 * MI }, limits: { cpuMillis: 1000, memoryBytes: GI } },
    ],
    [
      'limit equal to request',
      { cpu: { request: '1', limit: '1000m' }, memory: { request: '1G', limit: '1G' } },
      { requests: { cpuMillis: 1000, memoryBytes: 1e9 }, limits: { cpuMillis: 1000, memoryBytes: 1e9 } },
    ],
    [
      'with ephemeral storage',
      { ...valid, ephemeralStorage: { request: '1Gi', limit: '4Gi' } },
      { requests: { cpuMillis: 500, memoryBytes: 2 * GI }, limits: { cpuMillis: 2000, memoryBytes: 3 * GI } },
    ],
    [
      'zero request with a positive limit',
      { cpu: { request: '0', limit: '1' }, memory: { request: '0', limit: '1Gi' } },
      { requests: { cpuMillis: 0, memoryBytes: 0 }, limits: { cpuMillis: 1000, memoryBytes: GI } },
    ],
  ])('%s', (_name, resources, parsed) => {
    expect(validateResources('resources', resources)).toEqual({ problems: [], parsed });
  });
});

describe('validateResources: invalid input gives exact problems and no parsed amounts', () => {
  test.each<[string, ResourceRequirements | undefined, Problem[]]>([
    [
      'missing resources',
      undefined,
      [
        {
          property: 'resources',
          rule: 'is required (every container needs CPU and memory requests and limits)',
          value: undefined,
          fix: "set resources: { cpu: { request: '500m', limit: '2' }, memory: { request: '2Gi', limit: '3Gi' } }",
        },
      ],
    ],
    [
      'missing cpu',
      res({ cpu: undefined }),
      [
        {
          property: 'resources.cpu',
          rule: 'is required (requests and limits are mandatory)',
          value: undefined,
          fix: "set resources.cpu: { request: '500m', limit: '500m' }",
        },
      ],
    ],
    [
      'missing memory',
      res({ memory: undefined }),
      [
        {
          property: 'resources.memory',
          rule: 'is required (requests and limits are mandatory)',
          value: undefined,
          fix: "set resources.memory: { request: '2Gi', limit: '2Gi' }",
        },
      ],
    ],
    [
      'missing cpu request',
      res({ cpu: { limit: '2' } }),
      [{ property: 'resources.cpu.request', rule: QUANTITY_RULE, value: undefined, fix: CPU_FIX }],
    ],
    [
      'unparsable cpu request',
      res({ cpu: { request: 'lots', limit: '2' } }),
      [{ property: 'resources.cpu.request', rule: QUANTITY_RULE, value: 'lots', fix: CPU_FIX }],
    ],
    [
      'sub-millicore cpu limit',
      res({ cpu: { request: '100m', limit: '0.1m' } }),
      [{ property: 'resources.cpu.limit', rule: QUANTITY_RULE, value: '0.1m', fix: CPU_FIX }],
    ],
    [
      'negative cpu number',
      res({ cpu: { request: -1, limit: 2 } }),
      [{ property: 'resources.cpu.request', rule: QUANTITY_RULE, value: -1, fix: CPU_FIX }],
    ],
    [
      'negative memory limit',
      res({ memory: { request: '1Gi', limit: '-1Gi' } }),
      [{ property: 'resources.memory.limit', rule: QUANTITY_RULE, value: '-1Gi', fix: MEMORY_FIX }],
    ],
    [
      'unparsable memory request and limit',
      res({ memory: { request: '2GB', limit: 'x' } }),
      [
        { property: 'resources.memory.request', rule: QUANTITY_RULE, value: '2GB', fix: MEMORY_FIX },
        { property: 'resources.memory.limit', rule: QUANTITY_RULE, value: 'x', fix: MEMORY_FIX },
      ],
    ],
    [
      'cpu limit below request',
      res({ cpu: { request: '2', limit: '500m' } }),
      [
        {
          property: 'resources.cpu.limit',
          rule: 'must be at least the request (2)',
          value: '500m',
          fix: 'raise resources.cpu.limit to 2 or more, or lower the request',
        },
      ],
    ],
    [
      'memory limit below request',
      res({ memory: { request: '3Gi', limit: '2Gi' } }),
      [
        {
          property: 'resources.memory.limit',
          rule: 'must be at least the request (3Gi)',
          value: '2Gi',
          fix: 'raise resources.memory.limit to 3Gi or more, or lower the request',
        },
      ],
    ],
    [
      'zero cpu limit',
      res({ cpu: { request: '0', limit: '0' } }),
      [
        {
          property: 'resources.cpu.limit',
          rule: 'must be greater than zero',
          value: '0',
          fix: 'give the container a real resources.cpu ceiling',
        },
      ],
    ],
    [
      'zero memory limit',
      res({ memory: { request: '0', limit: '0Mi' } }),
      [
        {
          property: 'resources.memory.limit',
          rule: 'must be greater than zero',
          value: '0Mi',
          fix: 'give the container a real resources.memory ceiling',
        },
      ],
    ],
    [
      'unparsable ephemeral storage',
      res({ ephemeralStorage: { request: 'big', limit: '2Gi' } }),
      [{ property: 'resources.ephemeralStorage.request', rule: QUANTITY_RULE, value: 'big', fix: STORAGE_FIX }],
    ],
    [
      'ephemeral storage limit below request',
      res({ ephemeralStorage: { request: '4Gi', limit: '1Gi' } }),
      [
        {
          property: 'resources.ephemeralStorage.limit',
          rule: 'must be at least the request (4Gi)',
          value: '1Gi',
          fix: 'raise resources.ephemeralStorage.limit to 4Gi or more, or lower the request',
        },
      ],
    ],
    [
      'several problems at once, in order',
      res({ cpu: undefined, memory: { request: 'x', limit: '1Gi' }, ephemeralStorage: { request: '0', limit: '0' } }),
      [
        {
          property: 'resources.cpu',
          rule: 'is required (requests and limits are mandatory)',
          value: undefined,
          fix: "set resources.cpu: { request: '500m', limit: '500m' }",
        },
        { property: 'resources.memory.request', rule: QUANTITY_RULE, value: 'x', fix: MEMORY_FIX },
        {
          property: 'resources.ephemeralStorage.limit',
          rule: 'must be greater than zero',
          value: '0',
          fix: 'give the container a real resources.ephemeralStorage ceiling',
        },
      ],
    ],
  ])('%s', (_name, resources, problems) => {
    expect(validateResources('resources', resources)).toEqual({ problems });
    expect(validateResources('resources', resources).parsed).toBeUndefined();
  });

  test('the property name prefixes every message', () => {
    expect(validateResources('agents[0].resources', res({ cpu: { request: 'x', limit: '1' } })).problems).toEqual([
      { property: 'agents[0].resources.cpu.request', rule: QUANTITY_RULE, value: 'x', fix: CPU_FIX },
    ]);
  });
});

describe('renderResources', () => {
  test.each<[string, ResourceRequirements, ReturnType<typeof renderResources>]>([
    [
      'default ephemeral storage',
      valid,
      {
        requests: { cpu: '500m', memory: '2Gi', 'ephemeral-storage': '256Mi' },
        limits: { cpu: '2', memory: '3Gi', 'ephemeral-storage': '2Gi' },
      },
    ],
    [
      'CPU numbers become manifest strings',
      { cpu: { request: 0.5, limit: 1.5 }, memory: { request: '1Gi', limit: '1Gi' } },
      {
        requests: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '256Mi' },
        limits: { cpu: '1500m', memory: '1Gi', 'ephemeral-storage': '2Gi' },
      },
    ],
    [
      'given ephemeral storage, values trimmed',
      {
        cpu: { request: ' 250m ', limit: 2 },
        memory: { request: ' 512Mi', limit: '1Gi ' },
        ephemeralStorage: { request: ' 1Gi', limit: '4Gi ' },
      },
      {
        requests: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '1Gi' },
        limits: { cpu: '2', memory: '1Gi', 'ephemeral-storage': '4Gi' },
      },
    ],
  ])('%s', (_name, resources, expected) => {
    expect(renderResources(resources)).toEqual(expected);
  });
});
