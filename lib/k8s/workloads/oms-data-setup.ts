import { OMS_DATA_SETUP_PROP_KINDS, validateDataSetupMediator } from './validate-oms-server-props';
import { Construct } from 'constructs';
import {
  EgressRule,
  Problem,
  configMapKeyViolation,
  dataSetupStart,
  problemIf,
  joinName,
  stableHash,
  toDns1123Label,
  validateEgress,
  checkPropKinds,
  childPath,
} from '../../core';
import { k8s } from '../primitives/kube';
import { MEDIATOR_MOUNT, WaitCondition } from '../primitives/wait-condition';
import { OMS_AGENT_UID, OmsServerProps, omsRolePreset, applyCheckedOmsRuntime, validateOmsServerSettings } from './oms-runtime';
import { Workload, WorkloadPreset } from './workload';

/**
 * How data setup treats the database: a new one gets schema and factory data (`create`), one at an
 * older version is upgraded (`upgrade`), one set up before this environment managed it only gets its
 * marker (`adopt`).
 */
export type DataSetupMode = 'create' | 'upgrade' | 'fix-pack' | 'adopt';

/** Properties of an {@link OmsDataSetup}. */
export interface OmsDataSetupProps extends Omit<
  OmsServerProps,
  'minReplicas' | 'maxReplicas' | 'targetCpuUtilization' | 'jmsBindings' | 'propertyOverrides'
> {
  /** `create` (an empty database: schema and factory data), `upgrade` (every version after) or `adopt` (marker only). */
  readonly mode: DataSetupMode;
  /**
   * The marker an upgrade requires (the version the database is upgraded from): without it the Job refuses.
   * @default none (any database whose own marker is not set)
   */
  readonly requiresMarker?: string;
  /** The release being set up; the Job and the completion marker carry it. */
  readonly release: string;
  /** The mediator ConfigMap the completion marker is written to (see {@link OmsDataSetup.mediatorFor}). */
  readonly mediator: string;
  /** The last fix pack the database was set up with (the fix-pack factory step starts after it). @default 0 */
  readonly fromFixPack?: number;
  /** How the Job reaches the Kubernetes API to write the marker (the API server's addresses, port 443 or 6443). */
  readonly kubernetesApi: readonly EgressRule[];
  /** Longest the Job may run. @default 7200 */
  readonly deadlineSeconds?: number;
}

const RELEASE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function setupPreset(scope: Construct, id: string, props: OmsDataSetupProps): WorkloadPreset {
  Workload.environmentOf(scope, id, props);
  checkPropKinds(childPath(scope.node.path, id), 'OmsDataSetupProps', props, OMS_DATA_SETUP_PROP_KINDS);
  const problems: Problem[] = [
    ...validateOmsServerSettings(props, 'data-setup'),
    ...validateEgress('kubernetesApi', props.kubernetesApi),
    ...validateDataSetupMediator(props.mediator),
  ];
  if (!['create', 'upgrade', 'fix-pack', 'adopt'].includes(props.mode))
    problems.push({
      property: 'mode',
      rule: 'must be "create", "upgrade", "fix-pack" or "adopt"',
      value: props.mode,
      fix: 'use "create" for an empty database, "upgrade" for one at an older version, "adopt" for one set up before',
    });
  if (typeof props.release !== 'string' || !RELEASE.test(props.release))
    problems.push({
      property: 'release',
      rule: 'must be a release name (letters, digits, ".", "_" and "-", at most 63)',
      value: props.release,
      fix: 'use e.g. "10.0.2409.1-4f2a9c1"',
    });
  if (!props.kubernetesApi || props.kubernetesApi.length === 0)
    problems.push({
      property: 'kubernetesApi',
      rule: 'must say how the Job reaches the Kubernetes API (it writes the completion marker)',
      value: props.kubernetesApi,
      fix: "add the API server's addresses, e.g. { cidr: '10.20.0.0/18', ports: [443] }",
    });
  const fp = props.fromFixPack;
  if (fp !== undefined && (!Number.isInteger(fp) || fp < 0))
    problems.push({
      property: 'fromFixPack',
      rule: 'must be a whole number of at least 0',
      value: fp,
      fix: 'give the last fix pack installed, or 0',
    });
  // Rendered as the Job's activeDeadlineSeconds, which the API server takes only above 0.
  const deadline = props.deadlineSeconds;
  if (deadline !== undefined && (!Number.isInteger(deadline) || deadline < 1))
    problems.push({
      property: 'deadlineSeconds',
      rule: 'must be a whole number of seconds of at least 1 (the Job is stopped after it)',
      value: deadline,
      fix: 'use e.g. 7200 (the default)',
    });
  // The key of the mediator ConfigMap the setup waits for first.
  if (props.requiresMarker !== undefined)
    problems.push(
      ...problemIf(
        'requiresMarker',
        props.requiresMarker,
        configMapKeyViolation(props.requiresMarker),
        'use OmsDataSetup.markerKey(release)',
      ),
    );
  return {
    component: 'data-setup',
    replicas: { min: 1, max: 1 },
    minReplicasFloor: { value: 1, fix: 'data setup runs one pod' },
    terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 60,
    ...omsRolePreset(OMS_AGENT_UID),
    mountServiceAccountToken: true,
    problems,
  };
}

