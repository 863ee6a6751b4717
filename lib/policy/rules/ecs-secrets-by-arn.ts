import { looksLikeSecretName } from '../../core';
import { PolicyRule, isReference, resourcesOf } from '../types';

const SECRET_SOURCE = /^(arn:aws[a-z-]*:(secretsmanager|ssm):|\$\{)/;

/**
 * ECS tasks: secrets come from Secrets Manager or SSM by ARN, no plain variable is named like a secret, and the
 * IAM policies grant whole secret ARNs (a `valueFrom` with a JSON key suffix never matches one).
 */
export const ecsSecretsByArn: PolicyRule = {
  id: 'ecs-secrets-by-arn',
  description: 'ECS: secrets by ARN only, no secret in plain variables, IAM grants whole secret ARNs',
  fix: 'pass secrets to Fargate services as { secretArn } references (FargateSecret), never as plain environment values',
  check(tf) {
    const findings: { rule: string; resource: string; message: string }[] = [];
    for (const [name, task] of resourcesOf(tf, 'aws_ecs_task_definition')) {
      const resource = `aws_ecs_task_definition.${name}`;
      const containers: any[] = isReference(task.container_definitions) ? [] : JSON.parse(task.container_definitions ?? '[]');
      for (const c of containers) {
        for (const s of c.secrets ?? []) {
          if (!SECRET_SOURCE.test(String(s.valueFrom)))
            findings.push({ rule: this.id, resource, message: `secret ${s.name} is not an ARN` });
        }
        for (const e of c.environment ?? []) {
          if (looksLikeSecretName(e.name)) findings.push({ rule: this.id, resource, message: `plain variable ${e.name} names a secret` });
        }
      }
    }
    for (const [name, p] of resourcesOf(tf, 'aws_iam_role_policy')) {
      const statements: any[] = JSON.parse(p.policy ?? '{}').Statement ?? [];
      const grants = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
      if (grants.flatMap((s) => [s.Resource].flat()).some((r) => /::$|:[^:/]+::[^:]*$/.test(String(r)))) {
        findings.push({
          rule: this.id,
          resource: `aws_iam_role_policy.${name}`,
          message: 'grants a valueFrom (with a JSON key) instead of the secret ARN',
        });
      }
    }
    return findings;
  },
};
