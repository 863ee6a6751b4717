import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../primitives/kube';
import { oncePerRender } from '../primitives/render-pass';

/**
 * A workload's configuration files: the ConfigMap `config` that holds them
 * (created with the first file) and their content, read at synthesis.
 */
export class WorkloadConfigFiles {
  /** The ConfigMap, once a file is added. */
  public configMap?: k8s.KubeConfigMap;
  private readonly files = new Map<string, () => string | undefined>();

  public constructor(private readonly workload: Construct) {}

  /** Adds a file; a function is read at synthesis, and a file it returns `undefined` for is left out. `metadata` names the ConfigMap made with the first file. */
  public add(key: string, content: string | (() => string | undefined), metadata: () => k8s.ObjectMeta): k8s.KubeConfigMap {
    this.files.set(key, typeof content === 'function' ? content : () => content);
    this.configMap ??= new k8s.KubeConfigMap(this.workload, 'config', {
      metadata: metadata(),
      data: Lazy.any({ produce: () => this.render() }),
    });
    return this.configMap;
  }

  /** The files with content, by key. */
  public render(): Record<string, string> {
    // The ConfigMap, the pod template and its hash read the same files: rendered once while objects render.
    return oncePerRender(this.workload, 'configFiles', () => {
      const data: Record<string, string> = {};
      for (const [key, produce] of this.files) {
        const content = produce();
        if (content !== undefined) data[key] = content;
      }
      return data;
    });
  }
}
