import { DatabaseVendor } from '../database-vendor';
import { memoized } from '../memo';
import { OMS_DATASOURCE } from './paths';

/** The database facts OMS needs, without credentials (they are references). */
export interface OmsDatabase {
  readonly vendor: DatabaseVendor;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The schema; Db2 defaults to the upper-cased database name, as IBM's chart does. */
  readonly schema?: string;
  /** Db2 over TLS. @default false */
  readonly ssl?: boolean;
}

/** The schema OMS uses: given, or Db2's upper-cased database name; Oracle and PostgreSQL need it given. */
export function omsSchema(db: OmsDatabase): string | undefined {
  return db.schema ?? (db.vendor === DatabaseVendor.DB2 ? db.database.toUpperCase() : undefined);
}

/** The JDBC URL as OMS writes it in `jdbcService.<vendor>Pool.url` (Oracle by SID, as IBM's chart does). */
export function omsJdbcUrl(db: OmsDatabase): string {
  if (db.vendor === DatabaseVendor.DB2) return `jdbc:db2://${db.host}:${db.port}/${db.database}${db.ssl ? ':sslConnection=true;' : ''}`;
  if (db.vendor === DatabaseVendor.ORACLE) return `jdbc:oracle:thin:@${db.host}:${db.port}:${db.database}`;
  return `jdbc:postgresql://${db.host}:${db.port}/${db.database}${db.ssl ? '?sslmode=require' : ''}`;
}

/**
 * `system_overrides.properties` as IBM's chart writes it: the
 * `jdbcService.<vendor>Pool` datasource of the system pool, with the user
 * and password as `$(dbuser)` and `$(dbpassword)`: references that IBM's
 * evaluateEnvs.sh expands from the environment at start, never literals.
 */
export const renderSystemOverrides: (db: OmsDatabase) => string = memoized(
  (db) => JSON.stringify([db.vendor.name, db.host, db.port, db.database, db.schema, db.ssl]),
  (db) => systemOverrides(db),
);

function systemOverrides(db: OmsDatabase): string {
  const v = db.vendor.omsName;
  const pool = `jdbcService.${v.toLowerCase()}Pool`;
  const schema = omsSchema(db);
  const lines = [
    `${pool}.dbvendor=${v}`,
    `${pool}.systemPool=true`,
    ...(db.vendor === DatabaseVendor.DB2 ? [`${pool}.dbname=${db.database}`] : []),
    `${pool}.url=${omsJdbcUrl(db)}`,
    ...(schema ? [`${pool}.schema=${schema}`, `si_config.DB_SCHEMA_OWNER=${schema}`] : []),
    `${pool}.catalog=${db.database}`,
    `${pool}.user=$(dbuser)`,
    `${pool}.datasource=${OMS_DATASOURCE}`,
    `${pool}.password=$(dbpassword)`,
    'yfs.jmx.initialize.async=true',
    // OMS's Prometheus statistics: the app server's MetricsServlet and the agents' /metrics (IBM, "Prometheus endpoint for statistics collection").
    'yfs.prometheus.enabled=true',
    'yfs.server.shutdown.hb.updatenotrunningimmediately=Y',
  ];
  return lines.map((l) => `${l}\n`).join('');
}
