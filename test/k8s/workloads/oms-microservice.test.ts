import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { manifestsOf, newEnv, only, serviceProps } from '../../support/fixtures';

describe('OmsMicroservice: the OMS preset of Microservice', () => {
  const env = newEnv();
  new OmsMicroservice(env, 'reserve', serviceProps({ apis: ['getATP'], propertyOverrides: { 'yfs.b': '2', 'yfs.a': '1' } }));
  const manifests = manifestsOf(env);
  const deployment = only(manifests, 'Deployment', 'reserve');
  const container = deployment.spec.template.spec.containers[0];

  test("app-server role of OMS, on Liberty's port, with a 15-minute start allowance", () => {
    expect(deployment.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'app-server', 'app.kubernetes.io/part-of': 'oms' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9080, protocol: 'TCP' }]);
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBe(900);
  });

  test('customer overrides are a file of the ConfigMap, sorted', () => {
    expect(only(manifests, 'ConfigMap', 'reserve-config').data['customer_overrides.properties']).toBe('yfs.a=1\nyfs.b=2\n');
  });
});

describe('OmsMicroservice validation', () => {
  test.each([
    [{ apis: ['getATP', 'getATP'] }, 'apis must not list an API twice (received "getATP"). Fix: remove the second "getATP"'],
    [
      { apis: ['get ATP'] },
      'apis must be OMS API names (a letter, then letters, digits or "_") (received "get ATP"). Fix: use the API name as in /smcfs/restapi/invoke/<apiName>, e.g. "getOrderList"',
    ],
    [
      { propertyOverrides: { 'yfs.db.password': 'hunter2' } },
      'propertyOverrides["yfs.db.password"] must not carry a credential (it would be written to a ConfigMap in plain text) (received "<redacted>"). Fix: pass credentials by reference: a Secret mounted or referenced through the secretEnv property',
    ],
  ])('%j', (overrides, expected) => {
    expect(() => new OmsMicroservice(newEnv(), 'svc', { ...serviceProps(), ...overrides } as any)).toThrow(
      `test-env/svc: invalid configuration\n  - ${expected}`,
    );
  });

  test('two services claiming the same API fail, naming both', () => {
    const env = newEnv();
    new OmsMicroservice(env, 'first', serviceProps({ apis: ['getATP'] }));
    expect(() => new OmsMicroservice(env, 'second', serviceProps({ apis: ['getATP'] }))).toThrow(
      'test-env/second: invalid configuration\n  - apis must not list an API another service owns: test-env/first already serves it (received "getATP"). Fix: remove "getATP" from one of test-env/first and test-env/second',
    );
  });
});
