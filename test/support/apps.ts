import * as path from 'node:path';
import { listApps, renderApp } from '../../lib/synth/synth-apps';
import { RenderedEnvironment } from '../../lib/k8s/output/render';

/** Every app of the project, rendered in memory (no files written). */
export function renderAllApps(): { file: string; env: RenderedEnvironment }[] {
  const dir = path.resolve(__dirname, '..', '..', 'apps');
  return listApps(dir).map((file) => ({ file, env: renderApp(path.join(dir, file)) }));
}
