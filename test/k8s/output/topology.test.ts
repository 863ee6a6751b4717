import * as path from 'node:path';
import { Construct } from 'constructs';
import { registerTopologyRole, topologyRoleOf } from '../../../lib/k8s/primitives/topology-role';
import { Filesystem } from '../../../lib/k8s/workloads/filesystem';
import { Workload } from '../../../lib/k8s/workloads/workload';
import { BlueGreenPair } from '../../../lib/k8s/release/blue-green-pair';
import { AGENT_IMAGE, IMAGE, TEST_DB, newEnv, serviceProps } from '../../support/fixtures';
import { OmsEnvironment } from '../../../lib/k8s/environment/oms-environment';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { topologyMarkdown, topologyOf, topologySvgOf } from '../../../lib/k8s/output/topology';
import { listApps } from '../../../lib/synth/synth-apps';
import { renderAllApps } from '../../support/apps';

const topology = (name: string) =>
  renderAllApps()
    .find(({ env }) => env.name === name)!
    .env.files.find((f) => f.path === 'topology.mmd')!.content;

test('every environment gets a topology picture beside its manifests', () => {
  for (const { env } of renderAllApps()) expect(env.files.map((f) => f.path)).toContain('topology.mmd');
});

test('the entry point, services with their APIs, pairs with the active colour, agents with queues, data stores', () => {
  const t = topology('uat-eks');
  expect(t.split('\n')[0]).toBe('flowchart LR');
  expect(t).toContain('gw_uat_eks_gateway(["oms.uat.example.com"])');
  expect(t).toContain('gw_uat_eks_gateway -- "findInventory, getATP, reserveAvailableInventory" --> svc_reserve');
  expect(t).toContain('gw_uat_eks_gateway -- "every other path" --> svc_app_server');
  expect(t).toContain('svc_order_capture["order-capture<br/>active: blue"]');
  // The pair's Service goes to the active colour; the other colour is only the preview.
  expect(t).toContain('svc_order_capture -- "active" --> svc_order_capture_blue');
  expect(t).toContain('svc_order_capture -. "preview" .-> svc_order_capture_green');
  expect(t).toContain('  queue_OMS_SCHEDULE_ORDER>"OMS.SCHEDULE.ORDER"]\n');
  expect(t).toContain('  queue_OMS_SCHEDULE_ORDER -.-> pool_schedule_order\n');
  // Every workload has an edge to the database it connects to, declared outside the data-store box.
  const db = /^ {4}(database_\w+)\[\("PostgreSQL<br\/>db\.uat-eks\.oms\.internal \/ \w+"\)\]$/m.exec(t)!;
  expect(db).not.toBeNull();
  for (const from of ['svc_app_server', 'svc_reserve', 'svc_order_search', 'pool_schedule_order', 'svc_order_capture_blue'])
    expect(t).toContain(`\n  ${from} --> ${db[1]}\n`);
  const box = t.slice(t.indexOf('subgraph data'), t.indexOf('  end', t.indexOf('subgraph data')));
  expect(box).not.toContain('-->');
});

test('in-cluster data stores and Argo Rollouts appear too', () => {
  // The in-cluster database is drawn once, under the host the workloads use, with their arrows.
  const full = topology('test-full');
  expect(full).toContain('database_oms_db_oms[("PostgreSQL<br/>oms-db / oms")]');
  expect(full).toContain('  svc_app_server --> database_oms_db_oms\n');
  expect(full).not.toContain('sts_oms_db');
  // Active traffic reaches the Rollout through the active Service; the preview Service is its own node.
  const t = topology('uat-openshift');
  expect(t).toContain('svc_order_capture -- "active" --> rollout_order_capture');
  expect(t).toContain('    preview_order_capture["order-capture-preview<br/>preview"]\n');
  expect(t).toContain('  preview_order_capture -. "preview" .-> rollout_order_capture\n');
  expect(t).not.toContain('svc_order_capture --> rollout_order_capture["Argo Rollout<br/>preview');
  // Brokers are drawn with an edge from the agents that use them.
  expect(t).toMatch(/pool_schedule_order --> broker_/);
});

test("a branch environment shows its own database, not the host environment's", () => {
  const t = renderAllApps().find((a) => a.env.name.startsWith('local') || a.file.endsWith('branch.ts'))!;
  const mmd = t.env.files.find((f) => f.path === 'topology.mmd')!.content;
  expect(mmd).toMatch(new RegExp(`PostgreSQL<br/>[^"]+ / \\w*${t.env.name.replace(/-/g, '_')}"`));
});

test('topology.md holds the same diagram in a Mermaid block', () => {
  const { env } = renderAllApps().find((a) => a.env.name === 'uat-eks')!;
  const md = env.files.find((f) => f.path === 'topology.md')!.content;
  expect(md).toBe(`# Topology of uat-eks\n\n\`\`\`mermaid\n${topology('uat-eks')}\`\`\`\n\n![topology of uat-eks](topology.svg)\n`);
});

