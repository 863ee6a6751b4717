import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** One Pod Security Standards finding. */
export interface PssFinding {
  readonly rule: string;
  readonly message: string;
  readonly object?: string;
}

/** Runs the restricted-profile Pod Security Standards rules over `manifests`. */
export function checkPodSecurity(manifests: readonly object[]): { rulesEnabled: string[]; findings: PssFinding[] } {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'pss-check.mjs')], {
    input: JSON.stringify(manifests),
    cwd: path.resolve(__dirname, '..', '..'),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString());
}
