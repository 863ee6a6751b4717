import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { Testing, TerraformStack } from 'cdktf';
import {
  CacheSecretRotation,
  CacheSecretRotationProps,
  DatabaseUserTask,
  DatabaseUserTaskProps,
  GeneratedSecret,
  GeneratedSecretProps,
  OmsEksCluster,
  OmsEksClusterProps,
  OmsEksPlatform,
  OmsEksPlatformProps,
  OmsFargateService,
  OmsFargateServiceProps,
  OmsNetwork,
  OmsNetworkProps,
  OmsPostgres,
  OmsPostgresProps,
  OmsPrivateDns,
  OmsQueues,
  OmsRedis,
  OmsRedisProps,
  PodIdentityRole,
  PodIdentityRoleProps,
  PostgresSecretRotation,
  PostgresSecretRotationProps,
  QueueInput,
  bindToAccount,
  platformObjects,
  podIdentityTrustPolicy,
  productProblems,
  queueInputProblems,
  rotationDaysProblems,
  toolsImageProblems,
  validateAddonVersions,
  validateApiAccessCidrs,
} from '../../lib/aws';
import { stageProfileProblems } from '../../lib/aws/validate-block-props';
import { EKS_MINIMUM_KUBERNETES_VERSION, awsStageProfile } from '../../lib/core';
import { messageOf } from '../support/errors';

/**
 * The AWS building blocks used on their own: each checks its props at its
 * constructor (or function) entry and throws one error listing every problem.
 */

const stack = () => new TerraformStack(Testing.app(), 'stack');
const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };
const NETWORK: OmsNetworkProps = {
  name: 'oms-uat-eks',
  cidr: '10.20.0.0/16',
  availabilityZones: 2,
  nat: 'single',
  logRetentionDays: 30,
  region: 'eu-west-1',
};
const withNetwork = () => {
  const s = stack();
  return { s, network: new OmsNetwork(s, 'network', NETWORK) };
};
const err = (path: string, ...lines: string[]) => `${path}: invalid configuration\n${lines.map((l) => `  - ${l}`).join('\n')}`;

describe('valid input still builds each block', () => {
  test('network, database, cache, queues, secret, zone, role and binding', () => {
    const { s, network } = withNetwork();
    const profile = awsStageProfile('uat');
    expect(() => {
      bindToAccount(s, {
        environment: 'uat-eks',
        stage: 'uat',
        account: ACCOUNT,
        state: { bucket: 'state' },
        stateKey: 'oms/uat-eks/terraform.tfstate',
      });
      new OmsPostgres(s, 'db', { name: 'oms-uat-eks', stage: 'uat', profile, network });
      new OmsRedis(s, 'cache', { name: 'oms-uat-eks', stage: 'uat', profile, network, authSecretName: 'oms/uat-eks/cache' });
      new OmsQueues(s, 'queues', { environment: 'uat-eks', queues: [{ name: 'jobs', consumers: ['worker'], maxReceives: 3 }] });
      new GeneratedSecret(s, 'secret', { name: 'oms/uat-eks/app', kmsKeyArn: network.vpc.arn, recoveryWindowDays: 0 });
      new OmsPrivateDns(s, 'dns', { zoneName: 'uat-eks.oms.internal', vpc: network.vpc });
      new PodIdentityRole(s, 'role', {
        roleName: 'oms-uat-eks-worker',
        account: ACCOUNT,
        clusterEnvironment: 'uat-eks',
        clusterName: 'oms-uat-eks',
        namespace: 'uat-eks',
        serviceAccount: 'worker',
        statements: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: [network.vpc.arn] }],
      });
    }).not.toThrow();
  });
});

