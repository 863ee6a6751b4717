import { DatabaseVendor } from '../../../lib/core';
import { DatabaseConnection } from '../../../lib/k8s/connections/database-connection';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { HealthProbe } from '../../../lib/k8s/primitives/health-probe';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { OmsTrustStore, omsReadOnlyFilesystem } from '../../../lib/k8s/workloads/oms-runtime';
import { AGENT_IMAGE, manifestsOf, newEnv, omsProps, only } from '../../support/fixtures';

// Each assertion is a fact of IBM's chart ibm-oms-ent-prod 6.0.4 (appserver-deployment.yaml,
// config/server.xml, config/jvm.options, config/system_overrides.properties), as listed in
// docs/oms-containers.md.
describe('OmsMicroservice starts om-app as IBM does', () => {
  const env = newEnv();
  new OmsMicroservice(
    env,
    'reserve',
    omsProps({ apis: ['getATP'], propertyOverrides: { 'yfs.b': '2', 'yfs.a': '1' }, jmsBindings: 'oms-jms' }),
  );
  const manifests = manifestsOf(env);
  const deployment = only(manifests, 'Deployment', 'reserve');
  const pod = deployment.spec.template.spec;
  const c = pod.containers[0];
  const files = only(manifests, 'ConfigMap', 'reserve-config').data;
  const mount = (path: string) => c.volumeMounts.find((m: any) => m.mountPath === path);

  test('start: expand jvm.options and the system overrides, set up certificates, then run Liberty behind the wrapper', () => {
    expect(c.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(c.command[2].split('\n')).toEqual([
      'set -e',
      'export JAVA_TRUST_STORE_PASS="${JAVA_TRUST_STORE_PASS:-changeit}"',
      '"/opt/ssfs/runtime/container-scripts/utils/evaluateEnvs.sh" /config/jvm.options.init /config/jvm.options',
      '"/opt/ssfs/runtime/container-scripts/utils/evaluateEnvs.sh" /opt/ssfs/system_overrides.properties.init /config/dropins/smcfs.ear/properties.jar/system_overrides.properties',
      '"/opt/ssfs/runtime/container-scripts/utils/configCerts.sh"',
      'exec "$@"',
    ]);
    expect(c.args).toEqual(['/opt/ibm/helpers/runtime/docker-server.sh', '/opt/ibm/wlp/bin/server', 'run', 'defaultServer']);
  });

  test('files are mounted where the start script and Liberty read them', () => {
    expect(mount('/config/jvm.options.init')).toMatchObject({ name: 'config', subPath: 'jvm.options' });
    expect(mount('/config/server.xml')).toMatchObject({ name: 'config', subPath: 'server.xml' });
    expect(mount('/opt/ssfs/system_overrides.properties.init')).toMatchObject({ name: 'config', subPath: 'system_overrides.properties' });
    expect(mount('/config/dropins/smcfs.ear/properties.jar/customer_overrides.properties')).toMatchObject({
      subPath: 'customer_overrides.properties',
    });
    expect(files['customer_overrides.properties']).toBe('yfs.a=1\nyfs.b=2\n');
    expect(mount('/opt/ssfs/.bindings')).toEqual({
      name: 'jms-bindings',
      mountPath: '/opt/ssfs/.bindings',
      subPath: '.bindings',
      readOnly: true,
    });
  });

  test('jvm.options: vendor, heap (70% of the limit), encodings, server name, pod IP and state directory', () => {
    expect(files['jvm.options'].split('\n')).toEqual([
      '-Dvendor=websphere',
      '-DvendorFile=servers.properties',
      '-Xms2150m',
      '-Xmx2150m',
      '-Dclient.encoding.override=UTF-8',
      '-Dfile.encoding=UTF-8',
      '-DSCI.Server.Name=reserve',
      '-Djava.rmi.server.hostname=$(OM_POD_IP)',
      '-Dserver.state.dir=/opt/ssfs/runtime/serverstate',
      '',
    ]);
  });

  test('server.xml: HTTP endpoint, executor threads, one datasource with its pool and Db2 properties, credentials from the environment', () => {
    const xml: string = files['server.xml'];
    expect(xml).toContain('<httpEndpoint id="defaultHttpEndpoint" host="*" httpPort="9080" httpsPort="9443"/>');
    expect(xml).toContain('<executor name="Default Executor" coreThreads="20" maxThreads="100"/>');
    expect(xml).toContain('<dataSource id="DefaultDataSource" jndiName="jdbc/OMDS">');
    expect(xml).toContain('<connectionManager maxPoolSize="50" minPoolSize="10"/>');
    expect(xml).toContain(
      '<properties.db2.jcc databaseName="OMDB" serverName="db2.test.internal" portNumber="50000" user="${env.dbuser}" password="${env.dbpassword}" currentSchema="OMDB" sslConnection="false"/>',
    );
    expect(xml).toContain('<fileset dir="/opt/ibm/jars/" includes="*.jar"/>');
    expect(xml).toContain('<user name="admin" password="${env.consoleadminpassword}"/>');
    expect(xml.match(/password="([^"]*)"/g)!.every((p) => p.startsWith('password="${env.'))).toBe(true);
  });

  test('system_overrides: the Db2 system pool, password and user as references expanded at start', () => {
    expect(files['system_overrides.properties'].split('\n')).toEqual([
      'jdbcService.db2Pool.dbvendor=DB2',
      'jdbcService.db2Pool.systemPool=true',
      'jdbcService.db2Pool.dbname=OMDB',
      'jdbcService.db2Pool.url=jdbc:db2://db2.test.internal:50000/OMDB',
      'jdbcService.db2Pool.schema=OMDB',
      'si_config.DB_SCHEMA_OWNER=OMDB',
      'jdbcService.db2Pool.catalog=OMDB',
      'jdbcService.db2Pool.user=$(dbuser)',
      'jdbcService.db2Pool.datasource=jdbc/OMDS',
      'jdbcService.db2Pool.password=$(dbpassword)',
      'yfs.jmx.initialize.async=true',
      'yfs.prometheus.enabled=true',
      'yfs.server.shutdown.hb.updatenotrunningimmediately=Y',
      '',
    ]);
  });

  test("environment: pod name and IP, console passwords and the database credentials by reference; IBM's default trust store reads no Secret", () => {
    const byName = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(byName.OM_POD_NAME).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(byName.OM_POD_IP).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    expect(byName.dbpassword).toEqual({ secretKeyRef: { name: 'oms-db', key: 'password' } });
    expect(byName.dbuser).toEqual({ secretKeyRef: { name: 'oms-db', key: 'username' } });
    expect(byName.consoleadminpassword).toEqual({ secretKeyRef: { name: 'oms-app-secret', key: 'consoleadminpassword' } });
    expect(byName.tlskeystorepassword).toEqual({ secretKeyRef: { name: 'oms-app-secret', key: 'tlskeystorepassword', optional: true } });
    expect(byName.JAVA_TRUST_STORE_PATH).toBe('/opt/ssfs/runtime/security/trustStore');
    // The JDK's CA certificates: the start script supplies their public default password, no Secret key is read.
    expect(byName.JAVA_TRUST_STORE_PASS).toBeUndefined();
    expect(byName.USE_JDK_TRUST_STORE).toBe('true');
    expect(Object.keys(byName).filter((n) => /^(JVM_ARGS|OMS_|DB_)/.test(n))).toEqual([]);
  });

  test("probes on the heartbeat: IBM's 1020 s start allowance, readiness every 30 s, restart after ten failed minutes", () => {
    expect(c.startupProbe).toMatchObject({
      httpGet: { path: '/smcfs/heartbeat/heartbeat.jsp', port: 'http' },
      periodSeconds: 10,
      failureThreshold: 102,
    });
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/smcfs/heartbeat/heartbeat.jsp' }, periodSeconds: 30 });
    expect(c.livenessProbe).toMatchObject({ periodSeconds: 60, failureThreshold: 10 });
  });

  test('stop: the load balancer drains, then server stop defaultServer, inside the grace period', () => {
    expect(c.lifecycle.preStop.exec.command).toEqual([
      '/bin/bash',
      '-c',
      'sleep "$1"; /opt/ibm/wlp/bin/server stop defaultServer',
      'pre-stop',
      '15',
    ]);
    expect(pod.terminationGracePeriodSeconds).toBe(75);
  });

  test("IBM's UID 1001 with group 0 and a writable root (IBM's start scripts write /config); restricted otherwise", () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1001,
      fsGroup: 0,
      supplementalGroups: [0],
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(deployment.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'app-server', 'app.kubernetes.io/part-of': 'oms' });
  });
});

