import { looksLikeCredentialName } from './validators';

/** Whether an environment variable's name says it holds a secret (the one rule of lib/core/validators). */
export function looksLikeSecretName(name: string): boolean {
  return looksLikeCredentialName(name);
}
