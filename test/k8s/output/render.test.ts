import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, JsonPatch, Lazy } from 'cdk8s';
import { OmsEnvironment } from '../../../lib/k8s/environment/oms-environment';
import { RENAMED_BY_CONVERTERS } from '../../../lib/k8s/output/one-pass-json';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { k8s } from '../../../lib/k8s/primitives/kube';
import { listApps } from '../../../lib/synth/synth-apps';
import { newEnv } from '../../support/fixtures';

const cdk8sToJson = ApiObject.prototype.toJson;
const sorted = (objects: readonly unknown[]) => objects.map((o) => JSON.stringify(o)).sort();

/**
 * Keys whose sorted order is easy to get wrong: integer-like keys (which objects list first), case,
 * non-ASCII, in reverse, in a short map and in one longer than the short maps' sort handles.
 */
const awkward = (n: number) =>
  Object.fromEntries(
    ['é', 'z', 'b', 'B', '_', 'a-b', 'a', '10', '9', '1a', 'Z', 'aa', 'a.b', '0', '~', 'ü', 'A'].slice(0, n).map((k, i) => [k, `${i}`]),
  );

/** Every value shape cdk8s resolves: Lazy values, implicit tokens, number-or-string unions, nulls, unsorted keys, a patch. */
function tricky(env: OmsEnvironment): ApiObject {
  const obj = new ApiObject(env, 'tricky', {
    apiVersion: 'example.com/v1',
    kind: 'Tricky',
    metadata: { annotations: { b: '2', a: '1' }, labels: awkward(17) },
    spec: {
      zeta: 1,
      short: awkward(6),
      long: awkward(17),
      alpha: Lazy.any({ produce: () => ({ nested: Lazy.any({ produce: () => ['x', null, { d: undefined, c: 3 }] }) }) }),
      token: { resolve: () => ({ resolved: true, list: [] }) },
      port: new (class IntOrString {
        constructor(readonly value: number | string) {}
      })(8080),
      empty: {},
      gone: null,
      missing: undefined,
      list: [Lazy.any({ produce: () => 'from-lazy' }), 0, false, ''],
    },
  });
  obj.addJsonPatch(JsonPatch.add('/spec/patched', 'yes'));
  return obj;
}

