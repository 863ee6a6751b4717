import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * In this repository, `npm run build` compiles apps/ beside the commands (build/apps): the arguments that make a
 * command load those instead of transpiling a second copy from source. None when the command runs in another
 * project (an installed package has no build/apps of the project), or when the user chose the apps.
 */
export function ownCompiledApps(argv: readonly string[], binDir: string, cwd = process.cwd()): string[] {
  const ownApps = path.resolve(binDir, '..', '..', 'apps');
  const builtApps = path.resolve(binDir, '..', 'apps');
  const chosen = argv.some((a) => a.startsWith('--apps') || a.startsWith('--compiled'));
  return !chosen && path.resolve(cwd, 'apps') === ownApps && fs.existsSync(builtApps) ? ['--compiled', builtApps] : [];
}
