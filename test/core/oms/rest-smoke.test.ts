import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OMS_REST_SMOKE_SCRIPT, omsRestSmokeArgs } from '../../../lib/core';

// Runs the smoke script in a real POSIX shell against a stand-in curl that records its arguments and
// answers like OMS: the login returns a UserToken, every other call answers 2xx.
function run(auth: 'standard' | 'basic', env: Record<string, string>, loginReply = '{"UserToken":"tok-123","UserName":"smoke"}') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-smoke-'));
  const log = path.join(dir, 'calls');
  const curl = path.join(dir, 'curl');
  fs.writeFileSync(
    curl,
    [
      '#!/bin/sh',
      `for a in "$@"; do printf '%s\\n' "$a"; done >> "${log}"`,
      `echo "--" >> "${log}"`,
      'case "$*" in *invoke/login*) printf \'%s\' "$LOGIN_REPLY";; esac',
      'exit 0',
    ].join('\n'),
  );
  fs.chmodSync(curl, 0o755);
  const args = omsRestSmokeArgs({ baseUrl: 'http://gw', host: 'oms.example.com', auth, apis: ['getOrderList', 'getATP'] });
  try {
    const out = execFileSync('/bin/sh', ['-c', OMS_REST_SMOKE_SCRIPT, 'smoke', ...args], {
      env: { PATH: `${dir}:/usr/bin:/bin`, LOGIN_REPLY: loginReply, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return {
      ok: true,
      out,
      calls: fs
        .readFileSync(log, 'utf8')
        .split('--\n')
        .filter(Boolean)
        .map((c) => c.trim().split('\n')),
    };
  } catch (e) {
    const err = e as { stderr: string };
    return {
      ok: false,
      out: err.stderr,
      calls: fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .split('--\n')
            .filter(Boolean)
            .map((c) => c.trim().split('\n'))
        : [],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the OMS REST smoke script', () => {
  test('STANDARD: logs in with LoginID and Password, then passes _loginid and _token on every call', () => {
    const r = run('standard', { OMS_USER: 'smoke', OMS_PASSWORD: 'p"w\\d' });
    expect(r.ok).toBe(true);
    expect(r.out).toBe('ok getOrderList\nok getATP\n');
    const [login, first, second] = r.calls;
    expect(login).toContain('http://gw/smcfs/restapi/invoke/login');
    // The password's quote and backslash are escaped inside the JSON body.
    expect(login).toContain('{"LoginID":"smoke","Password":"p\\"w\\\\d"}');
    expect(login).toContain('Host: oms.example.com');
    expect(first).toEqual(
      expect.arrayContaining(['--url-query', '_loginid=smoke', '_token=tok-123', 'http://gw/smcfs/restapi/invoke/getOrderList']),
    );
    expect(second).toContain('http://gw/smcfs/restapi/invoke/getATP');
    expect(first).toContain('-fsS');
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
    fs.writeFileSync(curl, '#!/bin/sh\nexit 0\n');
    fs.chmodSync(curl, 0o755);
    execFileSync('/bin/sh', ['-c', OMS_REST_SMOKE_SCRIPT, 'smoke', 'http://gw', 'h', 'basic', `x; touch ${marker}`], {
      env: { PATH: `${dir}:/usr/bin:/bin`, OMS_USER: 'u', OMS_PASSWORD: 'p' },
    });
    expect(fs.existsSync(marker)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
