import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libertyKeyStoreSteps } from '../../../lib/core/oms/start-scripts';
import { GatewayImplementation } from '../../../lib/k8s/platform/gateway-implementation';
import { BlueGreenPair } from '../../../lib/k8s/release/blue-green-pair';
import { OmsApiGateway } from '../../../lib/k8s/routing/oms-api-gateway';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { omsReadOnlyFilesystem } from '../../../lib/k8s/workloads/oms-runtime';
import { manifestsOf, newEnv, omsProps, only, serviceProps } from '../../support/fixtures';
import { ManifestValidator } from '../../support/manifest-validator';
import { podSecurityFindings } from '../../support/pod-security';

// IBM's chart ibm-oms-ent-prod 6.0.4 on OpenShift with SSL (its default): the app server's Service carries the
// service CA's annotation, the pods make Liberty's key store from the issued certificate, and the Routes re-encrypt
// to the Service's https port (templates appserver-service.yaml, appserver-deployment.yaml, appserver-ingress.yaml).

function openshiftEstate(appTermination?: 'edge' | 'reencrypt') {
  const env = newEnv({ platform: 'openshift' });
  const app = new OmsMicroservice(env, 'app-server', omsProps({ routeTermination: appTermination }));
  const reserve = new OmsMicroservice(env, 'reserve', omsProps({ apis: ['getATP'] }));
  const polls = new Microservice(env, 'polls', serviceProps({ routes: ['/polls'] }));
  const gateway = new OmsApiGateway(env, 'gateway', { host: 'oms.apps.example.com', defaultBackend: app, services: [reserve, polls] });
  return { env, app, reserve, polls, gateway };
}

/** Schema problems (strict, with the OpenShift Route CRD) and Pod Security "restricted" findings. */
function conformance(manifests: Record<string, any>[]): unknown[] {
  const validator = new ManifestValidator('v1.33.0');
  return [...manifests.flatMap((m) => validator.validate(m)), ...podSecurityFindings(manifests)];
}

const routerRule = (policy: Record<string, any>) =>
  policy.spec.ingress.find((r: any) =>
    r.from.some((p: any) => p.namespaceSelector?.matchLabels?.['policy-group.network.openshift.io/ingress'] === ''),
  );

