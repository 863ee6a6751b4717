import { execFile, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

// .github/kube-context.sh run by the real bash and kubectl; only the cloud CLI (aws) is a stand-in.
const SCRIPT = path.join(__dirname, '..', '..', '.github', 'kube-context.sh');
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const tools = ['kubectl', 'openssl', 'shellcheck'].filter((t) => !has(t));
if (tools.length > 0) console.warn(`kube-context tests skipped: ${tools.join(', ')} not installed (install them to run these tests)`);
const maybe = tools.length > 0 ? describe.skip : describe;
// kubectl here starts slowly (about a second a call) and each run makes several calls.
jest.setTimeout(60_000);
const TOKEN = 'sha256~not-a-real-token-0123456789';

/** A HOME with a bin/ of logging wrappers: every kubectl and aws call's arguments go to calls.log. */
function runner() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-kube-context-'));
  const bin = path.join(home, 'bin');
  fs.mkdirSync(bin);
  const realKubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(
    path.join(bin, 'kubectl'),
    `#!/usr/bin/env bash\nprintf '%s\\n' "kubectl $*" >>"$HOME/calls.log"\nexec ${realKubectl} "$@"\n`,
    { mode: 0o755 },
  );
  // The stand-in for aws eks update-kubeconfig writes the entries the real one writes (cluster, exec user, context).
  fs.writeFileSync(
    path.join(bin, 'aws'),
    [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      'printf \'%s\\n\' "aws $*" >>"$HOME/calls.log"',
      'while [ $# -gt 0 ]; do case "$1" in --name) name=$2; shift;; --alias) alias=$2; shift;; --user-alias) user=$2; shift;; esac; shift; done',
      'kubectl config set-cluster "$alias" --server "https://$name.eks.example.com" >/dev/null',
      'kubectl config set-credentials "$user" --exec-api-version client.authentication.k8s.io/v1beta1 --exec-command aws --exec-arg eks,get-token,--cluster-name,"$name" >/dev/null',
      'kubectl config set-context "$alias" --cluster "$alias" --user "$user" >/dev/null',
      'echo "Updated context $alias"',
    ].join('\n'),
    { mode: 0o755 },
  );
  const env = (vars: Record<string, string>) => ({ PATH: `${bin}:${process.env.PATH}`, HOME: home, ...vars });
  const run = (args: string[], vars: Record<string, string>) => spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env: env(vars) });
  const calls = () => (fs.existsSync(path.join(home, 'calls.log')) ? fs.readFileSync(path.join(home, 'calls.log'), 'utf8') : '');
  return { home, run, env, calls, kubeDir: path.join(home, '.kube') };
}

