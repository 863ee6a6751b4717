import fc from 'fast-check';
import {
  arnViolation,
  awsAccountIdViolation,
  awsRegionViolation,
  cidrBreadthViolation,
  commitIdViolation,
  containerPathViolation,
  credentialInValue,
  cronViolation,
  dns1035LabelViolation,
  dns1123LabelViolation,
  dns1123SubdomainViolation,
  looksLikeCredentialName,
  portViolation,
  queueNameViolation,
  systemNamespaceViolation,
  timeZoneViolation,
  unpinnedImageViolation,
} from '../../lib/core';

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''));
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
/** Valid DNS-1123 labels: alphanumeric ends, "-" inside, 1 to 63 characters. */
const label = fc
  .tuple(alnum, fc.array(fc.oneof(alnum, fc.constant('-')), { maxLength: 61 }), alnum)
  .map(([a, mid, b]) => `${a}${mid.join('')}${b}`);

describe('names (property-based)', () => {
  test('every generated DNS-1123 label is accepted, as a label and as a subdomain', () => {
    fc.assert(fc.property(label, (l) => dns1123LabelViolation(l) === undefined && dns1123SubdomainViolation(l) === undefined));
  });

  test('an upper-case letter, a leading or trailing "-", or more than 63 characters is refused', () => {
    fc.assert(
      fc.property(label, fc.constantFrom('A', 'Z'), (l, upper) => {
        return (
          dns1123LabelViolation(`${l}${upper}`) !== undefined &&
          dns1123LabelViolation(`-${l}`) !== undefined &&
          dns1123LabelViolation(`${l}-`) !== undefined &&
          dns1123LabelViolation(`${l}${'a'.repeat(64)}`) !== undefined
        );
      }),
    );
  });

  test('DNS-1035 labels must also start with a letter', () => {
    fc.assert(fc.property(label, lower, (l, first) => dns1035LabelViolation(`${first}${l}`.slice(0, 63)) === undefined));
    expect(dns1035LabelViolation('9lives')).toBe('must start with a letter (DNS-1035)');
  });

  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'openshift-ingress', 'openshift'])(
    '%s is a system namespace',
    (ns) => {
      expect(systemNamespaceViolation(ns)).toBe('must not be a namespace Kubernetes or OpenShift owns (default, kube-*, openshift-*)');
    },
  );
  test.each(['uat-eks', 'kubeflow-team', 'default-branch'])('%s is not', (ns) => expect(systemNamespaceViolation(ns)).toBeUndefined());
});

describe('images (property-based)', () => {
  const component = fc.tuple(alnum, fc.array(alnum, { maxLength: 8 })).map(([a, r]) => a + r.join(''));
  const tag = fc.tuple(alnum, fc.array(fc.oneof(alnum, fc.constantFrom('.', '-', '_')), { maxLength: 20 })).map(([a, r]) => a + r.join(''));
  const image = fc
    .tuple(fc.constantFrom('registry.example.com/', 'localhost:5000/', ''), fc.array(component, { minLength: 1, maxLength: 3 }), tag)
    .filter(([, , t]) => t !== 'latest')
    .map(([reg, path, t]) => `${reg}${path.join('/')}:${t}`);

  test('pinned references are accepted', () => {
    fc.assert(fc.property(image, (ref) => unpinnedImageViolation(ref) === undefined));
  });

  test('whitespace anywhere, an upper-case path, a URL scheme or the latest tag is refused', () => {
    fc.assert(
      fc.property(image, fc.nat(40), fc.constantFrom(' ', '\t', '\n'), (ref, at, ws) => {
        const i = at % (ref.length + 1);
        return (
          unpinnedImageViolation(`${ref.slice(0, i)}${ws}${ref.slice(i)}`) !== undefined &&
          unpinnedImageViolation(`https://${ref}`) !== undefined &&
          unpinnedImageViolation(ref.replace(/:[^:]*$/, ':latest')) !== undefined
        );
      }),
    );
    expect(unpinnedImageViolation('registry.example.com/Oms/app:1')).toMatch(/lower-case repository path/);
  });
});

