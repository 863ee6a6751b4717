import { Testing } from 'cdktf';
import { Stage } from '../../lib/core';
import { OmsAwsStack, OmsAwsStackProps, platformObjects } from '../../lib/aws';
import { EKS_ADDON_VERSIONS } from '../../lib/aws/eks-addon-versions';
import { ManifestValidator } from '../support/manifest-validator';
import { messageOf } from '../support/errors';

/** The message of the error `build` throws (exact comparisons, not substrings). */

const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };
const ACCESS = { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' };

function props(overrides: Partial<OmsAwsStackProps> = {}, stage: Stage = 'uat'): OmsAwsStackProps {
  return {
    environment: 'uat-eks',
    stage,
    account: ACCOUNT,
    state: { bucket: 'state' },
    network: { cidr: '10.20.0.0/16' },
    clusterAccess: ACCESS,
    databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
    ...overrides,
  };
}
const synth = (overrides: Partial<OmsAwsStackProps> = {}) =>
  JSON.parse(Testing.synth(new OmsAwsStack(Testing.app(), 'stack', props(overrides))));
const all = (tf: any, type: string) => Object.values<any>(tf.resource[type] ?? {});
const byName = (tf: any, type: string, name: string) => all(tf, type).find((r) => r.name === name);
const ref = (id: string) => id.replace(/_[0-9A-F]{8}$/, '');

describe('the cluster works on the first apply', () => {
  const tf = synth({ clusterPrivateAccessCidrs: ['10.0.8.0/22'], queues: [{ name: 'shipment-events', consumers: ['shipment-events'] }] });
  const cluster = all(tf, 'aws_eks_cluster')[0];

  test('Kubernetes 1.35 on standard support only; access through entries, no hidden creator admin', () => {
    expect(cluster.version).toBe('1.35');
    expect(cluster.upgrade_policy).toEqual({ support_type: 'STANDARD' });
    expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
  });

  test('the admin and CI roles get cluster-admin access entries', () => {
    expect(all(tf, 'aws_eks_access_entry').map((e) => e.principal_arn)).toEqual([ACCESS.adminRoleArns[0], ACCESS.ciRoleArn]);
    for (const p of all(tf, 'aws_eks_access_policy_association')) {
      expect(p).toMatchObject({
        policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        access_scope: { type: 'cluster' },
        principal_arn: expect.stringMatching(/^\$\{aws_eks_access_entry\./),
      });
    }
  });

  test('CI reaches the private endpoint from its runner network; the endpoint stays private', () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    const sg = byName(tf, 'aws_security_group', 'oms-uat-eks-eks-api');
    expect(sg.ingress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, cidr_blocks: ['10.0.8.0/22'] })]);
    expect(cluster.vpc_config.security_group_ids).toEqual([expect.stringContaining('aws_security_group.eks_api-sg')]);
  });

  test('managed add-ons: networking before nodes; DNS, metrics-server and EBS CSI after them', () => {
    const addons = Object.fromEntries(all(tf, 'aws_eks_addon').map((a) => [a.addon_name, a]));
    expect(Object.keys(addons).sort()).toEqual([
      'amazon-cloudwatch-observability',
      'aws-ebs-csi-driver',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'metrics-server',
      'vpc-cni',
    ]);
    // kube-proxy is pinned for Kubernetes 1.35 (EKS_ADDON_VERSIONS); the others follow EKS's default for the version.
    expect(addons['kube-proxy'].addon_version).toBe('v1.35.3-eksbuild.13');
    for (const a of Object.values<any>(addons).filter((x) => x.addon_name !== 'kube-proxy'))
      expect(a.addon_version).toMatch(/^\$\{data\.aws_eks_addon_version\./);
    for (const name of ['coredns', 'metrics-server', 'aws-ebs-csi-driver']) {
      expect(addons[name].depends_on).toContain('aws_eks_node_group.eks_nodes_036A1927');
    }
    const versions = Object.values<any>(tf.data.aws_eks_addon_version);
    expect(
      versions.every((v) => v.most_recent === false && v.kubernetes_version === '${aws_eks_cluster.eks_cluster_55B0C966.version}'),
    ).toBe(true);
  });

  test('a pin is for its Kubernetes version only; the props override it', () => {
    expect(Object.keys(EKS_ADDON_VERSIONS['1.35']).every((name) => EKS_ADDON_VERSIONS['1.35'][name].source.length > 0)).toBe(true);
    const newer = synth({ kubernetesVersion: '1.36' });
    expect(all(newer, 'aws_eks_addon').find((a) => a.addon_name === 'kube-proxy').addon_version).toMatch(
      /^\$\{data\.aws_eks_addon_version\./,
    );
    const own = synth({ eksAddonVersions: { 'kube-proxy': 'v1.35.0-eksbuild.2' } });
    expect(all(own, 'aws_eks_addon').find((a) => a.addon_name === 'kube-proxy').addon_version).toBe('v1.35.0-eksbuild.2');
  });

  test('a pinned add-on version replaces the lookup', () => {
    const pinned = synth({ eksAddonVersions: { coredns: 'v1.12.4-eksbuild.1' } });
    expect(all(pinned, 'aws_eks_addon').find((a) => a.addon_name === 'coredns').addon_version).toBe('v1.12.4-eksbuild.1');
    expect(Object.values<any>(pinned.data.aws_eks_addon_version).map((d) => d.addon_name)).not.toContain('coredns');
  });

  test('nodes: launch template with IMDSv2 required and a hop limit of 1, encrypted root volume', () => {
    const lt = all(tf, 'aws_launch_template')[0];
    expect(lt.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: 'true', volume_type: 'gp3' });
    expect(all(tf, 'aws_eks_node_group')[0].launch_template).toEqual({
      id: '${aws_launch_template.eks_node-template_BB6E66D3.id}',
      version: '${aws_launch_template.eks_node-template_BB6E66D3.latest_version}',
    });
  });

  test('the default security group of the VPC allows nothing', () => {
    expect(all(tf, 'aws_default_security_group')).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
  });

  test('platform prerequisites: Helm releases at exact versions, in dependency order', () => {
    const releases = Object.fromEntries(all(tf, 'helm_release').map((r) => [r.name, r]));
    expect(Object.fromEntries(Object.entries<any>(releases).map(([n, r]) => [n, `${r.repository} ${r.chart} ${r.version}`]))).toEqual({
      'gateway-api-crds': 'oci://docker.io/envoyproxy gateway-crds-helm v1.9.0',
      'aws-load-balancer-controller': 'https://aws.github.io/eks-charts aws-load-balancer-controller 3.5.0',
      'external-secrets': 'https://charts.external-secrets.io external-secrets 2.9.0',
      keda: 'https://kedacore.github.io/charts keda 2.20.2',
      'oms-platform': 'https://bedag.github.io/helm-charts raw 2.0.2',
    });
    const deps = (name: string) => (releases[name].depends_on as string[]).map((d) => ref(d.split('.')[1]));
    expect(deps('aws-load-balancer-controller')).toContain('platform_gateway-api-crds');
    expect(deps('external-secrets')).toContain('platform_aws-load-balancer-controller');
    expect(deps('oms-platform')).toEqual(['platform_external-secrets', 'platform_aws-load-balancer-controller']);
    // Controllers start only once nodes, DNS and the access entries exist.
    expect(deps('keda')).toEqual(expect.arrayContaining(['eks_nodes', 'eks_coredns', 'eks_ci-access', 'eks_ci-admin-policy']));
    const lbc = JSON.parse(releases['aws-load-balancer-controller'].values[0]);
    expect(lbc).toMatchObject({
      region: 'eu-west-1',
      vpcId: expect.stringContaining('aws_vpc.'),
      controllerConfig: { featureGates: { ALBGatewayAPI: true } },
    });
  });

  test('the ClusterSecretStore every ExternalSecret names, and the ALB GatewayClass', () => {
    const objects = JSON.parse(byName(tf, 'helm_release', 'oms-platform').values[0]).resources.slice(0, 2);
    expect(objects).toEqual(platformObjects('eu-west-1'));
    expect(objects.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterSecretStore/aws-secrets-manager',
      'GatewayClass/aws-alb',
    ]);
    expect(objects[0].spec).toEqual({ provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } } });
  });

  test('the Helm provider authenticates as the caller (the CI role) with aws eks get-token', () => {
    expect(tf.provider.helm[0].kubernetes.exec).toEqual({
      api_version: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: [
        'eks',
        'get-token',
        '--cluster-name',
        '${aws_eks_cluster.eks_cluster_55B0C966.name}',
        '--region',
        'eu-west-1',
        '--output',
        'json',
      ],
    });
    expect(tf.terraform.required_providers.helm).toEqual({ source: 'helm', version: '3.1.1' });
  });

  test('every Pod Identity role trusts only its own account, cluster, namespace and ServiceAccount', () => {
    const roles = Object.entries<any>(tf.resource.aws_iam_role);
    const associations = all(tf, 'aws_eks_pod_identity_association');
    expect(associations.map((a) => `${a.namespace}/${a.service_account}`).sort()).toEqual([
      'amazon-cloudwatch/cloudwatch-agent',
      'external-secrets/external-secrets',
      'keda/keda-operator',
      'kube-system/aws-load-balancer-controller',
      'kube-system/ebs-csi-controller-sa',
      'uat-eks/oms-db-admin',
      'uat-eks/shipment-events',
    ]);
    for (const a of associations) {
      const roleId = /aws_iam_role\.([^.]+)\.arn/.exec(a.role_arn)![1];
      const trust = JSON.parse(roles.find(([id]) => id === roleId)![1].assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:SourceAccount': '111122223333',
              // The cluster of this stack, by reference (its name is the product's: oms-uat-eks here).
              'aws:RequestTag/eks-cluster-arn': expect.stringMatching(
                /^arn:aws:eks:eu-west-1:111122223333:cluster\/\$\{aws_eks_cluster\.[^.]+\.name\}$/,
              ),
              'aws:RequestTag/kubernetes-namespace': a.namespace,
              'aws:RequestTag/kubernetes-service-account': a.service_account,
            },
          },
        },
      ]);
    }
  });

  test('KEDA reads queue depth through a role only its operator can assume; consumers read their own queue', () => {
    const keda = byName(tf, 'aws_iam_role', 'oms-uat-eks-keda-sqs');
    expect(JSON.parse(keda.assume_role_policy).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: expect.stringMatching(/^\$\{aws_iam_role\.platform_keda-identity_role_\w+\.arn\}$/) },
      Action: 'sts:AssumeRole',
    });
    const policies = all(tf, 'aws_iam_role_policy').map((p) => JSON.parse(p.policy).Statement);
    expect(policies).toContainEqual([
      { Effect: 'Allow', Action: ['sqs:GetQueueAttributes'], Resource: ['${aws_sqs_queue.queues_shipment-events_A1CED5A8.arn}'] },
    ]);
    expect(policies).toContainEqual([
      expect.objectContaining({
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: ['${aws_sqs_queue.queues_shipment-events_A1CED5A8.arn}'],
      }),
    ]);
    const queue = byName(tf, 'aws_sqs_queue', 'oms-uat-eks-shipment-events');
    expect(queue).toMatchObject({ sqs_managed_sse_enabled: true });
    expect(JSON.parse(queue.redrive_policy)).toEqual({ deadLetterTargetArn: expect.stringContaining('-dlq'), maxReceiveCount: 5 });
  });

  test('External Secrets reads only the platform secrets and decrypts only through Secrets Manager', () => {
    const [secrets, kms] = JSON.parse(
      all(tf, 'aws_iam_role_policy').find((p) => p.role.includes('external-secrets-identity')).policy,
    ).Statement;
    expect(secrets.Resource).toBe('arn:aws:secretsmanager:eu-west-1:111122223333:secret:oms/*');
    expect(kms.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } });
  });
});

