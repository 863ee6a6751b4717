import { Construct } from 'constructs';
import { AwsAccount, podRoleName, throwIfProblems } from '../core';
import type { OmsAwsStack } from './oms-aws-stack';
import { PodIdentityRole } from './pod-identity-role';

/** The ServiceAccount of the data setup pods (`OmsDataLifecycle`), whose backup step takes the RDS snapshot. */
export const DATA_SETUP_SERVICE_ACCOUNT = 'data-setup';
/** The prefix of the snapshots taken before an upgrade (`before-<version>`). */
export const DATA_SNAPSHOT_PREFIX = 'before-';

/** Properties of an {@link OmsDataSnapshotRole}. */
export interface OmsDataSnapshotRoleProps {
  /** The environment's stack: its EKS cluster and RDS instance. */
  readonly stack: OmsAwsStack;
  readonly account: AwsAccount;
}

/**
 * What `DataBackup.rdsSnapshot` needs in AWS: a role for the data setup pods (EKS Pod Identity,
 * ServiceAccount `data-setup` of the environment's namespace) that may take snapshots of the
 * environment's instance named `before-*` and read their state, and nothing else. It cannot delete
 * or restore a snapshot, nor touch another instance.
 */
export class OmsDataSnapshotRole extends Construct {
  public readonly podRole: PodIdentityRole;

  constructor(scope: Construct, id: string, props: OmsDataSnapshotRoleProps) {
    super(scope, id);
    const { stack, account } = props;
    const cluster = stack.cluster;
    throwIfProblems(this.node.path, [
      ...(cluster === undefined
        ? [
            {
              property: 'stack',
              rule: 'must run an EKS cluster: the snapshot is taken by a pod with EKS Pod Identity',
              value: stack.environment,
              fix: 'take the snapshot another way on ECS, or give the stack an EKS cluster',
            },
          ]
        : []),
    ]);
    const instance = stack.database.instance;
    const snapshots = `arn:aws:rds:${account.region}:${account.accountId}:snapshot:${DATA_SNAPSHOT_PREFIX}*`;
    this.podRole = new PodIdentityRole(this, 'role', {
      roleName: podRoleName(stack.environment, stack.environment, DATA_SETUP_SERVICE_ACCOUNT, stack.product),
      account,
      clusterEnvironment: stack.environment,
      clusterName: cluster!.cluster.name,
      namespace: stack.environment,
      serviceAccount: DATA_SETUP_SERVICE_ACCOUNT,
      statements: [
        { Effect: 'Allow', Action: ['rds:CreateDBSnapshot'], Resource: [instance.arn, snapshots] },
        { Effect: 'Allow', Action: ['rds:DescribeDBSnapshots'], Resource: [instance.arn, snapshots] },
      ],
    });
  }
}
