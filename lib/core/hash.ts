import { createHash } from 'node:crypto';

/** A short, stable hex digest of `input` (the first `length` characters of its SHA-256). */
export function stableHash(input: string, length = 8): string {
  return createHash('sha256').update(input).digest('hex').slice(0, length);
}
