import { createHash } from 'node:crypto';
import { App } from 'cdk8s';
import { AwsConnection } from '../../../lib/k8s/connections/aws-connection';
import { CacheConnection } from '../../../lib/k8s/connections/cache-connection';
import { OmsEnvironment } from '../../../lib/k8s/environment/oms-environment';
import { DatabaseConnection } from '../../../lib/k8s/connections/database-connection';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { HealthProbe } from '../../../lib/k8s/primitives/health-probe';
import { k8s } from '../../../lib/k8s/primitives/kube';
import { Filesystem } from '../../../lib/k8s/workloads/filesystem';
import { AgentPool } from '../../../lib/k8s/workloads/agent-pool';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { OmsHealthMonitor } from '../../../lib/k8s/workloads/oms-health-monitor';
import { OmsMicroservice } from '../../../lib/k8s/workloads/oms-microservice';
import { manifestsOf, newEnv, only, serviceProps } from '../../support/fixtures';

const db = (environment?: string) =>
  DatabaseConnection.existing({
    host: 'db.uat.internal',
    database: 'polls',
    credentials: { secretName: 'polls-db' },
    egress: [{ cidr: '10.20.64.0/18', ports: [5432] }],
    environment,
  });
const cache = CacheConnection.existing({
  host: 'cache.uat.internal',
  authToken: { secretName: 'cache-auth', key: 'token' },
  egress: [{ cidr: '10.20.64.0/18', ports: [6379] }],
});

describe('connectTo', () => {
  const env = newEnv();
  const api = new Microservice(env, 'api', serviceProps({ connections: [db()] }));
  api.connectTo(cache); // after construction
  const container = only(manifestsOf(env), 'Deployment').spec.template.spec.containers[0];

  test('a database brings its host, port, name, user and password (by reference)', () => {
    expect(container.env).toEqual([
      { name: 'DB_HOST', value: 'db.uat.internal' },
      { name: 'DB_PORT', value: '5432' },
      { name: 'DB_NAME', value: 'polls' },
      { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'polls-db', key: 'username' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'polls-db', key: 'password' } } },
      { name: 'CACHE_HOST', value: 'cache.uat.internal' },
      { name: 'CACHE_PORT', value: '6379' },
      { name: 'CACHE_TLS', value: 'true' },
      { name: 'CACHE_AUTH_TOKEN', valueFrom: { secretKeyRef: { name: 'cache-auth', key: 'token' } } },
    ]);
  });

  test('each connection opens exactly its own network path', () => {
    expect(only(manifestsOf(env), 'NetworkPolicy', 'api').spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.64.0/18' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      { to: [{ ipBlock: { cidr: '10.20.64.0/18' } }], ports: [{ protocol: 'TCP', port: 6379 }] },
    ]);
  });

  test('a connection of another environment is refused', () => {
    const other = newEnv({}, 'other-env');
    expect(() => new Microservice(other, 'api', serviceProps({ connections: [db('test-env')] }))).toThrow(
      'other-env/api: invalid configuration\n  - connectTo must use connections of its own environment (other-env); database belongs to test-env (received "database"). Fix: create the connection in other-env, or reach the other environment\'s service by an existing connection',
    );
  });

  test('two connections setting one variable fail at synthesis', () => {
    const e = newEnv();
    new Microservice(e, 'api', serviceProps({ connections: [db(), DatabaseConnection.existing({ ...dbProps(), name: 'reporting' })] }));
    expect(() => renderEnvironment(e)).toThrow(
      'connections must not set a variable twice: reporting and connection database both set it (received "DB_HOST")',
    );
  });
});

function dbProps() {
  return {
    host: 'reporting.uat.internal',
    database: 'reports',
    credentials: { secretName: 'reports-db' },
    egress: [{ cidr: '10.20.64.0/18', ports: [5432] }],
  };
}

describe('connection validation', () => {
  test.each([
    [{ host: 'DB.Example' }, 'host must be a lower-case DNS name (received "DB.Example"). Fix: use e.g. "db.uat.oms.internal"'],
    [{ port: 0 }, 'port must be a whole number from 1 to 65535 (received 0). Fix: use the port the database listens on'],
    [{ egress: [] }, "egress must say how workloads reach the database (received []). Fix: add { cidr: '10.20.64.0/20', ports: [5432] }"],
    [{ credentials: { secretName: 'Bad_Name' } }, 'credentials.secretName must be a DNS-1123 label'],
  ])('%j', (override, message) => {
    expect(() => DatabaseConnection.existing({ ...dbProps(), ...override } as any)).toThrow(message);
  });
});

