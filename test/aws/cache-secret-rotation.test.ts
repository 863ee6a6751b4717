import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { OmsAwsStack, OmsAwsStackProps } from '../../lib/aws';
import { CACHE_ROTATION_ENV, cacheRotationScript } from '../../lib/aws/cache-rotation-script';
import { checkTerraform } from '../../lib/policy';
import { messageOf } from '../support/errors';

/** The message of the error `build` throws (exact comparisons, not substrings). */

const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';
const props = (overrides: Partial<OmsAwsStackProps> = {}): OmsAwsStackProps => ({
  environment: 'svc',
  stage: 'uat',
  account: { accountId: '111122223333', region: 'eu-west-1' },
  state: { bucket: 'state' },
  network: { cidr: '10.24.0.0/16' },
  compute: 'ecs',
  databaseToolsImage: TOOLS,
  fargateServices: [
    { name: 'api', image: 'registry.example.com/api:1.0.0', cache: true },
    { name: 'batch', image: 'registry.example.com/batch:1.0.0' },
  ],
  ...overrides,
});
const synth = (overrides: Partial<OmsAwsStackProps> = {}) =>
  JSON.parse(Testing.synth(new OmsAwsStack(Testing.app(), 'stack', props(overrides))));
const all = (tf: any, type: string) => Object.values<any>(tf.resource[type] ?? {});
const policy = (tf: any, idPart: string) =>
  JSON.parse(Object.entries<any>(tf.resource.aws_iam_role_policy).find(([id]) => id.includes(idPart))![1].policy).Statement;

describe('the cache password rotates on a schedule', () => {
  const tf = synth();
  const task = all(tf, 'aws_ecs_task_definition').find((t) => t.family === 'oms-svc-cache-rotation');
  const container = JSON.parse(task.container_definitions)[0];

  test("EventBridge Scheduler runs the rotation task in the environment's ECS cluster every 30 days, privately", () => {
    const [schedule] = all(tf, 'aws_scheduler_schedule');
    expect(schedule.schedule_expression).toBe('rate(30 days)');
    expect(schedule.target.arn).toBe('${aws_ecs_cluster.ecs-cluster.arn}');
    expect(schedule.target.ecs_parameters).toMatchObject({ launch_type: 'FARGATE', task_count: 1 });
    expect(schedule.target.ecs_parameters.task_definition_arn).toMatch(/^\$\{aws_ecs_task_definition\.cache-rotation_task_\w+\.arn\}$/);
    expect(schedule.target.ecs_parameters.network_configuration.assign_public_ip).toBe(false);
    expect(all(tf, 'aws_ecs_cluster')).toHaveLength(1);
    const weekly = all(synth({ cacheRotationDays: 7 }), 'aws_scheduler_schedule')[0];
    expect(weekly.schedule_expression).toBe('rate(7 days)');
  });

  test('the task gets the current password from the secret, never as a value, and restarts the services that read it', () => {
    expect(container.image).toBe(TOOLS);
    expect(container.secrets).toEqual([
      { name: CACHE_ROTATION_ENV.current, valueFrom: '${aws_secretsmanager_secret.cache_auth_secret_011C7955.arn}:token::' },
    ]);
    const env = Object.fromEntries(container.environment.map((e: any) => [e.name, e.value]));
    expect(env).toEqual({
      REGION: 'eu-west-1',
      ARN_TO_ROTATE: '${aws_secretsmanager_secret.cache_auth_secret_011C7955.arn}',
      USER_ID: 'oms-svc-default',
      CLUSTER: '${aws_ecs_cluster.ecs-cluster.name}',
      SERVICES: 'svc-api',
    });
    expect(container.readonlyRootFilesystem).toBe(true);
  });

  test('least privilege: its user, its secret and key, the services that read it; the scheduler only runs this task', () => {
    const rotate = policy(tf, 'cache-rotation_rotate');
    expect(rotate[0]).toEqual({
      Effect: 'Allow',
      Action: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
      Resource: ['arn:aws:elasticache:eu-west-1:111122223333:user:oms-svc-default'],
    });
    expect(rotate[1].Resource).toEqual(['${aws_secretsmanager_secret.cache_auth_secret_011C7955.arn}']);
    expect(rotate.at(-1)).toEqual({
      Effect: 'Allow',
      Action: ['ecs:UpdateService'],
      Resource: ['arn:aws:ecs:eu-west-1:111122223333:service/${aws_ecs_cluster.ecs-cluster.name}/svc-api'],
    });
    const run = policy(tf, 'cache-rotation_run-task');
    expect(run[0].Resource).toEqual(['arn:aws:ecs:eu-west-1:111122223333:task-definition/oms-svc-cache-rotation:*']);
    expect(run[1].Action).toEqual(['iam:PassRole']);
  });

  test('the ElastiCache and ECS APIs are reached through VPC endpoints (the task has no internet egress)', () => {
    const services = all(tf, 'aws_vpc_endpoint').map((e) => e.service_name);
    expect(services).toEqual(expect.arrayContaining(['com.amazonaws.eu-west-1.elasticache', 'com.amazonaws.eu-west-1.ecs']));
    const sg = all(tf, 'aws_security_group').find((s) => s.name === 'oms-svc-cache-rotation');
    expect(sg.egress.flatMap((e: any) => e.cidr_blocks ?? [])).toEqual(['10.24.0.0/16']);
  });

  test('an EKS environment rotates too, with no service to restart', () => {
    const eks = synth({
      compute: 'eks',
      fargateServices: undefined,
      clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
    });
    const env = JSON.parse(all(eks, 'aws_ecs_task_definition')[0].container_definitions)[0].environment;
    expect(env.find((e: any) => e.name === 'SERVICES').value).toBe('');
    expect(policy(eks, 'cache-rotation_rotate').map((s: any) => s.Action[0])).not.toContain('ecs:UpdateService');
    expect(checkTerraform(eks, { stage: 'uat' })).toEqual([]);
  });

  test('the stack passes the policy pack, cache rotation included', () => {
    expect(checkTerraform(tf, { stage: 'uat' })).toEqual([]);
  });

  test.each([
    [
      'no tools image',
      { databaseToolsImage: undefined as unknown as string },
      'databaseToolsImage must be a pinned image with psql, jq and the AWS CLI (the cache password rotation and the database user task run it) (received undefined). Fix: give e.g. "registry.example.com/platform/db-tools:1.4.0"',
    ],
    [
      'a rotation period of 0 days',
      { cacheRotationDays: 0 },
      "cacheRotationDays must be a whole number of days from 1 to 1000 (Secrets Manager's range) (received 0). Fix: use e.g. 30",
    ],
  ])('%s is refused', (_name, overrides, expected) => {
    expect(messageOf(() => new OmsAwsStack(Testing.app(), 'stack', props(overrides)))).toBe(
      `stack: invalid configuration\n  - ${expected}`,
    );
  });
});

