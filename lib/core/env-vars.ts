import { Problem } from './errors';
import { credentialInValue, dns1123SubdomainViolation, looksLikeCredentialName } from './validators';

/** A value taken from a key of an existing Secret (never written into the manifests). */
export interface SecretKeyReference {
  /** The Secret's name, in the same namespace. */
  readonly secretName: string;
  /** The key within the Secret. */
  readonly key: string;
}

// Narrower than Kubernetes, on purpose: the API server takes "-" and "." too (apimachinery IsEnvVarName,
// [-._a-zA-Z][-._a-zA-Z0-9]*; any printable ASCII but "=" with RelaxedEnvironmentVariableValidation), but the images'
// start scripts are shell scripts, which cannot name such a variable, so a name must be a shell identifier.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The rule an environment variable name breaks (letters, digits and "_", not starting with a digit), or `undefined`. */
export function envVarNameViolation(name: unknown): string | undefined {
  return typeof name === 'string' && ENV_NAME.test(name) ? undefined : 'must be a valid environment variable name';
}

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

// Variables known to pass validateEnvVars (with no reserved names): an estate's servers each set the same few, so
// each distinct one is checked once. Keyed by the exact strings (name, then value or Secret name and key), on which
// alone the result depends; a failing variable is checked every time. Bounded: starts afresh when full.
const cleanVariables = new Set<string>();
const MAX_CLEAN = 1024;

function checkedOnce(parts: readonly unknown[], check: () => Problem[]): Problem[] {
  const kept = parts.every((p) => typeof p === 'string' && p.length <= 1024);
  const key = kept ? JSON.stringify(parts) : '';
  if (kept && cleanVariables.has(key)) return [];
  const problems = check();
  if (kept && problems.length === 0) {
    if (cleanVariables.size >= MAX_CLEAN) cleanVariables.clear();
    cleanVariables.add(key);
  }
  return problems;
}

/** {@link validateEnvVars} of one plain variable, with no reserved names. */
export function plainEnvVarProblems(name: string, value: string): Problem[] {
  return checkedOnce(['env', name, value], () => validateEnvVars({ [name]: value }, undefined, []));
}

/** {@link validateEnvVars} of one variable from a Secret, with no reserved names. */
export function secretEnvVarProblems(name: string, ref: SecretKeyReference): Problem[] {
  const parts = ref !== null && typeof ref === 'object' ? ['secretEnv', name, ref.secretName, ref.key] : [undefined];
  return checkedOnce(parts, () => validateEnvVars(undefined, { [name]: ref }, []));
}

/**
 * Variables JVMs and their launch scripts read options from. Where the construct owns the JVM's options (OMS
 * servers render `jvm.options` from `jvm` props, checked against the container's memory), setting one of these
 * would add heap flags past those checks.
 */
export const JVM_OPTION_VARIABLES: readonly string[] = [
  'JVM_ARGS',
  'JAVA_OPTS',
  'JAVA_OPTIONS',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'OPENJ9_JAVA_OPTIONS',
  'IBM_JAVA_OPTIONS',
];

/** Problems with plain variables that pass JVM options to a workload whose JVM options the construct owns. */
export function jvmOptionVariableProblems(plain: Readonly<Record<string, string>> | undefined, jvmProperty: string): Problem[] {
  return Object.keys(plain ?? {})
    .filter((name) => JVM_OPTION_VARIABLES.includes(name))
    .map((name) => ({
      property: `env["${name}"]`,
      rule: `must not pass JVM options: the construct renders them from ${jvmProperty} and checks the heap against the memory limit`,
      value: name,
      fix: `move the options to ${jvmProperty} (heap sizes to its heap settings)`,
    }));
}

/** The kinds of connection that give a workload environment variables. */
export type ConnectionVariableKind = 'database' | 'cache';

/**
 * The connection variable contract, the same on Kubernetes and on ECS: a workload connected to a database gets
 * `<P>_HOST`, `<P>_PORT`, `<P>_NAME` and, from a secret, `<P>_USER` and `<P>_PASSWORD`; connected to a cache,
 * `<P>_HOST`, `<P>_PORT`, `<P>_TLS` and, from a secret, `<P>_AUTH_TOKEN`. `P` is `DB` and `CACHE` unless a
 * connection names its own prefix. A broker gives its clients no variables (only the network path).
 */
export const CONNECTION_VARIABLES: Readonly<
  Record<ConnectionVariableKind, { readonly prefix: string; readonly plain: readonly string[]; readonly secret: readonly string[] }>
> = {
  database: { prefix: 'DB', plain: ['HOST', 'PORT', 'NAME'], secret: ['USER', 'PASSWORD'] },
  cache: { prefix: 'CACHE', plain: ['HOST', 'PORT', 'TLS'], secret: ['AUTH_TOKEN'] },
};

/** The rule a connection's variable prefix breaks, or `undefined`. */
export function envPrefixViolation(prefix: unknown): string | undefined {
  return typeof prefix === 'string' && /^[A-Z][A-Z0-9_]*$/.test(prefix) ? undefined : 'must be upper-case letters, digits and "_"';
}

/**
 * The variables of one connection under the contract: each of `values` (keyed by suffix, e.g. `HOST`) under the
 * connection's prefix. Throws on a suffix the contract does not have, so both back ends stay on it.
 */
export function connectionVariables<T>(
  kind: ConnectionVariableKind,
  values: Readonly<Record<string, T>>,
  prefix: string = CONNECTION_VARIABLES[kind].prefix,
): Record<string, T> {
  const contract = CONNECTION_VARIABLES[kind];
  return Object.fromEntries(
    Object.entries(values).map(([suffix, value]) => {
      if (!contract.plain.includes(suffix) && !contract.secret.includes(suffix))
        throw new RangeError(
          `${suffix} is not a ${kind} connection variable (the contract has ${[...contract.plain, ...contract.secret].join(', ')})`,
        );
      return [`${prefix}_${suffix}`, value];
    }),
  );
}
