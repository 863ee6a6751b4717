/** The database products OMS runs on, by the name OMS uses for them. */
export type DatabaseVendorName = 'db2' | 'oracle' | 'postgresql';

/**
 * One database product and the facts clients need about it. IBM's chart
 * supports Db2 and Oracle; IBM's OMS operator also supports PostgreSQL (it
 * installs the JDBC driver and transforms the vendor at start).
 */
export class DatabaseVendor {
  /** IBM Db2 (JCC type 4 driver). */
  public static readonly DB2 = new DatabaseVendor('db2', 'Db2', 'DB2', 50000);
  /** Oracle Database (thin driver). */
  public static readonly ORACLE = new DatabaseVendor('oracle', 'Oracle', 'Oracle', 1521);
  /** PostgreSQL. */
  public static readonly POSTGRESQL = new DatabaseVendor('postgresql', 'PostgreSQL', 'postgresql', 5432);

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
  ) {}
}
