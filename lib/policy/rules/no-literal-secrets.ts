import { PolicyRule, TerraformJson, isReference } from '../types';

const SECRET_ATTRIBUTE = /^(password|master_password|auth_token|secret_string|secret_key|access_key|token|private_key)(_wo)?$/;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;

/** No secret is written into the Terraform JSON: secret attributes hold references only, and no access keys appear anywhere. */
export const noLiteralSecrets: PolicyRule = {
  id: 'no-literal-secrets',
  description: 'No literal password, token or access key anywhere in the stack',
  fix: 'reference secrets (Secrets Manager ARNs, RDS-managed passwords, generated secrets) instead of writing their values',
  check(tf: TerraformJson) {
    const findings: { rule: string; resource: string; message: string }[] = [];
    const walk = (value: unknown, path: string[]) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, String(i)]));
      else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (SECRET_ATTRIBUTE.test(k) && typeof v === 'string' && !isReference(v)) {
            findings.push({ rule: 'no-literal-secrets', resource: path.slice(1, 3).join('.'), message: `${k} holds a literal value` });
          }
          walk(v, [...path, k]);
        }
      } else if (typeof value === 'string' && AWS_ACCESS_KEY.test(value)) {
        findings.push({
          rule: 'no-literal-secrets',
          resource: path.slice(1, 3).join('.'),
          message: 'an AWS access key id appears in the stack',
        });
      }
    };
    walk(tf.resource ?? {}, ['resource']);
    walk(tf.provider ?? {}, ['provider']);
    return findings;
  },
};
