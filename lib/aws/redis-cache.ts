import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AwsStageProfile, Stage, isProtectedStage } from '../core';
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

/**
 * ElastiCache Redis: encrypted at rest (own KMS key) and in transit, AUTH
 * token generated into Secrets Manager, in the data subnets, reachable only
 * from workloads; automatic failover and multi-AZ when the stage runs more
 * than one node (staging and production); daily snapshots.
 */
export class OmsRedis extends Construct {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  public readonly authToken: GeneratedSecret;
  /** The KMS key of the cache and its AUTH token secret. */
  public readonly key: KmsKey;
  /** The cache's security group. */
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: OmsRedisProps) {
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
      authToken: Fn.lookup(Fn.jsondecode(this.authToken.version.secretString), 'token', ''),
      automaticFailoverEnabled: replicated,
      multiAzEnabled: replicated,
      snapshotRetentionLimit: isProtectedStage(props.stage) ? 7 : 1,
      autoMinorVersionUpgrade: 'true',
    });
  }
}
