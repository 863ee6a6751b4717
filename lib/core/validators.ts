/**
 * The one set of input validators every construct, function and command
 * uses. Each returns the rule the value breaks, phrased as what must hold,
 * or `undefined` when the value is valid; callers add the property, the value
 * and the fix (see {@link Problem}).
 */
import { parseCidr } from './cidr';
import { dns1123LabelViolation } from './naming';

/** Namespaces Kubernetes and OpenShift own: no environment may be one of them. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The rule an environment (namespace) name breaks beyond DNS-1123: system namespaces are refused. */
export function systemNamespaceViolation(name: string): string | undefined {
  if (SYSTEM_NAMESPACES.includes(name) || /^(kube|openshift)-/.test(name) || name === 'openshift')
    return 'must not be a namespace Kubernetes or OpenShift owns (default, kube-*, openshift-*)';
  return undefined;
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The rule a DNS-1123 subdomain (Secret, ConfigMap and most object names) breaks. */
export function dns1123SubdomainViolation(value: unknown, maxLength = 253): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty name';
  if (value.length > maxLength) return `must be at most ${maxLength} characters (has ${value.length})`;
  if (!SUBDOMAIN.test(value))
    return 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
  return undefined;
}

/** The rule a DNS-1035 label (Service names) breaks: a DNS-1123 label that starts with a letter. */
export function dns1035LabelViolation(value: unknown, maxLength = 63): string | undefined {
  if (typeof value !== 'string') return 'must be a name';
  const rule = dns1123LabelViolation(value, maxLength);
  if (rule) return rule;
  return /^[a-z]/.test(value) ? undefined : 'must start with a letter (DNS-1035)';
}

/** The rule an IPv4 CIDR list breaks when, together, it opens more than `maxAddresses` (the internet by default). */
export function cidrBreadthViolation(cidrs: readonly string[], options: { minPrefix?: number } = {}): string | undefined {
  const minPrefix = options.minPrefix ?? 8;
  if (!Array.isArray(cidrs)) return 'must be a list of IPv4 CIDR blocks';
  let addresses = 0;
  for (const cidr of cidrs) {
    const range = parseCidr(cidr);
    if (range === undefined) return `must be IPv4 CIDR blocks ("${cidr}" is not)`;
    if (range.prefix < minPrefix) return `must not open a block wider than /${minPrefix} ("${cidr}")`;
    addresses += 2 ** (32 - range.prefix);
  }
  // Half the IPv4 space or more, however it is split, is as good as the internet.
  if (addresses >= 2 ** 31) return 'must not together cover the internet (they span half the IPv4 space or more)';
  return undefined;
}

/**
 * The fields of a KEDA `cron` trigger's schedule, as KEDA 2.20 parses them: robfig/cron v3.0.1 with
 * `NewParser(Minute | Hour | Dom | Month | Dow)` (KEDA's `pkg/scalers/cron_scaler.go`, `Validate`). Day of week
 * is 0-6 (Sunday is 0; 7 is refused), months and days of the week also by their three-letter English names in any
 * case (`JAN`, `mon`), and ranges do not wrap. Source: robfig/cron v3.0.1 `parser.go` (`getRange`,
 * `parseIntOrName`) and `spec.go` (the bounds).
 */
