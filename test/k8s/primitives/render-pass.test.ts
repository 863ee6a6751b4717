import { inRenderPass, oncePerRender } from '../../../lib/k8s/primitives/render-pass';
import { renderEnvironment } from '../../../lib/k8s/output/render';
import { Microservice } from '../../../lib/k8s/workloads/microservice';
import { newEnv, serviceProps } from '../../support/fixtures';

describe('values computed once per rendering', () => {
  test('once per owner and key inside a rendering; afresh outside, in the next rendering, and after an error', () => {
    let calls = 0;
    const owner = {};
    const count = () => ++calls;
    expect([oncePerRender(owner, 'k', count), oncePerRender(owner, 'k', count)]).toEqual([1, 2]);
    expect(inRenderPass(() => [oncePerRender(owner, 'k', count), oncePerRender(owner, 'k', count), oncePerRender({}, 'k', count)])).toEqual(
      [3, 3, 4],
    );
    expect(inRenderPass(() => oncePerRender(owner, 'k', count))).toBe(5);
    expect(() =>
      inRenderPass(() => {
        oncePerRender(owner, 'k', count);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(oncePerRender(owner, 'k', count)).toBe(7);
  });

  test('a configuration file changed between two renderings shows in the second: ConfigMap, mount and hash', () => {
    const env = newEnv();
    const api = new Microservice(env, 'api', serviceProps());
    let content: string | undefined = 'a=1';
    let produced = 0;
    api.addConfigFile('app.ini', () => (produced++, content));
    api.addConfigFileMount('app.ini', '/etc/app/app.ini');
    const render = () => {
      const manifests = renderEnvironment(env).manifests;
      const pod = manifests.find((m) => m.kind === 'Deployment')!.spec.template;
      return {
        data: manifests.find((m) => m.kind === 'ConfigMap')?.data,
        mounts: pod.spec.containers[0].volumeMounts?.filter((m: { name: string }) => m.name === 'config').length ?? 0,
        hash: pod.metadata.annotations?.['checksum/config'],
      };
    };
    const first = render();
    // Validation, the ConfigMap and the pod template share one pass: the files are read once.
    expect(produced).toBe(1);
    expect(first.data).toEqual({ 'app.ini': 'a=1' });
    expect(first.mounts).toBe(1);
    content = 'a=2';
    const second = render();
    expect(second.data).toEqual({ 'app.ini': 'a=2' });
    expect(second.hash).not.toBe(first.hash);
    content = undefined;
    expect(render()).toEqual({ data: {}, mounts: 0, hash: undefined });
  });
});
