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
        databaseRotationDays: 0,
      } as OmsAwsStackProps),
    [
      'queues[0].name must be 1-40 lower-case letters, digits or "-" (received "Orders.fifo"). Fix: use e.g. "shipment-events"',
      'databaseRotationDays must be a whole number of days from 1 to 365 (received 0). Fix: use e.g. 30',
    ],
  ],
])('%s', (_name, run, messages) => expect(lines(run())).toEqual(messages));

test.each([
  [
    'OmsBranchAwsStack: a bad account and an environment that is no branch',
    { environment: '___', hostEnvironment: 'uat-eks', account: { accountId: '1', region: 'eu-west-1' }, state: { bucket: 'state-bucket' } },
    '___: invalid configuration\n  - account.accountId must be a 12-digit AWS account id (received "1"). Fix: use the account of this stage\n  - environment must give a database name starting with "oms_br_" (only those may be dropped on the shared instance) (received "___"). Fix: name the environment with branchEnvironmentName(branch)',
  ],
])('%s', (_name, props, message) => expect(() => OmsBranchAwsStack.standalone(props)).toThrow(new Error(message)));
