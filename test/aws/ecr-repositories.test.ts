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
});