describe('OmsNetwork refuses bad props', () => {
  const cases: [string, Partial<OmsNetworkProps>, string[]][] = [
    [
      'a CIDR with host bits and a name with upper case',
      { name: 'OMS-UAT', cidr: '10.20.1.0/16' },
      [
        'name must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "OMS-UAT"). Fix: use lower-case letters, digits and "-", at most 40 characters, e.g. "oms-uat-eks"',
        'cidr must be a valid IPv4 CIDR block with no host bits set (received "10.20.1.0/16"). Fix: use e.g. \'10.20.0.0/16\'',
      ],
    ],
    [
      'a block too small for the subnet plan',
      { cidr: '10.20.0.0/24' },
      ['cidr must be between /16 and /20 (nine subnets of a sixteenth each) (received "10.20.0.0/24"). Fix: use a /16 to /20 block'],
    ],
    [
      'four zones, an unknown NAT mode, a retention CloudWatch refuses and a region name',
      { availabilityZones: 4, nat: 'shared' as never, logRetentionDays: 10, region: 'Ireland' },
      [
        'availabilityZones must be 2 or 3 (the /20 plan has room for three zones) (received 4). Fix: use 2, or 3 for production',
        'nat must be one of none, single, per-az (received "shared"). Fix: use "single", or "per-az" for production',
        'logRetentionDays must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days, or 0 to keep logs forever) (received 10). Fix: use e.g. 30',
        'region must be an AWS region such as "eu-west-1" (received "Ireland"). Fix: use e.g. "eu-west-1"',
      ],
    ],
    [
      'a missing and a wrongly typed prop',
      { cidr: undefined, availabilityZones: '2' as never },
      [
        'cidr is required (received undefined). Fix: give cidr, as OmsNetworkProps declares',
        'availabilityZones must be a number (received "2"). Fix: pass a number, as OmsNetworkProps declares',
      ],
    ],
  ];
  test.each(cases)('%s', (_name, overrides, lines) => {
    expect(messageOf(() => new OmsNetwork(stack(), 'network', { ...NETWORK, ...overrides }))).toBe(err('stack/network', ...lines));
  });

  test('no props at all is an error, not a TypeError', () => {
    expect(messageOf(() => new OmsNetwork(stack(), 'network', undefined as never))).toBe(
      err('stack/network', "props is required (received undefined). Fix: pass the construct's properties"),
    );
  });
});

describe('OmsPostgres and OmsRedis refuse bad props', () => {
  const profile = awsStageProfile('uat');
  const pg: [string, Partial<OmsPostgresProps>, string[]][] = [
    [
      'a version RDS does not offer and a class it has not for PostgreSQL',
      { engineVersion: '13', instanceClass: 'db.t2.micro' },
      [
        'engineVersion must be a PostgreSQL version RDS offers (14, 15, 16, 17, 14.13, 14.15, 15.8, 15.10, 16.4, 16.6, 17.2) (received "13"). Fix: pick one of the listed versions',
        'instanceClass must be an RDS instance class available for PostgreSQL (received "db.t2.micro"). Fix: use one of db.t4g.medium, db.t4g.large, db.m6g.large, db.m6g.xlarge, db.m6g.2xlarge, db.m6i.large, db.m6i.xlarge, db.m6i.2xlarge, db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, db.r6g.4xlarge, db.r6i.xlarge, db.r6i.2xlarge, db.r6i.4xlarge',
      ],
    ],
    [
      "an unknown stage, backups beyond RDS's limit and a network that is not one",
      { stage: 'qa' as never, backupRetentionDays: 90, network: { dataSubnets: [] } as never },
      [
        'stage must be one of branch, uat, staging, prod (received "qa"). Fix: use e.g. "uat"',
        'network must be an OmsNetwork (received {"dataSubnets":[]}). Fix: pass an OmsNetwork',
        'backupRetentionDays must be a whole number of days from 1 to 35 (received 90). Fix: use e.g. 7',
      ],
    ],
    [
      'a name RDS refuses',
      { name: '1-oms' },
      [
        'name must be an RDS instance identifier: letters, digits and "-", starting with a letter (received "1-oms"). Fix: use e.g. "oms-uat-eks"',
      ],
    ],
  ];
  test.each(pg)('OmsPostgres: %s', (_name, overrides, lines) => {
    const { s, network } = withNetwork();
    expect(messageOf(() => new OmsPostgres(s, 'db', { name: 'oms-uat-eks', stage: 'uat', profile, network, ...overrides }))).toBe(
      err('stack/db', ...lines),
    );
  });

  const redis: [string, Partial<OmsRedisProps>, string[]][] = [
    [
      'a secret name Secrets Manager refuses and a network given as its id',
      { authSecretName: 'oms uat cache', network: { id: 'vpc-1' } as never },
      [
        'network must be an OmsNetwork (received {"id":"vpc-1"}). Fix: pass an OmsNetwork',
        'authSecretName must be letters, digits and /_+=.@- (Secrets Manager) (received "oms uat cache"). Fix: use e.g. "oms/uat-eks/database"',
      ],
    ],
    [
      'a name with two hyphens in a row, which ElastiCache refuses',
      { name: 'oms--uat' },
      [
        'name must not end with "-" or contain "--" (an ElastiCache replication group id) (received "oms--uat"). Fix: use e.g. "oms-uat-eks"',
      ],
    ],
  ];
  test.each(redis)('OmsRedis: %s', (_name, overrides, lines) => {
    const { s, network } = withNetwork();
    const props: OmsRedisProps = { name: 'oms-uat-eks', stage: 'uat', profile, network, authSecretName: 'oms/uat-eks/cache', ...overrides };
    expect(messageOf(() => new OmsRedis(s, 'cache', props))).toBe(err('stack/cache', ...lines));
  });
});

