import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressRule, Platform, adoptionStart, joinName, standardLabels } from '../core';
import { k8s } from '../k8s/primitives/kube';
import { egressEntries } from '../k8s/primitives/network-rules';
import { oneShotJob } from '../k8s/primitives/one-shot-job';
import { assignPhase } from '../k8s/primitives/phase';

/** What the adoption of a database needs. */
export interface DataAdoptionInput {
  readonly environment: string;
  readonly platform: Platform;
  /** An image with a shell and kubectl (IBM's `om-agent` has both). */
  readonly image: string;
  /** The mediator ConfigMap the marker goes to. */
  readonly mediator: string;
  /** The marker of the release the database holds. */
  readonly markerKey: string;
  /** How the Job reaches the Kubernetes API. */
  readonly kubernetesApi: readonly EgressRule[];
  readonly imagePullSecrets?: readonly string[];
  /** Creates the mediator ConfigMap in the phase's scope (first, so it exists before the Job). */
  readonly createMediator: (scope: Construct) => void;
}

/** Where the adoption Job sees the mediator's markers. */
const MEDIATOR_PATH = '/mediator';

/**
 * The `adopt` phase (`phases/adopt/`, run on purpose with `apply <env> --phase adopt`, never synced by
 * a GitOps engine, never pruned): the environment's mediator ConfigMap (created by this phase, so it
 * exists before the environment's first apply) and a Job that writes the marker of the release the
 * database holds, through a Role that may only read and patch that ConfigMap. The Job runs no data
 * setup and never connects to the database.
 */
export function dataAdoption(scope: Construct, id: string, input: DataAdoptionInput): void {
  const phase = new Construct(scope, id);
  assignPhase(phase, 'adopt');
  input.createMediator(phase);
  const name = joinName([input.environment, 'data-adopt']);
  const labels = standardLabels({ name: 'data-adopt', environment: input.environment, component: 'data-setup' });
  new k8s.KubeServiceAccount(phase, 'account', { metadata: { name, labels }, automountServiceAccountToken: false });
  new k8s.KubeRole(phase, 'role', {
    metadata: { name, labels },
    rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [input.mediator], verbs: ['get', 'patch'] }],
  });
  new k8s.KubeRoleBinding(phase, 'binding', {
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: input.environment }],
  });
  const start = adoptionStart({ mediator: input.mediator, markerKey: input.markerKey, mediatorMount: MEDIATOR_PATH });
  const { job } = oneShotJob(phase, 'job', {
    name,
    labels,
    platform: input.platform,
    // The names and the marker are arguments, never part of the script text.
    // kubectl keeps its cache under $HOME: the Job's writable /tmp.
    steps: [
      {
        name: 'adopt',
        image: input.image,
        command: [...start.command, ...start.args],
        env: { HOME: '/tmp' },
        mounts: { mediator: MEDIATOR_PATH },
      },
    ],
    configMaps: { mediator: input.mediator },
    deadlineSeconds: 600,
    egress: egressEntries(input.kubernetesApi),
    serviceAccountName: name,
  });
  // kubectl needs the account's token; only this Job's pods get it.
  job.addJsonPatch(JsonPatch.replace('/spec/template/spec/automountServiceAccountToken', true));
  if (input.imagePullSecrets !== undefined && input.imagePullSecrets.length > 0)
    job.addJsonPatch(
      JsonPatch.add(
        '/spec/template/spec/imagePullSecrets',
        input.imagePullSecrets.map((n) => ({ name: n })),
      ),
    );
}
