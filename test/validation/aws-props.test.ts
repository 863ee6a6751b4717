/** Tables of bad input for the AWS layer's validators, with exact messages. */
import { formatProblem, Problem } from '../../lib/core';
import {
  OmsAwsStackProps,
  OmsBranchAwsStack,
  validateClusterAccess,
  validateDatabase,
  validateFargateServiceProps,
  validateKubernetesVersion,
  validateNetwork,
  validateAwsStackInput,
  validateOmsAwsStackProps,
} from '../../lib/aws';

const lines = (problems: Problem[]) => problems.map(formatProblem);
const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };

test.each([
  [
    'validateNetwork: a block wider than /16',
    () => validateNetwork('network', { cidr: '10.16.0.0/12' }),
    ['network.cidr must be between /16 and /20 (nine subnets of a sixteenth each) (received "10.16.0.0/12"). Fix: use a /16 to /20 block'],
  ],
  [
    'validateNetwork: an avoided network that is not a CIDR block',
    () => validateNetwork('network', { cidr: '10.20.0.0/16', avoidCidrs: ['10.300.0.0/16'] }),
    ['network.avoidCidrs must be valid IPv4 CIDR blocks (received "10.300.0.0/16"). Fix: use e.g. \'10.0.0.0/16\''],
  ],
  [
    'validateDatabase: backups kept longer than RDS allows',
    () => validateDatabase('database', { backupRetentionDays: 40 }, 'uat'),
    ['database.backupRetentionDays must be a whole number of days from 1 to 35 (received 40). Fix: use e.g. 7'],
  ],
  [
    'validateDatabase: a public, unprotected production database',
    () => validateDatabase('database', { publiclyAccessible: true, deletionProtection: false }, 'prod'),
    [
      'database.deletionProtection must stay on in prod: a typo must not be able to delete the database (received false). Fix: remove deletionProtection: false',
      'database.publiclyAccessible must be false: the database is reachable only from the private workload subnets (received true). Fix: remove publiclyAccessible; connect through the VPC',
    ],
  ],
  [
    'validateClusterAccess: none given',
    () => validateClusterAccess('clusterAccess', undefined, ACCOUNT),
    [
      'clusterAccess is required for an EKS cluster: without access entries nobody can use the Kubernetes API (received undefined). Fix: give { adminRoleArns: [...], ciRoleArn: "arn:aws:iam::<account>:role/<ci role>" }',
    ],
  ],
  [
    'validateClusterAccess: a session ARN, and a role of another account',
    () =>
      validateClusterAccess(
        'clusterAccess',
        { adminRoleArns: ['arn:aws:sts::111122223333:assumed-role/admin/me'], ciRoleArn: 'arn:aws:iam::999999999999:role/ci' },
        ACCOUNT,
      ),
    [
      'clusterAccess.adminRoleArns[0] must be the IAM role ARN, not an assumed-role session ARN (access entries match the role) (received "arn:aws:sts::111122223333:assumed-role/admin/me"). Fix: use arn:aws:iam::<account>:role/<name>',
      'clusterAccess.ciRoleArn must be an IAM role ARN in account 111122223333 (received "arn:aws:iam::999999999999:role/ci"). Fix: use arn:aws:iam::111122223333:role/<name>',
    ],
  ],
  [
    'validateKubernetesVersion: not a minor version',
    () => validateKubernetesVersion('kubernetesVersion', '1.2'),
    [
      'kubernetesVersion must be a Kubernetes minor version of at least 1.35 (older ones are past standard support and bill extended support) (received "1.2"). Fix: use "1.35" or later',
    ],
  ],
  [
    'validateFargateServiceProps: an unpinned image on port 0',
    () =>
      validateFargateServiceProps('props', {
        name: 'api',
        image: 'registry.example.com/api:latest',
        containerPort: 0,
        cpu: 256,
        memory: 512,
      } as any),
    [
      'props.image must not use the mutable "latest" tag (received "registry.example.com/api:latest"). Fix: pin the image to a tag or digest',
      'props.containerPort must be a whole number from 1 to 65535 (received 0). Fix: use the port the app listens on, e.g. 5000',
    ],
  ],
  [
    'validateOmsAwsStackProps: a queue name with a dot, and no rotation',
    () =>
      validateOmsAwsStackProps({
        environment: 'uat-eks',
        stage: 'uat',
        account: ACCOUNT,
        state: { bucket: 'state-bucket' },
        network: { cidr: '10.20.0.0/16' },
        compute: 'none',
        queues: [{ name: 'Orders.fifo' }],
        databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
        databaseRotationDays: 0,
      } as OmsAwsStackProps),
    [
      'queues[0].name must be 1-40 lower-case letters, digits or "-" (received "Orders.fifo"). Fix: use e.g. "shipment-events"',
      "databaseRotationDays must be a whole number of days from 1 to 1000 (Secrets Manager's range) (received 0). Fix: use e.g. 30",
    ],
  ],
])('%s', (_name, run, messages) => expect(lines(run())).toEqual(messages));