describe('OmsQueues and queueInputProblems refuse bad queues', () => {
  const cases: [string, QueueInput[], string[]][] = [
    [
      'a queue given as its URL, and a duplicate',
      [{ name: 'https://sqs.eu-west-1.amazonaws.com/111122223333/jobs' }, { name: 'jobs' }, { name: 'jobs' }],
      [
        'queues[0].name must be 1-40 lower-case letters, digits or "-" (received "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"). Fix: use e.g. "shipment-events"',
        'queues[2].name must be unique among the queues (received "jobs"). Fix: give each queue its own name',
      ],
    ],
    [
      'limits SQS refuses and a consumer that is no ServiceAccount name',
      [{ name: 'jobs', visibilityTimeoutSeconds: 86400, maxReceives: 0, consumers: ['Worker'] }],
      [
        "queues[0].visibilityTimeoutSeconds must be a whole number of seconds from 0 to 43200 (SQS's limit, 12 hours) (received 86400). Fix: use a little more than the longest job, e.g. 300",
        "queues[0].maxReceives must be a whole number from 1 to 1000 (SQS's limit) (received 0). Fix: use e.g. 5",
        'queues[0].consumers[0] must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "Worker"). Fix: give the name of a ServiceAccount, e.g. "order-events"',
      ],
    ],
  ];
  test.each(cases)('%s', (_name, queues, lines) => {
    expect(messageOf(() => new OmsQueues(stack(), 'queues', { environment: 'uat-eks', queues }))).toBe(err('stack/queues', ...lines));
    expect(queueInputProblems('queues', 'uat-eks', queues).map((p) => p.property)).toEqual(lines.map((l) => l.split(' ')[0]));
  });

  test('an environment that is no namespace name, and queues not given as a list', () => {
    expect(messageOf(() => new OmsQueues(stack(), 'queues', { environment: 'UAT', queues: [] }))).toBe(
      err(
        'stack/queues',
        'environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "UAT"). Fix: give the environment name, e.g. "uat-eks"',
      ),
    );
    expect(messageOf(() => new OmsQueues(stack(), 'queues', { environment: 'uat-eks', queues: 'jobs' as never }))).toBe(
      err('stack/queues', 'queues must be a list of objects (received "jobs"). Fix: pass a list of objects, as OmsQueuesProps declares'),
    );
  });
});

describe('GeneratedSecret and OmsPrivateDns refuse bad props', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const cases: [string, Partial<GeneratedSecretProps>, string[]][] = [
    [
      'a recovery window Secrets Manager refuses and a key given by alias name',
      { recoveryWindowDays: 3, kmsKeyArn: 'alias/oms' },
      [
        'kmsKeyArn must be an ARN (arn:aws:<service>:<region>:<account>:<resource>) (received "alias/oms"). Fix: give the ARN of the KMS key, e.g. arn:aws:kms:eu-west-1:111122223333:key/<id>',
        'recoveryWindowDays must be 0 (deleted at once) or a whole number of days from 7 to 30 (the recovery windows Secrets Manager allows) (received 3). Fix: use 7, 30 for protected stages, or 0 for disposable branch secrets',
      ],
    ],
    [
      'a field the generated value would replace, and a field that is an object',
      { fields: { password: 'hunter2', host: { name: 'db' } as never } },
      [
        'fields.host must be a string or a number (received {"name":"db"}). Fix: store plain values beside the password',
        'fields.password must not be given: the generated value is stored under "password" and would replace it (received "<redacted>"). Fix: remove the field; the secret generates its own value',
      ],
    ],
    [
      'an empty value key and a name with spaces',
      { valueKey: '', name: 'my secret' },
      [
        'name must be letters, digits and /_+=.@- (Secrets Manager) (received "my secret"). Fix: use e.g. "oms/uat-eks/database"',
        'valueKey must not be empty (received ""). Fix: leave it out for "password", or give e.g. "token"',
      ],
    ],
    [
      'valueInState given as a word',
      { valueInState: 'yes' as never },
      ['valueInState must be true or false (received "yes"). Fix: pass true or false, as GeneratedSecretProps declares'],
    ],
  ];
  test.each(cases)('GeneratedSecret: %s', (_name, overrides, lines) => {
    const props: GeneratedSecretProps = { name: 'oms/uat-eks/app', kmsKeyArn: KEY, recoveryWindowDays: 7, ...overrides };
    expect(messageOf(() => new GeneratedSecret(stack(), 'secret', props))).toBe(err('stack/secret', ...lines));
  });

  test.each([
    [
      'a zone name with upper case and a VPC given by id',
      { zoneName: 'UAT.oms.internal', vpc: { id: 'vpc-0abc' } },
      [
        'zoneName must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "UAT.oms.internal"). Fix: use e.g. "uat-eks.oms.internal" (privateZoneName() builds it)',
        'vpc must be the Vpc of an OmsNetwork (network.vpc) (received {"id":"vpc-0abc"}). Fix: pass the Vpc of an OmsNetwork (network.vpc)',
      ],
    ],
  ])('OmsPrivateDns: %s', (_name, props, lines) => {
    expect(messageOf(() => new OmsPrivateDns(stack(), 'dns', props as never))).toBe(err('stack/dns', ...lines));
  });
});