describe('OMS app servers on the OpenShift router re-encrypt to 9443 by default', () => {
  const { env } = openshiftEstate();
  const manifests = manifestsOf(env);
  const server = (name: string) => only(manifests, 'Deployment', name).spec.template.spec.containers[0];

  test("their Routes re-encrypt to the Services' https port; plain HTTP is redirected", () => {
    const routes = manifests.filter((m) => m.kind === 'Route');
    const byService = Object.fromEntries(routes.map((r) => [r.spec.path ?? r.spec.to.name, r.spec]));
    for (const path of ['app-server', '/smcfs/restapi/invoke/getATP']) {
      expect(byService[path].tls).toEqual({ termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' });
      expect(byService[path].port).toEqual({ targetPort: 'https' });
      // No destination CA in the Route: the router checks the backend against the service CA it is given.
      expect(byService[path].tls).not.toHaveProperty('destinationCACertificate');
    }
  });

  test('a plain service stays edge-terminated to its http port', () => {
    const route = manifests.find((m) => m.kind === 'Route' && m.spec.path === '/polls')!;
    expect(route.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
    expect(route.spec.port).toEqual({ targetPort: 'http' });
    expect(only(manifests, 'Service', 'polls').metadata.annotations).toBeUndefined();
  });

  test('the Service serves https 9443 and asks the service CA for its certificate', () => {
    const svc = only(manifests, 'Service', 'reserve');
    expect(svc.spec.ports).toEqual([
      { name: 'http', port: 9080, targetPort: 'http', protocol: 'TCP' },
      { name: 'https', port: 9443, targetPort: 'https', protocol: 'TCP' },
    ]);
    expect(svc.metadata.annotations).toEqual({ 'service.beta.openshift.io/serving-cert-secret-name': 'reserve-serving-cert' });
    expect(server('reserve').ports).toContainEqual({ name: 'https', containerPort: 9443, protocol: 'TCP' });
  });

  test("the pods mount the certificate read-only where IBM's start makes Liberty's key store from it", () => {
    const pod = only(manifests, 'Deployment', 'reserve').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'serving-certificate', secret: { secretName: 'reserve-serving-cert' } });
    expect(server('reserve').volumeMounts).toContainEqual({
      name: 'serving-certificate',
      mountPath: '/config/service-certs',
      readOnly: true,
    });
    const script: string[] = server('reserve').command[2].split('\n');
    const keyStore = script.findIndex((l) => l.startsWith('openssl pkcs12 -export'));
    expect(script.slice(keyStore - 2, keyStore + 2)).toEqual([
      'mkdir -p "/config/configDropins/defaults"',
      `echo '<server/>' > "/config/configDropins/defaults/keystore.xml"`,
      'openssl pkcs12 -export -out "/config/tls.p12" -inkey "/config/service-certs/tls.key" -in "/config/service-certs/tls.crt" -password env:tlskeystorepassword',
      '"/opt/ssfs/runtime/container-scripts/utils/configCerts.sh"',
    ]);
  });

  test("server.xml opens the store the start script writes (Liberty's server.config.dir is /config), on 9443", () => {
    const xml: string = only(manifests, 'ConfigMap', 'reserve-config').data['server.xml'];
    expect(xml).toContain(
      '<keyStore id="defaultKeyStore" location="${server.config.dir}/tls.p12" type="PKCS12" password="${env.tlskeystorepassword}"/>',
    );
    expect(xml).toMatch(/<httpEndpoint [^>]*httpPort="9080" httpsPort="9443"/);
  });

  test('the key store password is required from the app Secret, by reference', () => {
    const v = server('reserve').env.find((e: any) => e.name === 'tlskeystorepassword');
    expect(v).toEqual({ name: 'tlskeystorepassword', valueFrom: { secretKeyRef: { name: 'oms-app-secret', key: 'tlskeystorepassword' } } });
  });

  test('the router is admitted on 9443 only; the probes stay on HTTP 9080 from the kubelet, as in IBM chart', () => {
    expect(routerRule(only(manifests, 'NetworkPolicy', 'reserve')).ports).toEqual([{ port: 9443, protocol: 'TCP' }]);
    expect(routerRule(only(manifests, 'NetworkPolicy', 'polls')).ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'])
      expect(server('reserve')[probe].httpGet).toEqual({ path: '/smcfs/heartbeat/heartbeat.jsp', port: 'http' });
  });

  test('every object is valid (Route CRD, strict schemas, Pod Security restricted)', () => {
    expect(conformance(manifests)).toEqual([]);
  });
});

test('with a read-only root the certificate is mounted inside the writable /config the key store is written to', () => {
  const env = newEnv({ platform: 'openshift' });
  new OmsMicroservice(env, 'app-server', omsProps({ filesystem: omsReadOnlyFilesystem('app-server') }));
  const manifests = manifestsOf(env);
  const c = only(manifests, 'Deployment', 'app-server').spec.template.spec.containers[0];
  const paths = c.volumeMounts.map((m: any) => m.mountPath);
  expect(paths).toEqual(expect.arrayContaining(['/config', '/config/service-certs']));
  expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  expect(conformance(manifests)).toEqual([]);
});

describe('edge termination where a team asks for it', () => {
  const { env } = openshiftEstate('edge');
  const manifests = manifestsOf(env);

  test('the Route is edge to http, the Service has no https port, no certificate and an optional key store password', () => {
    const route = manifests.find((m) => m.kind === 'Route' && m.spec.to.name === 'app-server')!;
    expect(route.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
    expect(route.spec.port).toEqual({ targetPort: 'http' });
    const svc = only(manifests, 'Service', 'app-server');
    expect(svc.spec.ports.map((p: any) => p.name)).toEqual(['http']);
    expect(svc.metadata.annotations).toBeUndefined();
    const c = only(manifests, 'Deployment', 'app-server').spec.template.spec.containers[0];
    expect(c.command[2]).not.toContain('openssl');
    expect(c.volumeMounts.map((m: any) => m.mountPath)).not.toContain('/config/service-certs');
    expect(c.env.find((e: any) => e.name === 'tlskeystorepassword').valueFrom.secretKeyRef.optional).toBe(true);
    expect(routerRule(only(manifests, 'NetworkPolicy', 'app-server')).ports).toEqual([{ port: 9080, protocol: 'TCP' }]);
  });
});

describe('blue-green colours on Routes', () => {
  test("the Route sends to each colour's own Service by weight; each colour presents its own Service's certificate", () => {
    const env = newEnv({ platform: 'openshift' });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    const pair = new BlueGreenPair(env, 'capture', {
      apis: ['createOrder'],
      service: omsProps(),
      blue: { image: 'registry.example.com/oms/om-app:10.0.1', version: '10.0.1', schemaVersion: 1 },
      green: { image: 'registry.example.com/oms/om-app:10.0.2', version: '10.0.2', schemaVersion: 1 },
      active: 'green',
      smokeTest: { image: 'registry.example.com/tools/curl:8', apis: ['getOrderList'], credentials: { secretName: 'smoke' } },
    });
    new OmsApiGateway(env, 'gateway', { host: 'oms.apps.example.com', defaultBackend: app, services: [pair] });
    const manifests = manifestsOf(env);
    const route = manifests.find((m) => m.kind === 'Route' && m.spec.path === '/smcfs/restapi/invoke/createOrder')!;
    expect(route.spec.to).toEqual({ kind: 'Service', name: 'capture-blue', weight: 0 });
    expect(route.spec.alternateBackends).toEqual([{ kind: 'Service', name: 'capture-green', weight: 100 }]);
    expect(route.spec.tls.termination).toBe('reencrypt');
    for (const colour of ['capture-blue', 'capture-green'])
      expect(only(manifests, 'Service', colour).metadata.annotations['service.beta.openshift.io/serving-cert-secret-name']).toBe(
        `${colour}-serving-cert`,
      );
    expect(pair.routeTermination).toBe('reencrypt');
    expect(conformance(manifests)).toEqual([]);
  });
});

describe('on EKS nothing changes', () => {
  test('the AWS load balancer sends to 9080; the Service has no https port and no service CA annotation', () => {
    const env = newEnv({ platform: 'eks', gateway: GatewayImplementation.awsLoadBalancer({ vpcCidr: '10.0.0.0/16' }) });
    const app = new OmsMicroservice(env, 'app-server', omsProps());
    new OmsApiGateway(env, 'gateway', {
      host: 'oms.example.com',
      defaultBackend: app,
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    });
    const manifests = manifestsOf(env);
    const svc = only(manifests, 'Service', 'app-server');
    expect(svc.spec.ports.map((p: any) => p.port)).toEqual([9080]);
    expect(svc.metadata.annotations).toBeUndefined();
    expect(app.routeTermination).toBe('edge');
    expect(only(manifests, 'HTTPRoute').spec.rules.at(-1).backendRefs[0]).toMatchObject({ name: 'app-server', port: 9080 });
  });
});

describe('routeTermination validation', () => {
  test.each([
    [
      'a termination OpenShift has no such Route for',
      { platform: 'openshift' as const },
      'passthrough',
      'routeTermination must be "reencrypt" or "edge" (received "passthrough"). Fix: use "reencrypt" (HTTPS to 9443, as IBM) or "edge" (HTTP to 9080), or leave it out for "reencrypt"',
    ],
    [
      'on EKS',
      { platform: 'eks' as const },
      'edge',
      'routeTermination applies only to the OpenShift router\'s Routes; this environment runs on eks (received "edge"). Fix: leave routeTermination out (the gateway decides how TLS reaches the server)',
    ],
    [
      "on OpenShift's Gateway API",
      { platform: 'openshift' as const, gateway: GatewayImplementation.openShiftGatewayApi() },
      'reencrypt',
      'routeTermination applies only to the OpenShift router\'s Routes; this environment is routed by the OpenShift Gateway API (received "reencrypt"). Fix: leave routeTermination out (the gateway decides how TLS reaches the server)',
    ],
  ])('%s', (_name, envProps, termination, expected) => {
    expect(() => new OmsMicroservice(newEnv(envProps), 'svc', omsProps({ routeTermination: termination as any }))).toThrow(
      `test-env/svc: invalid configuration\n  - ${expected}`,
    );
  });

  test('a drain to a default backend reached another way is refused (one Route has one target port)', () => {
    const { reserve, gateway } = openshiftEstate('edge');
    expect(() => gateway.drain(reserve)).toThrow(
      'test-env/gateway: invalid configuration\n  - drain must drain to a default backend with the same Route termination (one Route reaches all its backends on one port): reserve is "reencrypt", the default backend app-server is "edge" (received "test-env/reserve"). Fix: give reserve and app-server the same routeTermination',
    );
  });

  test('traffic phases refuse the same mix', () => {
    const { reserve, gateway } = openshiftEstate('edge');
    expect(() =>
      gateway.addTrafficPhases('traffic', {
        services: [reserve],
        kubectlImage: 'registry.example.com/tools/kubectl:1.35.3',
        kubernetesApi: [{ cidr: '10.30.0.0/24', ports: [6443], description: 'the API servers' }],
      }),
    ).toThrow('drain must drain to a default backend with the same Route termination');
  });
});

// The key store step run for real: openssl packs a certificate as the service CA issues it (tls.crt, tls.key),
// and the JDK's keytool opens the store with the same password, as Liberty's defaultKeyStore does.
// Looked up, not started: a JVM start costs most of a second of CPU, and this file loads even where the test is skipped.
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const hasTools = has('openssl') && has('keytool');
// keytool only opens a small store: a JVM that compiles less and collects with one thread starts in about 60% of the CPU.
const KEYTOOL_JVM = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'];
if (!hasTools) console.warn('the Liberty key store step is not run: openssl or keytool (default-jre-headless) is missing');

(hasTools ? test : test.skip)('the key store step makes a PKCS12 store with the key and certificate that the JDK opens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keystore-'));
  try {
    const certs = join(dir, 'service-certs');
    const made = spawnSync('bash', [
      '-c',
      'mkdir -p "$1" && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=reserve.test-env.svc" -keyout "$1/tls.key" -out "$1/tls.crt"',
      'cert',
      certs,
    ]);
    expect(made.status).toBe(0);
    const paths = { certificate: certs, keyStore: join(dir, 'tls.p12'), dropin: join(dir, 'configDropins/defaults/keystore.xml') };
    const script = ['set -e', ...libertyKeyStoreSteps(paths)].join('\n');
    const run = spawnSync('bash', ['-c', script], {
      env: { PATH: process.env.PATH, tlskeystorepassword: 's3cret-pass' },
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr.replace(/^.*bashrc.*\n/gm, '') }).toEqual({ status: 0, stderr: '' });
    expect(readFileSync(paths.dropin, 'utf8')).toBe('<server/>\n');
    const list = spawnSync(
      'keytool',
      [...KEYTOOL_JVM, '-list', '-v', '-keystore', paths.keyStore, '-storetype', 'PKCS12', '-storepass', 's3cret-pass'],
      {
        encoding: 'utf8',
      },
    );
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/Entry type: PrivateKeyEntry/);
    expect(list.stdout).toMatch(/CN=reserve\.test-env\.svc/);
    // A wrong password does not open it: the store is protected by the Secret's password.
    expect(
      spawnSync('keytool', [...KEYTOOL_JVM, '-list', '-keystore', paths.keyStore, '-storetype', 'PKCS12', '-storepass', 'wrong']).status,
    ).not.toBe(0);
    // Without the password in the environment the step fails, so the container stops before Liberty starts.
    writeFileSync(join(dir, 'tls.p12'), '');
    const missing = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
