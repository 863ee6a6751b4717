/** The database products OMS runs on, by the name OMS uses for them. */
export type DatabaseVendorName = 'db2' | 'oracle' | 'postgresql';

/**
 * One database product and the facts clients need about it. IBM's chart
 * supports Db2 and Oracle; IBM's OMS operator also supports PostgreSQL (it
 * installs the JDBC driver and transforms the vendor at start).
 */
export class DatabaseVendor {
  /** IBM Db2 (JCC type 4 driver). */
  public static readonly DB2 = new DatabaseVendor('db2', 'Db2', 'DB2', 50000, (h, p, d) => `jdbc:db2://${h}:${p}/${d}`);
  /** Oracle Database (thin driver, by service name). */
  public static readonly ORACLE = new DatabaseVendor('oracle', 'Oracle', 'Oracle', 1521, (h, p, d) => `jdbc:oracle:thin:@//${h}:${p}/${d}`);
  /** PostgreSQL. */
  public static readonly POSTGRESQL = new DatabaseVendor(
    'postgresql',
    'PostgreSQL',
    'postgresql',
    5432,
    (h, p, d) => `jdbc:postgresql://${h}:${p}/${d}`,
  );

  /** Every vendor. */
  public static all(): readonly DatabaseVendor[] {
    return [DatabaseVendor.DB2, DatabaseVendor.ORACLE, DatabaseVendor.POSTGRESQL];
  }

  private constructor(
    /** The vendor's name as OMS writes it (`dbvendor`, `jdbcService.<name>Pool`). */
    public readonly name: DatabaseVendorName,
    /** For messages and topology. */
    public readonly displayName: string,
    /**
     * The value OMS writes as `jdbcService.<pool>.dbvendor` (IBM's chart: `DB2`, `Oracle`; PostgreSQL as
     * IBM's operator transforms it, not confirmed in IBM's text). Lower-cased, it names the pool.
     */
    public readonly omsName: string,
    /** The port the server listens on unless told otherwise. */
    public readonly defaultPort: number,
    private readonly url: (host: string, port: number, database: string) => string,
  ) {}

  /** The JDBC URL of a database. */
  public jdbcUrl(host: string, port: number, database: string): string {
    return this.url(host, port, database);
  }
}
