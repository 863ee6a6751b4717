/**
 * Where IBM's OMS v10 images keep what the start scripts read and write, as
 * IBM's Helm chart `ibm-oms-ent-prod` 6.0.4 mounts and calls them.
 */
export const OMS_PATHS = {
  runtime: '/opt/ssfs/runtime',
  evaluateEnvs: '/opt/ssfs/runtime/container-scripts/utils/evaluateEnvs.sh',
  configCerts: '/opt/ssfs/runtime/container-scripts/utils/configCerts.sh',
  agentStartupTest: '/opt/ssfs/runtime/container-scripts/utils/agentStartupTest.sh',
  initRuntime: '/opt/ssfs/runtime/container-scripts/kubernetes/bin/init.runtime.sh',
  agentServer: '/opt/ssfs/runtime/bin/agentserver.sh',
  healthMonitor: '/opt/ssfs/runtime/bin/startHealthMonitor.sh',
  serverState: '/opt/ssfs/runtime/serverstate',
  runtimeProperties: '/opt/ssfs/runtime/properties',
  sandboxCfg: '/opt/ssfs/runtime/properties/sandbox.cfg',
  /** The init copy of the system overrides every role expands at start. */
  systemOverridesInit: '/opt/ssfs/system_overrides.properties.init',
  /** Agents, health monitor and data setup: where the expanded system overrides go. */
  agentSystemOverrides: '/opt/ssfs/runtime/properties/system_overrides.properties',
  agentCustomerOverrides: '/opt/ssfs/runtime/properties/customer_overrides.properties',
  /** App servers (Liberty): configuration. */
  jvmOptionsInit: '/config/jvm.options.init',
  jvmOptions: '/config/jvm.options',
  serverXml: '/config/server.xml',
  /**
   * Liberty's key store, as `server.xml` names it (`${server.config.dir}/tls.p12`), and where IBM's chart mounts the
   * serving certificate it is made from, and the drop-in it empties so the image's generated key store is not used.
   */
  libertyKeyStore: '/config/tls.p12',
  servingCertificate: '/config/service-certs',
  keyStoreDropin: '/config/configDropins/defaults/keystore.xml',
  appPropertiesJar: '/config/dropins/smcfs.ear/properties.jar',
  appSystemOverrides: '/config/dropins/smcfs.ear/properties.jar/system_overrides.properties',
  appCustomerOverrides: '/config/dropins/smcfs.ear/properties.jar/customer_overrides.properties',
  libertyServer: '/opt/ibm/wlp/bin/server',
  /** IBM's Liberty start wrapper in its images. */
  libertyWrapper: '/opt/ibm/helpers/runtime/docker-server.sh',
  /** The JDBC driver directory the app server's server.xml reads. */
  jdbcDrivers: '/opt/ibm/jars/',
  /** JMS bindings (`global.mq.bindingMountPath`). */
  jmsBindings: '/opt/ssfs/.bindings',
  /** The trust store configCerts.sh builds from the JDK's CA certificates. */
  trustStore: '/opt/ssfs/runtime/security/trustStore',
  heartbeat: '/smcfs/heartbeat/heartbeat.jsp',
} as const;

/** Liberty's HTTP and HTTPS ports in IBM's server.xml. */
export const OMS_HTTP_PORT = 9080;
export const OMS_HTTPS_PORT = 9443;
/** The JNDI name of the datasource (`global.database.datasourceName`). */
export const OMS_DATASOURCE = 'jdbc/OMDS';
