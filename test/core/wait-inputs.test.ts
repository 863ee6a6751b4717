import fc from 'fast-check';
import { cidrBreadthViolation, configMapKeyViolation, dns1123LabelViolation, httpUrlViolation, isIpv4Cidr } from '../../lib/core';

describe('httpUrlViolation: what an init container passes to curl', () => {
  test('http(s) URLs of any host and path are accepted (property-based)', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['http', 'https'] }), (url) => httpUrlViolation(url) === undefined));
  });

  test.each(['--config=/etc/passwd', '-K/x', 'ftp://files.internal/x', 'http://oms api/', 'oms-api:9080/smcfs', '', 42])(
    '%p is refused',
    (url) => expect(httpUrlViolation(url)).toBe('must be an http:// or https:// URL without spaces'),
  );
});

describe('configMapKeyViolation', () => {
  test.each(['setup-10.0.1.done', 'oms_setup', 'a'.repeat(253)])('%s is a key', (key) =>
    expect(configMapKeyViolation(key)).toBeUndefined(),
  );
  test.each(['../etc', 'a/b', '.', '..', '', 'a'.repeat(254), 'with space'])('%p is refused', (key) =>
    expect(configMapKeyViolation(key)).toBe('must be a ConfigMap key: 1 to 253 letters, digits, "-", "_" and ".", not "." or ".."'),
  );
});

describe('shared validators take values of any type', () => {
  test.each([null, 42, {}])('dns1123LabelViolation(%p)', (v) => expect(dns1123LabelViolation(v as any)).toBe('must be a name (a string)'));
  test.each([null, '10.0.0.0/8', {}])('cidrBreadthViolation(%p)', (v) =>
    expect(cidrBreadthViolation(v as any)).toBe('must be a list of IPv4 CIDR blocks'),
  );
  test.each([null, 42, {}])('isIpv4Cidr(%p)', (v) => expect(isIpv4Cidr(v as any)).toBe(false));
});
