import {
  JvmSettings,
  PoolSettings,
  Problem,
  parseMemoryBytes,
  renderProperties,
  resolveJvm,
  resolvePools,
  validateJvm,
  validatePools,
  validatePropertyOverrides,
} from '../../core';
import { OmsServerProps } from './oms-server-props';
import { Workload } from './workload';

/** Key of the overrides file in the ConfigMap. */
export const OVERRIDES_KEY = 'customer_overrides.properties';
/** Where OMS reads `customer_overrides.properties` from. */
export const DEFAULT_PROPERTIES_PATH = '/opt/ssfs/runtime/properties/customer_overrides.properties';
/** Environment variables the OMS runtime sets itself. */
export const OMS_RESERVED_ENV = [
  'JVM_ARGS',
  'OMS_CORE_THREADS',
  'OMS_MAX_THREADS',
  'OMS_DB_POOL_MIN',
  'OMS_DB_POOL_MAX',
  'OMS_SERVER_NAMES',
];

/** Every problem with the OMS settings shared by app servers and agents. */
export function validateOmsServerSettings(props: OmsServerProps): Problem[] {
  const memoryLimit = props.resources?.memory?.limit === undefined ? undefined : parseMemoryBytes(props.resources.memory.limit);
  return [
    ...validateJvm('jvm', props.jvm, memoryLimit),
    ...validatePools('pools', props.pools),
    ...validatePropertyOverrides('propertyOverrides', props.propertyOverrides),
  ];
}

/** Applies the OMS runtime settings to a workload: JVM line, pool sizes and the overrides file. */
export function applyOmsRuntime(
  workload: Workload,
  settings: {
    jvm?: JvmSettings;
    pools?: PoolSettings;
    propertyOverrides?: Readonly<Record<string, string>>;
    memoryLimitBytes: number;
    propertiesPath?: string;
  },
  extra: Readonly<Record<string, string>> = {},
): void {
  const pools = resolvePools(settings.pools);
  const config: Record<string, string> = {
    ...extra,
    JVM_ARGS: resolveJvm(settings.jvm, settings.memoryLimitBytes).args,
    OMS_CORE_THREADS: String(pools.coreThreads),
    OMS_MAX_THREADS: String(pools.maxThreads),
    OMS_DB_POOL_MIN: String(pools.dbPoolMin),
    OMS_DB_POOL_MAX: String(pools.dbPoolMax),
  };
  for (const [key, value] of Object.entries(config)) workload.addEnv(key, value);
  workload.addConfigFile(OVERRIDES_KEY, renderProperties(settings.propertyOverrides ?? {}));
  workload.addConfigFileMount(OVERRIDES_KEY, settings.propertiesPath ?? DEFAULT_PROPERTIES_PATH);
}