describe('the rotation script, run with a fake AWS CLI', () => {
  // bash with -eu like the image's sh -c; aws and jq are stubs that log their calls.
  const run = (userStatus: string[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-rotation-'));
    const log = path.join(dir, 'calls');
    const statuses = path.join(dir, 'statuses');
    fs.writeFileSync(statuses, userStatus.join('\n') + '\n');
    fs.writeFileSync(
      path.join(dir, 'aws'),
      [
        '#!/bin/bash',
        `stdin=""; if [[ " $* " == *" file:///dev/stdin "* ]]; then stdin=$(cat); fi`,
        `echo "aws $* | $stdin" >> ${log}`,
        'case "$2" in',
        '  get-random-password) echo NEWTOKEN0123456789abcdef ;;',
        `  describe-users) head -n1 ${statuses}; sed -i 1d ${statuses} ;;`,
        'esac',
      ].join('\n'),
      { mode: 0o755 },
    );
    // jq stand-in: prints the filter and the variables it reads, so the test sees what was sent.
    fs.writeFileSync(path.join(dir, 'jq'), '#!/bin/bash\necho "$2 new=$NEW_TOKEN cur=$CURRENT_TOKEN"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'sleep'), '#!/bin/bash\nexit 0\n', { mode: 0o755 });
    let code = 0;
    let stderr = '';
    try {
      execFileSync('/bin/bash', ['-c', cacheRotationScript()], {
        env: {
          PATH: `${dir}:/usr/bin:/bin`,
          REGION: 'eu-west-1',
          ARN_TO_ROTATE: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:oms/svc/cache/auth-AbCdEf',
          USER_ID: 'oms-svc-default',
          CURRENT_TOKEN: 'CURRENTTOKEN0123456789',
          CLUSTER: 'oms-svc',
          SERVICES: 'svc-api svc-worker',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err: any) {
      code = err.status;
      stderr = String(err.stderr);
    }
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    fs.rmSync(dir, { recursive: true, force: true });
    return { code, stderr, calls };
  };

  test('new and current password on the user, then the secret, then the services; no password on a command line', () => {
    const { code, calls } = run(['modifying', 'active']);
    expect(code).toBe(0);
    expect(calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'aws secretsmanager get-random-password',
      'aws elasticache modify-user',
      'aws elasticache describe-users',
      'aws elasticache describe-users',
      'aws secretsmanager put-secret-value',
      'aws ecs update-service',
      'aws ecs update-service',
    ]);
    expect(calls[1]).toContain(
      '| {UserId: env.USER_ID, Passwords: [env.NEW_TOKEN, env.CURRENT_TOKEN]} new=NEWTOKEN0123456789abcdef cur=CURRENTTOKEN0123456789',
    );
    expect(calls[4]).toContain('| {SecretId: env.ARN_TO_ROTATE, SecretString: ({token: env.NEW_TOKEN} | tojson)}');
    expect(calls[5]).toContain('--cluster oms-svc --service svc-api --force-new-deployment');
    for (const call of calls) expect(call.split(' | ')[0]).not.toMatch(/NEWTOKEN|CURRENTTOKEN/);
  });

  test('the secret is left alone when the user does not become active', () => {
    const { code, stderr, calls } = run(Array(100).fill('modifying'));
    expect(code).toBe(1);
    expect(stderr).toContain('cache user oms-svc-default is not active after 600s; the secret was not changed');
    expect(calls.some((c) => c.includes('put-secret-value'))).toBe(false);
  });
});