describe('OmsMicroservice options', () => {
  test('customer overrides are not mounted when empty, so a file baked into a custom image stays visible', () => {
    const env = newEnv();
    new OmsMicroservice(env, 'app', omsProps());
    const c = only(manifestsOf(env), 'Deployment').spec.template.spec.containers[0];
    expect(c.volumeMounts.map((m: any) => m.mountPath)).not.toContain(
      '/config/dropins/smcfs.ear/properties.jar/customer_overrides.properties',
    );
    expect(Object.keys(only(manifestsOf(env), 'ConfigMap').data).sort()).toEqual([
      'jvm.options',
      'server.xml',
      'system_overrides.properties',
    ]);
  });

  test.each([
    [
      'Oracle',
      DatabaseVendor.ORACLE,
      1521,
      '<properties.oracle databaseName="OMDB" serverName="db.test.internal" portNumber="1521"',
      'jdbcService.oraclePool.url=jdbc:oracle:thin:@db.test.internal:1521:OMDB',
    ],
    [
      'PostgreSQL',
      DatabaseVendor.POSTGRESQL,
      5432,
      '<properties.postgresql databaseName="OMDB" serverName="db.test.internal" portNumber="5432"',
      'jdbcService.postgresqlPool.url=jdbc:postgresql://db.test.internal:5432/OMDB',
    ],
  ])('%s: its Liberty properties and its pool', (_name, vendor, port, xml, url) => {
    const env = newEnv();
    const db = DatabaseConnection.existing({
      vendor,
      host: 'db.test.internal',
      database: 'OMDB',
      schema: 'OMS',
      credentials: { secretName: 'db' },
      egress: [{ cidr: '10.0.0.0/24', ports: [port] }],
    });
    new OmsMicroservice(env, 'app', omsProps({ connections: [db], imageSupportsPostgresql: true }));
    const data = only(manifestsOf(env), 'ConfigMap').data;
    expect(data['server.xml']).toContain(xml);
    expect(data['system_overrides.properties']).toContain(url);
  });

  test('pools, server name, wrapper and a read-only root seeded from the image are configurable', () => {
    const env = newEnv();
    new OmsMicroservice(
      env,
      'app',
      omsProps({
        pools: { coreThreads: 5, maxThreads: 10, dbPoolMin: 2, dbPoolMax: 4 },
        serverName: 'AppServer1',
        libertyWrapper: '',
        filesystem: omsReadOnlyFilesystem('app-server'),
      }),
    );
    const manifests = manifestsOf(env);
    const data = only(manifests, 'ConfigMap').data;
    expect(data['server.xml']).toContain('<executor name="Default Executor" coreThreads="5" maxThreads="10"/>');
    expect(data['server.xml']).toContain('<connectionManager maxPoolSize="4" minPoolSize="2"/>');
    expect(data['jvm.options']).toContain('-DSCI.Server.Name=AppServer1');
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.containers[0].args).toEqual(['/opt/ibm/wlp/bin/server', 'run', 'defaultServer']);
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.initContainers[0].command.slice(3)).toEqual([
      'seed',
      '/config',
      '/seed/0',
      '/opt/ssfs/runtime/properties',
      '/seed/1',
      '/opt/ssfs/runtime/serverstate',
      '/seed/2',
    ]);
  });

  test('a custom image sets its own command, arguments and probes through the API', () => {
    const env = newEnv();
    new OmsMicroservice(
      env,
      'app',
      omsProps({ command: ['/opt/custom/start.sh'], args: ['--fast'], probes: { readiness: HealthProbe.http('/ready', 'http') } }),
    );
    const c = only(manifestsOf(env), 'Deployment').spec.template.spec.containers[0];
    expect(c.command).toEqual(['/opt/custom/start.sh']);
    expect(c.args).toEqual(['--fast']);
    expect(c.readinessProbe.httpGet.path).toBe('/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/smcfs/heartbeat/heartbeat.jsp');
  });
});

