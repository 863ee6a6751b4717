import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ServerlessapplicationrepositoryCloudformationStack } from '@cdktf/provider-aws/lib/serverlessapplicationrepository-cloudformation-stack';
import { Construct } from 'constructs';
import { OmsNetwork } from './network';
import { arnViolation, secretsManagerNameViolation } from '../core';
import { rotationDaysProblems } from './validate-aws-props';
import { arnProblems, checkBlockProps, isReference, resourcePrefixProblems, taskWiringProblems } from './validate-block-props';

/** AWS's PostgreSQL single-user rotation function, from the Serverless Application Repository, at a pinned version. */
export const POSTGRES_ROTATION_APPLICATION = {
  applicationId: 'arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser',
  semanticVersion: '1.1.618',
} as const;

/** Properties of a {@link PostgresSecretRotation}. */
export interface PostgresSecretRotationProps {
  /** Prefix of resource names. */
  readonly name: string;
  readonly region: string;
  readonly network: OmsNetwork;
  /** The secret to rotate (JSON: engine, host, port, dbname, username, password). */
  readonly secretId: string;
  /** The KMS key that encrypts the secret. */
  readonly kmsKeyArn: string;
  /** Days between rotations. @default 30 */
  readonly days?: number;
}

/**
 * Rotates an application database password: AWS's rotation function runs in
 * the workload subnets (it reaches the database on 5432 and Secrets Manager
 * through its VPC endpoint), sets a new password on the user and stores it.
 * The first rotation waits for the schedule, not the apply: the user is
 * created by a Job or task after the secret exists. Consumers re-read the
 * secret (ExternalSecret refresh, new ECS tasks).
 */
export class PostgresSecretRotation extends Construct {
  public readonly rotation: SecretsmanagerSecretRotation;

  constructor(scope: Construct, id: string, props: PostgresSecretRotationProps) {
    checkBlockProps(
      scope,
      id,
      'PostgresSecretRotationProps',
      props,
      { name: 'string', region: 'string', network: 'object', secretId: 'string', kmsKeyArn: 'string', days: 'number' },
      ['name', 'region', 'network', 'secretId', 'kmsKeyArn'],
      (p) => [
        ...resourcePrefixProblems('name', p.name),
        ...taskWiringProblems(p, OmsNetwork),
        ...(isReference(p.secretId) ||
        secretsManagerNameViolation(p.secretId) === undefined ||
        arnViolation(p.secretId, { service: 'secretsmanager' }) === undefined
          ? []
          : [
              {
                property: 'secretId',
                rule: 'must be the ARN or name of a Secrets Manager secret',
                value: p.secretId,
                fix: "pass the secret's id, e.g. generatedSecret.secret.id",
              },
            ]),
        ...arnProblems('kmsKeyArn', p.kmsKeyArn, 'kms', 'give the ARN of the KMS key that encrypts the secret'),
        ...rotationDaysProblems('days', p.days),
      ],
    );
    super(scope, id);
    const sg = new SecurityGroup(this, 'sg', {
      name: `${props.name}-rotation`,
      description: 'Secret rotation: PostgreSQL and Secrets Manager only',
      vpcId: props.network.vpc.id,
      egress: [
        { description: 'PostgreSQL', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrBlocks: props.network.dataCidrs },
        { description: 'Secrets Manager endpoint', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [props.network.cidr] },
      ],
    });
    const app = new ServerlessapplicationrepositoryCloudformationStack(this, 'function', {
      name: `${props.name}-db-rotation`,
      applicationId: POSTGRES_ROTATION_APPLICATION.applicationId,
      semanticVersion: POSTGRES_ROTATION_APPLICATION.semanticVersion,
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'],
      parameters: {
        endpoint: `https://secretsmanager.${props.region}.amazonaws.com`,
        functionName: `${props.name}-db-rotation`,
        vpcSubnetIds: props.network.workloadSubnets.map((s) => s.id).join(','),
        vpcSecurityGroupIds: sg.id,
        kmsKeyArn: props.kmsKeyArn,
      },
    });
    this.rotation = new SecretsmanagerSecretRotation(this, 'rotation', {
      secretId: props.secretId,
      rotationLambdaArn: app.outputs.lookup('RotationLambdaARN'),
      rotateImmediately: false,
      rotationRules: { automaticallyAfterDays: props.days ?? 30 },
    });
  }
}
