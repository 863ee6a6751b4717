import { DataAwsDbInstance } from '@cdktf/provider-aws/lib/data-aws-db-instance';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsAccount,
  Problem,
  Product,
  awsEndpoints,
  branchDbAdminRoleName,
  terraformStateKey,
  checkBranchDatabaseNames,
  databaseEndpointParameter,
  eksClusterName,
  isBranchDatabaseName,
  secretsKeyAlias,
  teardownNamespaceName,
  throwIfProblems,
  validateAwsAccount,
} from '../core';
import { GeneratedSecret } from './generated-secret';
import { RemoteState, bindToAccount } from './account-binding';
import { PodIdentityRole } from './pod-identity-role';
import { validateHostEnvironment, validateRemoteState } from './validate-aws-props';

/** Properties of an {@link OmsBranchAwsStack}. */
export interface OmsBranchAwsStackProps {
  /** The branch environment (its namespace). */
  readonly environment: string;
  /** The environment whose database and cluster the branch shares (e.g. UAT). */
  readonly hostEnvironment: string;
  /** The development account. */
  readonly account: AwsAccount;
  readonly state: RemoteState;
  /** The estate's product (the host environment's): database, secret, parameter and ServiceAccount names. @default Product.OMS */
  readonly product?: Product;
}

/**
 * The AWS part of a branch environment: no servers of its own. It generates
 * the branch's database credentials into Secrets Manager (the install Job
 * creates that user and database on the shared instance) and gives the
 * branch's database Jobs a role of their own, bound to the branch namespace:
 * it reads the endpoint and connects with IAM authentication as the
 * branch-admin database user, which can create and drop branch databases but
 * is not the master user and cannot read the host's master secret. The same
 * role is bound to the namespace a teardown creates to drop the database when
 * the branch namespace is already gone (`teardownNamespaceName`).
 * Destroying the stack on merge removes both; state has its own key per branch.
 */
export class OmsBranchAwsStack extends TerraformStack {
  /** A stack in its own cdktf app, named after the branch environment. */
  public static standalone(props: OmsBranchAwsStackProps): OmsBranchAwsStack {
    return new OmsBranchAwsStack(new App({ skipValidation: true, outdir: 'cdktf.out' }), props.environment, props);
  }

  public readonly environment: string;
  /** The database and user names of the branch. */
  public readonly names: { readonly database: string; readonly user: string };
  /** The role of the branch's database Jobs. */
  public readonly databaseAdmin: PodIdentityRole;

  constructor(scope: Construct, id: string, props: OmsBranchAwsStackProps) {
    const problems: Problem[] = [
      ...validateAwsAccount('account', props.account),
      ...validateRemoteState('state', props.state),
      ...validateHostEnvironment('hostEnvironment', props.hostEnvironment),
    ];
    const product = props.product ?? Product.OMS;
    const { names, problems: nameProblems } = checkBranchDatabaseNames(props.environment, product);
    problems.push(...nameProblems);
    if (names && !isBranchDatabaseName(names.database, product)) {
      problems.push({
        property: 'environment',
        rule: `must give a database name starting with "${product.branchDatabasePrefix}" (only those may be dropped on the shared instance)`,
        value: props.environment,
        fix: 'name the environment with branchEnvironmentName(branch)',
      });
    }
    throwIfProblems(scope.node.path === '' ? id : `${scope.node.path}/${id}`, problems);
    super(scope, id);
    this.environment = props.environment;
    this.names = names!;
    const { account, hostEnvironment } = props;
    const endpoints = awsEndpoints(props.environment, hostEnvironment, product);

    bindToAccount(this, { ...props, stage: 'branch', stateKey: terraformStateKey(props.environment, props.product, true) });
    const key = new DataAwsKmsKey(this, 'secrets-key', { keyId: secretsKeyAlias(hostEnvironment, product) });
    new GeneratedSecret(this, 'database-credentials', {
      name: endpoints.databaseSecretName,
      fields: { username: this.names.user, host: endpoints.databaseHost, port: endpoints.databasePort, dbname: this.names.database },
      kmsKeyArn: key.arn,
      recoveryWindowDays: 0,
    });
    const host = new DataAwsDbInstance(this, 'host-database', { dbInstanceIdentifier: product.resourcePrefix(hostEnvironment) });
    this.databaseAdmin = new PodIdentityRole(this, 'db-admin', {
      roleName: branchDbAdminRoleName(props.environment, product),
      account,
      clusterEnvironment: hostEnvironment,
      clusterName: eksClusterName(hostEnvironment, product.name),
      namespace: props.environment,
      // The teardown drops the database from this namespace when the environment's own is already gone.
      additionalNamespaces: [teardownNamespaceName(props.environment)],
      serviceAccount: product.dbAdminServiceAccount,
      statements: [
        {
          Effect: 'Allow',
          Action: ['ssm:GetParameter'],
          Resource: [`arn:aws:ssm:${account.region}:${account.accountId}:parameter${databaseEndpointParameter(hostEnvironment, product)}`],
        },
        {
          Effect: 'Allow',
          Action: ['rds-db:connect'],
          Resource: [`arn:aws:rds-db:${account.region}:${account.accountId}:dbuser:${host.resourceId}/${product.branchAdminUser}`],
        },
      ],
    });
  }
}
