import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatSummary, listApps, renderApps, summarize, writeAtomically } from '../lib/synth/synth-apps';

/**
 * `npm run synth`: renders every app in apps/ in memory and, only when all of
 * them succeed, swaps the result into dist/. On any error it prints the
 * message (construct path, property, value, fix), exits 1 and leaves dist/ as it was.
 */
function main(): number {
  // Time since the process started: Node's own start-up plus loading our modules.
  const loadedAt = performance.now();
  const root = path.resolve(__dirname, '..', '..');
  const outFlag = process.argv.indexOf('--out');
  const outDir = outFlag >= 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'dist');
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
  writeAtomically(outDir, result.environments);
  const shown = path.relative(root, outDir);
  for (const env of result.environments)
    process.stdout.write(`${formatSummary(summarize(env), shown.startsWith('..') ? outDir : shown)}\n`);
  if (process.env.OMS_SYNTH_TIMING) {
    process.stderr.write(`timing: load_ms=${loadedAt.toFixed(1)} synth_ms=${(performance.now() - loadedAt).toFixed(1)}\n`);
  }
  return 0;
}

process.exitCode = main();
