import { AgentPool } from '../../../lib/k8s/workloads/agent-pool';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { OmsDataSetup } from '../../../lib/k8s/workloads/oms-data-setup';
import { OmsHealthMonitor } from '../../../lib/k8s/workloads/oms-health-monitor';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { AGENT_IMAGE, SMALL_RESOURCES, TEST_DB, dataSetupProps, manifestsOf, newEnv, omsProps, serviceProps } from '../../support/fixtures';

// Every OMS role binds its database the way IBM's images read it (dbuser and dbpassword from the credentials
// Secret; the rest is in the server's own configuration), through the strategy its preset carries
// (omsRolePreset's bindConnection); a plain service gets the connection's own variables.
const resources = SMALL_RESOURCES;
const variants: [string, (env: ReturnType<typeof newEnv>) => unknown][] = [
  ['OmsMicroservice', (env) => new OmsMicroservice(env, 'server', omsProps({ connections: [TEST_DB] }))],
  [
    'AgentPool',
    (env) => new AgentPool(env, 'server', { image: AGENT_IMAGE, servers: ['ScheduleOrderServer'], connections: [TEST_DB], resources }),
  ],
  ['OmsHealthMonitor', (env) => new OmsHealthMonitor(env, 'server', { image: AGENT_IMAGE, connections: [TEST_DB], resources })],
  ['OmsDataSetup', (env) => new OmsDataSetup(env, 'server', dataSetupProps())],
];

/** The variables of the server's first container. */
function serverEnv(build: (env: ReturnType<typeof newEnv>) => unknown): { name: string; valueFrom?: any }[] {
  const env = newEnv();
  build(env);
  const pod = manifestsOf(env).find(
    (m) => ['Deployment', 'Job'].includes(m.kind) && m.metadata.labels['app.kubernetes.io/name'] === 'server',
  )!;
  return pod.spec.template.spec.containers[0].env ?? [];
}

test.each(variants)('%s binds its database as IBM’s dbuser and dbpassword', (_name, build) => {
  const env = serverEnv(build);
  expect(env.filter((v) => v.name === 'dbuser' || v.name === 'dbpassword')).toEqual([
    { name: 'dbuser', valueFrom: { secretKeyRef: { name: 'oms-db', key: 'username' } } },
    { name: 'dbpassword', valueFrom: { secretKeyRef: { name: 'oms-db', key: 'password' } } },
  ]);
});

test('a plain service gets the connection’s own variables, not IBM’s', () => {
  const names = serverEnv((env) => new Microservice(env, 'server', serviceProps({ connections: [TEST_DB] }))).map((v) => v.name);
  expect(names).not.toContain('dbuser');
  expect(names.length).toBeGreaterThan(0);
});
