import type { KindsOf } from '../../core';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Problem,
  checkNewConstruct,
  configMapKeyViolation,
  dns1123SubdomainViolation,
  propKindProblems,
  repeatedEntries,
  throwIfProblems,
} from '../../core';
import { k8s } from '../primitives/kube';

/** One key of the Kubernetes Secret, taken from a property of a remote secret. */
export interface ExternalSecretKey {
  /** Key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** Name of the secret in the provider (e.g. Secrets Manager). */
  readonly remoteKey: string;
  /** JSON property of the remote secret. @default the whole value */
  readonly property?: string;
}

/** Properties of an {@link ExternalSecret}. */
export interface ExternalSecretProps {
  readonly metadata: k8s.ObjectMeta;
  /** The (Cluster)SecretStore to read from. */
  readonly store: { readonly name: string; readonly kind: 'ClusterSecretStore' | 'SecretStore' };
  /** The Kubernetes Secret to write. */
  readonly targetName: string;
  readonly data: readonly ExternalSecretKey[];
  /** How often the Secret is refreshed. @default '1h' */
  readonly refreshInterval?: string;
}

const EXTERNAL_SECRET_KINDS = {
  metadata: 'object',
  store: { name: 'string', kind: 'string' },
  targetName: 'string',
  data: 'object[]',
  refreshInterval: 'string',
} satisfies KindsOf<ExternalSecretProps>;

/** A Go duration as the operator parses it (e.g. "1h", "15m", "1h30m"), or "0" for never. */
const GO_DURATION = /^(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/;

/** Every problem with an ExternalSecret's props: kinds first (reported alone), then the rules. */
export function validateExternalSecretProps(props: ExternalSecretProps): Problem[] {
  const kinds = propKindProblems('ExternalSecretProps', props, EXTERNAL_SECRET_KINDS, ['metadata', 'store', 'targetName', 'data']);
  if (kinds.length > 0) return kinds;
  const problems: Problem[] = [];
  const name = (property: string, value: unknown, fix: string) => {
    const rule = dns1123SubdomainViolation(value);
    if (rule) problems.push({ property, rule, value, fix });
  };
  if (props.metadata.name !== undefined) name('metadata.name', props.metadata.name, 'use lower-case letters, digits, "-" and "."');
  name('store.name', props.store.name, 'give the name of the (Cluster)SecretStore');
  if (props.store.kind !== 'ClusterSecretStore' && props.store.kind !== 'SecretStore')
    problems.push({
      property: 'store.kind',
      rule: 'must be ClusterSecretStore or SecretStore',
      value: props.store.kind,
      fix: 'use "ClusterSecretStore"',
    });
  name('targetName', props.targetName, 'give the name of the Kubernetes Secret to write');
  if (props.data.length === 0)
    problems.push({
      property: 'data',
      rule: 'must not be empty: the Secret would have no keys',
      value: [],
      fix: 'give at least one { secretKey, remoteKey }',
    });
  const repeats = repeatedEntries(props.data.map((d) => d.secretKey));
  props.data.forEach((d, i) => {
    const at = `data[${i}]`;
    const keyRule = configMapKeyViolation(d.secretKey);
    if (keyRule)
      problems.push({
        property: `${at}.secretKey`,
        rule: keyRule.replace('a ConfigMap key', 'a Secret key'),
        value: d.secretKey,
        fix: 'use a key such as "password"',
      });
    else if (repeats.has(i))
      problems.push({
        property: `${at}.secretKey`,
        rule: 'must be unique: a later entry would replace the earlier one',
        value: d.secretKey,
        fix: 'give each key once',
      });
    if (typeof d.remoteKey !== 'string' || d.remoteKey.length === 0 || /\s/.test(d.remoteKey))
      problems.push({
        property: `${at}.remoteKey`,
        rule: 'must be the name of the remote secret, without spaces',
        value: d.remoteKey,
        fix: 'use e.g. "oms/uat-eks/database"',
      });
    if (d.property !== undefined && (typeof d.property !== 'string' || d.property.length === 0))
      problems.push({
        property: `${at}.property`,
        rule: 'must be a non-empty JSON property name',
        value: d.property,
        fix: 'leave it out for the whole value, or give e.g. "password"',
      });
  });
  if (props.refreshInterval !== undefined && !GO_DURATION.test(props.refreshInterval))
    problems.push({
      property: 'refreshInterval',
      rule: 'must be a duration such as "1h" or "15m" ("0" never refreshes)',
      value: props.refreshInterval,
      fix: 'use e.g. "1h"',
    });
  return problems;
}

/**
 * External Secrets `ExternalSecret` (external-secrets.io/v1): the operator
 * copies values from the provider into a Kubernetes Secret, so manifests only
 * ever name a secret, never hold one. Hand-written: one small object; the test
 * suite validates it against the shared CRD schema.
 */
export class ExternalSecret extends ApiObject {
  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    throwIfProblems(checkNewConstruct(scope, id, props), validateExternalSecretProps(props));
    super(scope, id, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: props.metadata,
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { name: props.store.name, kind: props.store.kind },
        target: { name: props.targetName, creationPolicy: 'Owner' },
        data: props.data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: d.remoteKey, property: d.property } })),
      },
    });
  }
}
