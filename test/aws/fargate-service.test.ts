import * as path from 'node:path';
import { Testing } from 'cdktf';
import { FargateSecret, OmsAwsStack, OmsAwsStackProps } from '../../lib/aws';
import { Product, RUN_TASK_ENV } from '../../lib/core';
import { checkTerraform } from '../../lib/policy';
import { renderApp } from '../../lib/synth/synth-apps';
import { messageOf } from '../support/errors';
import { ECS_STACK } from '../support/fixtures';

/** The message of the error `build` throws (exact comparisons, not substrings). */

const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:pricing/api-key';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function props(overrides: Partial<OmsAwsStackProps> = {}): OmsAwsStackProps {
  return {
    ...ECS_STACK,
    queues: [{ name: 'jobs' }],
    fargateServices: [
      {
        name: 'api',
        image: 'registry.example.com/api:1.0.0',
        containerPort: 5000,
        healthCheck: { path: '/healthz', matcher: '200', intervalSeconds: 10 },
        environment: { FLASK_ENV: 'production' },
        secrets: { API_KEY: FargateSecret.fromSecretsManager(SECRET, { jsonKey: 'key', kmsKeyArn: KEY }) },
        database: true,
        cache: true,
        autoscaling: { minTasks: 2, maxTasks: 6, cpuPercent: 55, queue: { name: 'jobs', messagesPerTask: 50 } },
      },
      { name: 'worker', image: 'registry.example.com/worker:1.0.0' },
    ],
    ...overrides,
  };
}
const synth = (overrides: Partial<OmsAwsStackProps> = {}) =>
  JSON.parse(Testing.synth(new OmsAwsStack(Testing.app(), 'stack', props(overrides))));
const all = (tf: any, type: string) => Object.values<any>(tf.resource[type] ?? {});
const container = (tf: any, family: string) =>
  JSON.parse(all(tf, 'aws_ecs_task_definition').find((t) => t.family === family).container_definitions)[0];
const policyOf = (tf: any, idPart: string) =>
  JSON.parse(Object.entries<any>(tf.resource.aws_iam_role_policy).find(([id]) => id.includes(idPart))![1].policy).Statement;