describe('the workload base', () => {
  test('the controller is the default child', () => {
    const env = newEnv();
    const api = new Microservice(env, 'api', serviceProps());
    expect(api.node.defaultChild).toBe(api.deployment);
  });

  test('add-methods after construction reach the pod template', () => {
    const env = newEnv();
    const api = new Microservice(env, 'api', serviceProps({ imagePullSecrets: ['ibm-entitlement-key'] }));
    api.addEnv('LOG_LEVEL', 'debug');
    api.addSecretEnv('API_TOKEN', { secretName: 'api', key: 'token' });
    api.addVolume({ name: 'certs', secret: { secretName: 'api-certs' } });
    api.addVolumeMount({ name: 'certs', mountPath: '/etc/certs', readOnly: true });
    api.addInitContainer({ name: 'hello', image: 'registry.example.com/tools/busybox:1.36', command: ['true'] });
    api.addImagePullSecret('mirror-pull');
    api.addPodLabel('team', 'polls');
    const pod = only(manifestsOf(env), 'Deployment').spec.template;
    expect(pod.metadata.labels.team).toBe('polls');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'ibm-entitlement-key' }, { name: 'mirror-pull' }]);
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['hello']);
    expect(pod.spec.volumes).toContainEqual({ name: 'certs', secret: { secretName: 'api-certs' } });
    const c = pod.spec.containers[0];
    expect(c.volumeMounts).toContainEqual({ name: 'certs', mountPath: '/etc/certs', readOnly: true });
    expect(c.env).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
    ]);
  });

  test('a variable set twice names the variable', () => {
    const api = new Microservice(newEnv(), 'api', serviceProps({ env: { LOG_LEVEL: 'info' } }));
    expect(() => api.addEnv('LOG_LEVEL', 'debug')).toThrow(
      'test-env/api: invalid configuration\n  - env["LOG_LEVEL"] must be set once (it is already set on this workload) (received "LOG_LEVEL"). Fix: remove one of the two settings',
    );
  });

  test('configuration files go to a ConfigMap, mounted by key, and changing one rolls the pods', () => {
    const hashOf = (content: string) => {
      const env = newEnv();
      const api = new Microservice(env, 'api', serviceProps());
      api.addConfigFile('app.ini', content);
      api.addConfigFileMount('app.ini', '/etc/app/app.ini');
      const manifests = manifestsOf(env);
      expect(only(manifests, 'ConfigMap', 'api-config').data).toEqual({ 'app.ini': content });
      const pod = only(manifests, 'Deployment').spec.template;
      expect(pod.spec.containers[0].volumeMounts).toContainEqual({
        name: 'config',
        mountPath: '/etc/app/app.ini',
        subPath: 'app.ini',
        readOnly: true,
      });
      return pod.metadata.annotations['checksum/config'];
    };
    expect(hashOf('a=1')).toBe(hashOf('a=1'));
    expect(hashOf('a=1')).not.toBe(hashOf('a=2'));
  });

  test('the configuration hash is the SHA-256 of the files as JSON, whatever their keys and characters', () => {
    const env = newEnv();
    const api = new Microservice(env, 'api', serviceProps());
    const files: [string, string][] = [
      ['b.xml', '<a x="1">\n\t\u00e9\u2028</a>\\'],
      ['10', 'an index-like key goes first in JSON'],
      ['a.ini', '"quoted" \u0001'],
      ['c.ini', '<a x="1">\n\t\u00e9\u2028</a>\\'],
    ];
    for (const [key, content] of files) api.addConfigFile(key, content);
    api.addConfigFile('skipped', () => undefined);
    const manifests = manifestsOf(env);
    const expected = createHash('sha256')
      .update(JSON.stringify(Object.fromEntries(files)))
      .digest('hex')
      .slice(0, 16);
    expect(only(manifests, 'Deployment').spec.template.metadata.annotations['checksum/config']).toBe(expected);
  });

  test('a read-only root with seeded paths copies the image content first, paths passed as arguments', () => {
    const env = newEnv();
    new Microservice(env, 'api', serviceProps({ filesystem: Filesystem.readOnlyRoot({ scratch: ['/tmp'], seeded: ['/opt/app/conf'] }) }));
    const pod = only(manifestsOf(env), 'Deployment').spec.template.spec;
    const seed = pod.initContainers[0];
    expect(seed.name).toBe('seed-writable-paths');
    expect(seed.image).toBe(pod.containers[0].image);
    expect(seed.command.slice(3)).toEqual(['seed', '/opt/app/conf', '/seed/0']);
    expect(seed.volumeMounts).toEqual([{ name: 'seed-opt-app-conf', mountPath: '/seed/0' }]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'scratch-tmp', mountPath: '/tmp' },
      { name: 'seed-opt-app-conf', mountPath: '/opt/app/conf' },
    ]);
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('a writable root is visible in the security context', () => {
    const env = newEnv();
    new Microservice(env, 'api', serviceProps({ filesystem: Filesystem.writableRoot() }));
    expect(only(manifestsOf(env), 'Deployment').spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
  });

  test('probes can be replaced for images with another contract', () => {
    const env = newEnv();
    new Microservice(env, 'api', serviceProps({ probes: { liveness: HealthProbe.exec(['/bin/check', '--live'], { periodSeconds: 20 }) } }));
    const c = only(manifestsOf(env), 'Deployment').spec.template.spec.containers[0];
    expect(c.livenessProbe).toEqual({
      exec: { command: ['/bin/check', '--live'] },
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
    expect(c.readinessProbe.httpGet.path).toBe('/healthz');
  });

  test('allowFrom across environments is refused', () => {
    const a = new Microservice(newEnv({}, 'env-a'), 'api', serviceProps());
    const b = new Microservice(newEnv({}, 'env-b'), 'web', serviceProps());
    expect(() => a.allowFrom(b)).toThrow('allowFrom must name workloads of the same environment (env-a) (received "env-b/web")');
  });

  test('two constructs rendering the same object fail synthesis, naming both', () => {
    const env = newEnv();
    new Microservice(env, 'api', serviceProps());
    new k8s.KubeServiceAccount(env, 'stray', { metadata: { name: 'api' } });
    expect(() => renderEnvironment(env)).toThrow(
      new Error(
        'test-env: invalid configuration\n  - objects must have unique names per kind and namespace: test-env/api/service-account and test-env/stray both render ServiceAccount "api" (received "api"). Fix: rename test-env/api or test-env/stray',
      ),
    );
  });

  test('the budget counts maximum replicas plus surge at the limits', () => {
    const env = newEnv({ budget: { cpu: '9', memory: '100Gi' } });
    new Microservice(env, 'api', serviceProps({ maxReplicas: 4 }));
    // 4 replicas + 25% surge = 5 pods x 2 CPU = 10 CPU > 9.
    expect(() => renderEnvironment(env)).toThrow(/budget.cpu must cover the workloads' peak CPU limits, 10 /);
  });
});

describe('no TypeError from the public API', () => {
  test.each([
    ['Microservice', (env: any) => new Microservice(env, 'api', undefined as any)],
    ['OmsMicroservice', (env: any) => new OmsMicroservice(env, 'api', undefined as any)],
    ['AgentPool', (env: any) => new AgentPool(env, 'api', undefined as any)],
    ['OmsHealthMonitor', (env: any) => new OmsHealthMonitor(env, 'api', undefined as any)],
  ])('%s without props says what is missing', (_name, create) => {
    expect(() => create(newEnv())).toThrow(
      "test-env/api: invalid configuration\n  - props is required (received undefined). Fix: pass the construct's properties",
    );
  });

  test('a mount path that collides with a built-in volume fails at synthesis', () => {
    const env = newEnv();
    const api = new Microservice(env, 'api', serviceProps());
    api.addVolume({ name: 'cache', emptyDir: {} });
    api.addVolumeMount({ name: 'cache', mountPath: '/tmp' });
    expect(() => renderEnvironment(env)).toThrow(
      'volumeMounts must not mount two volumes at one path (it collides with a built-in mount) (received "/tmp")',
    );
  });

  test.each([
    [
      { resources: { cpu: { request: '1', limit: '2' }, memory: { request: '3', limit: '3' } } },
      'resources.memory.request must be at least 1Mi (a quantity without a unit is bytes) (received "3")',
    ],
    [{ image: 'https://registry.example.com/app:1' }, 'image must not start with a URL scheme'],
    [{ env: { DB_PASS: 'x' } }, 'env["DB_PASS"] must not carry a credential in plain text'],
    [
      { env: { DATABASE_URL: 'postgres://app:s3cret@db:5432/app' } },
      'env["DATABASE_URL"] must not carry a credential in plain text (the value holds a URL with a user and password)',
    ],
    [{ secretEnv: { TOKEN: { secretName: 'Bad_Secret', key: 'token' } } }, 'secretEnv["TOKEN"].secretName must be a DNS-1123 subdomain'],
  ])('bad input %j', (override, message) => {
    expect(() => new Microservice(newEnv(), 'api', { ...serviceProps(), ...override } as any)).toThrow(message);
  });
});

describe('construct ids and props', () => {
  test.each([
    [
      'an empty id',
      (env: any) => new Microservice(env, '', serviceProps()),
      'test-env: invalid configuration\n  - id must be a non-empty construct id (received ""). Fix: name the construct, e.g. "order-search"',
    ],
    [
      'a duplicate id',
      (env: any) => {
        new Microservice(env, 'api', serviceProps());
        new Microservice(env, 'api', serviceProps());
      },
      'test-env/api: invalid configuration\n  - id must be unique in its scope (test-env already has a "api") (received "api"). Fix: give the construct another id',
    ],
    [
      'an AWS connection without props',
      (env: any) => new AwsConnection(env, 'aws', undefined as any),
      "test-env/aws: invalid configuration\n  - props is required (received undefined). Fix: pass the construct's properties",
    ],
    [
      'an environment without props',
      () => new OmsEnvironment(new App(), 'e', undefined as any),
      "e: invalid configuration\n  - props is required (received undefined). Fix: pass the construct's properties",
    ],
  ])('%s fails with the property and the fix, not a TypeError', (_name, create, message) => {
    expect(() => create(newEnv())).toThrow(message);
  });
});