describe('OmsMicroservice validation', () => {
  test.each([
    [{ apis: ['getATP', 'getATP'] }, 'apis must not list an API twice (received "getATP"). Fix: remove the second "getATP"'],
    [
      { apis: ['get ATP'] },
      'apis must be OMS API names (a letter, then letters, digits or "_") (received "get ATP"). Fix: use the API name as in /smcfs/restapi/invoke/<apiName>, e.g. "getOrderList"',
    ],
    [
      { apis: ['getOrderDetail'] },
      'apis must be IBM OMS API names; did you mean "getOrderDetails"? (a route for a misspelt API matches no call, and its callers fall through to the default backend) (received "getOrderDetail"). Fix: use "getOrderDetails", or, if "getOrderDetail" is an API of your own, move it to customApis',
    ],
    [
      { apis: ['GetOrderList'] },
      'apis must be IBM OMS API names; did you mean "getOrderList"? (a route for a misspelt API matches no call, and its callers fall through to the default backend) (received "GetOrderList"). Fix: use "getOrderList", or, if "GetOrderList" is an API of your own, move it to customApis',
    ],
    [
      { apis: ['getItemLst'] },
      'apis must be IBM OMS API names; did you mean "getItemList"? (a route for a misspelt API matches no call, and its callers fall through to the default backend) (received "getItemLst"). Fix: use "getItemList", or, if "getItemLst" is an API of your own, move it to customApis',
    ],
    [
      { apis: ['acmeLoyaltyPoints'] },
      'apis must be IBM OMS API names known to this library (its list of IBM\'s APIs is partial: OMS_STANDARD_APIS) (received "acmeLoyaltyPoints"). Fix: if "acmeLoyaltyPoints" is your own API or an IBM API missing from the list, move it to customApis',
    ],
    [
      { customApis: ['getOrderList'] },
      'customApis must not list IBM\'s standard APIs (those are checked in apis) (received "getOrderList"). Fix: move "getOrderList" to apis',
    ],
    [
      { apis: ['getATP'], customApis: ['getATP'] },
      'customApis must not list an API twice (received "getATP"). Fix: remove the second "getATP"',
    ],
    [
      { customApis: ['acme/points'] },
      'customApis must be OMS API names (a letter, then letters, digits or "_") (received "acme/points"). Fix: use the API name as in /smcfs/restapi/invoke/<apiName>, e.g. "getOrderList"',
    ],
    [
      { propertyOverrides: { 'yfs.db.password': 'hunter2' } },
      'propertyOverrides["yfs.db.password"] must not carry a credential (it would be written to a ConfigMap in plain text) (received "<redacted>"). Fix: pass credentials by reference: a Secret mounted or referenced through the secretEnv property',
    ],
    [
      { image: AGENT_IMAGE },
      `image must be an om-app image: IBM's app-server runs on om-app, and the om-agent image has no Liberty server (received "${AGENT_IMAGE}"). Fix: use the om-app image of the same release`,
    ],
    [{ env: { dbpassword: 'x' } }, 'env["dbpassword"] must not override a variable the construct sets (received "dbpassword")'],
    [
      { serverName: 'App_1' },
      'serverName must be an OMS server name (letters, digits and "-"; OMS refuses "_") (received "App_1"). Fix: rename the server',
    ],
  ])('%j', (overrides, expected) => {
    expect(() => new OmsMicroservice(newEnv(), 'svc', { ...omsProps(), ...overrides } as any)).toThrow(
      `test-env/svc: invalid configuration\n  - ${expected}`,
    );
  });

  test('an OMS server without its database fails at synthesis, naming the fix', () => {
    const env = newEnv();
    new OmsMicroservice(env, 'svc', omsProps({ connections: [] }));
    expect(() => renderEnvironment(env)).toThrow(
      'connections must include exactly one database: OMS servers have one system datasource (jdbcService.<vendor>Pool) (received []). Fix: connect the workload to its database: connections: [db] or connectTo(db)',
    );
  });

  test("custom APIs, and near misses declared as custom, are routed like IBM's", () => {
    const env = newEnv();
    const svc = new OmsMicroservice(env, 'svc', omsProps({ apis: ['getOrderList'], customApis: ['acmeLoyaltyPoints', 'getOrderDetail'] }));
    expect(svc.apis).toEqual(['getOrderList', 'acmeLoyaltyPoints', 'getOrderDetail']);
  });

  test('two services claiming the same API fail, naming both', () => {
    const env = newEnv();
    new OmsMicroservice(env, 'first', omsProps({ apis: ['getATP'] }));
    expect(() => new OmsMicroservice(env, 'second', omsProps({ apis: ['getATP'] }))).toThrow(
      'test-env/second: invalid configuration\n  - apis must not list an API another service owns: test-env/first already serves it (received "getATP"). Fix: remove "getATP" from one of test-env/first and test-env/second',
    );
  });
});

