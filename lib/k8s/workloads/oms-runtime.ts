import {
  DatabaseVendor,
  JvmSettings,
  OMS_PATHS,
  OmsImageRole,
  Problem,
  KindsOf,
  SecretKeyReference,
  configMapKeyViolation,
  dns1123SubdomainViolation,
  formatProblem,
  omsImageRole,
  omsSchema,
  parseMemoryBytes,
  propKindProblems,
  renderProperties,
  renderSystemOverrides,
  resolveJvm,
  throwIfProblems,
  validateJvm,
  validatePropertyOverrides,
  problemIf,
} from '../../core';
import { Construct } from 'constructs';
import { ConnectionBinding, IConnection } from '../connections/connection';
import { DatabaseConnection } from '../connections/database-connection';
import { Filesystem } from './filesystem';
import { OMS_SERVER_PROP_KINDS } from './validate-oms-server-props';
import { OmsAppSecret, OmsTrustStore } from './oms-trust-store';
import { Workload, WorkloadProps } from './workload';

export { OmsTrustStore } from './oms-trust-store';
export type { OmsAppSecret } from './oms-trust-store';

/**
 * IBM's licence-metering annotations on every OMS pod, which IBM License Service reads to count
 * the product's cores: the values of IBM's chart `ibm-oms-ent-prod` (its `version.info`, put on the
 * pods by the chart's metering helpers).
 */
export const OMS_METERING_ANNOTATIONS: Readonly<Record<string, string>> = {
  productName: 'IBM Order Management Software Enterprise Edition',
  productID: '5725-D10',
  productVersion: '10.0.0',
  productMetric: 'VIRTUAL_PROCESSOR_CORE',
  productChargedContainers: 'All',
};

/** The Secret name used when `appSecret` is left out. */
export const DEFAULT_OMS_APP_SECRET = 'oms-app-secret';

/** Properties every OMS server workload shares, beside the workload's own. */
export interface OmsServerProps extends WorkloadProps {
  /** Heap and extra JVM arguments. @default heap at 70% of the memory limit */
  readonly jvm?: JvmSettings;
  /** Entries of `customer_overrides.properties` (mounted only when there are some). @default none */
  readonly propertyOverrides?: Readonly<Record<string, string>>;
  /** The Secret with the console, key store and trust store passwords. @default { secretName: 'oms-app-secret' } */
  readonly appSecret?: OmsAppSecret;
  /**
   * The trust store: IBM's default (the JDK's CA certificates, no Secret read) or a custom one whose password
   * is read from the app Secret. @default OmsTrustStore.jdkDefault()
   */
  readonly trustStore?: OmsTrustStore;
  /**
   * A volume claim mounted at `/shared`, as IBM's chart mounts its persistence claim into every OMS
   * pod (extensions, certificates and files the servers share). @default none
   */
  readonly sharedClaim?: string;
  /** A ConfigMap with the JMS `.bindings` file, mounted at `/opt/ssfs/.bindings`. @default none */
  readonly jmsBindings?: string;
  /**
   * The image was built for PostgreSQL (the JDBC driver in `/opt/ibm/jars/`
   * and on the runtime's class path, and the vendor transformed, as IBM's
   * operator does at start). Required to connect an OMS server to PostgreSQL:
   * IBM's own images ship for Db2 and Oracle. @default false
   */
  readonly imageSupportsPostgresql?: boolean;
}

/** Where a role mounts its files, and what it expands at start. */
export type OmsRole = 'app-server' | 'agent' | 'health-monitor' | 'data-setup';

/** Variables the OMS runtime sets itself (IBM's names); the user must not set them. */
export const OMS_RESERVED_ENV = [
  'OM_POD_NAME',
  'OM_POD_IP',
  'OM_RELEASE',
  'JAVA_TRUST_STORE_PATH',
  'JAVA_TRUST_STORE_PASS',
  'USE_JDK_TRUST_STORE',
  'dbuser',
  'dbpassword',
  'consoleadminpassword',
  'consolenonadminpassword',
  'tlskeystorepassword',
  'DATASETUP',
];

const IMAGE_OF: Record<OmsRole, OmsImageRole> = { 'app-server': 'app', agent: 'agent', 'health-monitor': 'agent', 'data-setup': 'agent' };

const OMS_ROLES: readonly OmsRole[] = ['app-server', 'agent', 'health-monitor', 'data-setup'];

/** The kinds this module reads: an OMS server's props, with the keys of its app Secret. */
const OMS_SETTING_KINDS = {
  ...OMS_SERVER_PROP_KINDS,
  appSecret: {
    secretName: 'string',
    consoleAdminPasswordKey: 'string',
    consoleNonAdminPasswordKey: 'string',
    tlsKeyStorePasswordKey: 'string',
    trustStorePasswordKey: 'string',
  } satisfies KindsOf<OmsAppSecret>,
} satisfies KindsOf<OmsServerProps>;

