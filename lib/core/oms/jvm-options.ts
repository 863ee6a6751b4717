import { OMS_PATHS } from './paths';

/** What an app server's `jvm.options` says. */
export interface JvmOptionsInput {
  /** Initial and largest heap, in MiB. */
  readonly minHeapMi: number;
  readonly maxHeapMi: number;
  /** `-DSCI.Server.Name`, the server's name in OMS. */
  readonly serverName: string;
  /** More JVM options, one per line, after IBM's. */
  readonly extraArgs: readonly string[];
  /** `-Dvendor` and `-DvendorFile`. @default websphere / servers.properties */
  readonly vendor?: string;
  readonly vendorFile?: string;
}

/**
 * The app server's `jvm.options` as IBM's chart writes it: vendor, heap,
 * encodings, server name, the pod IP for RMI (`$(OM_POD_IP)`, expanded by
 * IBM's evaluateEnvs.sh at start), the server state directory, then the
 * user's options, one per line.
 */
export function renderJvmOptions(input: JvmOptionsInput): string {
  return [
    `-Dvendor=${input.vendor ?? 'websphere'}`,
    `-DvendorFile=${input.vendorFile ?? 'servers.properties'}`,
    `-Xms${input.minHeapMi}m`,
    `-Xmx${input.maxHeapMi}m`,
    '-Dclient.encoding.override=UTF-8',
    '-Dfile.encoding=UTF-8',
    `-DSCI.Server.Name=${input.serverName}`,
    '-Djava.rmi.server.hostname=$(OM_POD_IP)',
    `-Dserver.state.dir=${OMS_PATHS.serverState}`,
    ...input.extraArgs,
    '',
  ].join('\n');
}

/**
 * The `-jvmargs` string of an agent, integration server or health monitor:
 * heap and the user's options, the state directory, and the trust store
 * (its path and password are shell references, expanded by bash at start
 * from the variables configCerts.sh reads, as IBM's chart does).
 */
export function agentJvmArgs(input: { minHeapMi: number; maxHeapMi: number; extraArgs: readonly string[] }): string {
  return [`-Xms${input.minHeapMi}m`, `-Xmx${input.maxHeapMi}m`, ...input.extraArgs].join(' ');
}