describe("the trust store follows IBM's two modes", () => {
  const envOf = (trustStore: OmsTrustStore, appSecret?: { secretName: string; trustStorePasswordKey?: string }) => {
    const env = newEnv();
    new OmsMicroservice(env, 'app', omsProps({ trustStore, appSecret }));
    const c = only(manifestsOf(env), 'Deployment', 'app').spec.template.spec.containers[0];
    return Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
  };

  test.each([
    [OmsTrustStore.custom({ location: '/opt/ssfs/certs/truststore.p12' }), undefined, 'trustStorePassword'],
    [OmsTrustStore.custom({ location: '/opt/ssfs/certs/truststore.p12', passwordKey: 'ts-pass' }), undefined, 'ts-pass'],
    [
      OmsTrustStore.custom({ location: '/opt/ssfs/certs/truststore.p12' }),
      { secretName: 'oms-app-secret', trustStorePasswordKey: 'tsp' },
      'tsp',
    ],
  ])('a custom store reads its password from the app Secret (%#)', (trustStore, appSecret, key) => {
    const env = envOf(trustStore, appSecret);
    expect([env.JAVA_TRUST_STORE_PATH, env.USE_JDK_TRUST_STORE, env.JAVA_TRUST_STORE_PASS]).toEqual([
      '/opt/ssfs/certs/truststore.p12',
      'false',
      { secretKeyRef: { name: 'oms-app-secret', key } },
    ]);
  });

  test.each([
    [
      OmsTrustStore.custom({ location: 'certs/truststore.p12' }),
      'trustStore.location must be an absolute path to the trust store file (received "certs/truststore.p12"). Fix: give the path where the image or a mounted volume holds it, e.g. "/opt/ssfs/certs/truststore.p12"',
    ],
    [
      { location: '/x' } as unknown as OmsTrustStore,
      'trustStore must be an OmsTrustStore (received {"location":"/x"}). Fix: use OmsTrustStore.jdkDefault() or OmsTrustStore.custom({ location })',
    ],
  ])('refused: %#', (trustStore, message) => {
    expect(() => new OmsMicroservice(newEnv(), 'app', omsProps({ trustStore }))).toThrow(
      `test-env/app: invalid configuration\n  - ${message}`,
    );
  });
});