maybe('.github/kube-context.sh', () => {
  test('shellcheck finds nothing', () => {
    const r = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([0, '']);
  });

  test('EKS: a second run in the same HOME succeeds and leaves one context, named after the environment', () => {
    const r = runner();
    const vars = { KUBE_LOGIN: 'eks', EKS_CLUSTER: 'dev-eks' };
    for (let i = 0; i < 2; i++) expect(r.run(['uat-eks'], vars)).toMatchObject({ status: 0, stdout: 'kube context uat-eks is ready\n' });
    const contexts = spawnSync('kubectl', ['config', 'get-contexts', '-o', 'name'], { encoding: 'utf8', env: r.env({}) });
    expect(contexts.stdout).toBe('uat-eks\n');
    expect(r.calls()).toContain('aws eks update-kubeconfig --name dev-eks --alias uat-eks --user-alias uat-eks\n');
  });

  test('OpenShift: idempotent, the token in a 0600 file and on no command line, and kubectl sends it to the API server', async () => {
    const r = runner();
    // A stand-in API server (TLS with its own CA) that records the Authorization header it receives.
    const key = path.join(r.home, 'server.key');
    const crt = path.join(r.home, 'server.crt');
    const ssl = spawnSync('openssl', [
      'req',
      '-x509',
      // An EC key: the stand-in's TLS works the same, and an RSA key took 0.2-0.4 s of CPU to generate.
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ]);
    expect(ssl.status).toBe(0);
    const seen = path.join(r.home, 'seen');
    const server = spawn(
      process.execPath,
      [
        '-e',
        `const https = require('https'); const fs = require('fs');
         const s = https.createServer({ key: fs.readFileSync(${JSON.stringify(key)}), cert: fs.readFileSync(${JSON.stringify(crt)}) }, (req, res) => {
           fs.appendFileSync(${JSON.stringify(seen)}, (req.headers.authorization || 'none') + '\\n');
           res.writeHead(200, { 'content-type': 'application/json' });
           res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [] }));
         });
         s.listen(0, 'localhost', () => console.log(s.address().port));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d) => resolve(String(d).trim())));
      const vars = {
        KUBE_LOGIN: 'openshift',
        OPENSHIFT_SERVER: `https://localhost:${port}`,
        OPENSHIFT_TOKEN: TOKEN,
        OPENSHIFT_CA_FILE: crt,
      };
      for (let i = 0; i < 2; i++)
        expect(r.run(['uat-openshift'], vars)).toMatchObject({ status: 0, stdout: 'kube context uat-openshift is ready\n' });
      expect(r.calls()).not.toContain(TOKEN);
      expect(fs.readFileSync(path.join(r.kubeDir, 'config'), 'utf8')).not.toContain(TOKEN);
      const tokenFile = path.join(r.kubeDir, 'oms-tokens', 'uat-openshift');
      expect([fs.readFileSync(tokenFile, 'utf8'), fs.statSync(tokenFile).mode & 0o777]).toEqual([TOKEN, 0o600]);
      expect(fs.statSync(path.join(r.kubeDir, 'config')).mode & 0o077).toBe(0);

      const get = await promisify(execFile)('kubectl', ['--context=uat-openshift', 'get', '--raw', '/api/v1/namespaces'], {
        env: r.env({}),
      });
      expect(JSON.parse(get.stdout).kind).toBe('NamespaceList');
      expect(fs.readFileSync(seen, 'utf8').trim().split('\n')).toContain(`Bearer ${TOKEN}`);
    } finally {
      server.kill();
    }
  });

  test('a token an older version wrote into the kubeconfig is removed; a new token replaces the old file', () => {
    const r = runner();
    const vars = { KUBE_LOGIN: 'openshift', OPENSHIFT_SERVER: 'https://api.x.example.com:6443' };
    spawnSync('kubectl', ['config', 'set-credentials', 'uat-openshift', '--token=old-token-in-config'], { env: r.env({}) });
    expect(r.run(['uat-openshift'], { ...vars, OPENSHIFT_TOKEN: 'first' }).status).toBe(0);
    expect(r.run(['uat-openshift'], { ...vars, OPENSHIFT_TOKEN: 'second' }).status).toBe(0);
    expect(fs.readFileSync(path.join(r.kubeDir, 'config'), 'utf8')).not.toContain('old-token-in-config');
    expect(fs.readFileSync(path.join(r.kubeDir, 'oms-tokens', 'uat-openshift'), 'utf8')).toBe('second');
  });

  const e = (message: string) => `kube-context.sh: ${message}\n`;
  test.each([
    [
      'an environment that is no DNS label',
      ['UAT_EKS'],
      { KUBE_LOGIN: 'eks', EKS_CLUSTER: 'dev' },
      e(
        'usage: kube-context.sh <environment> (received "UAT_EKS"): the environment must be a DNS-1123 label, e.g. uat-eks. Fix: pass the environment\'s name',
      ),
    ],
    [
      'no environment',
      [],
      { KUBE_LOGIN: 'eks', EKS_CLUSTER: 'dev' },
      e(
        'usage: kube-context.sh <environment> (received ""): the environment must be a DNS-1123 label, e.g. uat-eks. Fix: pass the environment\'s name',
      ),
    ],
    [
      'no EKS cluster',
      ['uat-eks'],
      { KUBE_LOGIN: 'eks' },
      e('EKS_CLUSTER must name an EKS cluster (letters, digits, - and _; received ""). Fix: set EKS_CLUSTER for the uat-eks environment'),
    ],
    [
      'an EKS cluster with a space',
      ['uat-eks'],
      { KUBE_LOGIN: 'eks', EKS_CLUSTER: 'dev eks' },
      e(
        'EKS_CLUSTER must name an EKS cluster (letters, digits, - and _; received "dev eks"). Fix: set EKS_CLUSTER for the uat-eks environment',
      ),
    ],
    [
      'a plain-HTTP OpenShift server',
      ['uat-openshift'],
      { KUBE_LOGIN: 'openshift', OPENSHIFT_SERVER: 'http://api.x:6443', OPENSHIFT_TOKEN: 't' },
      e(
        'OPENSHIFT_SERVER must be the API server\'s https URL, e.g. https://api.cluster.example.com:6443 (received "http://api.x:6443"). Fix: set OPENSHIFT_SERVER for the uat-openshift environment',
      ),
    ],
    [
      'an empty token',
      ['uat-openshift'],
      { KUBE_LOGIN: 'openshift', OPENSHIFT_SERVER: 'https://api.x:6443', OPENSHIFT_TOKEN: '' },
      e(
        'the OPENSHIFT_TOKEN secret must be a token without spaces or line breaks (it is empty or has some). Fix: set the OPENSHIFT_TOKEN secret for the uat-openshift environment',
      ),
    ],
    [
      'a token with a line break',
      ['uat-openshift'],
      { KUBE_LOGIN: 'openshift', OPENSHIFT_SERVER: 'https://api.x:6443', OPENSHIFT_TOKEN: 'a\nb' },
      e(
        'the OPENSHIFT_TOKEN secret must be a token without spaces or line breaks (it is empty or has some). Fix: set the OPENSHIFT_TOKEN secret for the uat-openshift environment',
      ),
    ],
    [
      'a missing CA file',
      ['uat-openshift'],
      { KUBE_LOGIN: 'openshift', OPENSHIFT_SERVER: 'https://api.x:6443', OPENSHIFT_TOKEN: 't', OPENSHIFT_CA_FILE: '/nonexistent/ca.crt' },
      e(
        'OPENSHIFT_CA_FILE names no readable file (received "/nonexistent/ca.crt"). Fix: point it at the API server\'s CA bundle, or unset it to use the system\'s',
      ),
    ],
    [
      'no login method',
      ['uat-eks'],
      { KUBE_LOGIN: 'token' },
      'KUBE_LOGIN must be eks or openshift for this environment (received "token")\n',
    ],
  ])('%s fails (exit 1) naming the variable and the fix, and writes nothing', (_name, args, vars, message) => {
    const r = runner();
    const out = r.run(args, vars);
    expect([out.status, out.stderr]).toEqual([1, message]);
    expect(fs.existsSync(r.kubeDir)).toBe(false);
    expect(r.calls()).toBe('');
  });
});
