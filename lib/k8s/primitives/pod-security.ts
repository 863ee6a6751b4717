import { Platform } from '../../core';
import { k8s } from './kube';

/** UID and GID used on EKS, where the pod must say who it runs as. */
export const DEFAULT_RUN_AS_USER = 10001;

/** Who a pod runs as on EKS (OpenShift's SCC decides there). */
export interface PodIdentity {
  /** @default 10001 */
  readonly runAsUser?: number;
  /** The primary group; `'image'` keeps the image's own. @default the UID */
  readonly runAsGroup?: number | 'image';
  /** The group that owns mounted volumes. @default the UID */
  readonly fsGroup?: number;
  /** More groups. @default none */
  readonly supplementalGroups?: readonly number[];
}

/**
 * The pod-level security context that passes the restricted Pod Security
 * Standard. On OpenShift the UID is left to the restricted SCC, which assigns
 * one from the namespace's range; a fixed UID would be rejected there.
 */
export function podSecurityContext(platform: Platform, identity: PodIdentity = {}): k8s.PodSecurityContext {
  const base: k8s.PodSecurityContext = {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  if (platform === 'openshift') return base;
  const uid = identity.runAsUser ?? DEFAULT_RUN_AS_USER;
  return {
    ...base,
    runAsUser: uid,
    runAsGroup: identity.runAsGroup === 'image' ? undefined : (identity.runAsGroup ?? uid),
    fsGroup: identity.fsGroup ?? uid,
    supplementalGroups: identity.supplementalGroups && [...identity.supplementalGroups],
  };
}

/**
 * The container-level security context of the restricted profile: no
 * privilege, no capabilities, seccomp, and (unless the image must write its
 * own files) a read-only root.
 */
export function containerSecurityContext(readOnlyRoot = true): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: readOnlyRoot,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
