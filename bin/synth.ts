import * as path from 'node:path';
import { formatSummary, listApps, renderApps, summarize, writeAtomically } from '../lib/synth/synth-apps';

/**
 * `npm run synth`: renders every app in apps/ in memory and, only when all of
 * them succeed, swaps the result into dist/. On any error it prints the
 * message (construct path, property, value, fix), exits 1 and leaves dist/ as it was.
 */
function main(): number {
  const root = path.resolve(__dirname, '..', '..');
  const builtApps = path.join(__dirname, '..', 'apps');
  const apps = listApps(path.join(root, 'apps')).map((file) => ({
    label: `apps/${file}`,
    modulePath: path.join(builtApps, file.replace(/\.ts$/, '.js')),
  }));
  const result = renderApps(apps);
  if (!result.ok) {
    process.stderr.write(`synth failed; dist/ was left as it was.\n\n${result.failures.join('\n\n')}\n`);
    return 1;
  }
  writeAtomically(path.join(root, 'dist'), result.environments);
  for (const env of result.environments) process.stdout.write(`${formatSummary(summarize(env), 'dist')}\n`);
  return 0;
}

process.exitCode = main();
