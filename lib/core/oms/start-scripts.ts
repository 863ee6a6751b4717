import { OMS_PATHS } from './paths';

/**
 * The start commands of IBM's OMS containers, as IBM's chart runs them:
 * `/bin/bash -c` with a fixed script. Everything that varies (JVM arguments,
 * server names, modes) is passed as positional arguments after the script,
 * never pasted into its text, so no value can change what the shell runs.
 */
export interface StartCommand {
  /** `/bin/bash -c <script> <name>`. */
  readonly command: string[];
  /** The script's positional arguments (`$1`, `$2`, ...). */
  readonly args: string[];
}

const P = OMS_PATHS;
const expand = (init: string, out: string) => `"${P.evaluateEnvs}" ${init} ${out}`;
/** The trust store arguments IBM's chart adds to every agent JVM; bash expands the references at start. */
const AGENT_JVM_TAIL = `-Dserver.state.dir=${P.serverState} -Djavax.net.ssl.trustStore=\${JAVA_TRUST_STORE_PATH:?} -Djavax.net.ssl.trustStorePassword=$JAVA_TRUST_STORE_PASS -Djavax.net.ssl.trustStoreType=PKCS12`;

/**
 * IBM's default trust store is the JDK's CA certificates, whose password is the JDK's public default
 * `changeit`: a pod without a custom trust store gets no password from a Secret, and the start script
 * supplies the default (exported, so configCerts.sh, the JVM and Liberty's `${env.JAVA_TRUST_STORE_PASS}` see it).
 */
const TRUST_STORE_DEFAULT = 'export JAVA_TRUST_STORE_PASS="${JAVA_TRUST_STORE_PASS:-changeit}"';

/** The steps every om-agent container runs first: expand the system overrides, set up certificates. */
const AGENT_PREAMBLE = [
  'set -e',
  `cd ${P.runtime}/`,
  TRUST_STORE_DEFAULT,
  expand(P.systemOverridesInit, P.agentSystemOverrides),
  `"${P.configCerts}"`,
];

/** Where the key store step reads and writes; the defaults are IBM's. */
export interface KeyStorePaths {
  /** The directory with the serving certificate's `tls.crt` and `tls.key`. */
  readonly certificate: string;
  /** The PKCS12 key store Liberty's `defaultKeyStore` opens. */
  readonly keyStore: string;
  /** The configuration drop-in the image would generate its own key store in. */
  readonly dropin: string;
}

/**
 * Liberty's key store from a serving certificate, as IBM's chart does when it re-encrypts on OpenShift:
 * the image's key store drop-in is emptied (an image that generates one writes it there, with its own
 * password), then `openssl pkcs12 -export` packs `tls.key` and `tls.crt` into the PKCS12 store
 * `server.xml` names, under the password in `$tlskeystorepassword`. openssl reads the password from the
 * environment (`-password env:...`), so it never appears in a command line or the rendered script.
 */
export function libertyKeyStoreSteps(
  paths: KeyStorePaths = {
    certificate: P.servingCertificate,
    keyStore: P.libertyKeyStore,
    dropin: P.keyStoreDropin,
  },
): string[] {
  const dir = paths.dropin.replace(/\/[^/]*$/, '');
  return [
    `mkdir -p "${dir}"`,
    `echo '<server/>' > "${paths.dropin}"`,
    `openssl pkcs12 -export -out "${paths.keyStore}" -inkey "${paths.certificate}/tls.key" -in "${paths.certificate}/tls.crt" -password env:tlskeystorepassword`,
  ];
}

function appServerScript(servingCertificate: boolean): string {
  return [
    'set -e',
    TRUST_STORE_DEFAULT,
    expand(P.jvmOptionsInit, P.jvmOptions),
    expand(P.systemOverridesInit, P.appSystemOverrides),
    ...(servingCertificate ? libertyKeyStoreSteps() : []),
    `"${P.configCerts}"`,
    'exec "$@"',
  ].join('\n');
}
const APP_SERVER_SCRIPT = appServerScript(false);
const APP_SERVER_SCRIPT_WITH_KEY_STORE = appServerScript(true);