test('rendering writes the three topology files from one model, as topologyOf, topologyMarkdown and topologySvgOf write them', () => {
  const dir = path.resolve(__dirname, '../../../apps');
  for (const file of listApps(dir).filter((f) => f.endsWith('.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)).default;
    const env: OmsEnvironment | undefined = OmsEnvironment.isOmsEnvironment(mod) ? mod : mod.k8s;
    if (!env) continue;
    const files = renderEnvironment(env).files.filter((f) => f.path.startsWith('topology.'));
    expect([file, files.map((f) => [f.path, f.content])]).toEqual([
      file,
      [
        ['topology.mmd', topologyOf(env)],
        ['topology.md', topologyMarkdown(env)],
        ['topology.svg', topologySvgOf(env)],
      ],
    ]);
  }
});

describe('workloads are drawn by the role they register, not by their class', () => {
  const mmdOf = (env: OmsEnvironment) => topologyOf(env);

  test('the health monitor and the data setup jobs are drawn, each with a line to its database', () => {
    const t = topology('test-full');
    for (const name of ['health_monitor', 'data_setup']) {
      expect(t).toContain(`  workload_${name}["${name.replace('_', '-')}<br/>1..1 pods"]\n`);
      expect(t).toContain(`\n  workload_${name} --> database_oms_db_oms\n`);
    }
  });

  test('a workload kind the topology has never heard of is drawn with its store lines', () => {
    class NightlyReport extends Workload {
      constructor(scope: Construct, id: string) {
        super(scope, id, serviceProps({ connections: [TEST_DB] }), {
          component: 'report',
          partOf: 'reports',
          replicas: { min: 1, max: 1 },
          minReplicasFloor: { value: 1, fix: 'keep one' },
          terminationGracePeriodSeconds: 30,
          runAsUser: 1000,
          filesystem: Filesystem.readOnlyRoot(),
          problems: [],
        });
      }
    }
    const env = newEnv();
    new NightlyReport(env, 'nightly-report');
    const t = mmdOf(env);
    expect(t).toContain('  workload_nightly_report["nightly-report<br/>1..1 pods"]\n');
    expect(t).toMatch(/\n {2}workload_nightly_report --> database_\w+\n/);
  });

  test('a role registered on a plain construct is drawn as its own kind (no class identity is needed)', () => {
    // What a construct made by a second copy of the library looks like here: its class is not ours, its role is.
    const env = newEnv();
    registerTopologyRole(new Construct(env, 'foreign-service'), () => ({
      role: 'service',
      serviceName: 'foreign',
      name: 'foreign',
      minReplicas: 2,
      maxReplicas: 4,
      connections: () => [{ kind: 'cache', connectionName: 'cache', host: 'redis.example.internal' }],
    }));
    registerTopologyRole(new Construct(env, 'foreign-pool'), () => ({
      role: 'pool',
      name: 'foreign-agents',
      minReplicas: 0,
      maxReplicas: 3,
      connections: () => [{ kind: 'broker', connectionName: 'mq', host: 'mq.example.internal' }],
    }));
    const t = mmdOf(env);
    expect(t).toContain('  svc_foreign["foreign<br/>2..4 pods"]\n');
    expect(t).toContain('  pool_foreign_agents[["foreign-agents<br/>agents 0..3"]]\n');
    // Each one's line goes to its own store only.
    expect(t).toContain('\n  svc_foreign --> cache_redis_example_internal_cache\n');
    expect(t).toContain('\n  pool_foreign_agents --> broker_mq_example_internal_mq\n');
    expect(t).not.toContain('svc_foreign --> broker_');
    expect(t).not.toContain('pool_foreign_agents --> cache_');
  });

  test("a blue-green pair is one box holding its colours and its agent pools; each pool's line goes to its own store", () => {
    const env = newEnv();
    const resources = { cpu: { request: '250m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } };
    new BlueGreenPair(env, 'capture', {
      active: 'blue',
      blue: { image: IMAGE, agentImage: AGENT_IMAGE, version: '10.0.2409.1', schemaVersion: 41 },
      green: {
        image: IMAGE.replace('10.0.2409.1-abc1234', '10.0.2412.0-def5678'),
        agentImage: AGENT_IMAGE.replace('10.0.2409.1-abc1234', '10.0.2412.0-def5678'),
        version: '10.0.2412.0',
        schemaVersion: 42,
        oldestSchemaVersion: 41,
      },
      apis: ['createOrder'],
      service: { resources, connections: [TEST_DB] },
      smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'smoke-user' } },
      agents: { mode: 'active-only', pools: { release: { servers: ['ReleaseOrderServer'], resources, connections: [TEST_DB] } } },
    });
    const t = topologyOf(env);
    const box = t.slice(t.indexOf('subgraph pair_capture'), t.indexOf('  end', t.indexOf('subgraph pair_capture')));
    for (const inside of ['svc_capture[', 'svc_capture_blue[', 'svc_capture_green[', 'pool_release_blue[[', 'pool_release_green[['])
      expect(box).toContain(`    ${inside}`);
    expect(t.match(/subgraph /g)).toHaveLength(2); // the pair and the data stores
    for (const pool of ['pool_release_blue', 'pool_release_green'])
      expect(t).toMatch(new RegExp(`\\n  ${pool} --> database_db2_test_internal_OMDB\\n`));
  });

  test('a construct without a role is not drawn', () => {
    const env = newEnv();
    new Construct(env, 'plain');
    expect(topologyRoleOf(new Construct(env, 'other'))).toBeUndefined();
    expect(mmdOf(env)).toBe(mmdOf(newEnv()));
  });
});