describe("more of IBM's chart: licence metering, OM_RELEASE, /shared and the secure session cookie", () => {
  const env = newEnv();
  new OmsMicroservice(env, 'app', omsProps({ sharedClaim: 'oms-shared' }));
  const manifests = manifestsOf(env);
  const pod = only(manifests, 'Deployment', 'app').spec.template;
  const c = pod.spec.containers[0];

  test("the pods carry IBM's licence-metering annotations (IBM License Service counts the cores)", () => {
    expect(pod.metadata.annotations).toMatchObject({
      productName: 'IBM Order Management Software Enterprise Edition',
      productID: '5725-D10',
      productVersion: '10.0.0',
      productMetric: 'VIRTUAL_PROCESSOR_CORE',
      productChargedContainers: 'All',
    });
  });

  test('OM_RELEASE names the environment, and the shared claim is mounted at /shared', () => {
    expect(c.env.find((e: any) => e.name === 'OM_RELEASE')).toEqual({ name: 'OM_RELEASE', value: 'test-env' });
    expect(c.volumeMounts).toEqual(expect.arrayContaining([{ name: 'shared', mountPath: '/shared' }]));
    expect(pod.spec.volumes).toEqual(expect.arrayContaining([{ name: 'shared', persistentVolumeClaim: { claimName: 'oms-shared' } }]));
  });

  test('server.xml sends the session cookie over HTTPS only', () => {
    const xml = only(manifests, 'ConfigMap', 'app-config').data['server.xml'];
    expect(xml).toContain('<httpSession useContextRootAsCookiePath="true" cookieSecure="true"/>');
  });

  test.each([
    [
      'OM_RELEASE',
      { env: { OM_RELEASE: 'x' } },
      'env["OM_RELEASE"] must not override a variable the construct sets (received "OM_RELEASE"). Fix: use the dedicated property instead of OM_RELEASE',
    ],
    [
      'sharedClaim',
      { sharedClaim: 'Shared_Claim' },
      'sharedClaim must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (received "Shared_Claim"). Fix: name the PersistentVolumeClaim as it is in the namespace, e.g. "oms-shared"',
    ],
  ])('refused: %s', (_what, overrides, message) => {
    expect(() => new OmsMicroservice(newEnv(), 'app', omsProps(overrides as object))).toThrow(message);
  });
});
