import { Testing } from 'cdktf';
import { OmsAwsStack, OmsAwsStackProps } from '../../lib/aws';
import type { FargateServiceInput } from '../../lib/aws';
import { ECS_STACK } from '../support/fixtures';

// What a user of AWS CDK's ecs-patterns expects from a Fargate service: command and entry point, sidecars, ECS Exec,
// request-count and scheduled scaling, the HTTP to HTTPS redirect, Fargate Spot and ARM64.
const CERT = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-4e5f';

function props(service: Partial<FargateServiceInput> = {}): OmsAwsStackProps {
  return {
    ...ECS_STACK,
    fargateServices: [{ name: 'api', image: 'registry.example.com/api:1.0.0', containerPort: 5000, ...service }],
  };
}
const synth = (service: Partial<FargateServiceInput> = {}) =>
  JSON.parse(Testing.synth(new OmsAwsStack(Testing.app(), 'stack', props(service))));
const all = (tf: any, type: string) => Object.values<any>(tf.resource[type] ?? {});
const containers = (tf: any) =>
  JSON.parse(all(tf, 'aws_ecs_task_definition').find((t) => t.family === 'uat-services-api').container_definitions);
const service = (tf: any) => all(tf, 'aws_ecs_service').find((s) => s.name === 'uat-services-api');
const messageOf = (build: () => unknown): string => {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('by default', () => {
  const tf = synth();
  test('on-demand Fargate, x86, no ECS Exec, no redirect, no Spot capacity on the cluster', () => {
    expect(service(tf)).toMatchObject({ launch_type: 'FARGATE' });
    expect(service(tf).enable_execute_command).toBeUndefined();
    expect(service(tf).capacity_provider_strategy).toBeUndefined();
    expect(all(tf, 'aws_ecs_task_definition').find((t) => t.family === 'uat-services-api').runtime_platform.cpu_architecture).toBe(
      'X86_64',
    );
    expect(all(tf, 'aws_ecs_cluster_capacity_providers')).toEqual([]);
    expect(all(tf, 'aws_vpc_endpoint').map((e) => e.service_name)).not.toContain('com.amazonaws.eu-west-1.ssmmessages');
    expect(containers(tf)).toHaveLength(1);
    expect(containers(tf)[0].command).toBeUndefined();
  });
});

describe('with every option', () => {
  const tf = synth({
    command: ['gunicorn', 'app:app'],
    entryPoint: ['/usr/bin/tini', '--'],
    sidecars: [{ name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod', environment: { LOG_LEVEL: 'info' } }],
    enableExecuteCommand: true,
    cpuArchitecture: 'ARM64',
    capacity: { spotWeight: 3, onDemandBase: 2 },
    certificateArn: CERT,
    redirectHttp: true,
    autoscaling: {
      minTasks: 2,
      maxTasks: 10,
      requestsPerTarget: 1000,
      schedules: [{ name: 'business-hours', schedule: 'cron(0 7 ? * MON-FRI *)', timezone: 'Europe/Dublin', minTasks: 4, maxTasks: 10 }],
    },
  });

  test('the command, entry point and a sidecar, read-only and without capabilities', () => {
    const [app, envoy] = containers(tf);
    expect(app).toMatchObject({ command: ['gunicorn', 'app:app'], entryPoint: ['/usr/bin/tini', '--'] });
    expect(envoy).toMatchObject({
      name: 'envoy',
      essential: false,
      readonlyRootFilesystem: true,
      environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      linuxParameters: { capabilities: { drop: ['ALL'] } },
    });
    expect(envoy.logConfiguration.options['awslogs-stream-prefix']).toBe('envoy');
  });

  test('ECS Exec: enabled on the service, session channels on the task role, the agent directories writable, the endpoint in the VPC', () => {
    expect(service(tf).enable_execute_command).toBe(true);
    const policy = all(tf, 'aws_iam_role_policy').find((p) => p.policy.includes('ssmmessages'));
    expect(JSON.parse(policy.policy).Statement[0].Action).toEqual([
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]);
    expect(containers(tf)[0].mountPoints.map((m: any) => m.containerPath)).toEqual([
      '/tmp',
      '/managed-agents',
      '/var/lib/amazon/ssm',
      '/var/log/amazon/ssm',
    ]);
    expect(containers(tf)[0].readonlyRootFilesystem).toBe(true);
    expect(all(tf, 'aws_vpc_endpoint').map((e) => e.service_name)).toContain('com.amazonaws.eu-west-1.ssmmessages');
  });

  test('ARM64 and Fargate Spot behind an on-demand base, offered by the cluster', () => {
    expect(all(tf, 'aws_ecs_task_definition').find((t) => t.family === 'uat-services-api').runtime_platform.cpu_architecture).toBe('ARM64');
    expect(service(tf).launch_type).toBeUndefined();
    expect(service(tf).capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE', base: 2, weight: 1 },
      { capacity_provider: 'FARGATE_SPOT', weight: 3 },
    ]);
    expect(all(tf, 'aws_ecs_cluster_capacity_providers')).toEqual([
      expect.objectContaining({ capacity_providers: ['FARGATE', 'FARGATE_SPOT'] }),
    ]);
    expect(service(tf).depends_on).toContain('aws_ecs_cluster_capacity_providers.ecs-capacity');
  });

  test('HTTP on 80 redirects to HTTPS on 443', () => {
    const redirect = all(tf, 'aws_lb_listener').find((l) => l.port === 80);
    expect(redirect.default_action).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
  });

  test('request-count and scheduled scaling', () => {
    const requests = all(tf, 'aws_appautoscaling_policy').find((p) => p.name === 'uat-services-api-requests');
    expect(requests.target_tracking_scaling_policy_configuration.target_value).toBe(1000);
    expect(requests.target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type).toBe(
      'ALBRequestCountPerTarget',
    );
    expect(requests.target_tracking_scaling_policy_configuration.predefined_metric_specification.resource_label).toMatch(
      /arn_suffix.*\/.*arn_suffix/,
    );
    expect(all(tf, 'aws_appautoscaling_scheduled_action')).toEqual([
      expect.objectContaining({
        name: 'uat-services-api-business-hours',
        schedule: 'cron(0 7 ? * MON-FRI *)',
        timezone: 'Europe/Dublin',
        scalable_target_action: { min_capacity: '4', max_capacity: '10' },
      }),
    ]);
  });
});

test.each<[string, Partial<FargateServiceInput>, string]>([
  [
    'an empty command',
    { command: [] },
    'stack/fargate-api: invalid configuration\n  - command must be a non-empty list of non-empty arguments (received []). Fix: give the program and its arguments as a list, e.g. ["gunicorn", "app:app"]',
  ],
  [
    'a sidecar named app',
    { sidecars: [{ name: 'app', image: 'registry.example.com/proxy:1.0.0' }] },
    'stack/fargate-api: invalid configuration\n  - sidecars[0].name must be a container name (letters, digits, "-" and "_") unique in the task, and not "app" (received "app"). Fix: name the sidecar after what it runs, e.g. "envoy"',
  ],
  [
    'an unpinned sidecar',
    { sidecars: [{ name: 'proxy', image: 'registry.example.com/proxy:latest' }] },
    'stack/fargate-api: invalid configuration\n  - sidecars[0].image must not use the mutable "latest" tag (received "registry.example.com/proxy:latest"). Fix: pin the image to a tag or digest',
  ],
  [
    'a Spot weight of 0',
    { capacity: { spotWeight: 0 } },
    'stack/fargate-api: invalid configuration\n  - capacity.spotWeight must be a whole number from 1 to 1000 (received 0). Fix: use e.g. 1',
  ],
  [
    'a redirect without a certificate',
    { redirectHttp: true },
    'stack/fargate-api: invalid configuration\n  - redirectHttp needs certificateArn: the redirect goes to the HTTPS listener (received true). Fix: give certificateArn, or leave redirectHttp out',
  ],
  [
    'a schedule that is not a schedule',
    { autoscaling: { minTasks: 1, maxTasks: 2, schedules: [{ name: 'night', schedule: '0 22 * * *', minTasks: 0, maxTasks: 1 }] } },
    'stack/fargate-api: invalid configuration\n  - autoscaling.schedules[0].schedule must be cron(...), rate(<n> <unit>) or at(yyyy-mm-ddThh:mm:ss) (received "0 22 * * *"). Fix: use e.g. "cron(0 7 ? * MON-FRI *)"',
  ],
])('%s', (_case, service, expected) => {
  expect(messageOf(() => synth(service))).toBe(expected);
});

describe('Service Connect', () => {
  const tf = JSON.parse(
    Testing.synth(
      new OmsAwsStack(Testing.app(), 'stack', {
        ...props(),
        fargateServices: [
          { name: 'api', image: 'registry.example.com/api:1.0.0', containerPort: 5000 },
          {
            name: 'pricing',
            image: 'registry.example.com/pricing:1.0.0',
            containerPort: 8080,
            serviceConnect: { discoveryName: 'prices' },
          },
        ],
      }),
    ),
  );
  const byName = (name: string) => all(tf, 'aws_ecs_service').find((s) => s.name === `uat-services-${name}`);

  test('one namespace per environment; the server is reached at its discovery name, every service is a client', () => {
    expect(all(tf, 'aws_service_discovery_http_namespace')).toEqual([expect.objectContaining({ name: 'oms-uat-services' })]);
    expect(byName('pricing').service_connect_configuration).toEqual({
      enabled: true,
      namespace: '${aws_service_discovery_http_namespace.service-connect.arn}',
      service: [{ port_name: 'http', discovery_name: 'prices', client_alias: { port: 8080, dns_name: 'prices' } }],
    });
    expect(byName('api').service_connect_configuration).toEqual({
      enabled: true,
      namespace: '${aws_service_discovery_http_namespace.service-connect.arn}',
    });
    const pricing = JSON.parse(
      all(tf, 'aws_ecs_task_definition').find((t) => t.family === 'uat-services-pricing').container_definitions,
    )[0];
    expect(pricing.portMappings).toEqual([{ containerPort: 8080, protocol: 'tcp', name: 'http' }]);
  });

  test('the client may reach the server port in the workload subnets, and the server admits it', () => {
    const sg = (name: string) => all(tf, 'aws_security_group').find((g) => g.name === `uat-services-${name}-tasks`);
    expect(
      sg('api')
        .egress.filter((e: any) => e.description === 'Service Connect to prices')
        .map((e: any) => [e.from_port, e.cidr_blocks]),
    ).toEqual([
      [8080, ['10.24.0.0/20']],
      [8080, ['10.24.16.0/20']],
    ]);
    expect(sg('pricing').ingress.find((i: any) => i.description === 'Service Connect clients')).toMatchObject({
      from_port: 8080,
      to_port: 8080,
    });
    expect(sg('pricing').egress.some((e: any) => String(e.description).startsWith('Service Connect'))).toBe(false);
  });
});

describe('ECS native blue/green', () => {
  const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:smoke-test';
  const tf = synth({
    certificateArn: CERT,
    blueGreen: { bakeTimeMinutes: 15, lifecycleHooks: [{ functionArn: HOOK, stages: ['POST_TEST_TRAFFIC_SHIFT'] }] },
  });

  test('the strategy, the bake time and the lifecycle hook on the service', () => {
    expect(service(tf).deployment_configuration).toEqual({
      strategy: 'BLUE_GREEN',
      bake_time_in_minutes: '15',
      lifecycle_hook: [
        {
          hook_target_arn: HOOK,
          role_arn: expect.stringMatching(/^\$\{aws_iam_role\.fargate-api_hook-role_[0-9A-F]+\.arn\}$/),
          lifecycle_stages: ['POST_TEST_TRAFFIC_SHIFT'],
        },
      ],
    });
    const hookPolicy = all(tf, 'aws_iam_role_policy').find((p) => p.policy.includes('lambda:InvokeFunction'));
    expect(JSON.parse(hookPolicy.policy).Statement).toEqual([{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [HOOK] }]);
  });

  test('a second target group, production and test listener rules on both, and the role ECS moves traffic with', () => {
    const lb = service(tf).load_balancer[0];
    expect(Object.keys(lb.advanced_configuration).sort()).toEqual([
      'alternate_target_group_arn',
      'production_listener_rule',
      'role_arn',
      'test_listener_rule',
    ]);
    expect(
      all(tf, 'aws_lb_target_group')
        .map((t) => t.name)
        .sort(),
    ).toEqual(['uat-services-api', 'uat-services-api-green']);
    const rules = all(tf, 'aws_lb_listener_rule');
    expect(rules).toHaveLength(2);
    for (const r of rules) {
      expect(r.action[0].forward.target_group.map((g: any) => g.weight)).toEqual([100, 0]);
      expect(r.lifecycle).toEqual({ ignore_changes: ['action'] });
    }
    const test = all(tf, 'aws_lb_listener').find((l) => l.port === 8443);
    expect(test).toMatchObject({ protocol: 'HTTPS', default_action: [{ type: 'fixed-response' }] });
    const sg = all(tf, 'aws_security_group').find((g) => g.name === 'uat-services-api-lb');
    expect(sg.ingress.find((i: any) => i.description === 'blue/green test traffic')).toMatchObject({
      from_port: 8443,
      // The workload subnets only, where callers (and a hook that sends test traffic) run.
      cidr_blocks: ['10.24.0.0/20', '10.24.16.0/20'],
    });
    expect(all(tf, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toContain(
      'arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers',
    );
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'a test port that is the production port',
      { testListenerPort: 443 },
      'stack/fargate-api: invalid configuration\n  - blueGreen.testListenerPort must be a TCP port other than the production listener ports (80, 443) (received 443). Fix: use e.g. 8443',
    ],
    [
      'a hook that is not a Lambda function',
      { lifecycleHooks: [{ functionArn: 'smoke-test', stages: ['POST_TEST_TRAFFIC_SHIFT'] }] },
      'stack/fargate-api: invalid configuration\n  - blueGreen.lifecycleHooks[0].functionArn must be the ARN of a Lambda function (received "smoke-test"). Fix: use e.g. "arn:aws:lambda:eu-west-1:111122223333:function:smoke-test"',
    ],
    [
      'a stage that does not exist',
      { lifecycleHooks: [{ functionArn: HOOK, stages: ['AFTER_TEST'] }] },
      'stack/fargate-api: invalid configuration\n  - blueGreen.lifecycleHooks[0].stages must list lifecycle stages (RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT) (received ["AFTER_TEST"]). Fix: use e.g. ["POST_TEST_TRAFFIC_SHIFT"]',
    ],
  ])('%s', (_case, blueGreen, expected) => {
    expect(messageOf(() => synth({ certificateArn: CERT, blueGreen: blueGreen as any }))).toBe(expected);
  });
});
