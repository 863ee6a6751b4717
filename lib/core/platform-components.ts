/**
 * What an EKS cluster must run before our manifests can be applied, and the
 * names both layers use for it: the AWS stack installs these (EKS add-ons and
 * pinned Helm releases); the Kubernetes layer refers to them by these names.
 */

/** The Kubernetes version new EKS clusters run: inside standard support (no extended-support charge). */
export const EKS_KUBERNETES_VERSION = '1.35';

/** The oldest Kubernetes minor version a cluster may be created with. */
export const EKS_MINIMUM_KUBERNETES_VERSION = '1.35';

/**
 * EKS-managed add-ons every cluster gets. Their version is EKS's default for
 * the cluster's Kubernetes version unless pinned by the stack's props.
 */
export const EKS_MANAGED_ADDONS: readonly string[] = [
  'vpc-cni',
  'kube-proxy',
  'coredns',
  'eks-pod-identity-agent',
  'metrics-server',
  'aws-ebs-csi-driver',
];

/** One platform component installed with Helm. */
export interface PlatformChart {
  /** The Helm release name. */
  readonly release: string;
  readonly namespace: string;
  /** The chart repository (HTTPS index or `oci://` registry). */
  readonly repository: string;
  readonly chart: string;
  /** The exact chart version: never a range. */
  readonly version: string;
  /** The ServiceAccount that calls AWS, when it does (it gets a Pod Identity association). */
  readonly serviceAccount?: string;
}

/** KEDA: scales agent pools on queue depth. Its operator reads SQS depth with Pod Identity. */
export const KEDA_CHART: PlatformChart = {
  release: 'keda',
  namespace: 'keda',
  repository: 'https://kedacore.github.io/charts',
  chart: 'keda',
  version: '2.20.2',
  serviceAccount: 'keda-operator',
};

/** External Secrets: copies Secrets Manager values into Kubernetes Secrets. */
export const EXTERNAL_SECRETS_CHART: PlatformChart = {
  release: 'external-secrets',
  namespace: 'external-secrets',
  repository: 'https://charts.external-secrets.io',
  chart: 'external-secrets',
  version: '2.9.0',
  serviceAccount: 'external-secrets',
};

/**
 * The Gateway API CRDs (standard channel), from the chart Envoy Gateway publishes for them alone.
 * v1.9.0 (tagged 2026-08-15 in envoyproxy/gateway) bundles Gateway API v1.6.1, the version of the
 * CRD schemas our HTTPRoutes and Gateways are validated against.
 */
export const GATEWAY_API_CRDS_CHART: PlatformChart = {
  release: 'gateway-api-crds',
  namespace: 'kube-system',
  repository: 'oci://docker.io/envoyproxy',
  chart: 'gateway-crds-helm',
  version: 'v1.9.0',
};

/** The AWS Load Balancer Controller: the Gateway API implementation (HTTPRoute to an ALB). */
export const LOAD_BALANCER_CONTROLLER_CHART: PlatformChart = {
  release: 'aws-load-balancer-controller',
  namespace: 'kube-system',
  repository: 'https://aws.github.io/eks-charts',
  chart: 'aws-load-balancer-controller',
  version: '3.5.0',
  serviceAccount: 'aws-load-balancer-controller',
};

/** Argo Rollouts: only for environments that render blue-green pairs as Rollouts. */
export const ARGO_ROLLOUTS_CHART: PlatformChart = {
  release: 'argo-rollouts',
  namespace: 'argo-rollouts',
  repository: 'https://argoproj.github.io/argo-helm',
  chart: 'argo-rollouts',
  version: '2.41.0',
};

/**
 * A chart that installs the manifests given in its values: the cluster-wide objects below, after their
 * CRDs exist. 2.0.2 is tagged `raw-2.0.2` in bedag/helm-charts.
 */
export const PLATFORM_OBJECTS_CHART: PlatformChart = {
  release: 'oms-platform',
  namespace: 'kube-system',
  repository: 'https://bedag.github.io/helm-charts',
  chart: 'raw',
  version: '2.0.2',
};

/** The ClusterSecretStore reading AWS Secrets Manager, which every ExternalSecret names. */
export const CLUSTER_SECRET_STORE = 'aws-secrets-manager';

/** The GatewayClass served by the AWS Load Balancer Controller (ALB). */
export const GATEWAY_CLASS = 'aws-alb';

/** The controller name of {@link GATEWAY_CLASS}. */
export const ALB_GATEWAY_CONTROLLER = 'gateway.k8s.aws/alb';

/** Where the EKS Pod Identity agent serves credentials to pods (egress on port 80 must allow it). */
export const POD_IDENTITY_AGENT_CIDR = '169.254.170.23/32';