describe('ports, CIDRs and cron (property-based)', () => {
  test('ports: whole numbers from 1 to 65535 only', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), (p) => portViolation(p) === undefined));
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.double({ min: 1.01, max: 2.99, noInteger: true })),
        (p) => portViolation(p) !== undefined,
      ),
    );
  });

  test('one block of /8 or narrower is fine; blocks that together span half the internet are not', () => {
    const block = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 8, max: 32 })).map(([a, p]) => `${a}.0.0.0/${p}`);
    fc.assert(fc.property(block, (b) => cidrBreadthViolation([b]) === undefined));
    fc.assert(
      fc.property(fc.integer({ min: 128, max: 256 }), (n) => {
        const blocks = Array.from({ length: n }, (_, i) => `${i % 224}.0.0.0/8`);
        return cidrBreadthViolation(blocks) === 'must not together cover the internet (they span half the IPv4 space or more)';
      }),
    );
    expect(cidrBreadthViolation(['0.0.0.0/1', '128.0.0.0/1'])).toBe('must not open a block wider than /8 ("0.0.0.0/1")');
  });

  test('cron: any in-range value, name, range, list or step is accepted, as KEDA parses it; out-of-range values are refused', () => {
    // KEDA's parser (robfig/cron v3.0.1): day of week 0-6, months and days also by name in any case.
    const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
    const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
    const anyCase = (s: string) => fc.constantFrom(s, s.toUpperCase(), s[0].toUpperCase() + s.slice(1));
    const field = (min: number, max: number, names: string[] = []) => {
      const one = fc.oneof(fc.integer({ min, max }).map(String), ...(names.length > 0 ? [fc.constantFrom(...names).chain(anyCase)] : []));
      const index = (v: string) => (/^\d+$/.test(v) ? Number(v) : names.indexOf(v.toLowerCase()) + min);
      const item = fc.oneof(
        fc.constantFrom('*', '?'),
        one,
        fc.tuple(one, one).map(([a, b]) => (index(a) <= index(b) ? `${a}-${b}` : `${b}-${a}`)),
        fc.tuple(fc.constantFrom('*', String(min)), fc.integer({ min: 1, max: 10 })).map(([a, s]) => `${a}/${s}`),
      );
      return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
    };
    const cron = fc.tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12, MONTHS), field(0, 6, DAYS)).map((f) => f.join(' '));
    fc.assert(fc.property(cron, (c) => cronViolation(c) === undefined));
    expect(cronViolation('60 * * * *')).toBe('must keep the minute within 0-59 ("60")');
    expect(cronViolation('0 6 * *')).toBe('must have 5 fields (minute hour day-of-month month day-of-week), has 4');
    expect(cronViolation('0 22-6 * * *')).toBe('must have ranges from low to high in the hour field ("22-6")');
  });

  // What KEDA 2.20's cron scaler accepts and refuses (robfig/cron v3.0.1, NewParser(Minute | Hour | Dom | Month | Dow)).
  test.each([
    ['0 6 * * MON-FRI', undefined],
    ['0 6 * * mon,wed,Fri', undefined],
    ['0 6 1 JAN-jun ?', undefined],
    ['30 5/6 * * 1-5', undefined],
    ['0 6 * * 0', undefined],
    ['0 6 * * 6', undefined],
    ['0 6 * * 7', 'must keep the day of week within 0-6 ("7")'],
    ['0 6 * * 5-7', 'must keep the day of week within 0-6 ("5-7")'],
    ['0 6 * * FRI-MON', 'must have ranges from low to high in the day of week field ("FRI-MON")'],
    ['0 6 * * MONDAY', 'must name the day of week by number or as sun, mon, tue, wed, thu, fri, sat ("MONDAY")'],
    ['0 6 * MAI *', 'must name the month by number or as jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec ("MAI")'],
    ['0 six * * *', 'must have a valid hour field ("six")'],
    ['@daily', 'must have 5 fields: KEDA\'s cron parser accepts no descriptors such as @daily (@daily is "0 0 * * *")'],
    ['@weekly', 'must have 5 fields: KEDA\'s cron parser accepts no descriptors such as @daily (@weekly is "0 0 * * 0")'],
    ['@every 1h', "must have 5 fields: KEDA's cron parser accepts no descriptors such as @daily"],
    ['CRON_TZ=Europe/Amsterdam 0 6 * * *', 'must not name a time zone inside the expression (CRON_TZ=/TZ=): the timezone property sets it'],
    ['TZ=UTC 0 6 * * *', 'must not name a time zone inside the expression (CRON_TZ=/TZ=): the timezone property sets it'],
    ['0 0 6 * * *', 'must have 5 fields (minute hour day-of-month month day-of-week), has 6'],
    ['*-5 * * * *', 'must have a valid minute field ("*-5")'],
    ['1,,2 * * * *', 'must have a valid minute field ("1,,2")'],
    ['*/0 * * * *', 'must not step by 0 in the minute field'],
    ['', 'must be a cron expression'],
  ])('KEDA cron %j', (expr, rule) => expect(cronViolation(expr)).toBe(rule));
});

