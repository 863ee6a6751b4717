import { PolicyRule, resourcesOf } from '../types';

/** Action names that only read (`ec2:Describe*`, `s3:GetObject`, `secretsmanager:GetRandomPassword`, ...). */
const READ_ONLY = /^[a-z0-9-]+:(Describe|Get|List|BatchGet|Head|Search|Lookup|View)[A-Za-z0-9*]*$/;

/** The policy documents of a stack: inline role policies, managed policies and roles' inline_policy blocks. */
function policyDocuments(tf: Record<string, any>): { resource: string; document: string }[] {
  return [
    ...resourcesOf(tf, 'aws_iam_role_policy').map(([n, r]) => ({ resource: `aws_iam_role_policy.${n}`, document: r.policy })),
    ...resourcesOf(tf, 'aws_iam_policy').map(([n, r]) => ({ resource: `aws_iam_policy.${n}`, document: r.policy })),
    ...resourcesOf(tf, 'aws_iam_role').flatMap(([n, r]) =>
      [r.inline_policy ?? []].flat().map((p: any) => ({ resource: `aws_iam_role.${n}`, document: p?.policy })),
    ),
  ];
}

/**
 * No statement allows a write on every resource (`"Resource": "*"`, or `NotResource`) without a
 * condition: such a grant reaches every resource of its kind in the account (any load balancer, any
 * security group). Reads on `*` are fine. A document that is not literal JSON is not judged.
 */
export const iamNoUnconditionedWrites: PolicyRule = {
  id: 'iam-no-unconditioned-writes',
  description: 'IAM policies: no write action on "*" without a condition',
  fix: 'name the resources (ARNs of this account and region) or add a condition that narrows them (e.g. a tag the owner puts on what it creates)',
  check(tf) {
    return policyDocuments(tf).flatMap(({ resource, document }) => {
      let policy: any;
      try {
        policy = typeof document === 'string' ? JSON.parse(document) : undefined;
      } catch {
        return [];
      }
      return [policy?.Statement ?? []]
        .flat()
        .map((s: any, i: number) => ({ s, i }))
        .filter(({ s }) => s?.Effect === 'Allow')
        .filter(({ s }) => s.NotResource !== undefined || [s.Resource].flat().includes('*'))
        .filter(({ s }) => s.Condition === undefined || Object.keys(s.Condition).length === 0)
        .flatMap(({ s, i }) => {
          const writes =
            s.NotAction !== undefined
              ? ['NotAction']
              : [s.Action].flat().filter((a: unknown) => typeof a !== 'string' || !READ_ONLY.test(a));
          return writes.length === 0
            ? []
            : [
                {
                  rule: this.id,
                  resource,
                  message: `statement ${s.Sid ?? i} allows ${writes.join(', ')} on ${s.NotResource !== undefined ? 'NotResource' : '"*"'} without a condition`,
                },
              ];
        });
    });
  },
};
