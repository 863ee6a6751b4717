import { Problem, throwIfProblems } from './errors';
import { dns1123LabelViolation } from './naming';
import { Product } from './product';
import { awsAccountIdViolation, awsRegionViolation } from './validators';

// Checks of the arguments of the plain functions users call (sqsQueueName, kedaSqsRoleArn, awsEndpoints, ...): a bad
// argument is refused like a bad prop, with the function's name where a construct path would be, instead of a name
// built from "undefined" or a TypeError. The rules are those the constructs apply to the same values.

/** Throws once with every problem of a function's arguments; `fn` stands where a construct path would. */
export function checkArguments(fn: string, ...problems: readonly (readonly Problem[])[]): void {
  throwIfProblems(fn, problems.flat());
}

/** An environment name: a DNS-1123 label, as OmsEnvironment requires. */
export function environmentArgument(property: string, value: unknown): Problem[] {
  const rule = dns1123LabelViolation(value as string);
  return rule === undefined ? [] : [{ property, rule, value, fix: 'pass the environment name, e.g. "uat-eks"' }];
}

/** A Product (the default is OMS). */
export function productArgument(value: unknown): Problem[] {
  return value === undefined || value instanceof Product
    ? []
    : [{ property: 'product', rule: 'must be a Product', value: typeof value, fix: "use Product.OMS or Product.of({ name: '...' })" }];
}

/** An AWS region. */
export function regionArgument(property: string, value: unknown): Problem[] {
  const rule = awsRegionViolation(value);
  return rule === undefined ? [] : [{ property, rule, value, fix: 'use e.g. "eu-west-1"' }];
}

/** An AWS account: its 12-digit id and, when `withRegion`, its region. */
export function accountArgument(property: string, value: unknown, withRegion: boolean): Problem[] {
  const account = (typeof value === 'object' && value !== null ? value : {}) as { accountId?: unknown; region?: unknown };
  const problems: Problem[] = [];
  if (awsAccountIdViolation(account.accountId) !== undefined)
    problems.push({
      property: `${property}.accountId`,
      rule: 'must be a 12-digit AWS account id',
      value: account.accountId,
      fix: "pass the account as { accountId: '111122223333', region: 'eu-west-1' }",
    });
  if (withRegion) problems.push(...regionArgument(`${property}.region`, account.region));
  return problems;
}