describe('rendering resolves objects the way cdk8s does, in one pass', () => {
  test('every value shape gives exactly what cdk8s toJson gives', () => {
    const env = newEnv();
    const obj = tricky(env);
    const rendered = renderEnvironment(env).manifests.find((m) => m.kind === 'Tricky');
    expect(rendered).toEqual(cdk8sToJson.call(obj));
    expect(JSON.stringify(rendered)).toBe(JSON.stringify(cdk8sToJson.call(obj)));
    expect(rendered!.spec.port).toEqual({ value: 8080 });
  });

  test.each(listApps(path.resolve(__dirname, '../../../apps')).filter((f) => f.endsWith('.ts')))(
    'apps/%s: every object as cdk8s renders it',
    (file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.resolve(__dirname, '../../../apps', file)).default;
      const env: OmsEnvironment | undefined = OmsEnvironment.isOmsEnvironment(mod) ? mod : mod.k8s;
      if (!env) return;
      const expected = env.node
        .findAll()
        .filter((c): c is ApiObject => c instanceof ApiObject)
        .map((c) => c.toJson());
      expect(sorted(renderEnvironment(env).manifests)).toEqual(sorted(expected));
    },
  );

  test('metadata of every shape: what cdk8s metadata.toJson gives (empty lists and objects dropped, keys sorted)', () => {
    const env = newEnv();
    const plain = new ApiObject(env, 'plain', { apiVersion: 'example.com/v1', kind: 'Plain', metadata: { annotations: {} } });
    const service = new k8s.KubeServiceAccount(env, 'generated', { metadata: { labels: { z: '1' } } });
    for (const obj of [plain, service]) {
      obj.metadata.addLabel('a', Lazy.any({ produce: () => 'lazy' }) as unknown as string);
      obj.metadata.add('generateName', Lazy.any({ produce: () => 'gen-' }));
      obj.metadata.add('emptyThing', { nothing: null, none: [] });
      obj.metadata.add('zeroList', [[], {}, 'kept']);
      obj.metadata.addFinalizers('example.com/last');
      obj.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' });
    }
    // Without owner references and fields ObjectMeta does not know (the generated class drops them).
    const simple = new k8s.KubeServiceAccount(env, 'simple', { metadata: { annotations: {}, finalizers: [] } });
    simple.metadata.addLabel('a', Lazy.any({ produce: () => 'lazy' }) as unknown as string);
    simple.metadata.add('generateName', Lazy.any({ produce: () => 'gen-' }));
    // Only the fields the metadata keeps itself (no added attributes), as most objects have.
    const fieldsOnly = [
      new ApiObject(env, 'plain-fields', { apiVersion: 'example.com/v1', kind: 'Plain', metadata: { name: 'p', labels: { z: '1' } } }),
      new k8s.KubeServiceAccount(env, 'fields', { metadata: { namespace: 'ns', annotations: { b: '2', a: '1' }, finalizers: [] } }),
    ];
    for (const obj of fieldsOnly) {
      obj.metadata.addLabel('a', Lazy.any({ produce: () => 'lazy' }) as unknown as string);
      obj.metadata.addFinalizers('example.com/last');
    }
    const rendered = renderEnvironment(env).manifests;
    for (const obj of fieldsOnly) expect(rendered.map((m) => JSON.stringify(m))).toContain(JSON.stringify(obj.toJson()));
    for (const obj of [plain, service, simple]) {
      const own = obj.toJson();
      expect(rendered.map((m) => JSON.stringify(m))).toContain(JSON.stringify(own));
      expect(own.metadata.emptyThing).toBeUndefined();
      expect(own.metadata.annotations).toBeUndefined();
    }
    expect(plain.toJson().metadata.zeroList).toEqual([undefined, undefined, 'kept']);
    expect(service.toJson().metadata.zeroList).toBeUndefined();
    expect(simple.toJson().metadata).toEqual(
      expect.objectContaining({ generateName: 'gen-', labels: expect.objectContaining({ a: 'lazy' }) }),
    );
  });

  test('a value that fails to render is reported as cdk8s reports it, with the construct path', () => {
    const env = newEnv();
    const config = new k8s.KubeConfigMap(env, 'broken', {
      data: Lazy.any({
        produce: () => {
          throw new Error('no data');
        },
      }) as unknown as Record<string, string>,
    });
    const message = "Failed serializing construct at path 'test-env/broken' with name 'test-env-broken': Error: no data";
    expect(() => config.toJson()).toThrow(message);
    expect(() => renderEnvironment(env)).toThrow(message);
  });

  test("cdk8s's own toJson is back after rendering, also when rendering fails", () => {
    const env = newEnv();
    tricky(env);
    renderEnvironment(env);
    expect(ApiObject.prototype.toJson).toBe(cdk8sToJson);
    const failing = newEnv();
    const bad = new ApiObject(failing, 'bad', { apiVersion: 'v1', kind: 'Bad', spec: { when: new Date(0) } });
    const message =
      "Failed serializing construct at path 'test-env/bad' with name 'test-env-bad': Error: can't render non-simple object of type 'Date'";
    expect(() => cdk8sToJson.call(bad)).toThrow(message);
    expect(() => renderEnvironment(failing)).toThrow(message);
    expect(ApiObject.prototype.toJson).toBe(cdk8sToJson);
  });

  test('apps with resolvers of their own are resolved by cdk8s itself', () => {
    const seen: string[] = [];
    const app = new App({ resolvers: [{ resolve: (ctx) => void seen.push(ctx.key.join('.')) }] });
    const env = new OmsEnvironment(app, 'custom', { stage: 'uat', platform: 'eks', budget: { cpu: '10', memory: '10Gi' } });
    new ApiObject(env, 'plain', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
    renderEnvironment(env);
    expect(seen).toContain('data.a');
  });
});

