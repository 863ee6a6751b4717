import { Construct } from 'constructs';
import { Microservice, OmsMicroservice, OmsServerProps, Problem } from '../../../lib';
import { formatProblem } from '../../../lib/core';
import { applyOmsRuntime, validateOmsServerSettings } from '../../../lib/k8s/workloads/oms-runtime';
import { AGENT_IMAGE, IMAGE, newEnv, omsProps, serviceProps } from '../../support/fixtures';

const lines = (problems: readonly Problem[]) => problems.map(formatProblem);
/** Server props as a user writes them; only the fields each case is about. */
const server = (p: Record<string, unknown>) => p as unknown as OmsServerProps;

describe('validateOmsServerSettings', () => {
  test.each([
    [
      'no props and an unknown role',
      [undefined, 'app'],
      [
        'role must be one of app-server, agent, health-monitor, data-setup (received "app"). Fix: pass the role the workload runs',
        "props is required (received undefined). Fix: pass the workload's OmsServerProps",
      ],
    ],
    [
      'the app Secret given as its name',
      [{ image: AGENT_IMAGE, appSecret: 'oms-app-secret' }, 'agent'],
      ['appSecret must be an object (received "oms-app-secret"). Fix: pass an object, as OmsServerProps declares'],
    ],
    [
      'a numeric Secret key',
      [{ image: AGENT_IMAGE, appSecret: { secretName: 'oms-app-secret', trustStorePasswordKey: 1 } }, 'agent'],
      ['appSecret.trustStorePasswordKey must be a string (received 1). Fix: pass a string, as OmsServerProps declares'],
    ],
    [
      'names Kubernetes refuses for the Secret, a key and the JMS bindings',
      [{ image: AGENT_IMAGE, appSecret: { secretName: 'OMS_App', tlsKeyStorePasswordKey: '..' }, jmsBindings: 'jms bindings' }, 'agent'],
      [
        'appSecret.secretName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "OMS_App"). Fix: name the Secret as it is in the namespace, e.g. "oms-app-secret"',
        'appSecret.tlsKeyStorePasswordKey must be a ConfigMap key: 1 to 253 letters, digits, "-", "_" and ".", not "." or ".." (received ".."). Fix: use the key as it is in the Secret, or leave it out',
        'jmsBindings must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "jms bindings"). Fix: name the ConfigMap with the .bindings file, e.g. "oms-jms-bindings"',
      ],
    ],
    [
      'an app Secret without its name',
      [{ image: AGENT_IMAGE, appSecret: {} }, 'agent'],
      [
        'appSecret.secretName must be a non-empty name (received undefined). Fix: name the Secret as it is in the namespace, e.g. "oms-app-secret"',
      ],
    ],
    [
      'the app image for an agent',
      [{ image: IMAGE }, 'agent'],
      [
        'image must be an om-agent image: IBM\'s agent runs on om-agent, and the om-app image has no agent start scripts (received "registry.example.com/oms/om-app:10.0.2409.1-abc1234"). Fix: use the om-agent image of the same release',
      ],
    ],
  ])('%s', (_name, [props, role], messages) =>
    expect(lines(validateOmsServerSettings(props as OmsServerProps, role as 'agent'))).toEqual(messages),
  );

  test('valid settings have no problems', () =>
    expect(
      validateOmsServerSettings(
        server({ image: AGENT_IMAGE, appSecret: { secretName: 'oms-app-secret' }, jmsBindings: 'oms-jms' }),
        'agent',
      ),
    ).toEqual([]));
});

describe('applyOmsRuntime', () => {
  test.each([
    [
      'a construct that is no workload',
      () => {
        const env = newEnv();
        applyOmsRuntime(new Construct(env, 'plain') as any, 'agent', server({ image: AGENT_IMAGE }));
      },
      'applyOmsRuntime: invalid configuration\n  - workload must be a Workload (an OmsMicroservice, AgentPool or other workload of the library) (received "test-env/plain"). Fix: pass the workload the OMS runtime is for',
    ],
    [
      'no workload and no role',
      () => applyOmsRuntime(undefined as any, undefined as any, server({ image: AGENT_IMAGE })),
      'applyOmsRuntime: invalid configuration\n  - workload must be a Workload (an OmsMicroservice, AgentPool or other workload of the library) (received undefined). Fix: pass the workload the OMS runtime is for\n  - role must be one of app-server, agent, health-monitor, data-setup (received undefined). Fix: pass the role the workload runs',
    ],
    [
      'a JMS bindings name Kubernetes refuses',
      () => {
        const env = newEnv();
        applyOmsRuntime(new Microservice(env, 'svc', serviceProps()), 'app-server', server({ image: IMAGE, jmsBindings: 'JMS' }));
      },
      'test-env/svc: invalid configuration\n  - jmsBindings must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "JMS"). Fix: name the ConfigMap with the .bindings file, e.g. "oms-jms-bindings"',
    ],
  ])('%s', (_name, run, message) => expect(run).toThrow(new Error(message)));

  test('an OMS app server refuses a bad app Secret at construction, naming the prop the user wrote', () => {
    const env = newEnv();
    expect(() => new OmsMicroservice(env, 'api', omsProps({ appSecret: { secretName: 'OMS' } }))).toThrow(
      new Error(
        'test-env/api: invalid configuration\n  - appSecret.secretName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "OMS"). Fix: name the Secret as it is in the namespace, e.g. "oms-app-secret"',
      ),
    );
  });
});
