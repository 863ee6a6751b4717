import { OmsConfigError, Problem } from './errors';
import { dns1123LabelViolation } from './naming';

/** What an estate calls itself in the names it gives: labels, DNS, secrets, logs and databases. */
export interface ProductProps {
  /** Short name of the product, a DNS-1123 label of at most 20 characters (e.g. `polls`). */
  readonly name: string;
  /** The `app.kubernetes.io/part-of` label value. @default the name */
  readonly partOf?: string;
  /** Parent of each environment's private DNS zone (`<environment>.<dnsZone>`). @default `<name>.internal` */
  readonly dnsZone?: string;
  /** First segment of Secrets Manager names (`<prefix>/<environment>/database/app`) and SSM parameters. @default the name */
  readonly secretPrefix?: string;
  /** First segment of CloudWatch log group names (`/<prefix>/ecs/<task>`). @default the name */
  readonly logPrefix?: string;
  /** The application database, and the stem of the database user names and branch databases. @default the name, with "-" as "_" */
  readonly databaseName?: string;
}

const DNS_ZONE = /^(?=.{1,200}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SEGMENT = /^[a-z0-9][-a-z0-9_]{0,31}$/;
const DATABASE = /^[a-z][a-z0-9_]{0,29}$/;

/** Every problem with a product setting. */
export function validateProductProps(props: ProductProps): Problem[] {
  const problems: Problem[] = [];
  const nameRule = typeof props.name === 'string' ? dns1123LabelViolation(props.name, 20) : 'must be a name (a string)';
  if (nameRule) problems.push({ property: 'name', rule: nameRule, value: props.name, fix: 'use a short lower-case name, e.g. "polls"' });
  if (props.partOf !== undefined) {
    const rule = dns1123LabelViolation(props.partOf);
    if (rule) problems.push({ property: 'partOf', rule, value: props.partOf, fix: 'use the application name, e.g. "polls"' });
  }
  if (props.dnsZone !== undefined && !DNS_ZONE.test(props.dnsZone))
    problems.push({
      property: 'dnsZone',
      rule: 'must be a lower-case DNS name (labels of letters, digits and "-", joined by ".")',
      value: props.dnsZone,
      fix: 'use e.g. "polls.internal"',
    });
  for (const key of ['secretPrefix', 'logPrefix'] as const) {
    const value = props[key];
    if (value !== undefined && !SEGMENT.test(value))
      problems.push({
        property: key,
        rule: 'must be one path segment: lower-case letters, digits, "-" and "_", at most 32 characters',
        value,
        fix: 'use e.g. "polls" (no "/")',
      });
  }
  if (props.databaseName !== undefined && !DATABASE.test(props.databaseName))
    problems.push({
      property: 'databaseName',
      rule: 'must be a PostgreSQL identifier of at most 30 characters (a lower-case letter, then letters, digits or "_")',
      value: props.databaseName,
      fix: 'use e.g. "polls"',
    });
  return problems;
}

/**
 * The names an estate gives its own things: the `part-of` label, the private
 * DNS zone, Secrets Manager and SSM paths, log groups, the database and its
 * users, the database administration ServiceAccount. The Kubernetes and AWS
 * layers of one estate take the same product, so each finds the other's names
 * without lookups. `Product.OMS` is the OMS estate's setting; the tool's own
 * label keys (`oms.platform/*`) and `managed-by` stay whatever the product.
 */
export class Product {
  /** The OMS estate: `part-of: oms`, `<env>.oms.internal`, `oms/<env>/...`, database `oms`. */
  public static readonly OMS = new Product({ name: 'oms' });

  /** A product of its own name; every other name follows from it unless given. */
  public static of(props: ProductProps): Product {
    const problems = validateProductProps(props ?? ({} as ProductProps));
    if (problems.length > 0) throw new OmsConfigError(`Product.of(${String(props?.name)})`, problems);
    return new Product(props);
  }

  public readonly name: string;
  public readonly partOf: string;
  public readonly dnsZone: string;
  public readonly secretPrefix: string;
  public readonly logPrefix: string;
  public readonly databaseName: string;

  private constructor(props: ProductProps) {
    this.name = props.name;
    this.partOf = props.partOf ?? props.name;
    this.dnsZone = props.dnsZone ?? `${props.name}.internal`;
    this.secretPrefix = props.secretPrefix ?? props.name;
    this.logPrefix = props.logPrefix ?? props.name;
    this.databaseName = props.databaseName ?? props.name.replace(/-/g, '_');
  }

  /** The prefix of the AWS resource names of an environment's stack (`<name>-<environment>`). */
  public resourcePrefix(environment: string): string {
    return `${this.name}-${environment}`;
  }

  /** The private DNS zone of an environment's AWS endpoints. */
  public privateZone(environment: string): string {
    return `${environment}.${this.dnsZone}`;
  }

  /** A Secrets Manager name of the environment (`<prefix>/<environment>/<path>`). */
  public secretName(environment: string, path: string): string {
    return `${this.secretPrefix}/${environment}/${path}`;
  }

  /** An SSM parameter of the environment (`/<prefix>/<environment>/<path>`). */
  public parameterName(environment: string, path: string): string {
    return `/${this.secretPrefix}/${environment}/${path}`;
  }

  /** A CloudWatch log group (`/<prefix>/<path>`). */
  public logGroup(path: string): string {
    return `/${this.logPrefix}/${path}`;
  }

  /** The RDS master user (RDS manages its password). */
  public get masterUser(): string {
    return `${this.databaseName}_master`;
  }

  /** The application's database user. */
  public get appUser(): string {
    return `${this.databaseName}_app`;
  }

  /** The PostgreSQL role that creates and drops branch databases on a shared instance. */
  public get branchAdminUser(): string {
    return `${this.databaseName}_branch_admin`;
  }

  /** Every branch database and user name starts with this; the drop Job refuses any other name. */
  public get branchDatabasePrefix(): string {
    return `${this.databaseName}_br_`;
  }

  /** The Kubernetes ServiceAccount of database administration Jobs. */
  public get dbAdminServiceAccount(): string {
    return `${this.name}-db-admin`;
  }
}
