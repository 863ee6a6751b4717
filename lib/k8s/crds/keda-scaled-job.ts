import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem, KindsOf, checkNewConstruct, dns1123SubdomainViolation, propKindProblems, throwIfProblems } from '../../core';
import { k8s } from '../primitives/kube';

/** A KEDA trigger as it appears in a ScaledJob or ScaledObject. */
export interface KedaTrigger {
  readonly type: string;
  readonly name?: string;
  readonly metadata: Record<string, string>;
  readonly authenticationRef?: { readonly name: string };
}

/** The parts of a KEDA `ScaledJob` spec this library uses. */
export interface ScaledJobProps {
  readonly metadata: k8s.ObjectMeta;
  /** The Job each trigger activation starts, read at synthesis. */
  readonly jobSpec: () => k8s.JobSpec;
  readonly pollingInterval: number;
  readonly maxReplicaCount: number;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly triggers: readonly KedaTrigger[];
}

const SCALED_JOB_KINDS = {
  metadata: 'object',
  pollingInterval: 'number',
  maxReplicaCount: 'number',
  successfulJobsHistoryLimit: 'number',
  failedJobsHistoryLimit: 'number',
  triggers: 'object[]',
} satisfies Omit<KindsOf<ScaledJobProps>, 'jobSpec'>;

/** Every problem with a ScaledJob's props: kinds first (reported alone), then the rules. */
export function validateScaledJobProps(props: ScaledJobProps): Problem[] {
  const kinds = propKindProblems('ScaledJobProps', props, SCALED_JOB_KINDS, Object.keys(SCALED_JOB_KINDS));
  if (typeof props?.jobSpec !== 'function')
    kinds.push({
      property: 'jobSpec',
      rule: 'must be a function that returns the JobSpec',
      value: props?.jobSpec,
      fix: 'pass () => jobSpec',
    });
  if (kinds.length > 0) return kinds;
  const problems: Problem[] = [];
  const name = props.metadata.name;
  if (name !== undefined) {
    const rule = dns1123SubdomainViolation(name);
    if (rule) problems.push({ property: 'metadata.name', rule, value: name, fix: 'use lower-case letters, digits, "-" and "."' });
  }
  const whole = (property: keyof ScaledJobProps, min: number, fix: string) => {
    const v = props[property] as number;
    if (!(Number.isInteger(v) && v >= min)) problems.push({ property, rule: `must be a whole number of at least ${min}`, value: v, fix });
  };
  whole('pollingInterval', 1, 'use e.g. 30 (seconds)');
  whole('maxReplicaCount', 1, 'use the most Jobs that may run at once, e.g. 10');
  whole('successfulJobsHistoryLimit', 0, 'use e.g. 3');
  whole('failedJobsHistoryLimit', 0, 'use e.g. 3');
  if (props.triggers.length === 0)
    problems.push({
      property: 'triggers',
      rule: 'must not be empty: without a trigger no Job ever starts',
      value: [],
      fix: 'give a trigger, e.g. from QueueTrigger',
    });
  props.triggers.forEach((t, i) => {
    const at = `triggers[${i}]`;
    if (typeof t.type !== 'string' || !/^[a-z][a-z0-9-]*$/.test(t.type))
      problems.push({
        property: `${at}.type`,
        rule: 'must be a KEDA scaler type',
        value: t.type,
        fix: 'use e.g. "aws-sqs-queue" or "cron"',
      });
    problems.push(...kedaMetadataProblems(`${at}.metadata`, t.metadata, 'quote numbers, e.g. { queueLength: "5" }'));
    const ref = t.authenticationRef?.name;
    if (t.authenticationRef !== undefined && dns1123SubdomainViolation(ref) !== undefined)
      problems.push({
        property: `${at}.authenticationRef.name`,
        rule: dns1123SubdomainViolation(ref)!,
        value: ref,
        fix: 'give the name of the TriggerAuthentication',
      });
  });
  return problems;
}

/** The problem with KEDA trigger metadata that is not a map of strings to strings, if it is not. */
export function kedaMetadataProblems(property: string, metadata: unknown, fix: string): Problem[] {
  return metadata === null || typeof metadata !== 'object' || Object.values(metadata).some((v) => typeof v !== 'string')
    ? [{ property, rule: 'must be a map of strings to strings (KEDA reads every value as a string)', value: metadata, fix }]
    : [];
}

/**
 * KEDA `ScaledJob` (keda.sh/v1alpha1). Written by hand rather than generated:
 * the generated class re-declares the whole pod spec (almost 900 KB of code)
 * while the job template here is the typed Kubernetes `JobSpec` we already use.
 * The test suite validates every instance against the shared CRD schema.
 */
export class KedaScaledJob extends ApiObject {
  constructor(scope: Construct, id: string, props: ScaledJobProps) {
    throwIfProblems(checkNewConstruct(scope, id, props), validateScaledJobProps(props));
    super(scope, id, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: props.metadata,
      spec: {
        jobTargetRef: Lazy.any({ produce: () => k8s.toJson_JobSpec(props.jobSpec()) }),
        pollingInterval: props.pollingInterval,
        maxReplicaCount: props.maxReplicaCount,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit,
        triggers: props.triggers,
      },
    });
  }
}
