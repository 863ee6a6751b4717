import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsAccount,
  DB_ADMIN_SERVICE_ACCOUNT,
  Problem,
  awsEndpoints,
  checkBranchDatabaseNames,
  dbAdminRoleName,
  throwIfProblems,
  validateAwsAccount,
} from '../core';
import { GeneratedSecret } from './generated-secret';
import { RemoteState, bindToAccount } from './account-binding';

/** Properties of an {@link OmsBranchAwsStack}. */
export interface OmsBranchAwsStackProps {
  /** The branch environment (its namespace). */
  readonly environment: string;
  /** The environment whose database and cluster the branch shares (e.g. UAT). */
  readonly hostEnvironment: string;
  /** The development account. */
  readonly account: AwsAccount;
  readonly state: RemoteState;
}

/**
 * The AWS part of a branch environment: no servers of its own. It generates
 * the branch's database credentials into Secrets Manager (the install Job
 * creates that user and database on the shared instance) and lets the
 * branch's database Jobs assume the host's database-admin role. Destroying
 * the stack on merge removes both; state has its own key per branch.
 */
export class OmsBranchAwsStack extends TerraformStack {
  /** A stack in its own cdktf app, named after the branch environment. */
  public static standalone(props: OmsBranchAwsStackProps): OmsBranchAwsStack {
    return new OmsBranchAwsStack(new App({ skipValidation: true, outdir: 'cdktf.out' }), props.environment, props);
  }

  public readonly environment: string;

  constructor(scope: Construct, id: string, props: OmsBranchAwsStackProps) {
    const problems: Problem[] = [...validateAwsAccount('account', props.account)];
    const { names, problems: nameProblems } = checkBranchDatabaseNames(props.environment);
    problems.push(...nameProblems);
    throwIfProblems(scope.node.path === '' ? id : `${scope.node.path}/${id}`, problems);
    super(scope, id);
    this.environment = props.environment;
    const endpoints = awsEndpoints(props.environment, props.hostEnvironment);

    bindToAccount(this, { ...props, stage: 'branch', stateKey: `oms/branches/${props.environment}/terraform.tfstate` });
    const key = new DataAwsKmsKey(this, 'secrets-key', { keyId: `alias/oms-${props.hostEnvironment}-secrets` });
    new GeneratedSecret(this, 'database-credentials', {
      name: endpoints.databaseSecretName,
      fields: { username: names!.user, host: endpoints.databaseHost, port: endpoints.databasePort, dbname: names!.database },
      kmsKeyArn: key.arn,
      recoveryWindowDays: 0,
    });
    new EksPodIdentityAssociation(this, 'db-admin', {
      clusterName: `oms-${props.hostEnvironment}`,
      namespace: props.environment,
      serviceAccount: DB_ADMIN_SERVICE_ACCOUNT,
      roleArn: `arn:aws:iam::${props.account.accountId}:role/${dbAdminRoleName(props.hostEnvironment)}`,
    });
  }
}