/** The role and the props' shape: the rules below read the props only when these hold. */
function omsSettingShapeProblems(props: OmsServerProps, role: OmsRole): Problem[] {
  const problems: Problem[] = [];
  if (!OMS_ROLES.includes(role))
    problems.push({
      property: 'role',
      rule: `must be one of ${OMS_ROLES.join(', ')}`,
      value: role,
      fix: 'pass the role the workload runs',
    });
  if (props === null || typeof props !== 'object' || Array.isArray(props))
    return [...problems, { property: 'props', rule: 'is required', value: props, fix: "pass the workload's OmsServerProps" }];
  return [...problems, ...propKindProblems('OmsServerProps', props, OMS_SETTING_KINDS)];
}

/** The app Secret's name and keys, and the JMS bindings ConfigMap's name: objects the pods refer to by name. */
function omsReferenceProblems(props: OmsServerProps): Problem[] {
  const problems: Problem[] = [];
  const secret = props.appSecret;
  if (secret !== undefined) {
    const rule = dns1123SubdomainViolation(secret.secretName);
    if (rule)
      problems.push({
        property: 'appSecret.secretName',
        rule,
        value: secret.secretName,
        fix: 'name the Secret as it is in the namespace, e.g. "oms-app-secret"',
      });
    for (const k of ['consoleAdminPasswordKey', 'consoleNonAdminPasswordKey', 'tlsKeyStorePasswordKey', 'trustStorePasswordKey'] as const) {
      const key = secret[k];
      const rule = key === undefined ? undefined : configMapKeyViolation(key);
      problems.push(...problemIf(`appSecret.${k}`, key, rule, 'use the key as it is in the Secret, or leave it out'));
    }
  }
  if (props.trustStore !== undefined && !(props.trustStore instanceof OmsTrustStore))
    problems.push({
      property: 'trustStore',
      rule: 'must be an OmsTrustStore',
      value: props.trustStore,
      fix: 'use OmsTrustStore.jdkDefault() or OmsTrustStore.custom({ location })',
    });
  else if (props.trustStore !== undefined) problems.push(...props.trustStore.validate('trustStore'));
  // Objects of the namespace the servers mount, by name.
  const mounted = [
    ['sharedClaim', 'name the PersistentVolumeClaim as it is in the namespace, e.g. "oms-shared"'],
    ['jmsBindings', 'name the ConfigMap with the .bindings file, e.g. "oms-jms-bindings"'],
  ] as const;
  for (const [property, fix] of mounted) {
    const name = props[property];
    problems.push(...problemIf(property, name, name === undefined ? undefined : dns1123SubdomainViolation(name), fix));
  }
  return problems;
}

/** Every problem with the OMS settings of a role that can be checked before construction. */
export function validateOmsServerSettings(props: OmsServerProps, role: OmsRole): Problem[] {
  const shape = omsSettingShapeProblems(props, role);
  if (shape.length > 0) return shape;
  const memoryLimit = props.resources?.memory?.limit === undefined ? undefined : parseMemoryBytes(props.resources.memory.limit);
  const problems = [
    ...omsReferenceProblems(props),
    ...validateJvm('jvm', props.jvm, memoryLimit),
    ...validatePropertyOverrides('propertyOverrides', props.propertyOverrides),
  ];
  const imageRole = typeof props.image === 'string' ? omsImageRole(props.image) : undefined;
  const wanted = IMAGE_OF[role];
  if (imageRole !== undefined && imageRole !== wanted)
    problems.push({
      property: 'image',
      rule: `must be an ${wanted === 'app' ? 'om-app' : 'om-agent'} image: IBM's ${role} runs on ${wanted === 'app' ? 'om-app' : 'om-agent'}, and the ${imageRole === 'app' ? 'om-app' : 'om-agent'} image has no ${role === 'app-server' ? 'Liberty server' : 'agent start scripts'}`,
      value: props.image,
      fix: `use the ${wanted === 'app' ? 'om-app' : 'om-agent'} image of the same release`,
    });
  return problems;
}

/** A reasonable read-only root for a role: the paths IBM's start scripts write, seeded from the image. (Paths not confirmed against every image.) */
export function omsReadOnlyFilesystem(role: OmsRole): Filesystem {
  if (role === 'app-server')
    return Filesystem.readOnlyRoot({
      seeded: ['/config', OMS_PATHS.runtimeProperties, OMS_PATHS.serverState],
      scratch: ['/tmp', '/logs', '/opt/ibm/wlp/output', '/opt/ssfs/runtime/logs'],
    });
  return Filesystem.readOnlyRoot({
    seeded: [OMS_PATHS.runtimeProperties, OMS_PATHS.serverState],
    scratch: ['/tmp', '/opt/ssfs/runtime/logs'],
  });
}

