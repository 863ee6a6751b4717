import { stringify } from 'yaml';
import { synthOurs } from './estate';
import { synthPlain } from './plain';

// One measurement in a fresh process: `node run-case.js <ours|plain|floor> <n>`.
// Prints {"ms": synthesis time, "maxRssMb": peak resident memory}. Module
// loading is outside the timed section, and a small warm-up run comes first.

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function writeDocs(manifests: Record<string, any>[]): string {
  return manifests.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

const [variant, nText] = process.argv.slice(2);
const n = Number(nText);
let ms: number;
if (variant === 'ours') {
  synthOurs(10);
  ms = time(() => synthOurs(n));
} else if (variant === 'plain') {
  synthPlain(10);
  ms = time(() => synthPlain(n));
} else if (variant === 'floor') {
  // The very objects our library produced, written directly with the YAML library.
  writeDocs(synthOurs(10).manifests);
  const manifests = synthOurs(n).manifests;
  ms = time(() => writeDocs(manifests));
} else {
  throw new Error(`unknown variant ${variant}`);
}
process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
