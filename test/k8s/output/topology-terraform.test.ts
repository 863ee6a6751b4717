import * as path from 'node:path';
import { Testing } from 'cdktf';
import { OmsAwsStack } from '../../../lib/aws';
import { terraformTopology } from '../../../lib/k8s/output/topology-terraform';
import { topologyMermaid } from '../../../lib/k8s/output/topology';
import { renderApp } from '../../../lib/synth/synth-apps';
import { ECS_STACK } from '../../support/fixtures';

// An app with ECS Fargate services only: its topology is read from its Terraform JSON.
const tf = JSON.parse(
  Testing.synth(
    new OmsAwsStack(Testing.app(), 'stack', {
      ...ECS_STACK,
      environment: 'svc',
      queues: [{ name: 'jobs' }],
      fargateServices: [
        {
          name: 'api',
          image: 'registry.example.com/api:1.0.0',
          database: true,
          autoscaling: { minTasks: 2, maxTasks: 6, queue: { name: 'jobs', messagesPerTask: 50 } },
        },
        { name: 'worker', image: 'registry.example.com/worker:1.0.0', cache: true, desiredCount: 3 },
      ],
    }),
  ),
);

test('load balancers, services with their task range, the queue they scale on, and the stores their security groups reach', () => {
  const t = terraformTopology('svc (uat, AWS only)', tf);
  const mmd = topologyMermaid(t);
  expect(mmd).toContain('  svc_svc_api["svc-api<br/>Fargate, 2..6 tasks"]\n');
  expect(mmd).toContain('  svc_svc_worker["svc-worker<br/>Fargate, 3 tasks"]\n');
  expect(mmd).toContain('  lb_svc_api(["svc-api<br/>internal"])\n');
  expect(mmd).toContain('  lb_svc_api -- "port 8080" --> svc_svc_api\n');
  expect(mmd).toContain('  queue_oms_svc_jobs>"oms-svc-jobs"]\n');
  expect(mmd).toContain('  queue_oms_svc_jobs -.-> svc_svc_api\n');
  expect(mmd).toContain('    database_oms_svc[("PostgreSQL<br/>oms-svc")]\n');
  expect(mmd).toContain('    cache_oms_svc[("Redis<br/>oms-svc")]\n');
  // Each service reaches only the store its tasks may connect to.
  expect(t.edges.filter((e) => e.to.startsWith('database_') || e.to.startsWith('cache_'))).toEqual([
    { from: 'svc_svc_api', to: 'database_oms_svc' },
    { from: 'svc_svc_worker', to: 'cache_oms_svc' },
  ]);
});

test('an app without Kubernetes output gets topology.mmd, .md and .svg drawn from its Terraform', () => {
  const env = renderApp(path.resolve(__dirname, '../../../apps/uat-services.ts'));
  expect(env.manifests).toEqual([]);
  expect(env.files.map((f) => f.path)).toEqual(expect.arrayContaining(['topology.mmd', 'topology.md', 'topology.svg']));
  const mmd = env.files.find((f) => f.path === 'topology.mmd')!.content;
  expect(mmd.split('\n').slice(0, 2)).toEqual(['flowchart LR', '  %% uat-services (uat, AWS only)']);
  expect(mmd).toContain('lb_uat_services_flask_api -- "port 5000" --> svc_uat_services_flask_api');
  expect(env.files.find((f) => f.path === 'topology.svg')!.content).toContain('uat-services-flask-api');
});
