/**
 * Wrongly typed props fail at construction with the construct path, the
 * property, the value, the rule and the fix (regressions: each of these
 * crashed with a TypeError, or rendered a broken object, before).
 */
import { App } from 'cdk8s';
import { AgentPool, BlueGreenPair, OmsDataSetup, OmsEnvironment, OmsMicroservice } from '../../lib';
import { validateEgress, formatProblem, parseCpuMillis } from '../../lib/core';
import { AGENT_IMAGE, IMAGE, SMALL_RESOURCES, TEST_DB, dataSetupProps, newEnv, omsProps } from '../support/fixtures';
import { messageOf } from '../support/errors';

const resources = SMALL_RESOURCES;

const pairProps = (overrides: object) => ({
  active: 'blue',
  blue: { image: IMAGE, version: '10.0.2409.1', schemaVersion: 41 },
  green: {
    image: 'registry.example.com/oms/om-app:10.0.2412.0-def5678',
    version: '10.0.2412.0',
    schemaVersion: 42,
    oldestSchemaVersion: 41,
  },
  apis: ['createOrder'],
  service: { resources, connections: [TEST_DB] },
  smokeTest: { image: 'docker.io/curlimages/curl:8.10.1', apis: ['getOrderList'], credentials: { secretName: 'smoke-user' } },
  ...overrides,
});

const setupProps = (overrides: object) => dataSetupProps(overrides);

test.each([
  [
    'OmsMicroservice apis as a number',
    () => new OmsMicroservice(newEnv(), 'oms', omsProps({ apis: 0 as any })),
    'test-env/oms: invalid configuration\n  - apis must be a list of strings (received 0). Fix: pass a list of strings, as OmsMicroserviceProps declares',
  ],
  [
    'OmsMicroservice connections as an object',
    () => new OmsMicroservice(newEnv(), 'oms', omsProps({ connections: {} as any })),
    'test-env/oms: invalid configuration\n  - connections must be a list (received {}). Fix: pass a list, as OmsMicroserviceProps declares',
  ],
  [
    'AgentPool servers as a string',
    () =>
      new AgentPool(newEnv(), 'agents', { image: AGENT_IMAGE, servers: 'ScheduleOrderServer' as any, connections: [TEST_DB], resources }),
    'test-env/agents: invalid configuration\n  - servers must be a list of strings (received "ScheduleOrderServer"). Fix: pass a list of strings, as AgentPoolProps declares',
  ],
  [
    'OmsDataSetup mediator as an object',
    () => new OmsDataSetup(newEnv(), 'setup', setupProps({ mediator: {} }) as any),
    'test-env/setup: invalid configuration\n  - mediator must be a string (received {}). Fix: pass a string, as OmsDataSetupProps declares',
  ],
  [
    'OmsDataSetup mediator that is no ConfigMap name',
    () => new OmsDataSetup(newEnv(), 'setup', setupProps({ mediator: 'OMS_Mediator' }) as any),
    'test-env/setup: invalid configuration\n  - mediator must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "OMS_Mediator"). Fix: use OmsDataSetup.mediatorFor(<owner>), e.g. "oms-mediator"',
  ],
  [
    'OmsDataSetup kubernetesApi as a string',
    () => new OmsDataSetup(newEnv(), 'setup', setupProps({ kubernetesApi: '10.20.0.0/18' }) as any),
    'test-env/setup: invalid configuration\n  - kubernetesApi must be a list of objects (received "10.20.0.0/18"). Fix: pass a list of objects, as OmsDataSetupProps declares',
  ],
  [
    'BlueGreenPair without a green release',
    () => new BlueGreenPair(newEnv(), 'capture', pairProps({ green: undefined }) as any),
    'test-env/capture: invalid configuration\n  - green is required (received undefined). Fix: give green, as BlueGreenPairProps declares',
  ],
  [
    'BlueGreenPair smoke test APIs as null',
    () =>
      new BlueGreenPair(
        newEnv(),
        'capture',
        pairProps({ smokeTest: { image: IMAGE, apis: null, credentials: { secretName: 's' } } }) as any,
      ),
    'test-env/capture: invalid configuration\n  - smokeTest.apis must be a list of strings (received null). Fix: pass a list of strings, as BlueGreenPairProps declares',
  ],
  [
    'OmsEnvironment budget as null',
    () => new OmsEnvironment(new App(), 'test-env', { stage: 'uat', platform: 'eks', budget: null as any }),
    'test-env: invalid configuration\n  - budget must be an object (received null). Fix: pass an object, as OmsEnvironmentProps declares',
  ],
  [
    'OmsEnvironment budget CPU as an object',
    () => new OmsEnvironment(new App(), 'test-env', { stage: 'uat', platform: 'eks', budget: { cpu: {} as any, memory: '1Gi' } }),
    "test-env: invalid configuration\n  - budget.cpu must be a non-negative CPU quantity (received {}). Fix: write it as e.g. '40' or '40000m'",
  ],
])('%s', (_name, build, message) => expect(messageOf(build)).toBe(message));

describe('shared parsers take any value', () => {
  test.each([
    [
      'egress as a string',
      '10.0.0.0/8',
      'egress must be a list of egress rules (received "10.0.0.0/8"). Fix: pass a list, e.g. [{ cidr: \'10.20.64.0/20\', ports: [5432] }]',
    ],
    ['a null rule', [null], "egress[0] must be an egress rule (received null). Fix: use e.g. { cidr: '10.20.64.0/20', ports: [5432] }"],
    [
      'ports as a number',
      [{ cidr: '10.0.0.0/8', ports: 5432 }],
      'egress[0].ports must be a list of port numbers (received 5432). Fix: list the ports the destination listens on, e.g. [5432]',
    ],
    [
      'pod labels as null',
      [{ podLabels: null, ports: [5432] }],
      'egress[0].podLabels must not be empty (that would allow every pod) (received null). Fix: give the labels of the destination pods',
    ],
  ])('validateEgress: %s', (_name, rules, message) => expect(validateEgress('egress', rules as any).map(formatProblem)).toEqual([message]));

  test.each([{}, [], null, true])('parseCpuMillis(%j) is undefined, not a crash', (value) =>
    expect(parseCpuMillis(value as any)).toBeUndefined(),
  );
});
