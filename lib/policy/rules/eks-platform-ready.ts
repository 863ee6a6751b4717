import { PolicyRule, resourcesOf } from '../types';

const ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'metrics-server', 'aws-ebs-csi-driver'];
const CHARTS = ['keda', 'external-secrets', 'aws-load-balancer-controller'];
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * EKS: the managed add-ons and the platform controllers our manifests need are installed by the stack, every
 * Helm release at an exact chart version, and a ClusterSecretStore exists.
 */
export const eksPlatformReady: PolicyRule = {
  id: 'eks-platform-ready',
  description: 'EKS: managed add-ons, KEDA, External Secrets with a ClusterSecretStore and a Gateway API controller, charts pinned',
  fix: 'keep the OmsEksPlatform releases and managed add-ons of the stack, with pinned chart versions',
  check(tf) {
    if (resourcesOf(tf, 'aws_eks_cluster').length === 0) return [];
    const findings: { rule: string; resource: string; message: string }[] = [];
    const addons = resourcesOf(tf, 'aws_eks_addon').map(([, a]) => a.addon_name);
    for (const addon of ADDONS.filter((a) => !addons.includes(a))) {
      findings.push({ rule: this.id, resource: 'aws_eks_addon', message: `managed add-on ${addon} missing` });
    }
    const releases = resourcesOf(tf, 'helm_release');
    for (const chart of CHARTS.filter((c) => !releases.some(([, r]) => r.chart === c))) {
      findings.push({ rule: this.id, resource: 'helm_release', message: `platform chart ${chart} not installed` });
    }
    if (!releases.some(([, r]) => (r.values ?? []).some((v: string) => v.includes('"kind":"ClusterSecretStore"')))) {
      findings.push({ rule: this.id, resource: 'helm_release', message: 'no ClusterSecretStore' });
    }
    for (const [name, r] of releases.filter(([, r]) => !EXACT_VERSION.test(String(r.version ?? '')))) {
      findings.push({ rule: this.id, resource: `helm_release.${name}`, message: `chart ${r.chart} is not pinned to an exact version` });
    }
    return findings;
  },
};