describe('PodIdentityRole, podIdentityTrustPolicy and bindToAccount refuse bad input', () => {
  const ROLE: PodIdentityRoleProps = {
    roleName: 'oms-uat-eks-worker',
    account: ACCOUNT,
    clusterEnvironment: 'uat-eks',
    clusterName: 'oms-uat-eks',
    namespace: 'uat-eks',
    serviceAccount: 'worker',
  };
  const cases: [string, Partial<PodIdentityRoleProps>, string[]][] = [
    [
      'a role name IAM refuses, a system-wide account id typo and a ServiceAccount with upper case',
      { roleName: 'oms uat worker', account: { accountId: '1111-2222-3333', region: 'eu-west-1' }, serviceAccount: 'Worker' },
      [
        'roleName must be an IAM role name: at most 64 letters, digits and +=,.@_- (received "oms uat worker"). Fix: use at most 64 letters, digits and +=,.@_-, e.g. built with podRoleName()',
        'account.accountId must be a 12-digit AWS account id (received "1111-2222-3333"). Fix: use the account of this stage',
        'serviceAccount must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "Worker"). Fix: give the name of the pods\' ServiceAccount, e.g. "order-search"',
      ],
    ],
    [
      'a statement without actions, an unknown effect and a managed policy given by name',
      {
        statements: [{ Effect: 'Permit' as never, Action: [], Resource: '*' }],
        managedPolicyArns: ['AmazonSQSReadOnlyAccess'],
      },
      [
        'statements[0].Effect must be "Allow" or "Deny" (received "Permit"). Fix: use "Allow"',
        'statements[0].Action must be a non-empty string or list of strings (received []). Fix: list the actions, e.g. ["sqs:ReceiveMessage"]',
        'managedPolicyArns[0] must be an ARN (arn:aws:<service>:<region>:<account>:<resource>) (received "AmazonSQSReadOnlyAccess"). Fix: use e.g. "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"',
      ],
    ],
    [
      'a namespace that is no label',
      { namespace: 'uat.eks' },
      [
        'namespace must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "uat.eks"). Fix: give the namespace of the pods, e.g. "uat-eks"',
      ],
    ],
    [
      'further namespaces that are no label, the namespace itself, or given twice',
      { additionalNamespaces: ['Teardown', 'uat-eks', 'uat-eks-teardown', 'uat-eks-teardown'] },
      [
        'additionalNamespaces[0] must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "Teardown"). Fix: list each further namespace once, e.g. "br-x-teardown-0a1b2c3d"',
        'additionalNamespaces[1] must differ from namespace and from the others (received "uat-eks"). Fix: list each further namespace once, e.g. "br-x-teardown-0a1b2c3d"',
        'additionalNamespaces[3] must differ from namespace and from the others (received "uat-eks-teardown"). Fix: list each further namespace once, e.g. "br-x-teardown-0a1b2c3d"',
      ],
    ],
    [
      'further namespaces that are not a list of names',
      { additionalNamespaces: 'uat-eks-teardown' as never },
      [
        'additionalNamespaces must be a list of strings (received "uat-eks-teardown"). Fix: pass a list of strings, as PodIdentityRoleProps declares',
      ],
    ],
  ];
  test.each(cases)('PodIdentityRole: %s', (_name, overrides, lines) => {
    expect(messageOf(() => new PodIdentityRole(stack(), 'role', { ...ROLE, ...overrides }))).toBe(err('stack/role', ...lines));
  });

  test.each([
    [
      'an account without a region',
      [{ accountId: '111122223333' }, 'uat-eks', 'uat-eks', 'worker'],
      ['account.region must be an AWS region (received undefined). Fix: use e.g. "eu-west-1"'],
    ],
    [
      'an empty ServiceAccount',
      [ACCOUNT, 'uat-eks', 'uat-eks', ''],
      ['serviceAccount must be a non-empty name (received ""). Fix: give the name of the pods\' ServiceAccount, e.g. "order-search"'],
    ],
  ])('podIdentityTrustPolicy: %s', (_name, args, lines) => {
    const [account, env, ns, sa] = args as [never, string, string, string];
    expect(messageOf(() => podIdentityTrustPolicy(account, env, ns, sa))).toBe(err('podIdentityTrustPolicy', ...lines));
  });

  const BINDING = {
    environment: 'uat-eks',
    stage: 'uat' as const,
    account: ACCOUNT,
    state: { bucket: 'state' },
    stateKey: 'oms/uat-eks/terraform.tfstate',
  };
  test.each([
    [
      'a state key with a leading slash and a bucket S3 refuses',
      { stateKey: '/oms/uat-eks/terraform.tfstate', state: { bucket: 'State_Bucket' } },
      [
        'state.bucket must be an S3 bucket name: lower-case letters, digits, "." and "-", starting and ending with a letter or digit (received "State_Bucket"). Fix: give the name of the existing state bucket of this account',
        'stateKey must be an S3 object key of "/"-separated segments of letters, digits and !_.*\'()- (no leading, trailing or double "/", no "." or ".." segment) (received "/oms/uat-eks/terraform.tfstate"). Fix: use e.g. "oms/uat-eks/terraform.tfstate"',
      ],
    ],
    [
      'a missing state key and an account given as its id',
      { stateKey: undefined, account: '111122223333' },
      [
        'stateKey is required (received undefined). Fix: give stateKey, as the bindToAccount props declares',
        'account must be an object (received "111122223333"). Fix: pass an object, as the bindToAccount props declares',
      ],
    ],
  ])('bindToAccount: %s', (_name, overrides, lines) => {
    expect(messageOf(() => bindToAccount(stack(), { ...BINDING, ...overrides } as never))).toBe(err('stack (bindToAccount)', ...lines));
  });
});