describe('a Fargate service that runs', () => {
  const tf = synth();
  const api = container(tf, 'uat-services-api');

  test('one ECS cluster for the environment, shared by its services, with Container Insights', () => {
    expect(all(tf, 'aws_ecs_cluster')).toEqual([
      expect.objectContaining({ name: 'oms-uat-services', setting: [{ name: 'containerInsights', value: 'enabled' }] }),
    ]);
    expect(new Set(all(tf, 'aws_ecs_service').map((s) => s.cluster))).toEqual(new Set(['${aws_ecs_cluster.ecs-cluster.arn}']));
  });

  test('egress: AWS APIs through the endpoints, S3 for image layers, then its database and cache only', () => {
    const sg = all(tf, 'aws_security_group').find((s) => s.name === 'uat-services-api-tasks');
    expect(sg.egress.map((e: any) => [e.description, e.from_port, e.cidr_blocks ?? e.prefix_list_ids ?? e.security_groups])).toEqual([
      ['AWS APIs through the VPC interface endpoints', 443, ['10.24.0.0/16']],
      ['S3 (image layers) through the gateway endpoint', 443, ['${aws_vpc_endpoint.network_endpoint-s3_A6501215.prefix_list_id}']],
      ['PostgreSQL', 5432, ['${aws_security_group.database_sg_18332A00.id}']],
      ['Redis (TLS)', 6379, ['${aws_security_group.cache_sg_752835DD.id}']],
    ]);
  });

  test('the internal load balancer sits in the load balancer subnets; its group admits exactly the flows it serves', () => {
    const subnetId = (s: any) => `\${aws_subnet.${Object.entries<any>(tf.resource.aws_subnet).find(([, v]) => v === s)![0]}.id}`;
    const subnets = all(tf, 'aws_subnet');
    const lbSubnets = subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1');
    const workload = subnets.filter((s) => String(s.tags.Name).includes('-workload-'));
    expect(lbSubnets.map((s) => s.cidr_block)).toEqual(['10.24.48.0/22', '10.24.52.0/22']);
    const lb = all(tf, 'aws_lb').find((l) => l.name === 'uat-services-api');
    expect(lb.internal).toBe(true);
    expect([...lb.subnets].sort()).toEqual(lbSubnets.map(subnetId).sort());
    for (const s of workload) expect(lb.subnets).not.toContain(subnetId(s));

    const workloadCidrs = workload.map((s) => s.cidr_block);
    const lbSg = all(tf, 'aws_security_group').find((g) => g.name === 'uat-services-api-lb');
    // Callers: the workload subnets, on the listener port (HTTP without a certificate); never the VPC at large.
    expect(lbSg.ingress.map((i: any) => [i.from_port, i.to_port, i.cidr_blocks])).toEqual([[80, 80, workloadCidrs]]);
    // To the tasks' port in the workload subnets, nothing else.
    expect(lbSg.egress.map((e: any) => [e.from_port, e.to_port, e.cidr_blocks])).toEqual([[5000, 5000, workloadCidrs]]);
    // The tasks take their port from the load balancer's group only (no Service Connect here).
    const tasks = all(tf, 'aws_security_group').find((g) => g.name === 'uat-services-api-tasks');
    expect(tasks.ingress.map((i: any) => [i.from_port, i.security_groups, i.cidr_blocks ?? null])).toEqual([
      [5000, [`\${aws_security_group.${Object.entries<any>(tf.resource.aws_security_group).find(([, g]) => g === lbSg)![0]}.id}`], null],
    ]);
  });

  test('the health check is the one asked for', () => {
    const tg = all(tf, 'aws_lb_target_group').find((t) => t.port === 5000);
    expect(tg.health_check).toEqual({
      path: '/healthz',
      matcher: '200',
      interval: 10,
      timeout: 5,
      healthy_threshold: 2,
      unhealthy_threshold: 3,
    });
  });

  test('plain variables as given, connection settings added; secrets by ARN, one JSON key each', () => {
    expect(api.environment).toEqual([
      { name: 'CACHE_HOST', value: 'cache.uat-services.oms.internal' },
      { name: 'CACHE_PORT', value: '6379' },
      { name: 'CACHE_TLS', value: 'true' },
      { name: 'DB_HOST', value: 'db.uat-services.oms.internal' },
      { name: 'DB_NAME', value: 'oms' },
      { name: 'DB_PORT', value: '5432' },
      { name: 'FLASK_ENV', value: 'production' },
      { name: 'QUEUE_URL', value: expect.stringMatching(/^\$\{aws_sqs_queue\.queues_jobs_\w+\.url\}$/) },
    ]);
    expect(api.secrets).toEqual([
      { name: 'DB_USER', valueFrom: '${aws_secretsmanager_secret.database-credentials_secret_E39A5757.arn}:username::' },
      { name: 'DB_PASSWORD', valueFrom: '${aws_secretsmanager_secret.database-credentials_secret_E39A5757.arn}:password::' },
      { name: 'CACHE_AUTH_TOKEN', valueFrom: '${aws_secretsmanager_secret.cache_auth_secret_011C7955.arn}:token::' },
      { name: 'API_KEY', valueFrom: `${SECRET}:key::` },
    ]);
  });

  test('the execution role reads exactly those secrets (whole-secret ARNs) and decrypts with their keys through Secrets Manager', () => {
    const [read, decrypt] = policyOf(tf, 'fargate-api_read-secrets');
    expect(read).toEqual({
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [
        '${aws_secretsmanager_secret.database-credentials_secret_E39A5757.arn}',
        '${aws_secretsmanager_secret.cache_auth_secret_011C7955.arn}',
        SECRET,
        `${SECRET}-??????`,
      ],
    });
    expect(decrypt).toEqual({
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: ['${aws_kms_key.secrets-key.arn}', '${aws_kms_key.cache_key_57DA9DF8.arn}', KEY],
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });

  test('autoscaling on CPU and on backlog per task; the service does not reset the count on apply', () => {
    const [target] = all(tf, 'aws_appautoscaling_target');
    expect(target).toMatchObject({ min_capacity: 2, max_capacity: 6 });
    expect(target.resource_id).toMatch(
      /^service\/\$\{aws_ecs_cluster\.ecs-cluster\.name\}\/\$\{aws_ecs_service\.fargate-api_service_\w+\.name\}$/,
    );
    const [cpu, queue] = all(tf, 'aws_appautoscaling_policy').map((p) => p.target_tracking_scaling_policy_configuration);
    expect(cpu).toMatchObject({
      target_value: 55,
      predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
    });
    expect(queue.target_value).toBe(50);
    expect(queue.customized_metric_specification.metrics.map((m: any) => m.expression ?? m.metric_stat.metric.metric_name)).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'RunningTaskCount',
      'visible / tasks',
    ]);
    const service = all(tf, 'aws_ecs_service').find((s) => s.name === 'uat-services-api');
    expect(service.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
    expect(policyOf(tf, 'fargate-api_task-policy')[0].Action).toContain('sqs:ReceiveMessage');
  });

  test('a service without the database neither waits for its user nor reaches it', () => {
    const worker = all(tf, 'aws_ecs_service').find((s) => s.name === 'uat-services-worker');
    expect(worker.depends_on).toEqual([expect.stringMatching(/^aws_lb_listener\.fargate-worker_listener_\w+$/)]);
    expect(worker.desired_count).toBe(2);
  });

  test('the database user is created by a one-off task before the service starts', () => {
    const task = container(tf, 'oms-uat-services-db-user');
    expect(task.secrets.map((s: any) => s.name)).toEqual(['MASTER_USER', 'MASTER_PASSWORD', 'APP_USER', 'APP_PASSWORD', 'APP_DB']);
    const [run] = all(tf, 'terraform_data');
    expect(run.triggers_replace).toEqual({ taskDefinition: '${aws_ecs_task_definition.database-user_task_D7EEF70E.arn}' });
    expect(Object.keys(run.provisioner[0]['local-exec'].environment).sort()).toEqual([...RUN_TASK_ENV].sort());
    expect(run.depends_on).toEqual(expect.arrayContaining(['aws_db_instance.database_db_878A5AE3']));
    const api = all(tf, 'aws_ecs_service').find((s) => s.name === 'uat-services-api');
    expect(api.depends_on).toContain('terraform_data.database-user_run_677DCBE1');
  });

  test('a service without health check props is checked on the readiness defaults a Microservice has (/healthz, 200)', () => {
    const tg = all(tf, 'aws_lb_target_group').find((t) => t.port === 8080);
    expect([tg.health_check.path, tg.health_check.matcher]).toEqual(['/healthz', '200']);
  });

  test.each([
    ['the readiness props', { healthCheckPath: '/ready', healthCheckSuccessCodes: '200,204' }, ['/ready', '200,204']],
    ['the deprecated overrides alone (as before)', { healthCheck: { path: '/', matcher: '200-499' } }, ['/', '200-499']],
    ['both, agreeing', { healthCheckPath: '/ready', healthCheck: { path: '/ready', intervalSeconds: 30 } }, ['/ready', '200']],
  ])('the target group requests what %s say', (_what, extra, expected) => {
    const out = synth({ fargateServices: [{ name: 'api', image: 'registry.example.com/api:1.0.0', ...extra }] });
    const hc = all(out, 'aws_lb_target_group')[0].health_check;
    expect([hc.path, hc.matcher]).toEqual(expected);
  });

  test("another product's queues, alarms and topic carry its name, and no name is OMS's", () => {
    const out = synth({ product: Product.of({ name: 'pricing' }) });
    const names = [
      ...all(out, 'aws_sqs_queue').map((q) => q.name),
      ...all(out, 'aws_cloudwatch_metric_alarm').map((a) => a.alarm_name),
      ...all(out, 'aws_sns_topic').map((t) => t.name),
      ...all(out, 'aws_iam_role').map((r) => r.name),
    ];
    expect(all(out, 'aws_sqs_queue').map((q) => q.name)).toEqual(['pricing-uat-services-jobs-dlq', 'pricing-uat-services-jobs']);
    // The task roles are the service's own (`<env>-<service>-ecs-*`); nothing is named after OMS.
    expect(names.filter((n) => n.startsWith('oms-'))).toEqual([]);
    expect(names.filter((n) => n.startsWith('pricing-uat-services')).length).toBeGreaterThan(10);
  });

  test('nothing secret in the JSON', () => {
    expect(checkTerraform(tf, { stage: 'uat' }).filter((f) => f.rule === 'no-literal-secrets')).toEqual([]);
  });
});

describe('validation', () => {
  const svc = (extra: Record<string, unknown>) => ({
    fargateServices: [{ name: 'api', image: 'registry.example.com/api:1.0.0', ...extra }] as any,
  });
  const cases: [string, Partial<OmsAwsStackProps>, string][] = [
    [
      'a literal secret value',
      svc({ secrets: { API_KEY: 'hunter2' } }),
      'fargateServices[0].secrets.API_KEY must be a FargateSecret (by ARN), never a value: a value would land in the Terraform JSON (received "<redacted>"). Fix: store it in Secrets Manager and give FargateSecret.fromSecretsManager("<secret ARN>")',
    ],
    [
      'a value passed as an ARN',
      svc({ secrets: { API_KEY: FargateSecret.fromSecretsManager('hunter2') } }),
      'fargateServices[0].secrets.API_KEY must be a Secrets Manager secret ARN (a value is never accepted: it would land in the Terraform JSON) (received "<redacted>"). Fix: store the value in Secrets Manager and give FargateSecret.fromSecretsManager("arn:aws:secretsmanager:<region>:<account>:secret:<name>")',
    ],
    [
      'a secret in a plain variable',
      svc({ environment: { DB_PASSWORD: 'hunter2' } }),
      'fargateServices[0].environment.DB_PASSWORD names a secret: plain environment variables are written to the Terraform JSON and the task definition (received "<redacted>"). Fix: move DB_PASSWORD to secrets, e.g. FargateSecret.fromSecretsManager("<secret ARN>")',
    ],
    [
      'a key ARN that is not one',
      svc({ secrets: { K: FargateSecret.fromSecretsManager(SECRET, { kmsKeyArn: 'alias/x' }) } }),
      'fargateServices[0].secrets.K.kmsKeyArn must be a KMS key ARN (received "alias/x"). Fix: use the ARN of the key that encrypts the secret (arn:aws:kms:<region>:<account>:key/<id>)',
    ],
    [
      'a relative health check path',
      svc({ healthCheck: { path: 'healthz' } }),
      'fargateServices[0].healthCheck.path must be an absolute URL path (received "healthz"). Fix: use e.g. "/healthz"',
    ],
    [
      'a relative readiness path',
      svc({ healthCheckPath: 'healthz' }),
      'fargateServices[0].healthCheckPath must be an absolute URL path (received "healthz"). Fix: start it with "/", e.g. "/healthz"',
    ],
    [
      'success codes the readiness probe would not accept',
      svc({ healthCheckSuccessCodes: '200-499' }),
      'fargateServices[0].healthCheckSuccessCodes must be HTTP codes from 200 to 399 ("200", "200,204" or "200-299"), the codes the readiness probe accepts (received "200-499"). Fix: use the codes the readiness path answers when the service is ready, e.g. "200"',
    ],
    [
      'the deprecated health check path against the readiness path',
      svc({ healthCheckPath: '/ready', healthCheck: { path: '/healthz' } }),
      'fargateServices[0].healthCheck.path is deprecated and must not differ from healthCheckPath ("/ready"): the load balancer and the readiness check would disagree (received "/healthz"). Fix: remove healthCheck.path; healthCheckPath sets it',
    ],
    [
      'the deprecated matcher against the success codes',
      svc({ healthCheckSuccessCodes: '200', healthCheck: { matcher: '200-399' } }),
      'fargateServices[0].healthCheck.matcher is deprecated and must not differ from healthCheckSuccessCodes ("200"): the load balancer and the readiness check would disagree (received "200-399"). Fix: remove healthCheck.matcher; healthCheckSuccessCodes sets it',
    ],
    [
      'scaling to zero on a queue',
      { queues: [{ name: 'jobs' }], ...svc({ autoscaling: { minTasks: 0, maxTasks: 2, queue: { name: 'jobs', messagesPerTask: 10 } } }) },
      'fargateServices[0].autoscaling.minTasks must be a whole number of at least 1 (queue depth per task is undefined at zero tasks) (received 0). Fix: use e.g. 2',
    ],
    [
      'scaling on a queue the stack does not have',
      { queues: [], ...svc({ autoscaling: { minTasks: 1, maxTasks: 2, queue: { name: 'nope', messagesPerTask: 10 } } }) },
      'fargateServices[0].autoscaling.queue.name must name one of the stack\'s queues (received "nope"). Fix: add { name: "nope" } to queues, or use one of: none defined',
    ],
    [
      'a connection with two destinations',
      svc({ connections: [{ description: 'x', port: 443, cidr: '10.0.0.0/8', securityGroupId: 'sg-1' }] }),
      'fargateServices[0].connections[0] must name exactly one destination: cidr, securityGroupId or prefixListId (received {"cidr":"10.0.0.0/8","securityGroupId":"sg-1"}). Fix: give one destination per connection',
    ],
    [
      'the database without a tools image',
      { databaseToolsImage: undefined, ...svc({ database: true }) },
      'databaseToolsImage must be a pinned image with psql, jq and the AWS CLI (the cache password rotation and the database user task run it) (received undefined). Fix: give e.g. "registry.example.com/platform/db-tools:1.4.0"',
    ],
    [
      'an unpinned image',
      svc({ image: 'registry.example.com/api:latest' }),
      'fargateServices[0].image must not use the mutable "latest" tag (received "registry.example.com/api:latest"). Fix: pin the image to a tag or digest',
    ],
  ];
  test.each(cases)('%s', (_name, overrides, expected) => {
    expect(messageOf(() => new OmsAwsStack(Testing.app(), 'stack', props({ queues: undefined, ...overrides })))).toBe(
      `stack: invalid configuration\n  - ${expected}`,
    );
  });
});

describe("the plain-service team's app", () => {
  const env = renderApp(path.resolve(__dirname, '../../apps/uat-services.ts'));
  const tf = JSON.parse(env.files.find((f) => f.path === 'aws/main.tf.json')!.content);

  test('a Flask API on port 5000 with /healthz, PostgreSQL and Redis, on Fargate in UAT', () => {
    expect(env.name).toBe('uat-services');
    const api = container(tf, 'uat-services-flask-api');
    expect(api.portMappings).toEqual([{ containerPort: 5000, protocol: 'tcp' }]);
    expect(all(tf, 'aws_lb_target_group')[0].health_check.path).toBe('/healthz');
    expect(all(tf, 'aws_db_instance')).toHaveLength(1);
    expect(all(tf, 'aws_elasticache_replication_group')).toHaveLength(1);
    expect(all(tf, 'aws_eks_cluster')).toHaveLength(0);
  });

  test('passes the whole policy pack', () => {
    expect(checkTerraform(tf, { stage: 'uat' })).toEqual([]);
  });
});
