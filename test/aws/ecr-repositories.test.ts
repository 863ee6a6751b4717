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

  test.each([
    ['OMS/App', 'must be ECR repository names'],
    ['oms//app', 'must be ECR repository names'],
    ['https://registry/oms', 'must be ECR repository names'],
  ])('refuses %j', (name, message) => {
    expect(() => Testing.synthScope((scope) => new OmsEcrRepositories(scope, 'ecr', { repositories: [name] }))).toThrow(message);
  });

  test('refuses a name listed twice', () => {
    expect(() => Testing.synthScope((scope) => new OmsEcrRepositories(scope, 'ecr', { repositories: ['oms/app', 'oms/app'] }))).toThrow(
      'repositories must not list a repository twice (received "oms/app"). Fix: remove the second "oms/app"',
    );
  });
});
