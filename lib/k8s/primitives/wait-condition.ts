import { SecretKeyReference, unpinnedImageViolation, Problem } from '../../core';
import { k8s } from './kube';
import { containerSecurityContext } from './pod-security';

/** Name of the table the install phase writes when a release is set up. */
export const RELEASE_MARKER_TABLE = 'oms_platform_release';

/**
 * Something a pod waits for before its server starts, checked by an init
 * container that polls a real condition (never a fixed sleep).
 */
export class WaitCondition {
  /**
   * The database has been initialised for `release`: the install phase's last
   * step records the release in the marker table only after the schema and
   * factory data are loaded. Without a release (a reused database, set up by
   * the environment that owns it) the pod waits until the database accepts it.
   */
  public static databaseInitialised(props: {
    readonly release?: string;
    readonly image: string;
    readonly credentials: { readonly secretName: string };
    readonly host: string;
    readonly port?: number;
    readonly database: string;
  }): WaitCondition {
    return new WaitCondition(
      'wait-for-database',
      props.image,
      `until psql "host=$DB_HOST port=${props.port ?? 5432} dbname=${props.database} user=$DB_USER sslmode=prefer" -tAc "${props.release ? `SELECT 1 FROM ${RELEASE_MARKER_TABLE} WHERE release = '${props.release}'` : 'SELECT 1'}" 2>/dev/null | grep -q 1; do echo "waiting for the database to be initialised"; sleep 10; done`,
      { DB_HOST: props.host },
      {
        DB_USER: { secretName: props.credentials.secretName, key: 'username' },
        PGPASSWORD: { secretName: props.credentials.secretName, key: 'password' },
      },
    );
  }

  /** An HTTP endpoint answers 2xx (e.g. the app server, once OMS is configured). */
  public static httpReady(props: { readonly url: string; readonly image: string }): WaitCondition {
    return new WaitCondition(
      'wait-for-app',
      props.image,
      `until curl -fsS -o /dev/null "${props.url}"; do echo "waiting for ${props.url}"; sleep 10; done`,
      {},
      {},
    );
  }

  private constructor(
    /** The init container's name. */
    public readonly name: string,
    private readonly image: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
    private readonly secretEnv: Record<string, SecretKeyReference>,
  ) {}

  /** Every problem with the condition; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const rule = unpinnedImageViolation(this.image);
    return rule ? [{ property: `${property}.image`, rule, value: this.image, fix: 'pin an image with psql and curl' }] : [];
  }

  /** The init container that waits. */
  public container(): k8s.Container {
    return {
      name: this.name,
      image: this.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/sh', '-c', this.script],
      env: [
        ...Object.entries(this.env).map(([name, value]) => ({ name, value })),
        ...Object.entries(this.secretEnv).map(([name, ref]) => ({
          name,
          valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } },
        })),
      ],
      resources: {
        requests: {
          cpu: k8s.Quantity.fromString('20m'),
          memory: k8s.Quantity.fromString('32Mi'),
          'ephemeral-storage': k8s.Quantity.fromString('16Mi'),
        },
        limits: {
          cpu: k8s.Quantity.fromString('100m'),
          memory: k8s.Quantity.fromString('64Mi'),
          'ephemeral-storage': k8s.Quantity.fromString('64Mi'),
        },
      },
      securityContext: containerSecurityContext(),
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };
  }
}
