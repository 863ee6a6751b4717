/** Variable names that say they hold a secret: those are set from a secret store, never as plain values. */
const SECRET_LIKE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/** Whether an environment variable's name says it holds a secret. */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_LIKE.test(name);
}
