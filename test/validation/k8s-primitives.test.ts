import { Chart, Testing } from 'cdk8s';
import { ExternalSecret, ExternalSecretProps, KedaScaledJob, MessageBroker, QueueTrigger, ScaledJobProps } from '../../lib';
import { formatProblem } from '../../lib/core';
import { validateExternalSecretProps } from '../../lib/k8s/crds/external-secret';
import { validateScaledJobProps } from '../../lib/k8s/crds/keda-scaled-job';
import { messageOf } from '../support/errors';

/**
 * The Kubernetes primitives exported for direct use: each checks its props at
 * its constructor and throws one error listing every problem.
 */

const chart = () => new Chart(Testing.app(), 'env');
const err = (path: string, ...lines: string[]) => `${path}: invalid configuration\n${lines.map((l) => `  - ${l}`).join('\n')}`;

describe('KedaScaledJob', () => {
  const PROPS: ScaledJobProps = {
    metadata: { name: 'order-agent' },
    jobSpec: () => ({
      template: { spec: { containers: [{ name: 'agent', image: 'registry.example.com/agent:1.0.0' }], restartPolicy: 'Never' } },
    }),
    pollingInterval: 30,
    maxReplicaCount: 10,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    triggers: [
      { type: 'aws-sqs-queue', metadata: { queueURL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/jobs', queueLength: '5' } },
    ],
  };

  test('valid props render', () => {
    const job = new KedaScaledJob(chart(), 'scaled', PROPS);
    expect(job.toJson().spec.triggers).toEqual(PROPS.triggers);
    expect(validateScaledJobProps(PROPS)).toEqual([]);
  });

  const cases: [string, Partial<ScaledJobProps>, string[]][] = [
    [
      'no trigger, a polling interval of 0 and a negative history',
      { triggers: [], pollingInterval: 0, failedJobsHistoryLimit: -1 },
      [
        'pollingInterval must be a whole number of at least 1 (received 0). Fix: use e.g. 30 (seconds)',
        'failedJobsHistoryLimit must be a whole number of at least 0 (received -1). Fix: use e.g. 3',
        'triggers must not be empty: without a trigger no Job ever starts (received []). Fix: give a trigger, e.g. from QueueTrigger',
      ],
    ],
    [
      'a trigger with a number in its metadata, an upper-case type and an authentication with a space',
      { triggers: [{ type: 'AWS-SQS', metadata: { queueLength: 5 as never }, authenticationRef: { name: 'keda auth' } }] },
      [
        'triggers[0].type must be a KEDA scaler type (received "AWS-SQS"). Fix: use e.g. "aws-sqs-queue" or "cron"',
        'triggers[0].metadata must be a map of strings to strings (KEDA reads every value as a string) (received {"queueLength":5}). Fix: quote numbers, e.g. { queueLength: "5" }',
        'triggers[0].authenticationRef.name must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "keda auth"). Fix: give the name of the TriggerAuthentication',
      ],
    ],
    [
      'a job spec given as an object and a missing replica maximum (kinds reported alone)',
      { jobSpec: {} as never, maxReplicaCount: undefined, metadata: { name: 'Order_Agent' } },
      [
        'maxReplicaCount is required (received undefined). Fix: give maxReplicaCount, as ScaledJobProps declares',
        'jobSpec must be a function that returns the JobSpec (received {}). Fix: pass () => jobSpec',
      ],
    ],
    [
      'a name with an underscore',
      { metadata: { name: 'Order_Agent' } },
      [
        'metadata.name must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "Order_Agent"). Fix: use lower-case letters, digits, "-" and "."',
      ],
    ],
  ];
  test.each(cases)('refuses %s', (_name, overrides, lines) => {
    expect(messageOf(() => new KedaScaledJob(chart(), 'scaled', { ...PROPS, ...overrides }))).toBe(err('env/scaled', ...lines));
  });
});

describe('ExternalSecret', () => {
  const PROPS: ExternalSecretProps = {
    metadata: { name: 'oms-db' },
    store: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' },
    targetName: 'oms-db',
    data: [
      { secretKey: 'username', remoteKey: 'oms/uat-eks/database', property: 'username' },
      { secretKey: 'password', remoteKey: 'oms/uat-eks/database', property: 'password' },
    ],
  };

  test('valid props render', () => {
    const secret = new ExternalSecret(chart(), 'secret', { ...PROPS, refreshInterval: '1h30m' });
    expect(secret.toJson().spec.refreshInterval).toBe('1h30m');
    expect(validateExternalSecretProps(PROPS)).toEqual([]);
  });

  const cases: [string, Partial<ExternalSecretProps>, string[]][] = [
    [
      'a store of an unknown kind, a target with upper case and a refresh interval in words',
      { store: { name: 'aws', kind: 'VaultStore' as never }, targetName: 'OMS-DB', refreshInterval: 'hourly' },
      [
        'store.kind must be ClusterSecretStore or SecretStore (received "VaultStore"). Fix: use "ClusterSecretStore"',
        'targetName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "OMS-DB"). Fix: give the name of the Kubernetes Secret to write',
        'refreshInterval must be a duration such as "1h" or "15m" ("0" never refreshes) (received "hourly"). Fix: use e.g. "1h"',
      ],
    ],
    [
      'a key twice, a key with a slash, a remote key with a space and an empty property',
      {
        data: [
          { secretKey: 'password', remoteKey: 'oms/db' },
          { secretKey: 'password', remoteKey: 'oms db' },
          { secretKey: 'a/b', remoteKey: 'oms/db', property: '' },
        ],
      },
      [
        'data[1].secretKey must be unique: a later entry would replace the earlier one (received "password"). Fix: give each key once',
        'data[1].remoteKey must be the name of the remote secret, without spaces (received "oms db"). Fix: use e.g. "oms/uat-eks/database"',
        'data[2].secretKey must be a Secret key: 1 to 253 letters, digits, "-", "_" and ".", not "." or ".." (received "a/b"). Fix: use a key such as "password"',
        'data[2].property must be a non-empty JSON property name (received ""). Fix: leave it out for the whole value, or give e.g. "password"',
      ],
    ],
    [
      'no keys',
      { data: [] },
      ['data must not be empty: the Secret would have no keys (received []). Fix: give at least one { secretKey, remoteKey }'],
    ],
    [
      'a store given by name (kinds reported alone)',
      { store: 'aws-secrets-manager' as never },
      ['store must be an object (received "aws-secrets-manager"). Fix: pass an object, as ExternalSecretProps declares'],
    ],
  ];
  test.each(cases)('refuses %s', (_name, overrides, lines) => {
    expect(messageOf(() => new ExternalSecret(chart(), 'secret', { ...PROPS, ...overrides }))).toBe(err('env/secret', ...lines));
  });

  test('no props is an error, not a TypeError', () => {
    expect(messageOf(() => new ExternalSecret(chart(), 'secret', undefined as never))).toBe(
      err('env/secret', "props is required (received undefined). Fix: pass the construct's properties"),
    );
  });
});

describe('QueueTrigger', () => {
  const mq = MessageBroker.ibmMq({
    name: 'mq',
    adminUrl: 'https://mq.internal:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc',
    credentials: { secretName: 'mq-admin' },
    queues: ['OMS.SCHEDULE', 'OMS.RELEASE'],
    egress: [{ cidr: '10.1.0.0/24', ports: [1414, 9443] }],
  });

  test('a trigger on a queue of its broker is valid', () => {
    expect(mq.queueDepth('OMS.SCHEDULE', { target: 5 }).validate('scaling')).toEqual([]);
  });

  const cases: [string, QueueTrigger, string[]][] = [
    [
      'a queue the broker does not have, a target of 0 and a negative activation',
      mq.queueDepth('OMS.SHEDULE', { target: 0, activation: -1 }),
      [
        'scaling.queue must be one of the queues of broker "mq" (OMS.SCHEDULE, OMS.RELEASE) (received "OMS.SHEDULE"). Fix: fix the queue name, or add the queue to the broker',
        'scaling.target must be a whole number of messages of at least 1 (received 0). Fix: set the messages one replica should handle, e.g. 10',
        'scaling.activation must be a whole number of messages of at least 0 (received -1). Fix: use 0 to wake on any message',
      ],
    ],
    [
      'a password in the extra metadata',
      mq.queueDepth('OMS.SCHEDULE', { extraMetadata: { password: 'hunter2' } }),
      [
        'scaling.extraMetadata["password"] must not carry a credential or a connection string (it would be written to the ScaledObject in plain text) (received "<redacted>"). Fix: credentials come from the broker\'s Secret through the TriggerAuthentication',
      ],
    ],
    [
      'extra metadata with a number in it',
      mq.queueDepth('OMS.SCHEDULE', { extraMetadata: { unsafeSsl: false as never } }),
      [
        'scaling.extraMetadata must be a map of strings to strings (KEDA reads every value as a string) (received {"unsafeSsl":false}). Fix: quote numbers, e.g. { unsafeSsl: "false" }',
      ],
    ],
    [
      'a trigger built by hand on something that is not a broker (no TypeError)',
      new QueueTrigger({ name: 'mq' } as never, 'OMS.SCHEDULE', 10, 0, {}),
      [
        'scaling.broker must be a MessageBroker (received "an object that is not a MessageBroker"). Fix: make the trigger with broker.queueDepth(queue)',
      ],
    ],
  ];
  test.each(cases)('reports %s', (_name, trigger, lines) => {
    expect(trigger.validate('scaling').map(formatProblem)).toEqual(lines);
  });
});
