/** An EKS managed add-on version known to exist for a Kubernetes version, and where that was checked. */
export interface PinnedAddonVersion {
  readonly version: string;
  /** Where the version was found (an add-on version is only pinned with a source). */
  readonly source: string;
}

/**
 * EKS managed add-on versions pinned per Kubernetes minor version. An add-on not listed here
 * runs EKS's default version for the cluster's Kubernetes version (looked up at plan time), and
 * the stack's `eksAddonVersions` overrides both. Only versions seen to exist are listed: the
 * version tables of the EKS user guide have named builds that do not exist (awsdocs/amazon-eks-user-guide
 * pull requests 1155 and 1159), so `aws eks describe-addon-versions --kubernetes-version <v>
 * --addon-name <name>` is the authority; add an entry with its output as the source.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<string, PinnedAddonVersion>>>> = {
  '1.35': {
    'kube-proxy': {
      version: 'v1.35.3-eksbuild.13',
      source:
        'zalando-incubator/kubernetes-on-aws pull request 11668 (merged 2026-07-15): EKS 1.35 clusters updated to the latest kube-proxy add-on, v1.35.3-eksbuild.13',
    },
  },
};

/** The pinned version of `addon` for a Kubernetes version, if one is known. */
export function pinnedAddonVersion(kubernetesVersion: string, addon: string): string | undefined {
  return EKS_ADDON_VERSIONS[kubernetesVersion]?.[addon]?.version;
}

/** The managed add-ons the cluster installs, by their EKS names (the keys `eksAddonVersions` may pin). */
export const EKS_MANAGED_ADDONS = [
  'vpc-cni',
  'kube-proxy',
  'eks-pod-identity-agent',
  'coredns',
  'metrics-server',
  'aws-ebs-csi-driver',
] as const;
