import { Construct } from 'constructs';
import {
  AwsEndpoints,
  CLUSTER_SECRET_STORE,
  OmsConfigError,
  awsEndpoints,
  dataSubnetsEgress,
  databaseAdminEgress,
  isIpv4Cidr,
  parseCidr,
  envPrefixViolation,
  problemIf,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  standardLabels,
  unpinnedImageViolation,
  Problem,
  checkNewConstruct,
} from '../../core';
import { ExternalSecret } from '../crds/external-secret';
import { OmsEnvironment } from '../environment/oms-environment';
import { markComposite } from '../primitives/phase';
import { registerTopologyRole } from '../primitives/topology-role';
import { BranchDatabase, DatabaseUser } from './branch-database';
import { CacheConnection } from './cache-connection';
import { DatabaseConnection } from './database-connection';

import { CACHE_SECRET, DATABASE_SECRET } from './connection-secret-names';

export { CACHE_SECRET, DATABASE_SECRET };

/** Properties of an {@link AwsConnection}. */
export interface AwsConnectionProps {
  /** The VPC block the AWS stack laid out; the database and cache sit in its data subnets. */
  readonly vpcCidr: string;
  /** The AWS region, for the database administration Jobs. */
  readonly region: string;
  /** A pinned image with `psql`, `jq` and the AWS CLI, for the Job that creates the application's database user. */
  readonly toolsImage: string;
  /**
   * The environment whose database instance and cache are used. A branch
   * environment names its host (e.g. UAT) and gets its own database on it.
   * @default this environment (its own instance)
   */
  readonly databaseEnvironment?: string;
  /** The External Secrets store reading AWS Secrets Manager. @default the ClusterSecretStore the AWS stack installs */
  readonly storeName?: string;
  /** This environment's instance hosts branch databases (creates the branch administrator role). @default false */
  readonly hostsBranchDatabases?: boolean;
  /**
   * Prefixes of the variables the database and the cache give a workload (the connection variable contract; a
   * Fargate service of the same estate takes the same prefixes). @default { database: 'DB', cache: 'CACHE' }
   */
  readonly envPrefixes?: { readonly database?: string; readonly cache?: string };
}

function validate(props: AwsConnectionProps): Problem[] {
  const problems: Problem[] = [];
  if (typeof props.vpcCidr !== 'string' || !isIpv4Cidr(props.vpcCidr))
    problems.push({
      property: 'vpcCidr',
      rule: 'must be the IPv4 CIDR block of the VPC',
      value: props.vpcCidr,
      fix: "use the block given to the AWS stack's network, e.g. '10.20.0.0/16'",
    });
  else if (parseCidr(props.vpcCidr) === undefined)
    problems.push({
      property: 'vpcCidr',
      rule: 'must have no host bits set (the block starts at its network address)',
      value: props.vpcCidr,
      fix: "use the block given to the AWS stack's network, e.g. '10.20.0.0/16'",
    });
  problems.push(
    ...(props.databaseEnvironment === undefined
      ? []
      : problemIf(
          'databaseEnvironment',
          props.databaseEnvironment,
          dns1123LabelViolation(props.databaseEnvironment),
          'name the environment whose instance and cache this one uses, e.g. "uat-eks"',
        )),
    ...(props.storeName === undefined
      ? []
      : problemIf('storeName', props.storeName, dns1123SubdomainViolation(props.storeName), 'give the name of the (Cluster)SecretStore')),
  );
  for (const key of ['database', 'cache'] as const) {
    const prefix = props.envPrefixes?.[key];
    if (prefix !== undefined)
      problems.push(
        ...problemIf(`envPrefixes.${key}`, prefix, envPrefixViolation(prefix), `use e.g. "${key === 'database' ? 'DB' : 'CACHE'}"`),
      );
  }
  const database = props.envPrefixes?.database ?? 'DB';
  const cache = props.envPrefixes?.cache ?? 'CACHE';
  if (database === cache)
    problems.push({
      property: 'envPrefixes',
      rule: `must give the database and the cache different prefixes (both ${database}: ${database}_HOST would name both)`,
      value: props.envPrefixes,
      fix: 'leave them out for DB and CACHE, or give two different prefixes',
    });
  if (typeof props.region !== 'string' || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(props.region))
    problems.push({ property: 'region', rule: 'must be an AWS region', value: props.region, fix: 'use e.g. "eu-west-1"' });
  const image = unpinnedImageViolation(props.toolsImage ?? '');
  if (image)
    problems.push({ property: 'toolsImage', rule: image, value: props.toolsImage, fix: 'pin an image with psql, jq and the AWS CLI' });
  return problems;
}

