import { Construct } from 'constructs';
import { awsEndpoints, AwsEndpoints, standardLabels } from '../../core';
import { ExternalSecret } from '../crds/external-secret';
import { k8s } from '../primitives/kube';
import { OmsEnvironment } from '../environment/oms-environment';

/** Name of the Kubernetes Secret with the database credentials (keys: username, password, host, port, dbname). */
export const DATABASE_SECRET = 'oms-db';
/** Name of the Kubernetes Secret with the cache AUTH token (key: token). */
export const CACHE_SECRET = 'oms-cache';
/** Name of the ConfigMap with the AWS endpoints. */
export const ENDPOINTS_CONFIG_MAP = 'oms-endpoints';

/** Properties of an {@link AwsConnection}. */
export interface AwsConnectionProps {
  /** The environment whose database and cache are used (a branch uses its host's). @default this environment */
  readonly databaseEnvironment?: string;
  /** The External Secrets store reading AWS Secrets Manager. @default ClusterSecretStore 'aws-secrets-manager' */
  readonly storeName?: string;
}

/**
 * How the workloads of an environment reach its AWS backing services without
 * any lookup at synthesis: a ConfigMap with the private DNS names of the
 * database and cache, and ExternalSecrets that copy the credentials from
 * Secrets Manager (by their deterministic names) into the `oms-db` and
 * `oms-cache` Secrets that workloads reference.
 */
export class AwsConnection extends Construct {
  /** The names this environment uses. */
  public readonly endpoints: AwsEndpoints;

  constructor(scope: Construct, id: string, props: AwsConnectionProps = {}) {
    super(scope, id);
    const env = OmsEnvironment.find(this);
    this.endpoints = awsEndpoints(env.environmentName, props.databaseEnvironment);
    const labels = standardLabels({ name: id, environment: env.environmentName, component: 'aws-connection' });
    const store = { name: props.storeName ?? 'aws-secrets-manager', kind: 'ClusterSecretStore' as const };
    new k8s.KubeConfigMap(this, 'endpoints', {
      metadata: { name: ENDPOINTS_CONFIG_MAP, labels },
      data: {
        DB_HOST: this.endpoints.databaseHost,
        DB_PORT: String(this.endpoints.databasePort),
        DB_NAME: this.endpoints.databaseName,
        CACHE_HOST: this.endpoints.cacheHost,
        CACHE_PORT: String(this.endpoints.cachePort),
      },
    });
    new ExternalSecret(this, 'database', {
      metadata: { name: DATABASE_SECRET, labels },
      store,
      targetName: DATABASE_SECRET,
      data: ['username', 'password', 'host', 'port', 'dbname'].map((key) => ({
        secretKey: key,
        remoteKey: this.endpoints.databaseSecretName,
        property: key,
      })),
    });
    new ExternalSecret(this, 'cache', {
      metadata: { name: CACHE_SECRET, labels },
      store,
      targetName: CACHE_SECRET,
      data: [{ secretKey: 'token', remoteKey: this.endpoints.cacheSecretName, property: 'token' }],
    });
  }
}