/**
 * App server (om-app): expand `jvm.options` and the system overrides (IBM's
 * evaluateEnvs.sh replaces `$(VAR)` from the environment), with
 * `servingCertificate` make Liberty's key store from the mounted serving
 * certificate, set up certificates, then run Liberty (by default behind IBM's
 * start wrapper).
 */
export function appServerStart(options: { wrapper?: string; servingCertificate?: boolean } = {}): StartCommand {
  // The script is one of two fixed texts (with or without the key store steps), the same for every app server.
  const script = options.servingCertificate ? APP_SERVER_SCRIPT_WITH_KEY_STORE : APP_SERVER_SCRIPT;
  const wrapper = options.wrapper ?? P.libertyWrapper;
  return {
    command: ['/bin/bash', '-c', script, 'start-app-server'],
    args: [...(wrapper ? [wrapper] : []), P.libertyServer, 'run', 'defaultServer'],
  };
}

/** One agent or integration server (om-agent): `agentserver.sh -jvmargs "<args>" <name>` from the runtime directory. */
export function agentServerStart(jvmArgs: string, serverName: string): StartCommand {
  const script = [
    ...AGENT_PREAMBLE,
    `echo "RUN_JAVA_EXEC_MODE=Y" >> ${P.sandboxCfg}`,
    `exec "${P.agentServer}" -jvmargs "$1 ${AGENT_JVM_TAIL}" "$2"`,
  ].join('\n');
  return { command: ['/bin/bash', '-c', script, 'start-agent-server'], args: [jvmArgs, serverName] };
}

/** The health monitor (om-agent): `startHealthMonitor.sh -jvmargs "<args>"`. */
export function healthMonitorStart(jvmArgs: string): StartCommand {
  const script = [
    ...AGENT_PREAMBLE,
    `echo "RUN_JAVA_EXEC_MODE=Y" >> ${P.sandboxCfg}`,
    `exec "${P.healthMonitor}" -jvmargs "$1 ${AGENT_JVM_TAIL}"`,
  ].join('\n');
  return { command: ['/bin/bash', '-c', script, 'start-health-monitor'], args: [jvmArgs] };
}

/**
 * What data setup does to the database: IBM's `create` or `upgrade`; `fix-pack` only the fix-pack
 * factory step (IBM's chart: `loadFactoryData: donotinstall` with `loadFPFactoryData: install`);
 * or `adopt` a database set up before (marker only).
 */
export type DataSetupRun = 'create' | 'upgrade' | 'fix-pack' | 'adopt';

/**
 * Data setup (om-agent with `DATASETUP=true`), guarded by the markers in the
 * mediator ConfigMap (mounted read-only at `mediatorMount`):
 * - this version's marker is set: nothing to do (a rerun, or a Job recreated by a GitOps engine);
 * - `create` refuses a database that already holds any version's marker;
 * - `upgrade` refuses unless the marker of the version it upgrades from is set;
 * then `init.runtime.sh create|upgrade` (schema and factory data, or the
 * upgrade), the fix-pack factory step when the image has `bin/FSHelper.xml`,
 * and the marker: a key patched into the mediator ConfigMap, which app and
 * agent pods of this version wait for. `adopt` writes the marker of a version
 * the database already holds (set up before this environment managed it).
 * Arguments: mode, last installed fix pack, mediator ConfigMap, marker patch,
 * mediator mount, marker key, the marker the upgrade requires (or empty).
 */