/**
 * An environment's AWS backing services as connections, in one construct:
 * ExternalSecrets copy the credentials from Secrets Manager (by their
 * deterministic names) into Kubernetes Secrets, a Job creates the
 * application's database user (a branch gets its own database and user on
 * its host's instance, dropped on uninstall), and `database` and `cache` are
 * connections whose host is the private DNS name and whose egress is the VPC's
 * data subnets. Nothing is looked up at synthesis.
 */
export class AwsConnection extends Construct {
  /** The names this environment uses. */
  public readonly endpoints: AwsEndpoints;
  /** The database, for `connectTo`. */
  public readonly database: DatabaseConnection;
  /** The cache, for `connectTo`. */
  public readonly cache: CacheConnection;
  /** The Job that creates the application's user on the environment's own instance. */
  public readonly databaseUser?: DatabaseUser;
  /** The branch's own database on its host's instance. */
  public readonly branchDatabase?: BranchDatabase;

  constructor(scope: Construct, id: string, props: AwsConnectionProps) {
    checkNewConstruct(scope, id, props);
    super(scope, id);
    registerTopologyRole(this, () => ({ role: 'cache', host: this.endpoints.cacheHost }));
    const problems = validate(props);
    if (problems.length > 0) throw new OmsConfigError(this.node.path, problems);
    markComposite(this);
    const env = OmsEnvironment.find(this);
    const environment = env.environmentName;
    this.endpoints = awsEndpoints(environment, props.databaseEnvironment, env.product);
    const labels = standardLabels({ name: id, environment, component: 'aws-connection', partOf: env.product.partOf });
    const store = { name: props.storeName ?? CLUSTER_SECRET_STORE, kind: 'ClusterSecretStore' as const };
    new ExternalSecret(this, 'database-secret', {
      metadata: { name: DATABASE_SECRET, labels },
      store,
      targetName: DATABASE_SECRET,
      data: ['username', 'password', 'host', 'port', 'dbname'].map((key) => ({
        secretKey: key,
        remoteKey: this.endpoints.databaseSecretName,
        property: key,
      })),
    });
    new ExternalSecret(this, 'cache-secret', {
      metadata: { name: CACHE_SECRET, labels },
      store,
      targetName: CACHE_SECRET,
      data: [{ secretKey: 'token', remoteKey: this.endpoints.cacheSecretName, property: 'token' }],
    });
    this.database = DatabaseConnection.existing({
      host: this.endpoints.databaseHost,
      port: this.endpoints.databasePort,
      database: this.endpoints.databaseName,
      credentials: { secretName: DATABASE_SECRET },
      envPrefix: props.envPrefixes?.database,
      egress: dataSubnetsEgress(props.vpcCidr, this.endpoints.databasePort, 'RDS'),
      environment,
    });
    this.cache = CacheConnection.existing({
      host: this.endpoints.cacheHost,
      port: this.endpoints.cachePort,
      authToken: { secretName: CACHE_SECRET, key: 'token' },
      envPrefix: props.envPrefixes?.cache,
      egress: dataSubnetsEgress(props.vpcCidr, this.endpoints.cachePort, 'ElastiCache'),
      environment,
    });
    const admin = { image: props.toolsImage, region: props.region, egress: databaseAdminEgress(props.vpcCidr) };
    const hostsBranches = props.hostsBranchDatabases === true;
    const host = props.databaseEnvironment ?? environment;
    if (host === environment)
      this.databaseUser = new DatabaseUser(this, 'database-user', { ...admin, hostsBranchDatabases: hostsBranches });
    else this.branchDatabase = new BranchDatabase(this, 'database', { ...admin, hostEnvironment: host });
  }
}