describe('OmsFargateService used on its own refuses bad props', () => {
  const build = (overrides: Partial<OmsFargateServiceProps>) => {
    const { s, network } = withNetwork();
    const cluster = new EcsCluster(s, 'ecs', { name: 'uat-services' });
    const props: OmsFargateServiceProps = {
      name: 'uat-services-api',
      network,
      cluster,
      region: 'eu-west-1',
      image: 'registry.example.com/api:1.0.0',
      logRetentionDays: 30,
      ...overrides,
    };
    return () => new OmsFargateService(s, 'api', props);
  };

  test('valid props build', () => {
    expect(build({})).not.toThrow();
  });

  test.each([
    [
      'a cluster given by name (the kind is reported alone)',
      { cluster: 'uat-services' as never, region: 'eu-west' },
      ['cluster must be an object (received "uat-services"). Fix: pass an object, as OmsFargateServiceProps declares'],
    ],
    [
      'a name too long for its IAM roles, a network that is not one and an unknown region',
      { name: `uat-${'x'.repeat(60)}`, network: {} as never, region: 'eu-west' },
      [
        `name must be 1-55 letters, digits, "-" or "_", starting with a letter or digit (ECS service and IAM role names) (received "uat-${'x'.repeat(60)}"). Fix: use e.g. "uat-services-api"`,
        'network must be an OmsNetwork (received {}). Fix: pass an OmsNetwork',
        'region must be an AWS region such as "eu-west-1" (received "eu-west"). Fix: use e.g. "eu-west-1"',
      ],
    ],
    [
      "the service's own rules, without a prefix: an unpinned image and port 0",
      { image: 'registry.example.com/api:latest', containerPort: 0, logRetentionDays: 2 },
      [
        'logRetentionDays must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days, or 0 to keep logs forever) (received 2). Fix: use e.g. 30',
        'image must not use the mutable "latest" tag (received "registry.example.com/api:latest"). Fix: pin the image to a tag or digest',
        'containerPort must be a whole number from 1 to 65535 (received 0). Fix: use the port the app listens on, e.g. 5000',
      ],
    ],
  ])('%s', (_name, overrides, lines) => {
    expect(messageOf(build(overrides))).toBe(err('stack/api', ...lines));
  });
});