/**
 * IBM's data setup as a Job on `om-agent` with `DATASETUP=true`:
 * `init.runtime.sh create` (schema and factory data) or `upgrade`, then the
 * fix-pack factory step, then the completion marker, written with kubectl
 * (shipped in `om-agent`) into the mediator ConfigMap through a Role that may
 * only patch that one ConfigMap. App and agent pods wait for the marker with
 * {@link gate}, on their own images: no database client of any vendor.
 */
export class OmsDataSetup extends Workload {
  /** The mediator ConfigMap name of an environment composition. */
  public static mediatorFor(owner: string): string {
    return joinName([owner, 'mediator']);
  }

  /** The marker key data setup writes for a release. */
  public static markerKey(release: string): string {
    return `datasetup.${release}.complete`;
  }

  /** The Job. */
  public readonly job: k8s.KubeJob;
  /** What app and agent pods of this release wait for. */
  public readonly gate: WaitCondition;

  constructor(scope: Construct, id: string, props: OmsDataSetupProps) {
    super(scope, id, props, setupPreset(scope, id, props));
    applyCheckedOmsRuntime(this, 'data-setup', { ...props, propertyOverrides: undefined });
    const marker = OmsDataSetup.markerKey(props.release);
    const start = dataSetupStart({
      mode: props.mode,
      fromFixPack: props.fromFixPack ?? 0,
      mediator: props.mediator,
      markerKey: marker,
      requiresKey: props.requiresMarker,
      mediatorMount: MEDIATOR_MOUNT,
    });
    // The Job reads the markers before it runs anything (a rerun is a no-op).
    this.addVolume({ name: 'mediator', configMap: { name: props.mediator, optional: true } });
    this.addVolumeMount({ name: 'mediator', mountPath: MEDIATOR_MOUNT, readOnly: true });
    this.containers.push({
      name: 'data-setup',
      command: props.command ?? start.command,
      args: props.command ? props.args : (props.args ?? start.args),
      workingDir: '/opt/ssfs/runtime/',
    });
    this.addEgress(...props.kubernetesApi);
    this.gate = WaitCondition.dataSetupComplete({ mediator: props.mediator, markerKey: marker });

    // The Job spec is immutable: its name carries the release and a hash of what it runs.
    const name = joinName([
      id,
      toDns1123Label(props.release, { maxLength: 30 }),
      stableHash(JSON.stringify([props.image, start.args, props.command, props.args]), 6),
    ]);
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: this.metadata(name),
      spec: {
        backoffLimit: 1,
        activeDeadlineSeconds: props.deadlineSeconds ?? 7200,
        ttlSecondsAfterFinished: 86400,
        template: this.podTemplate('Never'),
      },
    });
    const role = joinName([id, 'marker']);
    new k8s.KubeRole(this, 'marker-role', {
      metadata: this.metadata(role),
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [props.mediator], verbs: ['get', 'patch'] }],
    });
    new k8s.KubeRoleBinding(this, 'marker-binding', {
      metadata: this.metadata(role),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: [{ kind: 'ServiceAccount', name: this.name }],
    });
  }

  /** One pod, once. */
  protected override peakPods(): number {
    return 1;
  }
}
