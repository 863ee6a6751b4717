import { Problem } from './errors';

const KEY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const SECRET_KEY = /(password|passwd|secret|token|credential|api[._-]?key|private[._-]?key)/i;

/**
 * Checks `customer_overrides` entries: keys must be plain property names and
 * values single-line; a key that names a secret is refused, because its value
 * would land in a ConfigMap in plain text.
 */
export function validatePropertyOverrides(property: string, overrides: Readonly<Record<string, string>> | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const secretLike = SECRET_KEY.test(key);
    // Never echo the value of a credential-like key, whatever the problem.
    const shown = secretLike ? '<redacted>' : value;
    if (!KEY_PATTERN.test(key)) {
      problems.push({
        property: `${property}["${key}"]`,
        rule: 'must be a property name (letters, digits, ".", "_", "-")',
        value: key,
        fix: 'remove spaces, "=", ":" and other punctuation from the key',
      });
    }
    if (typeof value !== 'string' || /[\r\n]/.test(value)) {
      problems.push({
        property: `${property}["${key}"]`,
        rule: 'must be a single-line string',
        value: shown,
        fix: 'write the value on one line',
      });
    } else if (value.endsWith('\\')) {
      problems.push({
        property: `${property}["${key}"]`,
        rule: 'must not end with a backslash (it would continue the line in a .properties file)',
        value: shown,
        fix: 'double the final backslash or remove it',
      });
    }
    if (secretLike) {
      problems.push({
        property: `${property}["${key}"]`,
        rule: 'must not carry a credential (it would be written to a ConfigMap in plain text)',
        value: '<redacted>',
        fix: 'pass credentials by reference: a Secret mounted or referenced through the secretEnv property',
      });
    }
  }
  return problems;
}

/** Renders overrides as a `.properties` file, sorted by key so output is deterministic. */
export function renderProperties(overrides: Readonly<Record<string, string>>): string {
  return Object.keys(overrides)
    .sort()
    .map((key) => `${key}=${overrides[key]}`)
    .join('\n')
    .concat(Object.keys(overrides).length > 0 ? '\n' : '');
}
