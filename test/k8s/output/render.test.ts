import * as path from 'node:path';
import { ApiObject, App, JsonPatch, Lazy } from 'cdk8s';
import { OmsEnvironment } from '../../../lib/k8s/environment/oms-environment';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { listApps } from '../../../lib/synth/synth-apps';
import { newEnv } from '../../support/fixtures';

const cdk8sToJson = ApiObject.prototype.toJson;
const sorted = (objects: readonly unknown[]) => objects.map((o) => JSON.stringify(o)).sort();

/** Every value shape cdk8s resolves: Lazy values, implicit tokens, number-or-string unions, nulls, unsorted keys, a patch. */
function tricky(env: OmsEnvironment): ApiObject {
  const obj = new ApiObject(env, 'tricky', {
    apiVersion: 'example.com/v1',
    kind: 'Tricky',
    metadata: { annotations: { b: '2', a: '1' } },
    spec: {
      zeta: 1,
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