describe('validation', () => {
  const cases: [string, Partial<OmsAwsStackProps>, string][] = [
    [
      'no access entries',
      { clusterAccess: undefined },
      'clusterAccess is required for an EKS cluster: without access entries nobody can use the Kubernetes API (received undefined). Fix: give { adminRoleArns: [...], ciRoleArn: "arn:aws:iam::<account>:role/<ci role>" }',
    ],
    [
      'an assumed-role session instead of the role',
      { clusterAccess: { ...ACCESS, ciRoleArn: 'arn:aws:sts::111122223333:assumed-role/ci/session' } },
      'clusterAccess.ciRoleArn must be the IAM role ARN, not an assumed-role session ARN (access entries match the role) (received "arn:aws:sts::111122223333:assumed-role/ci/session"). Fix: use arn:aws:iam::<account>:role/<name>',
    ],
    [
      'a role of another account',
      { clusterAccess: { ...ACCESS, adminRoleArns: ['arn:aws:iam::999999999999:role/admin'] } },
      'clusterAccess.adminRoleArns[0] must be an IAM role ARN in account 111122223333 (received "arn:aws:iam::999999999999:role/admin"). Fix: use arn:aws:iam::111122223333:role/<name>',
    ],
    [
      'no administrator',
      { clusterAccess: { ...ACCESS, adminRoleArns: [] } },
      "clusterAccess.adminRoleArns must name at least one administrator role (there is no implicit creator admin) (received []). Fix: give the platform administrators' role ARN",
    ],
    [
      'a Kubernetes version past standard support',
      { kubernetesVersion: '1.33' },
      'kubernetesVersion must be a Kubernetes minor version of at least 1.35 (older ones are past standard support and bill extended support) (received "1.33"). Fix: use "1.35" or later',
    ],
    [
      'queue consumers without Kubernetes',
      { compute: 'ecs', clusterAccess: undefined, queues: [{ name: 'q', consumers: ['sa'] }] },
      'queues[0].consumers are Kubernetes ServiceAccounts and need compute "eks" (received ["sa"]). Fix: consume the queue from a Fargate service (autoscaling.queue) instead',
    ],
    [
      'a queue name with capitals',
      { queues: [{ name: 'Orders' }] },
      'queues[0].name must be 1-40 lower-case letters, digits or "-" (received "Orders"). Fix: use e.g. "shipment-events"',
    ],
  ];
  test.each(cases)('%s', (_name, overrides, expected) => {
    expect(messageOf(() => new OmsAwsStack(Testing.app(), 'stack', props(overrides)))).toBe(
      `stack: invalid configuration\n  - ${expected}`,
    );
  });

  test('a cluster the stack does not create needs no access entries', () => {
    expect(() => new OmsAwsStack(Testing.app(), 'stack', props({ compute: 'none', clusterAccess: undefined }))).not.toThrow();
  });
});

describe('the cluster-wide objects against their CRD schemas (strict)', () => {
  const validator = new ManifestValidator('v1.33.0');

  test('GatewayClass', () => {
    expect(validator.validate(platformObjects('eu-west-1')[1])).toEqual([]);
  });

  test('ClusterSecretStore (its spec is the SecretStore schema; the shared CRDs carry SecretStore)', () => {
    const store = platformObjects('eu-west-1')[0] as any;
    expect(validator.validate({ ...store, kind: 'SecretStore', metadata: { ...store.metadata, namespace: 'x' } })).toEqual([]);
  });
});
