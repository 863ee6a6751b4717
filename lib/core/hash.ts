import { createHash, hash } from 'node:crypto';

/** A short, stable hex digest of `input` (the first `length` characters of its SHA-256). */
export function stableHash(input: string, length = 8): string {
  // The one-shot `crypto.hash` (Node 21.7 and later) gives the same digest as a Hash object without making one.
  const hex = typeof hash === 'function' ? hash('sha256', input, 'hex') : createHash('sha256').update(input).digest('hex');
  return hex.slice(0, length);
}
