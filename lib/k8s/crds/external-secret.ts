import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
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

/**
 * External Secrets `ExternalSecret` (external-secrets.io/v1): the operator
 * copies values from the provider into a Kubernetes Secret, so manifests only
 * ever name a secret, never hold one. Hand-written: one small object; the test
 * suite validates it against the shared CRD schema.
 */
export class ExternalSecret extends ApiObject {
  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
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