describe('OmsEksCluster used on its own refuses bad props', () => {
  const ACCESS = { adminRoleArns: ['arn:aws:iam::111122223333:role/platform-admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' };
  const build = (overrides: Partial<OmsEksClusterProps>) => {
    const { s, network } = withNetwork();
    const props: OmsEksClusterProps = {
      name: 'oms-uat-eks',
      environment: 'uat-eks',
      account: ACCOUNT,
      stage: 'uat',
      profile: awsStageProfile('uat'),
      network,
      access: ACCESS,
      ...overrides,
    };
    return () => new OmsEksCluster(s, 'eks', props);
  };

  test('valid props build', () => {
    expect(build({ publicAccessCidrs: ['203.0.113.0/24'], privateAccessCidrs: ['10.30.4.0/24'] })).not.toThrow();
  });

  test.each([
    [
      'a cluster name the trust policies would not match, and an old Kubernetes version',
      { name: 'uat', kubernetesVersion: '1.20' },
      [
        'name must be the environment\'s cluster name "oms-uat-eks" (Pod Identity trust policies name the cluster by its environment) (received "uat"). Fix: use eksClusterName("uat-eks", "oms")',
        `kubernetesVersion must be a Kubernetes minor version of at least ${EKS_MINIMUM_KUBERNETES_VERSION} (older ones are past standard support and bill extended support) (received "1.20"). Fix: use "${EKS_MINIMUM_KUBERNETES_VERSION}" or later`,
      ],
    ],
    [
      'public access that together covers the internet, and a private network that is no CIDR',
      { publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'], privateAccessCidrs: ['ci-runners'] },
      [
        'publicAccessCidrs must not open a block wider than /16 ("0.0.0.0/1") (the Kubernetes API is open to every address listed) (received ["0.0.0.0/1","128.0.0.0/1"]). Fix: list the office or CI networks that need the API (/16 or narrower), or leave it out and reach the private endpoint',
        'privateAccessCidrs[0] must be a valid IPv4 CIDR block with no host bits set (received "ci-runners"). Fix: give the CI runner subnet, e.g. "10.30.4.0/24"',
      ],
    ],
    [
      'no administrators and a CI session ARN',
      { access: { adminRoleArns: [], ciRoleArn: 'arn:aws:sts::111122223333:assumed-role/ci/session' } },
      [
        "access.adminRoleArns must name at least one administrator role (there is no implicit creator admin) (received []). Fix: give the platform administrators' role ARN",
        'access.ciRoleArn must be the IAM role ARN, not an assumed-role session ARN (access entries match the role) (received "arn:aws:sts::111122223333:assumed-role/ci/session"). Fix: use arn:aws:iam::<account>:role/<name>',
      ],
    ],
    [
      'access without its CI role',
      { access: { adminRoleArns: 'arn:aws:iam::111122223333:role/admin' } as never },
      [
        'access.adminRoleArns must be a list of strings (received "arn:aws:iam::111122223333:role/admin"). Fix: pass a list of strings, as OmsEksClusterProps declares',
      ],
    ],
  ])('%s', (_name, overrides, lines) => {
    expect(messageOf(build(overrides as Partial<OmsEksClusterProps>))).toBe(err('stack/eks', ...lines));
  });

  test('validateApiAccessCidrs names the properties it is given', () => {
    expect(validateApiAccessCidrs('pub', ['0.0.0.0/0'], 'priv', ['10.0.0.1/8']).map((p) => p.property)).toEqual(['pub', 'priv[0]']);
  });
});

describe('the password rotations and the database user task used on their own refuse bad props', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:oms/uat-eks/cache-AbCdEf';
  const TOOLS = 'registry.example.com/platform/db-tools:1.4.0';
  const scope = () => {
    const { s, network } = withNetwork();
    return { s, network, cluster: new EcsCluster(s, 'ecs', { name: 'uat-eks' }) };
  };
  const postgres = (o: Partial<PostgresSecretRotationProps>) => () => {
    const { s, network } = scope();
    return new PostgresSecretRotation(s, 'rotation', {
      name: 'oms-uat-eks',
      region: 'eu-west-1',
      network,
      secretId: SECRET,
      kmsKeyArn: KEY,
      ...o,
    });
  };
  const cache = (o: Partial<CacheSecretRotationProps>) => () => {
    const { s, network, cluster } = scope();
    return new CacheSecretRotation(s, 'rotation', {
      name: 'oms-uat-eks',
      region: 'eu-west-1',
      accountId: '111122223333',
      network,
      cluster,
      image: TOOLS,
      secretArn: SECRET,
      kmsKeyArn: KEY,
      userId: 'oms-uat-eks-default',
      logRetentionDays: 30,
      ...o,
    });
  };
  const userTask = (o: Partial<DatabaseUserTaskProps>) => () => {
    const { s, network, cluster } = scope();
    return new DatabaseUserTask(s, 'rotation', {
      name: 'oms-uat-eks',
      region: 'eu-west-1',
      network,
      cluster,
      image: TOOLS,
      host: 'db.uat-eks.oms.internal',
      masterSecretArn: SECRET,
      masterKeyArn: KEY,
      appSecretArn: SECRET,
      appKeyArn: KEY,
      logRetentionDays: 30,
      dependsOn: [],
      ...o,
    });
  };

  test('valid props build', () => {
    expect(postgres({ days: 7 })).not.toThrow();
    expect(cache({ services: ['uat-eks-api'] })).not.toThrow();
    expect(userTask({})).not.toThrow();
  });

  test.each([
    [
      'PostgresSecretRotation: a rotation every 0 days, a secret given by a URL and a key given by id',
      postgres({ days: 0, secretId: 'https://console.aws.amazon.com/secret', kmsKeyArn: '1234abcd' }),
      [
        'secretId must be the ARN or name of a Secrets Manager secret (received "https://console.aws.amazon.com/secret"). Fix: pass the secret\'s id, e.g. generatedSecret.secret.id',
        'kmsKeyArn must be an ARN (arn:aws:<service>:<region>:<account>:<resource>) (received "1234abcd"). Fix: give the ARN of the KMS key that encrypts the secret',
        "days must be a whole number of days from 1 to 1000 (Secrets Manager's range) (received 0). Fix: use e.g. 30",
      ],
    ],
    [
      'CacheSecretRotation: an unpinned image, a service name with a space, a secret of another service and an account id with dashes',
      cache({ image: 'amazon/aws-cli', services: ['uat api'], secretArn: KEY, accountId: '1111-2222-3333' }),
      [
        'accountId must be a 12-digit AWS account id (received "1111-2222-3333"). Fix: use the account of this stage',
        'image must be a pinned image with psql, jq and the AWS CLI (the cache password rotation and the database user task run it) (received "amazon/aws-cli"). Fix: give e.g. "registry.example.com/platform/db-tools:1.4.0"',
        `secretArn must be an ARN of secretsmanager (this one is of kms) (received "${KEY}"). Fix: pass the cache password's secret ARN, e.g. cache.authToken.secret.arn`,
        'services[0] must be 1-55 letters, digits, "-" or "_", starting with a letter or digit (ECS service and IAM role names) (received "uat api"). Fix: use e.g. "uat-services-api"',
      ],
    ],
    [
      'CacheSecretRotation: a cluster that is no ECS cluster',
      cache({ cluster: {} as never }),
      [
        "cluster must be an EcsCluster (the environment's ECS cluster) (received {}). Fix: pass an EcsCluster (the environment's ECS cluster)",
      ],
    ],
    [
      'DatabaseUserTask: a database host given as an IP address and a missing dependency list',
      userTask({ host: '10.20.1.5', dependsOn: undefined }),
      ['dependsOn is required (received undefined). Fix: give dependsOn, as DatabaseUserTaskProps declares'],
    ],
    [
      'DatabaseUserTask: a database host given as an IP address',
      userTask({ host: '10.20.1.5' }),
      [
        'host must be a DNS name, not an IP address (TLS hostname verification matches the certificate against the name) (received "10.20.1.5"). Fix: pass the database address, e.g. database.instance.address',
      ],
    ],
  ])('%s', (_name, build, lines) => {
    expect(messageOf(build)).toBe(err('stack/rotation', ...lines));
  });

  test.each([
    [
      'rotationDaysProblems',
      rotationDaysProblems('days', 1001),
      "days must be a whole number of days from 1 to 1000 (Secrets Manager's range)",
    ],
    ['toolsImageProblems', toolsImageProblems('image', 'db-tools:latest'), 'image must be a pinned image'],
    ['validateAddonVersions', validateAddonVersions('addons', { 'vpc-cni': 'latest' }), 'addons["vpc-cni"] must be an EKS add-on version'],
    ['productProblems', productProblems({}), 'product must be a Product'],
  ])('%s reports under the property it is given', (_name, problems, start) => {
    expect(problems).toHaveLength(1);
    expect(`${problems[0].property} ${problems[0].rule}`.startsWith(start)).toBe(true);
  });
});

describe('OmsEksPlatform and platformObjects used on their own refuse bad input', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const build = (overrides: Partial<OmsEksPlatformProps>) => {
    const { s, network } = withNetwork();
    const cluster = new OmsEksCluster(s, 'eks', {
      name: 'oms-uat-eks',
      environment: 'uat-eks',
      account: ACCOUNT,
      stage: 'uat',
      profile: awsStageProfile('uat'),
      network,
      access: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
    });
    const props: OmsEksPlatformProps = {
      environment: 'uat-eks',
      account: ACCOUNT,
      cluster,
      vpcId: network.vpc.id,
      secretKeyArns: [KEY],
      ...overrides,
    };
    return () => new OmsEksPlatform(s, 'platform', props);
  };

  test('valid props build', () => {
    expect(build({ sqsQueueArns: ['arn:aws:sqs:eu-west-1:111122223333:oms-uat-eks-jobs'], vpcId: 'vpc-0123456789abcdef0' })).not.toThrow();
  });

  test.each([
    [
      'a VPC given by name, a key given by alias and a queue given by URL',
      { vpcId: 'oms-uat-eks', secretKeyArns: ['alias/oms'], sqsQueueArns: ['https://sqs.eu-west-1.amazonaws.com/111122223333/jobs'] },
      [
        'vpcId must be a VPC id (vpc-<hex>) (received "oms-uat-eks"). Fix: pass network.vpc.id',
        'secretKeyArns[0] must be an ARN (arn:aws:<service>:<region>:<account>:<resource>) (received "alias/oms"). Fix: give the ARN of a KMS key, e.g. cache.key.arn',
        'sqsQueueArns[0] must be an ARN (arn:aws:<service>:<region>:<account>:<resource>) (received "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"). Fix: give the ARN of a queue, e.g. queues.queues[0].queue.arn',
      ],
    ],
    [
      'a cluster given by name and an environment with an underscore',
      { cluster: { name: 'oms-uat-eks' } as never, environment: 'uat_eks' },
      [
        'environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "uat_eks"). Fix: give the environment name, e.g. "uat-eks"',
        'cluster must be an OmsEksCluster (received {"name":"oms-uat-eks"}). Fix: pass an OmsEksCluster',
      ],
    ],
    [
      'no key list',
      { secretKeyArns: undefined },
      ['secretKeyArns is required (received undefined). Fix: give secretKeyArns, as OmsEksPlatformProps declares'],
    ],
  ])('OmsEksPlatform: %s', (_name, overrides, lines) => {
    expect(messageOf(build(overrides as Partial<OmsEksPlatformProps>))).toBe(err('stack/platform', ...lines));
  });

  test.each([
    ['a region name', 'Ireland', 'region must be an AWS region such as "eu-west-1" (received "Ireland"). Fix: use e.g. "eu-west-1"'],
    ['no region', undefined, 'region must be an AWS region such as "eu-west-1" (received undefined). Fix: use e.g. "eu-west-1"'],
  ])('platformObjects: %s', (_name, region, line) => {
    expect(messageOf(() => platformObjects(region as never))).toBe(err('platformObjects', line));
  });
});