describe('generated Kubernetes classes are rendered in one copy, as their own toJson renders them', () => {
  // The generated converters (lib/k8s/primitives/imports/k8s.ts): what the one-copy rendering relies on.
  const source = fs.readFileSync(path.resolve(__dirname, '../../../lib/k8s/primitives/imports/k8s.ts'), 'utf8');
  const converters = [
    ...source.matchAll(/export function (toJson_\w+)\(obj: [^)]*\): [^{]*\{[^]*?const result = \{\n([^]*?)\n {2}\};/g),
  ].map((m) => ({
    name: m[1],
    fields: m[2].split('\n').map((line) => /^ +'([^']+)': (.*),$/.exec(line)),
  }));

  test('the converters: sorted properties (metadata first at the top), known value forms, the renames we list', () => {
    expect(converters.length).toBe([...source.matchAll(/^export function toJson_/gm)].length);
    expect(converters.length).toBeGreaterThan(150);
    const renamed = new Set<string>();
    const forms = new Set<string>();
    for (const { name, fields } of converters) {
      expect([name, fields.every((f) => f !== null)]).toEqual([name, true]);
      const keys = fields.map((f) => f![1]);
      const top = /^toJson_Kube\w+Props$/.test(name) ? ['metadata', ...keys.filter((k) => k !== 'metadata').sort()] : [...keys].sort();
      expect([name, keys]).toEqual([name, top]);
      for (const f of fields) {
        const form = f![2].replace(/obj\.(\w+)/g, (_m, prop: string) => (prop === f![1] ? 'obj.P' : (renamed.add(prop), 'obj.P')));
        forms.add(form.replace(/toJson_\w+/g, 'convert'));
      }
    }
    expect([...renamed].sort()).toEqual([...RENAMED_BY_CONVERTERS].sort());
    const map = (value: string) =>
      `((obj.P) === undefined) ? undefined : (Object.entries(obj.P).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: ${value} }), {}))`;
    // Every value form is one the one-copy rendering reproduces (the generated kinds use a subset of them).
    const known = new Set([
      'obj.P',
      'obj.P?.value',
      'obj.P?.toISOString()',
      'convert(obj.P)',
      'obj.P?.map(y => y)',
      'obj.P?.map(y => convert(y))',
      map('i[1]'),
      map('i[1]?.value'),
      map('i[1]?.map(y => y)'),
      map('convert(i[1])'),
    ]);
    expect([...forms].filter((f) => !known.has(f))).toEqual([]);
    expect(forms.size).toBeGreaterThanOrEqual(6);
  });

  test("every generated class's toJson is its kind and its converter over cdk8s's toJson", () => {
    const classes = Object.values(k8s as Record<string, unknown>).filter(
      (v): v is { name: string; prototype: ApiObject } => typeof v === 'function' && ApiObject.prototype.isPrototypeOf(v.prototype),
    );
    // One class per kind the library renders (see scripts/import-k8s.js).
    expect(classes.length).toBe(20);
    for (const cls of classes) {
      // The generated file is left out of coverage (jest.config.js), so this is its code as compiled, not rewritten.
      const body = String(cls.prototype.toJson).replace(/\s+/g, ' ');
      expect([cls.name, body]).toEqual([
        cls.name,
        `toJson() { const resolved = super.toJson(); return { ...${cls.name}.GVK, ...toJson_${cls.name}Props(resolved), }; }`,
      ]);
    }
  });

  /** Generated objects with every case the one-copy rendering must match or hand back to the class. */
  function generated(env: OmsEnvironment): ApiObject[] {
    const labels = { b: '2', a: Lazy.any({ produce: () => '1' }) as unknown as string };
    return [
      new k8s.KubeDeployment(env, 'deployment', {
        metadata: { labels },
        spec: {
          selector: { matchLabels: { a: '1' } },
          strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
          template: Lazy.any({
            produce: () => ({
              spec: {
                containers: [
                  {
                    name: 'c',
                    resources: { limits: { cpu: k8s.Quantity.fromString('1') }, requests: { memory: k8s.Quantity.fromNumber(5) } },
                    args: ['x', Lazy.any({ produce: () => 'y' })],
                    ports: [{ containerPort: 8080, name: undefined }],
                  },
                ],
                volumes: [{ name: 'v', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }],
              },
            }),
          }) as unknown as k8s.PodTemplateSpec,
        },
      }),
      // Data before metadata in the schema: metadata still comes first.
      new k8s.KubeConfigMap(env, 'config', { data: { z: '1', a: '' }, immutable: false }),
      new k8s.KubeConfigMap(env, 'awkward', { metadata: { annotations: awkward(9) }, data: awkward(17) }),
      // Renamed properties (clusterIP, hostIPC), also a label that only looks like one: the class converts them.
      new k8s.KubeService(env, 'service', {
        spec: { clusterIp: 'None', ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }] },
      }),
      new k8s.KubePod(env, 'pod', { spec: { hostIpc: false, containers: [{ name: 'c' }] } }),
      new k8s.KubeServiceAccount(env, 'labelled', { metadata: { labels: { clusterIp: 'x' } } }),
      // A JSON patch: the class converts after patching.
      new k8s.KubeServiceAccount(env, 'patched', { automountServiceAccountToken: false }),
    ];
  }

  test('each object: byte for byte what its toJson gives', () => {
    const env = newEnv();
    const objects = generated(env);
    objects[objects.length - 1].addJsonPatch(JsonPatch.add('/automountServiceAccountToken', true));
    const rendered = renderEnvironment(env).manifests;
    for (const obj of objects) {
      const own = JSON.stringify(obj.toJson());
      expect(rendered.map((m) => JSON.stringify(m))).toContain(own);
    }
    const service = rendered.find((m) => m.kind === 'Service')!;
    expect(service.spec).toEqual({ clusterIP: 'None', ports: [{ port: 80, targetPort: 8080 }] });
    const deployment = rendered.find((m) => m.kind === 'Deployment')!;
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(Object.keys(rendered.find((m) => m.kind === 'ConfigMap')!)).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'immutable']);
  });
});