test.each([
  [
    'OmsBranchAwsStack: a bad account and an environment that is no branch',
    {
      environment: 'uat-eks',
      hostEnvironment: 'uat-eks',
      account: { accountId: '1', region: 'eu-west-1' },
      state: { bucket: 'state-bucket' },
    },
    'uat-eks: invalid configuration\n  - account.accountId must be a 12-digit AWS account id (received "1"). Fix: use the account of this stage\n  - environment must give a database name starting with "oms_br_" (only those may be dropped on the shared instance) (received "uat-eks"). Fix: name the environment with branchEnvironmentName(branch)',
  ],
  [
    'OmsBranchAwsStack: an environment that is no namespace name',
    { environment: '___', hostEnvironment: 'uat-eks', account: ACCOUNT, state: { bucket: 'state-bucket' } },
    '___: invalid configuration\n  - environment must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit (received "___"). Fix: name the environment with branchEnvironmentName(branch), e.g. "br-feature-x-1a2b3c4d"',
  ],
])('%s', (_name, props, message) => expect(() => OmsBranchAwsStack.standalone(props)).toThrow(new Error(message)));

describe('validateAwsStackInput: the kinds, the state bucket and the derived names of a stack', () => {
  const base = (): Record<string, any> => ({
    environment: 'uat-eks',
    stage: 'uat',
    account: ACCOUNT,
    state: { bucket: 'state-bucket' },
    network: { cidr: '10.20.0.0/16' },
    clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
    queues: [{ name: 'jobs' }],
    repositories: ['oms/om-app'],
    clusterPublicAccessCidrs: ['203.0.113.0/24'],
  });

  test('valid props pass', () => expect(validateAwsStackInput(base() as any)).toEqual([]));

  test.each([
    ['no state', { state: undefined }, ['state is required (received undefined). Fix: give state, as OmsAwsStackProps declares']],
    [
      'an environment object',
      { environment: {} },
      ['environment must be a string (received {}). Fix: pass a string, as OmsAwsStackProps declares'],
    ],
    [
      'one CIDR as a string',
      { clusterPublicAccessCidrs: '203.0.113.0/24' },
      [
        'clusterPublicAccessCidrs must be a list of strings (received "203.0.113.0/24"). Fix: pass a list of strings, as OmsAwsStackProps declares',
      ],
    ],
    [
      'an admin role as a string',
      { clusterAccess: { adminRoleArns: 'arn:aws:iam::111122223333:role/admin', ciRoleArn: 'arn:aws:iam::111122223333:role/ci' } },
      [
        'clusterAccess.adminRoleArns must be a list of strings (received "arn:aws:iam::111122223333:role/admin"). Fix: pass a list of strings, as OmsAwsStackProps declares',
      ],
    ],
    [
      'a state bucket with upper case',
      { state: { bucket: 'State' } },
      [
        'state.bucket must be an S3 bucket name: lower-case letters, digits, "." and "-", starting and ending with a letter or digit (received "State"). Fix: give the name of the existing state bucket of this account',
      ],
    ],
  ])('%s', (_name, override, messages) => expect(lines(validateAwsStackInput({ ...base(), ...override } as any))).toEqual(messages));

  // Each of these crashed OmsAwsStack with a TypeError: the check must catch every one before the stack is built.
  test.each([
    ['environment', {}],
    ['environment', null],
    ['environment', undefined],
    ['state', undefined],
    ['state', { bucket: [null] }],
    ['network', { cidr: {} }],
    ['clusterAccess', { adminRoleArns: {}, ciRoleArn: 'arn:aws:iam::111122223333:role/ci' }],
    ['clusterAccess', { adminRoleArns: [], ciRoleArn: {} }],
    ['queues', -2],
    ['queues', '|'],
    ['repositories', ')]'],
    ['clusterPublicAccessCidrs', null],
    ['clusterPublicAccessCidrs', {}],
    ['clusterPublicAccessCidrs', 0],
  ])('%s = %j is reported, not crashed on', (prop, value) => {
    expect(validateAwsStackInput({ ...base(), [prop]: value } as any).length).toBeGreaterThan(0);
  });
});

test.each([
  ['validateNetwork with a CIDR object', () => validateNetwork('network', { cidr: {} as any, avoidCidrs: {} as any }), 1],
  [
    'validateClusterAccess with an object role ARN',
    () => validateClusterAccess('clusterAccess', { adminRoleArns: {} as any, ciRoleArn: {} as any }, ACCOUNT),
    2,
  ],
])('%s reports instead of crashing', (_name, run, count) => expect(run()).toHaveLength(count));

// The stack's prop-kind table is declared `satisfies KindsOf<OmsAwsStackProps>`: a prop cannot be left unchecked.
// cacheRotationDays was, before the table was typed against the props.
test('a cache rotation period that is not a number is refused before the rules run', () => {
  const problems = validateAwsStackInput({
    environment: 'uat-eks',
    stage: 'uat',
    account: ACCOUNT,
    state: { bucket: 'state-bucket' },
    network: { cidr: '10.20.0.0/16' },
    compute: 'none',
    cacheRotationDays: 'thirty',
  } as unknown as OmsAwsStackProps);
  expect(problems.map(formatProblem)).toEqual([
    'cacheRotationDays must be a number (received "thirty"). Fix: pass a number, as OmsAwsStackProps declares',
  ]);
});
