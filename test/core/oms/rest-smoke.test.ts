import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OMS_REST_SMOKE_SCRIPT, OmsRestTarget, omsRestSmokeArgs } from '../../../lib/core';

// Runs the smoke script in a real POSIX shell against a stand-in curl that records its arguments and
// answers like OMS: the login returns a UserToken, every call answers `status` (200 unless told).
const STUB_CURL = [
  '#!/bin/sh',
  'out=; prev=',
  'for a in "$@"; do printf \'%s\\n\' "$a" >> "$CALL_LOG"; if [ "$prev" = -o ]; then out="$a"; fi; prev="$a"; done',
  'echo "--" >> "$CALL_LOG"',
  'case "$*" in *invoke/login*) printf \'%s\' "$LOGIN_REPLY" > "$out";; *) : > "$out";; esac',
  'printf \'%s\' "$STATUS"',
].join('\n');

function run(
  auth: 'standard' | 'basic',
  env: Record<string, string>,
  loginReply = '{"UserToken":"tok-123","UserName":"smoke"}',
  target: OmsRestTarget = { baseUrl: 'https://oms.example.com' },
  status = '200',
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-smoke-'));
  const log = path.join(dir, 'calls');
  const curl = path.join(dir, 'curl');
  fs.writeFileSync(curl, STUB_CURL);
  fs.chmodSync(curl, 0o755);
  const args = omsRestSmokeArgs({ ...target, auth, apis: ['getOrderList', 'getATP'] });
  const calls = () =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .split('--\n')
          .filter(Boolean)
          .map((c) => c.trim().split('\n'))
      : [];
  try {
    const out = execFileSync('/bin/sh', ['-c', OMS_REST_SMOKE_SCRIPT, 'smoke', ...args], {
      env: { PATH: `${dir}:/usr/bin:/bin`, LOGIN_REPLY: loginReply, CALL_LOG: log, STATUS: status, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, out, calls: calls() };
  } catch (e) {
    return { ok: false, out: (e as { stderr: string }).stderr, calls: calls() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The options every call passes before its own: no -f, the status is checked by the script. */
const COMMON = ['-sS', '-o', expect.any(String), '-w', '%{http_code}', '-X', 'POST', '-H', 'Content-Type: application/json'];

describe('the OMS REST smoke script', () => {
  test('STANDARD: logs in with LoginID and Password, then passes _loginid and _token on every call', () => {
    const r = run('standard', { OMS_USER: 'smoke', OMS_PASSWORD: 'p"w\\d' });
    expect(r.ok).toBe(true);
    expect(r.out).toBe('ok getOrderList\nok getATP\n');
    const [login, first, second] = r.calls;
    expect(login).toContain('https://oms.example.com/smcfs/restapi/invoke/login');
    // The password's quote and backslash are escaped inside the JSON body.
    expect(login).toContain('{"LoginID":"smoke","Password":"p\\"w\\\\d"}');
    expect(first).toEqual(
      expect.arrayContaining([
        '--url-query',
        '_loginid=smoke',
        '_token=tok-123',
        'https://oms.example.com/smcfs/restapi/invoke/getOrderList',
      ]),
    );
    expect(second).toContain('https://oms.example.com/smcfs/restapi/invoke/getATP');
    for (const call of r.calls) expect(call.slice(0, COMMON.length)).toEqual(COMMON);
  });

  test('STANDARD: a login without a UserToken fails before any API is called', () => {
    const r = run('standard', { OMS_USER: 'smoke', OMS_PASSWORD: 'pw' }, '{"errors":[]}');
    expect(r.ok).toBe(false);
    expect(r.out).toContain('login answered without a UserToken');
    expect(r.calls).toHaveLength(1);
  });

  test('BASIC: no login call, credentials as basic authentication', () => {
    const r = run('basic', { OMS_USER: 'smoke', OMS_PASSWORD: 'pw' });
    expect(r.ok).toBe(true);
    expect(r.calls).toHaveLength(2);
    expect(r.calls[0]).toEqual(expect.arrayContaining(['-u', 'smoke:pw']));
  });

  test('an API name is an argument: a hostile one cannot run a command', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-smoke-'));
    const marker = path.join(dir, 'pwned');
    const curl = path.join(dir, 'curl');
    fs.writeFileSync(curl, '#!/bin/sh\nprintf 200\n');
    fs.chmodSync(curl, 0o755);
    execFileSync('/bin/sh', ['-c', OMS_REST_SMOKE_SCRIPT, 'smoke', 'https://oms.example.com', '', 'basic', `x; touch ${marker}`], {
      env: { PATH: `${dir}:/usr/bin:/bin`, OMS_USER: 'u', OMS_PASSWORD: 'p' },
    });
    expect(fs.existsSync(marker)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // The host stays in the URL (TLS name check and Host header); only the connection goes elsewhere.
  test.each<[string, OmsRestTarget, string[]]>([
    ['by the host name alone', { baseUrl: 'https://oms.example.com' }, []],
    [
      'to an in-cluster address',
      { baseUrl: 'https://oms.example.com', connectTo: 'oms.example.com:443:router-internal-default.openshift-ingress.svc:443' },
      ['--connect-to', 'oms.example.com:443:router-internal-default.openshift-ingress.svc:443'],
    ],
    [
      'over plain HTTP to an in-cluster address',
      { baseUrl: 'http://oms.example.com', connectTo: 'oms.example.com:80:gw-istio.tst.svc:80' },
      ['--connect-to', 'oms.example.com:80:gw-istio.tst.svc:80'],
    ],
  ])('every call connects %s', (_name, target, options) => {
    const r = run('standard', { OMS_USER: 'smoke', OMS_PASSWORD: 'pw' }, undefined, target);
    expect(r.ok).toBe(true);
    expect(r.calls).toHaveLength(3);
    for (const call of r.calls) {
      expect(call.slice(0, options.length + COMMON.length)).toEqual([...options, ...COMMON]);
      expect(call.filter((a) => /^Host:/i.test(a))).toEqual([]);
      expect(call[call.length - 1].startsWith(`${target.baseUrl}/smcfs/restapi/invoke/`)).toBe(true);
    }
  });

  test.each([
    ['a redirect (plain HTTP to an HTTPS-only entry point)', 'basic' as const, '302', 'getOrderList answered HTTP 302', 1],
    ['a server error on login', 'standard' as const, '500', 'login answered HTTP 500', 1],
    ['a refusal', 'basic' as const, '403', 'getOrderList answered HTTP 403', 1],
  ])('%s fails the test at once', (_name, auth, status, message, calls) => {
    const r = run(auth, { OMS_USER: 'smoke', OMS_PASSWORD: 'pw' }, undefined, undefined, status);
    expect(r.ok).toBe(false);
    expect(r.out).toBe(`${message}\n`);
    expect(r.calls).toHaveLength(calls);
  });
});