describe('cdk8s renders an object itself wherever the one-pass rendering would lose what cdk8s does', () => {
  const configMap = (env: OmsEnvironment, id = 'config') => new k8s.KubeConfigMap(env, id, { data: { z: '1', a: '2' } });
  const rendered = (env: OmsEnvironment, kind = 'ConfigMap') => renderEnvironment(env).manifests.filter((m) => m.kind === kind);

  test('an object with a toJson of its own renders through it', () => {
    const env = newEnv();
    const obj = configMap(env);
    const own = obj.toJson.bind(obj);
    obj.toJson = () => ({ ...own(), data: { overridden: 'yes' } });
    configMap(env, 'other');
    const [first, second] = rendered(env);
    expect(first.data).toEqual({ overridden: 'yes' });
    expect(second.data).toEqual({ a: '2', z: '1' });
  });

  test('a generated class whose toJson was replaced renders through the replacement', () => {
    const generatedToJson = Object.getOwnPropertyDescriptor(k8s.KubeConfigMap.prototype, 'toJson')!;
    try {
      k8s.KubeConfigMap.prototype.toJson = function toJson(this: k8s.KubeConfigMap) {
        const json = generatedToJson.value.call(this);
        return { ...json, metadata: { ...json.metadata, annotations: { patched: 'by-class' } } };
      };
      const env = newEnv();
      configMap(env);
      expect(rendered(env)[0].metadata.annotations).toEqual({ patched: 'by-class' });
    } finally {
      Object.defineProperty(k8s.KubeConfigMap.prototype, 'toJson', generatedToJson);
    }
    const env = newEnv();
    configMap(env);
    expect(rendered(env)[0].metadata.annotations).toBeUndefined();
  });

  test("a user's wrapper of ApiObject.prototype.toJson is called for every object, and stays in place", () => {
    const calls: string[] = [];
    function wrapper(this: ApiObject) {
      calls.push(this.node.id);
      const json = cdk8sToJson.call(this);
      return { ...json, metadata: { ...json.metadata, labels: { ...json.metadata.labels, wrapped: 'yes' } } };
    }
    ApiObject.prototype.toJson = wrapper;
    try {
      const env = newEnv();
      configMap(env);
      new ApiObject(env, 'plain', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain' } });
      const manifests = renderEnvironment(env).manifests;
      expect(calls).toEqual(expect.arrayContaining(['config', 'plain']));
      expect(manifests.filter((m) => m.kind === 'ConfigMap' || m.kind === 'Secret').map((m) => m.metadata.labels?.wrapped)).toEqual([
        'yes',
        'yes',
      ]);
      expect(ApiObject.prototype.toJson).toBe(wrapper);
    } finally {
      ApiObject.prototype.toJson = cdk8sToJson;
    }
  });

  test('CDK8S_DISABLE_SORT: keys stay in the order they were given, in generated classes too', () => {
    const before = process.env.CDK8S_DISABLE_SORT;
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const env = newEnv();
      const obj = configMap(env);
      const manifest = rendered(env)[0];
      expect(Object.keys(manifest.data)).toEqual(['z', 'a']);
      expect(JSON.stringify(manifest)).toBe(JSON.stringify(obj.toJson()));
    } finally {
      if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before;
    }
    const env = newEnv();
    configMap(env);
    expect(Object.keys(rendered(env)[0].data)).toEqual(['a', 'z']);
  });

  // cdk8s asks every value, strings too, for a resolve method: so does the one pass.
  test.each([
    ['String', String.prototype, { a: 1, z: 1 }],
    ['Number', Number.prototype, { a: '2', z: '1', n: 'resolved' }],
    ['Boolean', Boolean.prototype, { a: '2', z: '1', b: 'resolved' }],
  ])('a resolve method on %s.prototype is called as cdk8s calls it', (_, prototype, data) => {
    const proto = prototype as unknown as { resolve?: (this: unknown) => unknown };
    // A string resolves to its length (a number, which cdk8s does not resolve again), the others to a string.
    proto.resolve = function (this: unknown) {
      return prototype === String.prototype ? String(this).length : 'resolved';
    };
    try {
      const env = newEnv();
      const obj = new k8s.KubeConfigMap(env, 'config', { data: { z: '1', a: '2', ...extra(prototype) } });
      const manifest = rendered(env)[0];
      expect(manifest.data).toEqual(data);
      expect(JSON.stringify(manifest)).toBe(JSON.stringify(obj.toJson()));
    } finally {
      delete proto.resolve;
    }
    const env = newEnv();
    configMap(env);
    expect(rendered(env)[0].data).toEqual({ a: '2', z: '1' });
  });
  const extra = (p: object): Record<string, string> =>
    p === Number.prototype ? { n: 5 as never } : p === Boolean.prototype ? { b: true as never } : {};

  // A tripwire: what the one-pass rendering reads of cdk8s's private state and code. A cdk8s
  // release that changes any of it fails here, instead of changing output.
  test("cdk8s's private fields and methods are as the one-pass rendering reads them", () => {
    const env = newEnv();
    const props = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { a: '1' }, extra: 'x' }, data: { k: 'v' } };
    const obj = new ApiObject(env, 'wire', props);
    const self = obj as unknown as Record<string, any>;
    expect(self.props).toBe(props);
    expect(self.patches).toEqual([]);
    obj.addJsonPatch(JsonPatch.add('/data/p', 'q'));
    expect(self.patches).toHaveLength(1);
    const meta = obj.metadata as unknown as Record<string, any>;
    expect(Object.keys(meta).sort()).toEqual(
      ['_additionalAttributes', 'annotations', 'apiObject', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences'].sort(),
    );
    expect(meta._additionalAttributes).toMatchObject({ extra: 'x' });
    expect(meta.labels).toMatchObject({ a: '1' });
    expect(App.of(env).resolvers.map((r) => r.constructor.name)).toEqual([
      'LazyResolver',
      'ImplicitTokenResolver',
      'NumberStringUnionResolver',
    ]);
    // The steps of cdk8s's own methods the one-pass rendering repeats.
    const squash = (f: unknown) => String(f).replace(/\s+/g, ' ');
    const apiToJson = squash(cdk8sToJson);
    for (const step of [
      '...this.props, metadata: this.metadata.toJson(),',
      'const sortKeys = process.env.CDK8S_DISABLE_SORT ? false : true;',
      '(0, _util_1.sanitizeValue)((0, resolve_1.resolve)([], data, this), { sortKeys });',
      'json_patch_1.JsonPatch.apply(json, ...this.patches);',
      "const orderedKeys = ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)];",
    ])
      expect(apiToJson).toContain(step);
    expect(squash(obj.metadata.toJson)).toContain(
      '...this._additionalAttributes, name: this.name, namespace: this.namespace, annotations: this.annotations, finalizers: this.finalizers, ownerReferences: this.ownerReferences, labels: this.labels, }, this.apiObject)',
    );
    expect(squash(obj.metadata.toJson)).toContain('filterEmptyArrays: true, filterEmptyObjects: true');
    // The built-in resolvers the one pass repeats: an implicit token is any value with a resolve method,
    // strings included.
    const [lazy, implicit, union] = App.of(env).resolvers.map((r) => squash(r.resolve));
    expect(lazy).toContain('if (context.value instanceof lazy_1.Lazy) { const resolved = context.value.produce();');
    expect(implicit).toContain("if (typeof (context.value.resolve) === 'function') { const resolved = context.value.resolve();");
    expect(union).toContain('if (context.value.constructor === Object) {');
    expect(union).toContain('context.replaceValue({ value: context.value.value });');
  });
});
