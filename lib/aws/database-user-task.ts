import type { KindsOf } from '../core';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { accountIdOf, shellTaskDefinition, shellTaskExecution, shellTaskSecurityGroup } from './shell-task';
import { DataResource, ITerraformDependable } from 'cdktf';
import { terraformData } from './terraform-data';
import { Construct } from 'constructs';
import { DATABASE_USER_TASK_ENV, Product, databaseUserTaskScript, hostnameViolation, runTaskOnceScript } from '../core';
import { toolsImageProblems } from './validate-aws-props';
import { arnProblems, checkBlockProps, isReference, problemIf, resourcePrefixProblems, taskWiringProblems } from './validate-block-props';
import { OmsNetwork } from './network';

/** Properties of a {@link DatabaseUserTask}. */
export interface DatabaseUserTaskProps {
  /** Prefix of resource names. */
  readonly name: string;
  readonly region: string;
  readonly network: OmsNetwork;
  readonly cluster: EcsCluster;
  /** A pinned image with `psql`. */
  readonly image: string;
  /** The database endpoint address. */
  readonly host: string;
  /** The RDS-managed master secret and the key that encrypts it. */
  readonly masterSecretArn: string;
  readonly masterKeyArn: string;
  /** The application credentials (JSON: username, password, dbname) and their key. */
  readonly appSecretArn: string;
  readonly appKeyArn: string;
  readonly logRetentionDays: number;
  /** What must exist before the task runs (the database, the credentials' value). */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The estate's product: names the log group. @default Product.OMS */
  readonly product?: Product;
}

const DATABASE_USER_TASK_PROP_KINDS = {
  name: 'string',
  region: 'string',
  network: 'object',
  cluster: 'object',
  image: 'string',
  host: 'string',
  masterSecretArn: 'string',
  masterKeyArn: 'string',
  appSecretArn: 'string',
  appKeyArn: 'string',
  logRetentionDays: 'number',
  dependsOn: 'array',
  product: 'object',
} satisfies KindsOf<DatabaseUserTaskProps>;
const DATABASE_USER_TASK_REQUIRED = Object.keys(DATABASE_USER_TASK_PROP_KINDS).filter((k) => k !== 'product');

/**
 * The application's database user, created by a one-off ECS task during the
 * apply: the task reads the master and application credentials from Secrets
 * Manager (injected by ECS, never in the task definition), creates the role or
 * resets its password, and makes it owner of the database. Terraform runs it
 * with the AWS CLI (`local-exec`) whenever the task definition changes and
 * fails the apply when the task fails; services wait for it.
 */
export class DatabaseUserTask extends Construct {
  public readonly taskDefinition: EcsTaskDefinition;
  /** Done when the task has run successfully. */
  public readonly run: DataResource;

  constructor(scope: Construct, id: string, props: DatabaseUserTaskProps) {
    checkBlockProps(scope, id, 'DatabaseUserTaskProps', props, DATABASE_USER_TASK_PROP_KINDS, DATABASE_USER_TASK_REQUIRED, (p) => [
      ...resourcePrefixProblems('name', p.name),
      ...taskWiringProblems(p, OmsNetwork, EcsCluster),
      ...toolsImageProblems('image', p.image),
      ...(isReference(p.host)
        ? []
        : problemIf('host', p.host, hostnameViolation(p.host), 'pass the database address, e.g. database.instance.address')),
      ...arnProblems('masterSecretArn', p.masterSecretArn, 'secretsmanager', "pass the master secret's ARN"),
      ...arnProblems('masterKeyArn', p.masterKeyArn, 'kms', 'give the ARN of the KMS key that encrypts the master secret'),
      ...arnProblems('appSecretArn', p.appSecretArn, 'secretsmanager', "pass the application credentials' secret ARN"),
      ...arnProblems('appKeyArn', p.appKeyArn, 'kms', 'give the ARN of the KMS key that encrypts the application credentials'),
    ]);
    super(scope, id);
    const { logs, executionRole: execRole } = shellTaskExecution(this, {
      name: `${props.name}-db-user`,
      logRetentionDays: props.logRetentionDays,
      product: props.product,
      secretArns: [props.masterSecretArn, props.appSecretArn],
      keyArns: [props.masterKeyArn, props.appKeyArn],
      region: props.region,
      accountId: accountIdOf(props.cluster.arn),
    });
    const e = DATABASE_USER_TASK_ENV;
    this.taskDefinition = shellTaskDefinition(this, 'task', {
      family: `${props.name}-db-user`,
      container: 'db-user',
      image: props.image,
      script: databaseUserTaskScript(),
      environment: [{ name: e.host, value: props.host }],
      secrets: [
        { name: e.masterUser, valueFrom: `${props.masterSecretArn}:username::` },
        { name: e.masterPassword, valueFrom: `${props.masterSecretArn}:password::` },
        { name: e.appUser, valueFrom: `${props.appSecretArn}:username::` },
        { name: e.appPassword, valueFrom: `${props.appSecretArn}:password::` },
        { name: e.appDatabase, valueFrom: `${props.appSecretArn}:dbname::` },
      ],
      executionRoleArn: execRole.arn,
      logGroup: logs.name,
      region: props.region,
    });
    const sg = shellTaskSecurityGroup(this, {
      name: `${props.name}-db-user`,
      description: 'Database user task: PostgreSQL and AWS APIs only',
      network: props.network,
      egress: [{ description: 'PostgreSQL', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrBlocks: props.network.dataCidrs }],
    });
    this.run = terraformData(this, 'run', {
      triggersReplace: { taskDefinition: this.taskDefinition.arn },
      dependsOn: [...props.dependsOn],
      provisioners: [
        {
          type: 'local-exec',
          interpreter: ['/bin/bash', '-c'],
          command: runTaskOnceScript(),
          environment: {
            REGION: props.region,
            CLUSTER: props.cluster.name,
            TASK_DEFINITION: this.taskDefinition.arn,
            SUBNETS: props.network.workloadSubnets.map((s) => s.id).join(','),
            SECURITY_GROUP: sg.id,
          },
        },
      ],
    });
  }
}