/** IBM's UID for om-agent roles (agents, health monitor, data setup); its chart sets runAsUser 1000, fsGroup 0. */
export const OMS_AGENT_UID = 1000;

/**
 * What every OMS role shares in its preset, as IBM's chart runs it: part of
 * `oms`, IBM's UID with group 0, a writable root, IBM's variables reserved,
 * and its database bound as IBM's variables.
 */
export function omsRolePreset(uid: number) {
  return {
    partOf: 'oms',
    runAsUser: uid,
    podIdentity: { runAsGroup: 'image' as const, fsGroup: 0, supplementalGroups: [0] },
    filesystem: omsDefaultFilesystem(),
    reservedEnv: OMS_RESERVED_ENV,
    bindConnection: omsConnectionBinding,
  };
}

/** IBM's default: the image's root stays writable, because its start scripts write `/config` and `/opt/ssfs/runtime/properties`. */
export function omsDefaultFilesystem(): Filesystem {
  return Filesystem.writableRoot({ scratch: ['/tmp'] });
}

/** What the OMS runtime gives a workload's containers from a connection: the database as IBM's variables, the rest as for any workload. */
export function omsConnectionBinding(connection: IConnection): ConnectionBinding {
  if (!(connection instanceof DatabaseConnection)) return connection.binding();
  return { env: {}, secretEnv: { dbuser: connection.user, dbpassword: connection.password }, egress: connection.egress };
}

/** The one database of an OMS server. */
function databaseOf(workload: Workload): DatabaseConnection | undefined {
  return workload.connections.find((c): c is DatabaseConnection => c instanceof DatabaseConnection);
}

/** Heap sizes of a workload in MiB. */
export function heapMi(
  jvm: JvmSettings | undefined,
  memoryLimitBytes: number,
): { minHeapMi: number; maxHeapMi: number; extraArgs: readonly string[] } {
  const r = resolveJvm(jvm, memoryLimitBytes);
  return {
    minHeapMi: Math.floor(r.minHeapBytes / 2 ** 20),
    maxHeapMi: Math.floor(r.maxHeapBytes / 2 ** 20),
    extraArgs: jvm?.extraArgs ?? [],
  };
}

/**
 * Gives a workload the OMS runtime of its role as IBM's chart does: the
 * environment IBM's scripts read (pod name and IP, trust store, the database
 * password and user, the console passwords), `system_overrides.properties`
 * rendered from the database connection into the init path evaluateEnvs.sh
 * expands, `customer_overrides.properties` only when there is something in
 * it, and the JMS bindings. The role's own files (jvm.options, server.xml)
 * and its command are the variant's.
 */
export function applyOmsRuntime(
  workload: Workload,
  role: OmsRole,
  props: OmsServerProps,
  options: { readonly tlsKeyStorePasswordRequired?: boolean } = {},
): void {
  const isWorkload = workload instanceof Workload;
  const problems = validateOmsServerSettings(props, role);
  if (!isWorkload)
    problems.unshift({
      property: 'workload',
      rule: 'must be a Workload (an OmsMicroservice, AgentPool or other workload of the library)',
      value: Construct.isConstruct(workload)
        ? (workload as Construct).node.path
        : typeof workload === 'object' && workload !== null
          ? 'an object that is no construct'
          : workload,
      fix: 'pass the workload the OMS runtime is for',
    });
  throwIfProblems(isWorkload ? workload.node.path : 'applyOmsRuntime', problems);
  applyCheckedOmsRuntime(workload, role, props, options);
}

/**
 * {@link applyOmsRuntime} for the library's OMS variants, whose preset ran {@link validateOmsServerSettings} on
 * these same props in the same constructor (the workload's construction throws on its problems): checking them
 * again here would only repeat that work.
 */
