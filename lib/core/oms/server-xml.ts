import { DatabaseVendor } from '../database-vendor';
import { OMS_DATASOURCE, OMS_HTTPS_PORT, OMS_HTTP_PORT, OMS_PATHS } from './paths';
import { memoized } from '../memo';
import { OmsDatabase, omsSchema } from './system-overrides';

/** What an app server's `server.xml` says. */
export interface ServerXmlInput {
  readonly database: OmsDatabase;
  readonly coreThreads: number;
  readonly maxThreads: number;
  readonly minPoolSize: number;
  readonly maxPoolSize: number;
  /** @default 9080 */
  readonly httpPort?: number;
  /**
   * The session cookie is sent over HTTPS only (`httpSession cookieSecure`), as in IBM's chart: callers
   * reach the servers through a TLS entry point. @default true
   */
  readonly cookieSecure?: boolean;
}

/**
 * MicroProfile Metrics at the level of the other features (Java EE 7: servlet-3.1, jsp-2.3), so Liberty resolves
 * them together; with `monitor-1.0` it also reports the server's own vendor metrics (servlets, thread pool,
 * connection pool). Open Liberty documents `mpMetrics-1.1` with EE 7 and the `<mpMetrics authentication>`
 * setting since 1.0 (IBM's "Monitoring with MicroProfile metrics" for Liberty).
 */
export const LIBERTY_METRICS_FEATURE = 'mpMetrics-1.1';

const escape = (v: string | number) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const attrs = (a: Record<string, string | number | undefined>) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escape(v!)}"`)
    .join('');

/** Liberty's vendor properties element of the datasource. */
function vendorProperties(db: OmsDatabase): string {
  const common = {
    databaseName: db.database,
    serverName: db.host,
    portNumber: db.port,
    user: '${env.dbuser}',
    password: '${env.dbpassword}',
  };
  if (db.vendor === DatabaseVendor.DB2)
    return `<properties.db2.jcc${attrs({ ...common, currentSchema: omsSchema(db), sslConnection: db.ssl ? 'true' : 'false' })}/>`;
  if (db.vendor === DatabaseVendor.ORACLE) return `<properties.oracle${attrs(common)}/>`;
  return `<properties.postgresql${attrs({ ...common, currentSchema: omsSchema(db), sslmode: db.ssl ? 'require' : undefined })}/>`;
}

/**
 * The app server's `server.xml`, with the elements of IBM's chart: features,
 * the console users (passwords from the environment), TLS stores from the
 * environment, the HTTP endpoint, the executor's threads, and one datasource
 * with its connection pool and vendor properties (user and password as
 * `${env.dbuser}` / `${env.dbpassword}`, which Liberty reads from the
 * environment), the JDBC driver library from `/opt/ibm/jars/`.
 */
export const renderServerXml: (input: ServerXmlInput) => string = memoized(
  (i) => {
    const d = i.database;
    const db = [d.vendor.name, d.host, d.port, d.database, d.schema, d.ssl];
    return JSON.stringify([...db, i.coreThreads, i.maxThreads, i.minPoolSize, i.maxPoolSize, i.httpPort, i.cookieSecure]);
  },
  (input) => serverXml(input),
);

function serverXml(input: ServerXmlInput): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<server description="OMS application server">',
    '  <featureManager>',
    ...[
      'adminCenter-1.0',
      'jdbc-4.1',
      'jndi-1.0',
      'jsp-2.3',
      'servlet-3.1',
      'ssl-1.0',
      'monitor-1.0',
      'localConnector-1.0',
      LIBERTY_METRICS_FEATURE,
    ].map((f) => `    <feature>${f}</feature>`),
    '  </featureManager>',
    '  <basicRegistry id="basic">',
    '    <user name="admin" password="${env.consoleadminpassword}"/>',
    '    <user name="nonadmin" password="${env.consolenonadminpassword}"/>',
    '  </basicRegistry>',
    '  <administrator-role>',
    '    <user>admin</user>',
    '  </administrator-role>',
    // Metrics only with a login (Liberty's default, written out so it is reviewed): the scraper's user reads, nothing more.
    '  <reader-role>',
    '    <user>nonadmin</user>',
    '  </reader-role>',
    '  <mpMetrics authentication="true"/>',
    '  <sslDefault sslRef="defaultSSLSettings"/>',
    '  <ssl id="defaultSSLSettings" sslProtocol="TLSv1.2" keyStoreRef="defaultKeyStore" trustStoreRef="defaultTrustStore" clientAuthenticationSupported="true"/>',
    '  <keyStore id="defaultKeyStore" location="${server.config.dir}/tls.p12" type="PKCS12" password="${env.tlskeystorepassword}"/>',
    '  <keyStore id="defaultTrustStore" location="${env.JAVA_TRUST_STORE_PATH}" type="PKCS12" password="${env.JAVA_TRUST_STORE_PASS}"/>',
    `  <httpEndpoint${attrs({ id: 'defaultHttpEndpoint', host: '*', httpPort: input.httpPort ?? OMS_HTTP_PORT, httpsPort: OMS_HTTPS_PORT })}/>`,
    `  <executor${attrs({ name: 'Default Executor', coreThreads: input.coreThreads, maxThreads: input.maxThreads })}/>`,
    `  <dataSource${attrs({ id: 'DefaultDataSource', jndiName: OMS_DATASOURCE })}>`,
    '    <jdbcDriver libraryRef="dblib"/>',
    `    <connectionManager${attrs({ maxPoolSize: input.maxPoolSize, minPoolSize: input.minPoolSize })}/>`,
    `    ${vendorProperties(input.database)}`,
    '  </dataSource>',
    '  <library id="dblib">',
    `    <fileset dir="${OMS_PATHS.jdbcDrivers}" includes="*.jar"/>`,
    '  </library>',
    `  <httpSession${attrs({ useContextRootAsCookiePath: 'true', cookieSecure: input.cookieSecure === false ? 'false' : 'true' })}/>`,
    '  <applicationManager autoExpand="true"/>',
    '</server>',
  ];
  return `${lines.join('\n')}\n`;
}
