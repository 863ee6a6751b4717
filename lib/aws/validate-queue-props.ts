import { Problem, Product, dns1123SubdomainViolation, repeatedEntries, sqsQueueName } from '../core';
import type { QueueInput } from './sqs-queues';

/** The longest visibility timeout SQS allows: 12 hours. */
const SQS_VISIBILITY_TIMEOUT_MAX = 43200;
/** The largest maxReceiveCount an SQS redrive policy allows. */
const SQS_MAX_RECEIVES_MAX = 1000;

/** Checks an environment's queues: short names SQS accepts with the environment prefix, each once, and SQS's limits. */
export function queueInputProblems(
  property: string,
  environment: string,
  queues: readonly QueueInput[],
  product: Product = Product.OMS,
): Problem[] {
  const problems: Problem[] = [];
  const repeats = repeatedEntries(queues.map((q) => q.name));
  queues.forEach((q, i) => {
    const at = `${property}[${i}]`;
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(q.name ?? '')) {
      problems.push({
        property: `${at}.name`,
        rule: 'must be 1-40 lower-case letters, digits or "-"',
        value: q.name,
        fix: 'use e.g. "shipment-events"',
      });
    } else if (sqsQueueName(environment, q.name, product).length > 76) {
      problems.push({
        property: `${at}.name`,
        rule: 'is too long with the environment prefix (76 characters, the dead-letter queue adds 4)',
        value: q.name,
        fix: 'shorten it',
      });
    } else if (repeats.has(i)) {
      problems.push({
        property: `${at}.name`,
        rule: 'must be unique among the queues',
        value: q.name,
        fix: 'give each queue its own name',
      });
    }
    const timeout = q.visibilityTimeoutSeconds;
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 0 && timeout <= SQS_VISIBILITY_TIMEOUT_MAX))
      problems.push({
        property: `${at}.visibilityTimeoutSeconds`,
        rule: `must be a whole number of seconds from 0 to ${SQS_VISIBILITY_TIMEOUT_MAX} (SQS's limit, 12 hours)`,
        value: timeout,
        fix: 'use a little more than the longest job, e.g. 300',
      });
    const receives = q.maxReceives;
    if (receives !== undefined && !(Number.isInteger(receives) && receives >= 1 && receives <= SQS_MAX_RECEIVES_MAX))
      problems.push({
        property: `${at}.maxReceives`,
        rule: `must be a whole number from 1 to ${SQS_MAX_RECEIVES_MAX} (SQS's limit)`,
        value: receives,
        fix: 'use e.g. 5',
      });
    (q.consumers ?? []).forEach((sa, j) => {
      const rule = dns1123SubdomainViolation(sa);
      if (rule)
        problems.push({
          property: `${at}.consumers[${j}]`,
          rule,
          value: sa,
          fix: 'give the name of a ServiceAccount, e.g. "order-events"',
        });
    });
  });
  return problems;
}
