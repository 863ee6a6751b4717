import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * When `env` is not an environment of the synthesized output `dist` but others are, the message that lists
 * them (a typo should show the names, not advise synthesizing again); `undefined` when `env` is there, or when
 * the output has no environment at all (then the caller's "run synth first" applies).
 */
export function unknownEnvironment(command: string, dist: string, env: string): string | undefined {
  if (fs.existsSync(path.join(dist, env))) return undefined;
  let known: string[];
  try {
    known = fs
      .readdirSync(dist, { withFileTypes: true })
      .filter(
        (e) => e.isDirectory() || (e.isSymbolicLink() && fs.statSync(path.join(dist, e.name), { throwIfNoEntry: false })?.isDirectory()),
      )
      .map((e) => e.name)
      .sort();
  } catch {
    return undefined;
  }
  if (known.length === 0) return undefined;
  return `${command}: no environment ${env} in ${dist}; the environments there are: ${known.join(', ')}. Fix: name one of them, or synthesize ${env} first (synth ${env})`;
}