export function dataSetupStart(input: {
  mode: DataSetupRun;
  fromFixPack: number;
  mediator: string;
  markerKey: string;
  /** The marker of the version an upgrade starts from. @default none */
  requiresKey?: string;
  /** Where the mediator ConfigMap is mounted. @default '/mediator' */
  mediatorMount?: string;
}): StartCommand {
  const script = [
    'set -eu',
    'if [ -e "$5/$6" ]; then echo "data setup: $6 is set already, nothing to do"; exit 0; fi',
    'case "$1" in',
    '  create)',
    '    for f in "$5"/datasetup.*.complete; do',
    '      if [ -e "$f" ]; then echo "data setup refused: the database already holds ${f##*/}; declare the version it holds (installed) instead of creating it again" >&2; exit 1; fi',
    '    done ;;',
    '  upgrade|fix-pack)',
    '    if [ ! -e "$5/$7" ]; then echo "data setup refused: $7 is not set, so the database is not at the version the upgrade starts from" >&2; exit 1; fi ;;',
    'esac',
    'if [ "$1" != adopt ]; then',
    ...AGENT_PREAMBLE.slice(1).map((l) => `  ${l}`),
    // Older images keep the container scripts under docker-samples (IBM's chart links them).
    `  if [ -d ${P.runtime}/docker-samples ] && [ ! -e ${P.runtime}/container-scripts ]; then ln -s ${P.runtime}/docker-samples ${P.runtime}/container-scripts; fi`,
    `  if [ "$1" != fix-pack ]; then "${P.initRuntime}" "$1"; fi`,
    '  if [ -d database/fp-factorysetup ]; then find database/fp-factorysetup -name "*.restart" -type f -delete; fi',
    '  if [ -f bin/FSHelper.xml ]; then (cd bin && ./sci_ant.sh -f FSHelper.xml "-DFROM_FP=$2"); fi',
    'fi',
    'kubectl patch configmap "$3" --type merge -p "$4"',
    'echo "data setup complete: $6"',
  ].join('\n');
  const patch = JSON.stringify({ data: { [input.markerKey]: 'true' } });
  return {
    command: ['/bin/bash', '-c', script, 'data-setup'],
    args: [
      input.mode,
      String(input.fromFixPack),
      input.mediator,
      patch,
      input.mediatorMount ?? '/mediator',
      input.markerKey,
      input.requiresKey ?? '',
    ],
  };
}

/**
 * Adoption of a database set up before the environment managed its data: writes the marker of the
 * release it holds into the mediator ConfigMap (mounted read-only at `mediatorMount`), and nothing
 * else: no data setup, no database connection. Its own marker set: nothing to do (a rerun). Any other
 * marker set: refused, because the environment manages the data already and a marker written now could
 * send an upgrade over data that has moved on. Arguments: mediator ConfigMap, marker patch, mediator
 * mount, marker key.
 */
export function adoptionStart(input: { mediator: string; markerKey: string; mediatorMount: string }): StartCommand {
  const script = [
    'set -eu',
    'if [ -e "$3/$4" ]; then echo "adoption: $4 is set already, nothing to do"; exit 0; fi',
    'for f in "$3"/datasetup.*.complete; do',
    '  if [ -e "$f" ]; then echo "adoption refused: the mediator holds ${f##*/}, so the environment manages its data already; remove adoptInstalled" >&2; exit 1; fi',
    'done',
    'kubectl patch configmap "$1" --type merge -p "$2"',
    'echo "adopted: $4"',
  ].join('\n');
  const patch = JSON.stringify({ data: { [input.markerKey]: 'true' } });
  return { command: ['/bin/sh', '-c', script, 'adopt'], args: [input.mediator, patch, input.mediatorMount, input.markerKey] };
}

/**
 * Waits, in an init container on the pod's own image, until the data setup
 * marker appears in the mediator ConfigMap (mounted as a directory, so the
 * kubelet adds the file when the key is added). Argument: the marker key.
 */
export function waitForDataSetup(markerKey: string, mountPath: string): StartCommand {
  const script = [
    `until [ -e "${mountPath}/$1" ]; do`,
    '  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) data setup not complete: waiting for $1"',
    '  sleep 30',
    'done',
    'echo "data setup complete: $1"',
  ].join('\n');
  return { command: ['/bin/bash', '-c', script, 'wait-for-data-setup'], args: [markerKey] };
}

/** The readiness and liveness check of an agent, integration server or health monitor (an argument list). */
export function agentStartupTest(serverName: string, restartAfterMinutes: number): string[] {
  return ['/bin/bash', P.agentStartupTest, P.serverState, `${serverName}--${serverName}_*`, String(restartAfterMinutes)];
}
