import { WaitKind } from './apply-plan';

/** Where a waited-for object stands. */
export type WaitState =
  { readonly state: 'done' } | { readonly state: 'pending'; readonly why: string } | { readonly state: 'failed'; readonly why: string };

const condition = (o: Record<string, any>, type: string) =>
  ((o.status?.conditions ?? []) as Record<string, any>[]).find((c) => c.type === type);
const pending = (why: string): WaitState => ({ state: 'pending', why });
const failed = (why: string): WaitState => ({ state: 'failed', why });
const DONE: WaitState = { state: 'done' };

/** The resource name kubectl uses for a waited-for kind. */
export const WAIT_RESOURCE: Record<WaitKind, string> = {
  Deployment: 'deployment.apps',
  StatefulSet: 'statefulset.apps',
  Rollout: 'rollout.argoproj.io',
  Job: 'job.batch',
  ExternalSecret: 'externalsecret.external-secrets.io',
};

/**
 * Whether an object (as `kubectl get -o json` returns it) is done, still in progress, or failed.
 * The Deployment and StatefulSet rules follow `kubectl rollout status`; a Job is failed as soon as
 * its Failed condition is set, not when its deadline ends.
 */
export function waitState(kind: WaitKind, o: Record<string, any>): WaitState {
  const status = o.status ?? {};
  const observed = (status.observedGeneration ?? 0) >= (o.metadata?.generation ?? 0);
  switch (kind) {
    case 'Job': {
      if (condition(o, 'Complete')?.status === 'True') return DONE;
      const f = condition(o, 'Failed');
      if (f?.status === 'True') return failed(`the Job failed: ${f.reason ?? 'Failed'}${f.message ? `: ${f.message}` : ''}`);
      return pending(`${status.active ?? 0} active, ${status.succeeded ?? 0} succeeded, ${status.failed ?? 0} failed`);
    }
    case 'Deployment': {
      const p = condition(o, 'Progressing');
      if (p?.reason === 'ProgressDeadlineExceeded') return failed(`the rollout exceeded its progress deadline: ${p.message ?? ''}`.trim());
      if (!observed) return pending('the new generation is not observed yet');
      const want = o.spec?.replicas ?? 1;
      if ((status.updatedReplicas ?? 0) < want) return pending(`${status.updatedReplicas ?? 0} of ${want} replicas updated`);
      if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return pending('old replicas are still terminating');
      if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0))
        return pending(`${status.availableReplicas ?? 0} of ${status.updatedReplicas} updated replicas available`);
      return DONE;
    }
    case 'StatefulSet': {
      if (!observed) return pending('the new generation is not observed yet');
      const want = o.spec?.replicas ?? 1;
      if ((status.readyReplicas ?? 0) < want) return pending(`${status.readyReplicas ?? 0} of ${want} replicas ready`);
      if (o.spec?.updateStrategy?.type !== 'OnDelete' && status.updateRevision && status.currentRevision !== status.updateRevision)
        return pending('pods are being updated to the new revision');
      return DONE;
    }
    case 'Rollout': {
      // Argo Rollouts: Healthy when done; Paused when a blue-green preview awaits promotion; Degraded on failure.
      if (status.phase === 'Healthy' || status.phase === 'Paused') return DONE;
      if (status.phase === 'Degraded') return failed(`the Rollout is Degraded: ${status.message ?? ''}`.trim());
      return pending(`phase ${status.phase ?? 'unknown'}`);
    }
    case 'ExternalSecret': {
      const r = condition(o, 'Ready');
      if (r?.status === 'True') return DONE;
      return pending(r ? `${r.reason ?? 'not ready'}: ${r.message ?? ''}`.trim() : 'not synced yet');
    }
  }
}
