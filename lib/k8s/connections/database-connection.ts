import {
  DatabaseVendor,
  OmsConfigError,
  Problem,
  SecretKeyReference,
  configMapKeyViolation,
  dns1123LabelViolation,
  problemIf,
} from '../../core';
import { EndpointConnection, EndpointConnectionProps, validateEndpointProps } from './endpoint-connection';

/** Where a database's credentials are: keys of an existing Secret, never literals. */
export interface DatabaseCredentials {
  /** The Secret, in the workload's namespace. */
  readonly secretName: string;
  /** Key of the user name. @default 'username' */
  readonly usernameKey?: string;
  /** Key of the password. @default 'password' */
  readonly passwordKey?: string;
}

/** Properties of a {@link DatabaseConnection}. */
export interface DatabaseConnectionProps extends EndpointConnectionProps {
  /** The database (Db2 database, Oracle service name, PostgreSQL database). */
  readonly database: string;
  /** The product. @default DatabaseVendor.POSTGRESQL (port 5432; Db2 50000, Oracle 1521) */
  readonly vendor?: DatabaseVendor;
  /** The schema the application's tables are in. @default the user's default schema */
  readonly schema?: string;
  /** The application user and password. */
  readonly credentials: DatabaseCredentials;
}

/** Every problem with a database connection's properties. */
export function validateDatabaseConnectionProps(props: DatabaseConnectionProps): Problem[] {
  const known = props.vendor === undefined || DatabaseVendor.all().includes(props.vendor);
  const problems: Problem[] = [];
  if (!known)
    problems.push({
      property: 'vendor',
      rule: `must be one of ${DatabaseVendor.all()
        .map((v) => `DatabaseVendor.${v.name === 'postgresql' ? 'POSTGRESQL' : v.name.toUpperCase()}`)
        .join(', ')}`,
      value: props.vendor,
      fix: 'use DatabaseVendor.DB2, DatabaseVendor.ORACLE or DatabaseVendor.POSTGRESQL (OMS runs on those)',
    });
  // An unknown vendor has no default port: the egress check would name a port the user never chose.
  const endpoint = validateEndpointProps(props, 'database', ((known ? props.vendor : undefined) ?? DatabaseVendor.POSTGRESQL).defaultPort);
  problems.push(...(known || props.port !== undefined ? endpoint : endpoint.filter((p) => p.property !== 'egress[*].ports')));
  if (typeof props.database !== 'string' || !/^[A-Za-z][A-Za-z0-9_.$-]{0,127}$/.test(props.database))
    problems.push({
      property: 'database',
      rule: 'must be a database name (a letter, then letters, digits, "_", ".", "$" or "-")',
      value: props.database,
      fix: 'name the database, e.g. "OMDB" or "oms"',
    });
  // Db2 database names (and aliases) are at most 8 characters (IBM Db2, CREATE DATABASE).
  if (props.vendor === DatabaseVendor.DB2 && typeof props.database === 'string' && props.database.length > 8)
    problems.push({
      property: 'database',
      rule: `must be at most 8 characters on Db2 (has ${props.database.length})`,
      value: props.database,
      fix: 'use the database name or alias as Db2 catalogs it, e.g. "OMDB"',
    });
  // PostgreSQL keeps at most NAMEDATALEN-1 = 63 bytes of an identifier and cuts longer names short (PostgreSQL
  // documentation, Lexical Structure, Identifiers): a longer name would name another database than the one written.
  if (
    (props.vendor ?? DatabaseVendor.POSTGRESQL) === DatabaseVendor.POSTGRESQL &&
    typeof props.database === 'string' &&
    props.database.length > 63
  )
    problems.push({
      property: 'database',
      rule: `must be at most 63 characters on PostgreSQL, which cuts longer names short (has ${props.database.length})`,
      value: props.database,
      fix: 'use a shorter name, e.g. "oms"',
    });
  if (props.schema !== undefined && !/^[A-Za-z][A-Za-z0-9_]{0,127}$/.test(props.schema))
    problems.push({
      property: 'schema',
      rule: 'must be a schema name (a letter, then letters, digits or "_")',
      value: props.schema,
      fix: 'use e.g. "OMS"',
    });
  const secret = props.credentials?.secretName;
  const secretRule = typeof secret === 'string' ? dns1123LabelViolation(secret, 253) : 'is required';
  if (secretRule)
    problems.push({
      property: 'credentials.secretName',
      rule: secretRule,
      value: secret,
      fix: 'name the Secret that holds the username and password',
    });
  for (const key of ['usernameKey', 'passwordKey'] as const) {
    const value = props.credentials?.[key];
    if (value !== undefined)
      problems.push(
        ...problemIf(`credentials.${key}`, value, configMapKeyViolation(value), 'use the key as it is in the Secret, e.g. "username"'),
      );
  }
  return problems;
}

/**
 * A relational database a workload uses. A generic workload gets
 * `<prefix>_HOST`, `_PORT`, `_NAME` and, from the Secret, `_USER` and
 * `_PASSWORD`; an OMS server renders it into its datasource instead.
 */
export class DatabaseConnection extends EndpointConnection {
  /** A database that exists already (the AWS layer's, another team's, or a shared instance). */
  public static existing(props: DatabaseConnectionProps): DatabaseConnection {
    const problems = validateDatabaseConnectionProps(props);
    if (problems.length > 0) throw new OmsConfigError(`DatabaseConnection.existing(${props.name ?? 'database'})`, problems);
    return new DatabaseConnection(props);
  }

  public readonly kind = 'database' as const;
  /** The database name. */
  public readonly database: string;
  public readonly vendor: DatabaseVendor;
  public readonly schema?: string;
  /** The user name, from the Secret. */
  public readonly user: SecretKeyReference;
  /** The password, from the Secret. */
  public readonly password: SecretKeyReference;

  private constructor(props: DatabaseConnectionProps) {
    const vendor = props.vendor ?? DatabaseVendor.POSTGRESQL;
    super(props, { name: 'database', port: vendor.defaultPort, variables: 'database' });
    this.vendor = vendor;
    this.database = props.database;
    this.schema = props.schema;
    this.user = { secretName: props.credentials.secretName, key: props.credentials.usernameKey ?? 'username' };
    this.password = { secretName: props.credentials.secretName, key: props.credentials.passwordKey ?? 'password' };
  }

  protected productBinding() {
    return { env: { NAME: this.database }, secretEnv: { USER: this.user, PASSWORD: this.password } };
  }
}
