import { Problem } from './errors';
import { credentialInValue, dns1123SubdomainViolation, looksLikeCredentialName } from './validators';

/** A value taken from a key of an existing Secret (never written into the manifests). */
export interface SecretKeyReference {
  /** The Secret's name, in the same namespace. */
  readonly secretName: string;
  /** The key within the Secret. */
  readonly key: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks plain and secret-backed environment variables; `reserved` names are set by the construct. */
export function validateEnvVars(
  plain: Readonly<Record<string, string>> | undefined,
  secret: Readonly<Record<string, SecretKeyReference>> | undefined,
  reserved: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const check = (property: string, name: string) => {
    if (!ENV_NAME.test(name)) {
      problems.push({
        property: `${property}["${name}"]`,
        rule: 'must be a valid environment variable name',
        value: name,
        fix: 'use letters, digits and "_", not starting with a digit',
      });
    }
    if (reserved.includes(name)) {
      problems.push({
        property: `${property}["${name}"]`,
        rule: 'must not override a variable the construct sets',
        value: name,
        fix: `use the dedicated property instead of ${name}`,
      });
    }
  };
  for (const [name, value] of Object.entries(plain ?? {})) {
    check('env', name);
    const inValue = typeof value === 'string' ? credentialInValue(value) : undefined;
    if (looksLikeCredentialName(name) || inValue) {
      problems.push({
        property: `env["${name}"]`,
        rule: inValue
          ? `must not carry a credential in plain text (the value holds ${inValue})`
          : 'must not carry a credential in plain text',
        value: typeof value === 'string' && value.length > 0 ? '<redacted>' : value,
        fix: `move it to secretEnv: { ${name}: { secretName: '...', key: '...' } }`,
      });
    }
  }
  for (const [name, ref] of Object.entries(secret ?? {})) {
    check('secretEnv', name);
    if (!ref || !ref.secretName || !ref.key) {
      problems.push({
        property: `secretEnv["${name}"]`,
        rule: 'must name a Secret and a key',
        value: ref,
        fix: "write { secretName: 'oms-db', key: 'password' }",
      });
    } else {
      const secretRule = dns1123SubdomainViolation(ref.secretName);
      if (secretRule)
        problems.push({
          property: `secretEnv["${name}"].secretName`,
          rule: secretRule,
          value: ref.secretName,
          fix: 'use the name of the Secret as Kubernetes has it',
        });
      if (!/^[-._a-zA-Z0-9]{1,253}$/.test(ref.key))
        problems.push({
          property: `secretEnv["${name}"].key`,
          rule: 'must be a Secret key (letters, digits, "-", "_" and ".")',
          value: ref.key,
          fix: 'use the key as it is in the Secret',
        });
    }
  }
  return problems;
}