describe('credentials (property-based)', () => {
  const word = fc.constantFrom('LOG', 'LEVEL', 'HOST', 'PORT', 'REGION', 'MODE', 'NAME', 'URL', 'TIMEOUT', 'SIZE', 'PATH', 'FLAG');
  test('names made of ordinary words are not credentials', () => {
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (ws) => !looksLikeCredentialName(ws.join('_'))));
  });
  test('any name with a credential word is', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 2 }),
        fc.constantFrom('PASSWORD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'API_KEY', 'ACCESS_KEY', 'CREDENTIALS'),
        (ws, c) => looksLikeCredentialName([...ws, c].join('_')),
      ),
    );
    expect(looksLikeCredentialName('DB_PASS')).toBe(true);
    expect(looksLikeCredentialName('PASSIVE_MODE')).toBe(false);
  });
  test('a URL carrying a user and password is a credential, whatever the user and password', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/);
    fc.assert(
      fc.property(
        part,
        part,
        (u, p) => credentialInValue(`postgres://${u}:${p}@db.internal:5432/oms`) === 'a URL with a user and password',
      ),
    );
    expect(credentialInValue('https://db.internal:5432/oms')).toBeUndefined();
    expect(credentialInValue('AKIAABCDEFGHIJKLMNOP')).toBe('an AWS access key id');
  });
});

describe('the rest, as tables', () => {
  test.each([
    ['Europe/Amsterdam', undefined],
    ['UTC', undefined],
    ['America/Argentina/Buenos_Aires', undefined],
    // Not on the runtime's list of canonical zones, known to its formatter: an alias and a renamed zone.
    ['US/Eastern', undefined],
    ['Europe/Kyiv', undefined],
    ['Mars/Olympus', 'must be an IANA time zone known to the time zone database'],
    ['CET+1', 'must be an IANA time zone such as "Europe/Amsterdam" or "UTC"'],
  ])('time zone %s', (tz, rule) => expect(timeZoneViolation(tz)).toBe(rule));

  test.each([
    [awsRegionViolation('eu-west-1'), undefined],
    [awsRegionViolation('us-gov-west-1'), undefined],
    [awsRegionViolation('Europe'), 'must be an AWS region such as "eu-west-1"'],
    [awsAccountIdViolation('111122223333'), undefined],
    [awsAccountIdViolation('1111-2222-3333'), 'must be a 12-digit AWS account id'],
    [arnViolation('arn:aws:iam::111122223333:role/ci', { service: 'iam', resourceType: 'role' }), undefined],
    [arnViolation('arn:aws:sts::111122223333:assumed-role/ci/s', { service: 'iam' }), 'must be an ARN of iam (this one is of sts)'],
    [arnViolation('role/ci'), 'must be an ARN (arn:aws:<service>:<region>:<account>:<resource>)'],
    [commitIdViolation('4f2a9c1'), undefined],
    [commitIdViolation('4f2a9c1-dirty'), 'must be a git commit id (7 to 40 hex digits, no suffix)'],
    [containerPathViolation('/opt/app/conf'), undefined],
    [containerPathViolation('/opt/../etc'), 'must be an absolute path of letters, digits, ".", "_", "-" and "/", without ".."'],
    [queueNameViolation('sqs', 'https://sqs.eu-west-1.amazonaws.com/1/q'), 'must be a queue name, not a URL (the broker builds the URL)'],
    [queueNameViolation('sqs', 'orders.fifo'), undefined],
    [queueNameViolation('ibmmq', 'OMS.SCHEDULE.ORDER'), undefined],
    [queueNameViolation('ibmmq', 'OMS SCHEDULE'), 'must be a queue name of at most 48 letters, digits and ._/% (IBM MQ)'],
  ])('%#: %j', (actual, expected) => expect(actual).toBe(expected));
});
