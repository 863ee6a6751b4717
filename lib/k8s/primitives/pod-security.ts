import { Platform } from '../../core';
import { k8s } from './kube';

/** UID and GID used on EKS, where the pod must say who it runs as. */
export const DEFAULT_RUN_AS_USER = 10001;

/**
 * The pod-level security context that passes the restricted Pod Security
 * Standard. On OpenShift the UID is left to the restricted SCC, which assigns
 * one from the namespace's range; a fixed UID would be rejected there.
 */
export function podSecurityContext(platform: Platform, runAsUser = DEFAULT_RUN_AS_USER): k8s.PodSecurityContext {
  const base: k8s.PodSecurityContext = {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  if (platform === 'openshift') return base;
  return { ...base, runAsUser, runAsGroup: runAsUser, fsGroup: runAsUser };
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
