import {
  Problem,
  configMapKeyViolation,
  dns1123SubdomainViolation,
  httpUrlViolation,
  unpinnedImageViolation,
  waitForDataSetup,
} from '../../core';
import { k8s } from './kube';
import { containerSecurityContext } from './pod-security';

/** Where the data setup marker ConfigMap is mounted in waiting init containers. */
export const MEDIATOR_MOUNT = '/mediator';

const SMALL = {
  requests: {
    cpu: k8s.Quantity.fromString('20m'),
    memory: k8s.Quantity.fromString('64Mi'),
    'ephemeral-storage': k8s.Quantity.fromString('16Mi'),
  },
  limits: {
    cpu: k8s.Quantity.fromString('100m'),
    memory: k8s.Quantity.fromString('128Mi'),
    'ephemeral-storage': k8s.Quantity.fromString('64Mi'),
  },
};

/**
 * Something a pod waits for before its servers start, checked by an init
 * container that polls a real condition (never a fixed sleep).
 */
export class WaitCondition {
  /** An HTTP endpoint answers 2xx (e.g. the app server, once OMS is configured), checked with curl from `image`. */
  public static httpReady(props: { readonly url: string; readonly image: string }): WaitCondition {
    return new WaitCondition(
      'wait-for-http',
      props.image,
      ['/bin/sh', '-c', 'until curl -fsS -o /dev/null "$1"; do echo "waiting for $1"; sleep 10; done', 'wait-for-http', props.url],
      [],
      // The URL is a curl argument: anything but an http(s) URL (e.g. "--config=...") would be read as an option.
      [
        {
          property: 'url',
          rule: httpUrlViolation(props.url),
          value: props.url,
          fix: 'give an http:// or https:// URL, e.g. "http://app-server:9080/"',
        },
        // The URL is written into the pod spec: a user and password in it would be a secret in the manifests.
        ...(httpUrlViolation(props.url) === undefined && /^https?:\/\/[^/@]*@/.test(props.url)
          ? [
              {
                property: 'url',
                rule: 'must not embed credentials (the URL is written into the manifests)',
                value: '<redacted>',
                fix: 'wait on a path that needs no login, e.g. the heartbeat "http://app-server:9080/smcfs/heartbeat/heartbeat.jsp"',
              },
            ]
          : []),
      ],
    );
  }

  /**
   * IBM's data setup gate: the data setup Job adds `markerKey` to the mediator
   * ConfigMap when schema and factory data are in place; the pod (on its own
   * image, so no database client is needed) waits until the key appears in the
   * ConfigMap mounted as a directory. The ConfigMap is optional, so the pod
   * starts waiting even before it exists.
   */
  public static dataSetupComplete(props: { readonly mediator: string; readonly markerKey: string }): WaitCondition {
    const start = waitForDataSetup(props.markerKey, MEDIATOR_MOUNT);
    return new WaitCondition(
      'wait-for-data-setup',
      undefined,
      [...start.command, ...start.args],
      [{ name: 'mediator', configMap: { name: props.mediator, optional: true } }],
      [
        {
          property: 'mediator',
          rule: dns1123SubdomainViolation(props.mediator),
          value: props.mediator,
          fix: 'name the mediator ConfigMap with lower-case letters, digits, "-" and "."',
        },
        {
          property: 'markerKey',
          rule: configMapKeyViolation(props.markerKey),
          value: props.markerKey,
          fix: 'use a key such as OmsDataSetup.markerKey(release)',
        },
      ],
    );
  }

  private constructor(
    /** The init container's name. */
    public readonly name: string,
    /** Its own image, or `undefined` to run on the pod's image. */
    private readonly image: string | undefined,
    private readonly command: readonly string[],
    private readonly podVolumes: readonly k8s.Volume[],
    /** The checks of the factory's inputs; a rule of `undefined` passes. */
    private readonly inputs: readonly (Omit<Problem, 'rule'> & { readonly rule: string | undefined })[],
  ) {}

  /** Every problem with the condition; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const rule = this.image === undefined ? undefined : unpinnedImageViolation(this.image);
    const problems: Problem[] = this.inputs
      .filter((i): i is Problem => i.rule !== undefined)
      .map((i) => ({ ...i, property: `${property}.${i.property}` }));
    return rule ? [...problems, { property: `${property}.image`, rule, value: this.image, fix: 'pin an image with curl' }] : problems;
  }

  /** The volumes the init container mounts, for the pod. */
  public volumes(): k8s.Volume[] {
    return [...this.podVolumes];
  }

  /**
   * The init container that waits, on its own image or on `podImage`. `security` applies only on the
   * pod's image (which may need a writable root); a wait on its own image (curl) keeps a read-only root.
   */
  public container(podImage: string, security: k8s.SecurityContext = containerSecurityContext()): k8s.Container {
    return {
      name: this.name,
      image: this.image ?? podImage,
      imagePullPolicy: 'IfNotPresent',
      command: [...this.command],
      resources: SMALL,
      securityContext: this.image === undefined ? security : containerSecurityContext(),
      volumeMounts:
        this.podVolumes.length > 0 ? this.podVolumes.map((v) => ({ name: v.name, mountPath: MEDIATOR_MOUNT, readOnly: true })) : undefined,
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };
  }
}
