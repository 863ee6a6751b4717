import type { KindsOf } from '../core';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AwsStageProfile, Problem, Stage, elastiCacheIdViolation, isProtectedStage } from '../core';
import {
  checkBlockProps,
  instanceProblems,
  problemIf,
  resourcePrefixProblems,
  secretNameProblems,
  stageProblems,
  stageProfileProblems,
} from './validate-block-props';
import { GeneratedSecret } from './generated-secret';
import { encryptionKey } from './kms';
import { OmsNetwork } from './network';

/** Properties of an {@link OmsRedis}. */
export interface OmsRedisProps {
  readonly name: string;
  readonly stage: Stage;
  readonly profile: AwsStageProfile;
  readonly network: OmsNetwork;
  /** Secrets Manager name of the AUTH token (deterministic). */
  readonly authSecretName: string;
}

const OMS_REDIS_PROP_KINDS = {
  name: 'string',
  stage: 'string',
  profile: 'object',
  network: 'object',
  authSecretName: 'string',
} satisfies KindsOf<OmsRedisProps>;

/** The rules of an {@link OmsRedis}'s props: a replication group id ElastiCache accepts, and the secret's name. */
function validateRedisBlock(props: OmsRedisProps): Problem[] {
  const prefix = resourcePrefixProblems('name', props.name);
  return [
    ...(prefix.length > 0 ? prefix : problemIf('name', props.name, elastiCacheIdViolation(props.name), 'use e.g. "oms-uat-eks"')),
    ...stageProblems('stage', props.stage),
    ...stageProfileProblems('profile', props.profile),
    ...instanceProblems('network', props.network, OmsNetwork, 'an OmsNetwork'),
    ...secretNameProblems('authSecretName', props.authSecretName),
  ];
}

/**
 * ElastiCache Redis: encrypted at rest (own KMS key) and in transit, in the
 * data subnets, reachable only from workloads; automatic failover and
 * multi-AZ when the stage runs more than one node (staging and production);
 * daily snapshots. Access is role-based: the group's only user is the
 * `default` user (so clients still send `AUTH <token>`), with its password
 * generated into Secrets Manager. Unlike the cluster-wide AUTH token, a user
 * can hold two passwords, which is what lets the password rotate without
 * cutting off clients ({@link CacheSecretRotation}); Terraform sets the first
 * password only and leaves later ones to the rotation.
 */
export class OmsRedis extends Construct {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  public readonly authToken: GeneratedSecret;
  /** The cache's user (user name `default`), whose password the secret holds. */
  public readonly user: ElasticacheUser;
  /** The user's id (account-wide unique), known before apply. */
  public readonly userId: string;
  /** The KMS key of the cache and its AUTH token secret. */
  public readonly key: KmsKey;
  /** The cache's security group. */
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: OmsRedisProps) {
    checkBlockProps(scope, id, 'OmsRedisProps', props, OMS_REDIS_PROP_KINDS, Object.keys(OMS_REDIS_PROP_KINDS), validateRedisBlock);
    super(scope, id);
    const key = (this.key = encryptionKey(
      this,
      'key',
      `${props.name}-cache`,
      `ElastiCache ${props.name}`,
      isProtectedStage(props.stage) ? 30 : 7,
    ));
    this.authToken = new GeneratedSecret(this, 'auth', {
      name: props.authSecretName,
      valueKey: 'token',
      // The ElastiCache user's password is read back from the secret, and has no write-only argument.
      valueInState: true,
      kmsKeyArn: key.arn,
      recoveryWindowDays: isProtectedStage(props.stage) ? 30 : 7,
    });
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: `${props.name}-cache`,
      subnetIds: props.network.dataSubnets.map((s) => s.id),
    });
    const sg = (this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${props.name}-cache`,
      description: 'Redis from the workload subnets only',
      vpcId: props.network.vpc.id,
      ingress: [
        { description: 'Redis from workloads', protocol: 'tcp', fromPort: 6379, toPort: 6379, cidrBlocks: props.network.workloadCidrs },
      ],
      egress: [],
    }));
    // The user group must hold a user named "default": making it the application's user keeps `AUTH <token>` working.
    this.userId = `${props.name}-default`;
    this.user = new ElasticacheUser(this, 'user', {
      userId: this.userId,
      userName: 'default',
      engine: 'redis',
      accessString: 'on ~* +@all',
      authenticationMode: { type: 'password', passwords: [Fn.lookup(Fn.jsondecode(this.authToken.version.secretString), 'token', '')] },
      // The rotation changes the passwords after the first apply; Terraform must not set them back.
      lifecycle: { ignoreChanges: ['authentication_mode', 'passwords'] },
    });
    const group = new ElasticacheUserGroup(this, 'users', {
      userGroupId: `${props.name}-cache`,
      engine: 'redis',
      userIds: [this.user.userId],
    });
    const replicated = props.profile.cacheNodes > 1;
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'redis', {
      replicationGroupId: props.name.slice(0, 40).replace(/-+$/, ''),
      description: `OMS cache ${props.name}`,
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: props.profile.cacheNodeType,
      numCacheClusters: props.profile.cacheNodes,
      port: 6379,
      subnetGroupName: subnets.name,
      securityGroupIds: [sg.id],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: key.arn,
      transitEncryptionEnabled: true,
      userGroupIds: [group.userGroupId],
      automaticFailoverEnabled: replicated,
      multiAzEnabled: replicated,
      snapshotRetentionLimit: isProtectedStage(props.stage) ? 7 : 1,
      autoMinorVersionUpgrade: 'true',
    });
  }
}