describe('OmsPrivateDns.addAlias refuses names Route 53 would refuse', () => {
  const dns = () => {
    const { s, network } = withNetwork();
    return new OmsPrivateDns(s, 'dns', { zoneName: 'uat-eks.oms.internal', vpc: network.vpc });
  };

  test('a name in the zone, to a generated address, is accepted', () => {
    const zone = dns();
    expect(() => zone.addAlias('db', 'db.uat-eks.oms.internal', 'oms-uat-eks.abc123.eu-west-1.rds.amazonaws.com')).not.toThrow();
  });

  test.each([
    [
      'a name outside the zone and a target given as an IP address',
      'db.staging.oms.internal',
      '10.20.1.5',
      [
        'host must be a name in the zone "uat-eks.oms.internal" (Route 53 refuses others) (received "db.staging.oms.internal"). Fix: use e.g. "db.uat-eks.oms.internal"',
        'target must be a DNS name, not an IP address (TLS hostname verification matches the certificate against the name) (received "10.20.1.5"). Fix: give the endpoint address, e.g. database.instance.address',
      ],
    ],
    [
      'a name with upper case',
      'DB.uat-eks.oms.internal',
      'oms-uat-eks.abc123.eu-west-1.rds.amazonaws.com',
      [
        'host must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "DB.uat-eks.oms.internal"). Fix: use e.g. "db.uat-eks.oms.internal"',
      ],
    ],
  ])('%s', (_name, host, target, lines) => {
    expect(messageOf(() => dns().addAlias('db', host, target))).toBe(err('stack/dns/db', ...lines));
  });
});

