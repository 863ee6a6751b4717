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
  expect(t).toContain('svc_order_capture --> svc_order_capture_blue');
  expect(t).toContain('queue_OMS_SCHEDULE_ORDER>"OMS.SCHEDULE.ORDER"] -.-> pool_schedule_order');
  expect(t).toContain('db_uat_eks_aws[("PostgreSQL<br/>db.uat-eks.oms.internal")]');
});

test('in-cluster data stores and Argo Rollouts appear too', () => {
  expect(topology('test-full')).toContain('sts_oms_db[("oms-db<br/>in-cluster")]');
  expect(topology('uat-openshift')).toContain('Argo Rollout<br/>preview: order-capture-preview');
});
