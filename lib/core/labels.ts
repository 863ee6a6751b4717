import { memoizedByString } from './memo';

/** The value written to `app.kubernetes.io/managed-by` on every object. */
export const MANAGED_BY = 'oms-platform-constructs';
/** The value written to `app.kubernetes.io/part-of` unless told otherwise. */
export const DEFAULT_PART_OF = 'oms';
/** Label naming the environment an object belongs to; the prune selector of an environment. */
export const ENVIRONMENT_LABEL = 'oms.platform/environment';
/** Annotation on a branch environment's Namespace naming its branch: the branch sweeper tears it down once the branch is gone. */
export const BRANCH_ANNOTATION = 'oms.platform/branch';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The rule a label value breaks (at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends), if any. */
export function labelValueViolation(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty label value';
  if (value.length > 63) return `must be a label value of at most 63 characters (has ${value.length})`;
  return LABEL_VALUE.test(value)
    ? undefined
    : 'must be a label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** The rule a label key breaks (an optional DNS prefix and "/", then a name of at most 63 characters), if any. */
export function labelKeyViolation(key: unknown): string | undefined {
  return typeof key === 'string' && LABEL_KEY.test(key) && (key.split('/')[0]?.length ?? 0) <= 253
    ? undefined
    : 'must be a label key: an optional DNS prefix and "/", then letters, digits, "-", "_" and "." (at most 63), starting and ending with a letter or digit';
}

/** Inputs of the standard `app.kubernetes.io/*` labels. */
export interface StandardLabelInput {
  /** The application, e.g. the microservice name. */
  readonly name: string;
  /** The environment the object belongs to; also written to {@link ENVIRONMENT_LABEL}. */
  readonly environment: string;
  /** The role within the architecture, e.g. `app-server` or `agent`. */
  readonly component: string;
  /** The release or image version, when known. */
  readonly version?: string;
  /** The larger application this is part of. @default 'oms' */
  readonly partOf?: string;
}

/**
 * Turns any string into a valid label value (at most 63 characters of
 * letters, digits, "-", "_" and ".", alphanumeric at both ends).
 */
export function toLabelValue(raw: string): string {
  return labelValueOf(raw);
}

// A pure function of the string, asked for the image version of every workload: remembered per string.
const labelValueOf = memoizedByString((raw: string) => {
  const cleaned = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return LABEL_VALUE.test(cleaned) ? cleaned : '';
});

/**
 * The labels that identify the pods of one workload. They never change over
 * the workload's life (a selector is immutable), so the version is not part of them.
 */
export function selectorLabels(input: Pick<StandardLabelInput, 'name' | 'environment'>): Record<string, string> {
  return {
    'app.kubernetes.io/name': input.name,
    'app.kubernetes.io/instance': `${input.environment}-${input.name}`.slice(0, 63).replace(/-+$/, ''),
  };
}

/** The standard `app.kubernetes.io/*` labels plus the environment label. */
export function standardLabels(input: StandardLabelInput): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(input),
    'app.kubernetes.io/component': input.component,
    'app.kubernetes.io/part-of': input.partOf ?? DEFAULT_PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [ENVIRONMENT_LABEL]: input.environment,
  };
  const version = input.version === undefined ? '' : toLabelValue(input.version);
  if (version.length > 0) labels['app.kubernetes.io/version'] = version;
  return labels;
}

/** The labels every object of an environment carries (its prune selector); `partOf` is the estate's product. */
export function environmentLabels(environment: string, partOf: string = DEFAULT_PART_OF): Record<string, string> {
  return {
    'app.kubernetes.io/part-of': partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [ENVIRONMENT_LABEL]: environment,
  };
}