describe('the blocks sized by a stage profile refuse a partial one', () => {
  test.each([
    ['OmsPostgres', 'db'],
    ['OmsRedis', 'cache'],
  ])('%s with a profile missing its sizes', (block, id) => {
    const { s, network } = withNetwork();
    const profile = { ...awsStageProfile('uat'), dbInstanceClass: undefined, cacheNodes: '2' } as never;
    const build =
      block === 'OmsPostgres'
        ? () => new OmsPostgres(s, id, { name: 'oms-uat-eks', stage: 'uat', profile, network })
        : () => new OmsRedis(s, id, { name: 'oms-uat-eks', stage: 'uat', profile, network, authSecretName: 'oms/uat-eks/cache' });
    expect(messageOf(build)).toBe(
      err(
        `stack/${id}`,
        'profile.dbInstanceClass is required (received undefined). Fix: pass awsStageProfile(stage), or a copy of it with your changes',
        'profile.cacheNodes must be a number (received "2"). Fix: pass a number, as AwsStageProfile declares',
      ),
    );
  });

  test.each([['stageProfileProblems', { ...awsStageProfile('prod'), nodes: { min: '3', max: 20 } }]])(
    '%s looks inside nested fields',
    (_name, profile) => {
      expect(stageProfileProblems('profile', profile).map((p) => p.property)).toEqual(['profile.nodes.min']);
    },
  );
});
