import { Testing } from 'cdktf';
import { OmsEcrRepositories } from '../../lib/aws/ecr-repositories';

describe('OmsEcrRepositories', () => {
  test('two valid names that sanitize alike both get a repository, under distinct stable ids', () => {
    const stack = Testing.synthScope((scope) => {
      new OmsEcrRepositories(scope, 'ecr', { repositories: ['oms/om-app', 'oms-om-app'] });
    });
    const repos = JSON.parse(stack).resource.aws_ecr_repository;
    expect(
      Object.values(repos)
        .map((r: any) => r.name)
        .sort(),
    ).toEqual(['oms-om-app', 'oms/om-app']);
    expect(Object.keys(repos)).toHaveLength(2);
  });

  const names =
    'repositories must be ECR repository names (lower-case path components of letters and digits separated by ".", "_" or "-", 2 to 256 characters)';
  test.each([
    ['upper case', ['OMS/App'], `stack/ecr: invalid configuration\n  - ${names} (received "OMS/App"). Fix: use e.g. "oms/om-app"`],
    [
      'an empty path component',
      ['oms//app'],
      `stack/ecr: invalid configuration\n  - ${names} (received "oms//app"). Fix: use e.g. "oms/om-app"`,
    ],
    [
      'a URL',
      ['https://registry/oms'],
      `stack/ecr: invalid configuration\n  - ${names} (received "https://registry/oms"). Fix: use e.g. "oms/om-app"`,
    ],
    [
      'a name listed twice',
      ['oms/app', 'oms/app'],
      'stack/ecr: invalid configuration\n  - repositories must not list a repository twice (received "oms/app"). Fix: remove the second "oms/app"',
    ],
    [
      'a bad name and a name listed twice, together',
      ['oms/app', 'OMS', 'oms/app'],
      `stack/ecr: invalid configuration\n  - ${names} (received "OMS"). Fix: use e.g. "oms/om-app"\n  - repositories must not list a repository twice (received "oms/app"). Fix: remove the second "oms/app"`,
    ],
  ])('refuses %s', (_name, repositories, message) => {
    expect(() => Testing.synthScope((scope) => new OmsEcrRepositories(scope, 'ecr', { repositories }))).toThrow(new Error(message));
  });

  test.each([
    [
      'repositories given as one string',
      { repositories: 'oms/om-app' },
      'repositories must be a list of strings (received "oms/om-app"). Fix: pass a list of strings, as OmsEcrRepositoriesProps declares',
    ],
    ['no repositories', {}, 'repositories is required (received undefined). Fix: give repositories, as OmsEcrRepositoriesProps declares'],
    [
      'keepReleases as text',
      { repositories: ['oms/app'], keepReleases: '50' },
      'keepReleases must be a number (received "50"). Fix: pass a number, as OmsEcrRepositoriesProps declares',
    ],
  ])('refuses %s by its kind, before reading it (no TypeError)', (_name, props, problem) => {
    expect(() => Testing.synthScope((scope) => new OmsEcrRepositories(scope, 'ecr', props as never))).toThrow(
      new Error(`stack/ecr: invalid configuration\n  - ${problem}`),
    );
  });

  test.each([[0], [2.5], [-1]])('refuses keepReleases %p', (keepReleases) => {
    expect(() => Testing.synthScope((scope) => new OmsEcrRepositories(scope, 'ecr', { repositories: ['oms/app'], keepReleases }))).toThrow(
      new Error(
        `stack/ecr: invalid configuration\n  - keepReleases must be a whole number of at least 1 (received ${keepReleases}). Fix: keep at least the current release, e.g. 50`,
      ),
    );
  });
});
