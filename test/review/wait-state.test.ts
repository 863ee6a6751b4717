import { waitState } from '../../lib/review/wait-state';

const cond = (type: string, status: string, reason?: string, message?: string) => ({ type, status, reason, message });

test.each([
  ['Job', { status: { conditions: [cond('Complete', 'True')] } }, { state: 'done' }],
  ['Job', { status: { active: 1 } }, { state: 'pending', why: '1 active, 0 succeeded, 0 failed' }],
  [
    'Job',
    { status: { conditions: [cond('Failed', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline')] } },
    { state: 'failed', why: 'the Job failed: DeadlineExceeded: Job was active longer than specified deadline' },
  ],
  [
    'Deployment',
    { metadata: { generation: 3 }, status: { observedGeneration: 2 } },
    { state: 'pending', why: 'the new generation is not observed yet' },
  ],
  [
    'Deployment',
    {
      metadata: { generation: 1 },
      spec: { replicas: 3 },
      status: { observedGeneration: 1, replicas: 4, updatedReplicas: 3, availableReplicas: 3 },
    },
    { state: 'pending', why: 'old replicas are still terminating' },
  ],
  [
    'Deployment',
    {
      metadata: { generation: 1 },
      spec: { replicas: 3 },
      status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
    },
    { state: 'done' },
  ],
  [
    'StatefulSet',
    {
      metadata: { generation: 1 },
      spec: { replicas: 1 },
      status: { observedGeneration: 1, readyReplicas: 1, currentRevision: 'a', updateRevision: 'b' },
    },
    { state: 'pending', why: 'pods are being updated to the new revision' },
  ],
  [
    'StatefulSet',
    {
      metadata: { generation: 1 },
      spec: { replicas: 1 },
      status: { observedGeneration: 1, readyReplicas: 1, currentRevision: 'b', updateRevision: 'b' },
    },
    { state: 'done' },
  ],
  ['Rollout', { status: { phase: 'Progressing' } }, { state: 'pending', why: 'phase Progressing' }],
  ['Rollout', { status: { phase: 'Paused' } }, { state: 'done' }],
  [
    'Rollout',
    { status: { phase: 'Degraded', message: 'ProgressDeadlineExceeded: ReplicaSet "a" has timed out progressing.' } },
    { state: 'failed', why: 'the Rollout is Degraded: ProgressDeadlineExceeded: ReplicaSet "a" has timed out progressing.' },
  ],
  [
    'ExternalSecret',
    { status: { conditions: [cond('Ready', 'False', 'SecretSyncedError', 'could not get secret data from provider')] } },
    { state: 'pending', why: 'SecretSyncedError: could not get secret data from provider' },
  ],
  ['ExternalSecret', { status: { conditions: [cond('Ready', 'True')] } }, { state: 'done' }],
] as const)('%s %j is %j', (kind, object, state) => {
  expect(waitState(kind, object as Record<string, any>)).toEqual(state);
});