export function applyCheckedOmsRuntime(
  workload: Workload,
  role: OmsRole,
  props: OmsServerProps,
  options: { readonly tlsKeyStorePasswordRequired?: boolean } = {},
): void {
  const secret = props.appSecret ?? { secretName: DEFAULT_OMS_APP_SECRET };
  const key = (k: string | undefined, fallback: string): SecretKeyReference => ({ secretName: secret.secretName, key: k ?? fallback });
  workload.addFieldEnv('OM_POD_NAME', 'metadata.name');
  // IBM's chart sets OM_RELEASE to its Helm release: here, the environment the servers belong to.
  workload.addEnv('OM_RELEASE', workload.environment.environmentName);
  if (props.sharedClaim !== undefined) {
    workload.addVolume({ name: 'shared', persistentVolumeClaim: { claimName: props.sharedClaim } });
    workload.addVolumeMount({ name: 'shared', mountPath: '/shared' });
  }
  for (const [k, v] of Object.entries(OMS_METERING_ANNOTATIONS)) workload.addPodAnnotation(k, v);
  if (role === 'app-server') {
    workload.addFieldEnv('OM_POD_IP', 'status.podIP');
    workload.addSecretEnv('consoleadminpassword', key(secret.consoleAdminPasswordKey, 'consoleadminpassword'));
    workload.addSecretEnv('consolenonadminpassword', key(secret.consoleNonAdminPasswordKey, 'consolenonadminpassword'));
    // Required when the start script makes the key store from a serving certificate (IBM: required with SSL on OpenShift).
    workload.addSecretEnv('tlskeystorepassword', key(secret.tlsKeyStorePasswordKey, 'tlskeystorepassword'), {
      optional: options.tlsKeyStorePasswordRequired ? undefined : true,
    });
  }
  if (role === 'data-setup') workload.addEnv('DATASETUP', 'true');
  const trust = props.trustStore ?? OmsTrustStore.jdkDefault();
  if (trust.isJdkDefault) {
    // IBM's default: configCerts.sh builds the store from the JDK's CA certificates; its password is the JDK's public default.
    // The start scripts export the JDK's default password when JAVA_TRUST_STORE_PASS is unset.
    workload.addEnv('JAVA_TRUST_STORE_PATH', OMS_PATHS.trustStore);
    workload.addEnv('USE_JDK_TRUST_STORE', 'true');
  } else {
    workload.addEnv('JAVA_TRUST_STORE_PATH', trust.location!);
    workload.addSecretEnv('JAVA_TRUST_STORE_PASS', key(trust.passwordKeyIn(secret), 'trustStorePassword'));
    workload.addEnv('USE_JDK_TRUST_STORE', 'false');
  }
  if (props.env?.LOG_FORMAT === undefined) workload.addEnv('LOG_FORMAT', 'json');

  workload.addConfigFile('system_overrides.properties', () => {
    const db = databaseOf(workload);
    return db && renderSystemOverrides({ vendor: db.vendor, host: db.host, port: db.port, database: db.database, schema: db.schema });
  });
  workload.addConfigFileMount('system_overrides.properties', OMS_PATHS.systemOverridesInit);
  const overrides = renderProperties(props.propertyOverrides ?? {});
  if (role !== 'data-setup') {
    workload.addConfigFile('customer_overrides.properties', () => (overrides.length > 0 ? overrides : undefined));
    workload.addConfigFileMount(
      'customer_overrides.properties',
      role === 'app-server' ? OMS_PATHS.appCustomerOverrides : OMS_PATHS.agentCustomerOverrides,
    );
  }
  if (props.jmsBindings !== undefined && (role === 'app-server' || role === 'agent')) {
    workload.addVolume({ name: 'jms-bindings', configMap: { name: props.jmsBindings } });
    workload.addVolumeMount({ name: 'jms-bindings', mountPath: OMS_PATHS.jmsBindings, subPath: '.bindings', readOnly: true });
  }
  workload.node.addValidation({ validate: () => omsLateProblems(workload, props).map(formatProblem) });
}

/** What can only be checked once the workload's connections are final. */
function omsLateProblems(workload: Workload, props: OmsServerProps): Problem[] {
  const dbs = workload.connections.filter((c) => c instanceof DatabaseConnection) as DatabaseConnection[];
  if (dbs.length !== 1)
    return [
      {
        property: 'connections',
        rule: 'must include exactly one database: OMS servers have one system datasource (jdbcService.<vendor>Pool)',
        value: dbs.map((d) => d.connectionName),
        fix: 'connect the workload to its database: connections: [db] or connectTo(db)',
      },
    ];
  const db = dbs[0];
  const problems: Problem[] = [];
  if (db.vendor === DatabaseVendor.POSTGRESQL && !props.imageSupportsPostgresql)
    problems.push({
      property: 'imageSupportsPostgresql',
      rule: "must be true to run OMS on PostgreSQL: IBM's images ship for Db2 and Oracle; PostgreSQL needs the JDBC driver and the vendor transformation that IBM's operator applies",
      value: props.imageSupportsPostgresql,
      fix: 'build the images with the PostgreSQL driver and vendor (DB_VENDOR=postgresql) and set imageSupportsPostgresql: true, or use a Db2 or Oracle database',
    });
  if (omsSchema(db) === undefined && db.vendor !== DatabaseVendor.POSTGRESQL)
    problems.push({
      property: 'connections',
      rule: `must name the schema of an ${db.vendor.displayName} database (OMS writes it as DB_SCHEMA_OWNER)`,
      value: db.connectionName,
      fix: 'set schema on the DatabaseConnection',
    });
  return problems;
}