const CRON_FIELDS: readonly { readonly name: string; readonly min: number; readonly max: number; readonly names?: readonly string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** What each descriptor of robfig/cron means in five fields, for the fix of a refused descriptor. */
const CRON_DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * The rule a schedule of a KEDA `cron` trigger breaks: exactly the five fields KEDA's parser accepts (minute hour
 * day-of-month month day-of-week; numbers, names, `*` or `?`, ranges `a-b`, lists, steps `/n` of a range, a star or
 * a start). Refused like KEDA 2.20 refuses them: descriptors (`@daily`: KEDA's parser has no `Descriptor` option),
 * day of week 7, wrapping ranges. Refused although robfig/cron would take them: a `CRON_TZ=`/`TZ=` prefix (the
 * trigger's `timezone` is the one place for the zone), `*-5` (robfig ignores the `-5`), and empty list items.
 */
export function cronViolation(expr: unknown): string | undefined {
  if (typeof expr !== 'string' || expr.trim().length === 0) return 'must be a cron expression';
  const spec = expr.trim();
  if (/^(CRON_)?TZ=/.test(spec)) return 'must not name a time zone inside the expression (CRON_TZ=/TZ=): the timezone property sets it';
  if (spec.startsWith('@')) {
    const same = CRON_DESCRIPTORS[spec];
    return `must have 5 fields: KEDA's cron parser accepts no descriptors such as @daily${same ? ` (${spec} is "${same}")` : ''}`;
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return `must have 5 fields (minute hour day-of-month month day-of-week), has ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    const { name, min, max, names } = CRON_FIELDS[i];
    const value = (v: string): number | undefined =>
      /^\d+$/.test(v) ? Number(v) : names?.includes(v.toLowerCase()) ? names.indexOf(v.toLowerCase()) + min : undefined;
    for (const part of fields[i].split(',')) {
      const m = /^(?:[*?]|([A-Za-z]+|\d+)(?:-([A-Za-z]+|\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `must have a valid ${name} field ("${fields[i]}")`;
      const [, lo, hi, step] = m;
      const nums = [lo, hi].filter((x) => x !== undefined).map(value);
      if (nums.includes(undefined))
        return names
          ? `must name the ${name} by number or as ${names.join(', ')} ("${fields[i]}")`
          : `must have a valid ${name} field ("${fields[i]}")`;
      if (nums.some((n) => n! < min || n! > max)) return `must keep the ${name} within ${min}-${max} ("${fields[i]}")`;
      if (nums.length === 2 && nums[0]! > nums[1]!) return `must have ranges from low to high in the ${name} field ("${fields[i]}")`;
      if (step !== undefined && Number(step) === 0) return `must not step by 0 in the ${name} field`;
    }
  }
  return undefined;
}

/** The rule an IANA time zone name breaks (e.g. `Europe/Amsterdam`, `UTC`). */
export function timeZoneViolation(tz: unknown): string | undefined {
  if (typeof tz !== 'string' || !/^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/.test(tz))
    return 'must be an IANA time zone such as "Europe/Amsterdam" or "UTC"';
  // The first formatter of a process costs about 25 ms of CPU (it loads the locale and zone data); the list of the
  // runtime's canonical zones about 3 ms. Every zone on that list is one a formatter accepts, so a zone found there
  // needs no formatter, nor does UTC, which ECMA-402 requires every runtime to support; any other (an alias such as
  // US/Eastern, or a zone renamed since, such as Europe/Kyiv) is tried with one. Once per zone and process.
  let known = KNOWN_TIME_ZONES.get(tz);
  if (known === undefined) {
    CANONICAL_TIME_ZONES ??= new Set(Intl.supportedValuesOf('timeZone'));
    known = tz === 'UTC' || CANONICAL_TIME_ZONES.has(tz) || formatterAccepts(tz);
    KNOWN_TIME_ZONES.set(tz, known);
  }
  return known ? undefined : 'must be an IANA time zone known to the time zone database';
}
const KNOWN_TIME_ZONES = new Map<string, boolean>();
let CANONICAL_TIME_ZONES: Set<string> | undefined;
function formatterAccepts(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The rule an AWS region name breaks. */
export function awsRegionViolation(region: unknown): string | undefined {
  return typeof region === 'string' && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(region)
    ? undefined
    : 'must be an AWS region such as "eu-west-1"';
}

/** The rule an AWS account id breaks. */
export function awsAccountIdViolation(id: unknown): string | undefined {
  return typeof id === 'string' && /^\d{12}$/.test(id) ? undefined : 'must be a 12-digit AWS account id';
}

/** The rule an ARN breaks, optionally of one service and resource type (e.g. `iam`, `role`). */
export function arnViolation(arn: unknown, expect: { service?: string; resourceType?: string } = {}): string | undefined {
  const m = typeof arn === 'string' ? /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(arn) : null;
  if (!m) return 'must be an ARN (arn:aws:<service>:<region>:<account>:<resource>)';
  if (expect.service !== undefined && m[2] !== expect.service) return `must be an ARN of ${expect.service} (this one is of ${m[2]})`;
  if (expect.resourceType !== undefined && !m[5].startsWith(`${expect.resourceType}/`))
    return `must be the ARN of an ${expect.service ?? ''} ${expect.resourceType}`.replace('  ', ' ');
  return undefined;
}

/** The rule an IAM role name breaks. */
export function iamRoleNameViolation(name: unknown): string | undefined {
  return typeof name === 'string' && /^[\w+=,.@-]{1,64}$/.test(name)
    ? undefined
    : 'must be an IAM role name: at most 64 letters, digits and +=,.@_-';
}

/** The rule a git commit id breaks: 7 to 40 hex digits, nothing else. */
export function commitIdViolation(commit: unknown): string | undefined {
  return typeof commit === 'string' && /^[0-9a-fA-F]{7,40}$/.test(commit)
    ? undefined
    : 'must be a git commit id (7 to 40 hex digits, no suffix)';
}

/** The rule an absolute container path breaks. */
export function containerPathViolation(path: unknown): string | undefined {
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._/-]*$/.test(path) || path.split('/').includes('..'))
    return 'must be an absolute path of letters, digits, ".", "_", "-" and "/", without ".."';
  return undefined;
}

/** The rule a queue name breaks for a broker product; URLs are refused (the broker builds them). */
export function queueNameViolation(product: 'ibmmq' | 'sqs' | 'rabbitmq' | 'artemis', name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'is required';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) return 'must be a queue name, not a URL (the broker builds the URL)';
  const rules = {
    ibmmq: [/^[A-Za-z0-9._/%]{1,48}$/, 'at most 48 letters, digits and ._/% (IBM MQ)'],
    sqs: [/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/, 'at most 80 letters, digits, "_" and "-", optionally ending in .fifo (SQS)'],
    rabbitmq: [/^[A-Za-z0-9._:-]{1,255}$/, 'at most 255 letters, digits and ._:- (RabbitMQ)'],
    artemis: [/^[A-Za-z0-9._:-]{1,255}$/, 'at most 255 letters, digits and ._:- (Artemis)'],
  } as const;
  const [pattern, what] = rules[product];
  return pattern.test(name) ? undefined : `must be a queue name of ${what}`;
}

const CREDENTIAL_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|_PASS$|^PASS$|_PASS_|PWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY)/i;

/** Whether a variable or property name says it holds a credential. */
export function looksLikeCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name.replace(/[.-]/g, '_'));
}

const CREDENTIAL_VALUES: readonly [RegExp, string][] = [
  [/^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:[^/@\s]+@/i, 'a URL with a user and password'],
  // JDBC: a password property in the URL (PostgreSQL, MySQL `?password=`, SQL Server and Db2 `;password=`),
  // a user and password before the host, or Oracle's thin `user/password@`.
  [/^jdbc:\S*[?&;:]password=[^&;\s]+/i, 'a JDBC URL with a password'],
  [/^jdbc:[a-z0-9]+:\/\/[^/@\s:]+:[^/@\s]+@/i, 'a JDBC URL with a password'],
  [/^jdbc:oracle:[a-z]+:[^/@\s:]+\/[^@\s]+@/i, 'a JDBC URL with a password'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, 'a signed token (JWT)'],
  [/\b(ghp|gho|github_pat|glpat|xox[bap])[-_][A-Za-z0-9_]{10,}/, 'an access token'],
];

/** What credential a value looks like it carries, or `undefined`. */
export function credentialInValue(value: string): string | undefined {
  return CREDENTIAL_VALUES.find(([pattern]) => pattern.test(value))?.[1];
}

/**
 * The rule an http(s) URL a Job or init container polls breaks. It is passed
 * to curl as an argument, so anything but an http(s) URL (an option such as
 * `--config=...`, another scheme, whitespace) is refused.
 */
export function httpUrlViolation(url: unknown): string | undefined {
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/?#]+([/?#]\S*)?$/.test(url)) return 'must be an http:// or https:// URL without spaces';
  try {
    new URL(url);
    return undefined;
  } catch {
    return 'must be an http:// or https:// URL without spaces';
  }
}

/** The rule a ConfigMap or Secret key breaks: letters, digits, "-", "_" and ".", at most 253, not "." or "..". */
export function configMapKeyViolation(key: unknown): string | undefined {
  if (typeof key !== 'string' || !/^[-._a-zA-Z0-9]{1,253}$/.test(key) || key === '.' || key === '..')
    return 'must be a ConfigMap key: 1 to 253 letters, digits, "-", "_" and ".", not "." or ".."';
  return undefined;
}

/**
 * The rule an OMS API name breaks. IBM names its APIs like Java methods
 * (`getOrderList`, `createOrder`), and the name becomes a segment of the
 * REST path `/smcfs/restapi/invoke/<api>`, so nothing else may be in it.
 */
export function omsApiNameViolation(api: unknown): string | undefined {
  return typeof api === 'string' && /^[A-Za-z][A-Za-z0-9_]*$/.test(api)
    ? undefined
    : 'must be an OMS API name (a letter, then letters, digits or "_")';
}
