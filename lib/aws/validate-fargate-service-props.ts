import {
  Problem,
  containerPathViolation,
  isIpv4Cidr,
  looksLikeSecretName,
  portViolation,
  problemIf,
  readinessCheckProblems,
  reversedCodeRange,
  unpinnedImageViolation,
} from '../core';
import type { OmsFargateServiceProps } from './ecs-fargate-service';
import { policyStatementProblems } from './validate-block-props';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Checked = Omit<OmsFargateServiceProps, 'network' | 'cluster' | 'region' | 'logRetentionDays'>;

/**
 * The task sizes Fargate runs: CPU units and the memory (MiB) each allows, from AWS's table of valid task CPU and
 * memory combinations (Amazon ECS developer guide, "Troubleshoot Amazon ECS task definition invalid CPU or memory
 * errors"; 8 and 16 vCPU need Linux platform 1.4.0, the default).
 */
const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
export const FARGATE_TASK_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** Every problem with a task's CPU and memory: Fargate runs only its listed sizes. */
function taskSizeProblems(p: (name: string) => string, cpu: number, memoryMiB: number): Problem[] {
  const sizes = FARGATE_TASK_SIZES[cpu];
  if (sizes === undefined) {
    const nearest = Object.keys(FARGATE_TASK_SIZES)
      .map(Number)
      .reduce((a, b) => (Math.abs(b - cpu) < Math.abs(a - cpu) ? b : a));
    return [
      {
        property: p('cpu'),
        rule: `must be a Fargate task size in CPU units (${Object.keys(FARGATE_TASK_SIZES).join(', ')})`,
        value: cpu,
        fix: `use ${nearest} (1024 units are one vCPU)`,
      },
    ];
  }
  if (sizes.includes(memoryMiB)) return [];
  return [
    {
      property: p('memoryMiB'),
      rule: `must be a memory size Fargate allows with cpu ${cpu}: ${sizes.length > 4 ? `${sizes[0]} to ${sizes[sizes.length - 1]} in steps of ${sizes[1] - sizes[0]}` : sizes.join(', ')} MiB`,
      value: memoryMiB,
      fix: `use e.g. ${sizes.find((s) => s >= memoryMiB) ?? sizes[sizes.length - 1]}`,
    },
  ];
}

/** Checks a Fargate service's own props; `property` prefixes every message (none when empty). Collects every problem. */
export function validateFargateServiceProps(property: string, props: Checked): Problem[] {
  const problems: Problem[] = [];
  const p = (name: string) => (property === '' ? name : `${property}.${name}`);
  const imageRule = unpinnedImageViolation(props.image ?? '');
  if (imageRule) problems.push({ property: p('image'), rule: imageRule, value: props.image, fix: 'pin the image to a tag or digest' });
  if ((props.cpu === undefined || typeof props.cpu === 'number') && (props.memoryMiB === undefined || typeof props.memoryMiB === 'number'))
    problems.push(...taskSizeProblems(p, props.cpu ?? 1024, props.memoryMiB ?? 2048));
  if (props.containerPort !== undefined) {
    const rule = portViolation(props.containerPort);
    if (rule)
      problems.push({ property: p('containerPort'), rule, value: props.containerPort, fix: 'use the port the app listens on, e.g. 5000' });
  }
  problems.push(...policyStatementProblems(p('taskPolicyStatements'), props.taskPolicyStatements));
  // Each writable path is a container mount point of an ephemeral volume: an absolute directory.
  for (const path of props.writablePaths ?? [])
    problems.push(...problemIf(p('writablePaths'), path, containerPathViolation(path), 'write e.g. "/tmp" or "/app/cache"'));
  if (props.public && !props.certificateArn) {
    problems.push({
      property: p('certificateArn'),
      rule: 'is required for a public load balancer (HTTPS only)',
      value: undefined,
      fix: 'give an ACM certificate ARN, or leave public out',
    });
  }
  for (const [name, value] of Object.entries(props.environment ?? {})) {
    if (!ENV_NAME.test(name)) {
      problems.push({
        property: p(`environment.${name}`),
        rule: 'must be a valid variable name',
        value: name,
        fix: 'use letters, digits and "_"',
      });
    } else if (looksLikeSecretName(name)) {
      problems.push({
        property: p(`environment.${name}`),
        rule: 'names a secret: plain environment variables are written to the Terraform JSON and the task definition',
        value: '<redacted>',
        fix: `move ${name} to secrets, e.g. FargateSecret.fromSecretsManager("<secret ARN>")`,
      });
    }
    if (typeof value !== 'string') {
      problems.push({ property: p(`environment.${name}`), rule: 'must be a string', value, fix: 'quote the value' });
    }
    if (props.secrets && name in props.secrets) {
      problems.push({ property: p(`environment.${name}`), rule: 'is also a secret', value: name, fix: 'keep it in secrets only' });
    }
  }
  for (const [name, secret] of Object.entries(props.secrets ?? {})) {
    if (!ENV_NAME.test(name)) {
      problems.push({
        property: p(`secrets.${name}`),
        rule: 'must be a valid variable name',
        value: name,
        fix: 'use letters, digits and "_"',
      });
    }
    if (typeof secret === 'string' || typeof (secret as { validate?: unknown })?.validate !== 'function') {
      problems.push({
        property: p(`secrets.${name}`),
        rule: 'must be a FargateSecret (by ARN), never a value: a value would land in the Terraform JSON',
        value: '<redacted>',
        fix: 'store it in Secrets Manager and give FargateSecret.fromSecretsManager("<secret ARN>")',
      });
    } else {
      problems.push(...secret.validate(p(`secrets.${name}`)));
    }
  }
  (props.connections ?? []).forEach((c, i) => {
    const at = p(`connections[${i}]`);
    const targets = [c.cidr, c.securityGroupId, c.prefixListId].filter((t) => t !== undefined).length;
    if (targets !== 1) {
      problems.push({
        property: at,
        rule: 'must name exactly one destination: cidr, securityGroupId or prefixListId',
        value: { cidr: c.cidr, securityGroupId: c.securityGroupId, prefixListId: c.prefixListId },
        fix: 'give one destination per connection',
      });
    }
    if (c.cidr !== undefined && !isIpv4Cidr(c.cidr)) {
      problems.push({ property: `${at}.cidr`, rule: 'must be an IPv4 CIDR block', value: c.cidr, fix: "use e.g. '10.20.64.0/18'" });
    }
    const rule = portViolation(c.port);
    if (rule) problems.push({ property: `${at}.port`, rule, value: c.port, fix: 'use the port of the destination' });
  });
  problems.push(...readinessProblems(props, p));
  const a = props.autoscaling;
  if (a) {
    if (!Number.isInteger(a.minTasks) || a.minTasks < 1) {
      problems.push({
        property: p('autoscaling.minTasks'),
        rule: 'must be a whole number of at least 1 (queue depth per task is undefined at zero tasks)',
        value: a.minTasks,
        fix: 'use e.g. 2',
      });
    }
    if (!Number.isInteger(a.maxTasks) || a.maxTasks < a.minTasks) {
      problems.push({
        property: p('autoscaling.maxTasks'),
        rule: 'must be a whole number of at least minTasks',
        value: a.maxTasks,
        fix: `use at least ${a.minTasks}`,
      });
    }
    if (a.cpuPercent !== undefined && !(a.cpuPercent >= 10 && a.cpuPercent <= 90)) {
      problems.push({ property: p('autoscaling.cpuPercent'), rule: 'must be from 10 to 90', value: a.cpuPercent, fix: 'use e.g. 60' });
    }
    if (a.queue && !(a.queue.messagesPerTask > 0)) {
      problems.push({
        property: p('autoscaling.queue.messagesPerTask'),
        rule: 'must be more than 0',
        value: a.queue.messagesPerTask,
        fix: 'use the backlog one task works through in an acceptable time, e.g. 100',
      });
    }
  }
  return problems;
}

/**
 * The task count and the target group's health check timings are whole numbers in the ranges AWS accepts (ELBv2
 * CreateTargetGroup: interval 5-300 s, timeout 2-120 s and shorter than the interval, thresholds 2-10), so a bad
 * value fails here rather than at `terraform apply`.
 */
function countsAndTimingProblems(props: Checked, p: (name: string) => string): Problem[] {
  const h = props.healthCheck ?? {};
  const ranges: [string, number | undefined, number, number, string][] = [
    ['desiredCount', props.desiredCount, 0, 1000, 'use e.g. 2 (two tasks, one per zone)'],
    ['healthCheck.intervalSeconds', h.intervalSeconds, 5, 300, 'use e.g. 15'],
    ['healthCheck.timeoutSeconds', h.timeoutSeconds, 2, 120, 'use e.g. 5'],
    ['healthCheck.healthyThreshold', h.healthyThreshold, 2, 10, 'use e.g. 2'],
    ['healthCheck.unhealthyThreshold', h.unhealthyThreshold, 2, 10, 'use e.g. 3'],
    ['healthCheck.gracePeriodSeconds', h.gracePeriodSeconds, 0, 2147483647, 'use e.g. 60'],
  ];
  const problems: Problem[] = ranges.flatMap(([name, value, min, max, fix]) =>
    value === undefined || (Number.isInteger(value) && value >= min && value <= max)
      ? []
      : [{ property: p(name), rule: `must be a whole number from ${min} to ${max}`, value, fix }],
  );
  const interval = h.intervalSeconds ?? 15;
  const timeout = h.timeoutSeconds ?? 5;
  if (problems.length === 0 && timeout >= interval)
    problems.push({
      property: p('healthCheck.timeoutSeconds'),
      rule: `must be shorter than the interval (${interval} s): the load balancer refuses a timeout that outlasts the next check`,
      value: timeout,
      fix: `use at most ${interval - 1}, or lengthen intervalSeconds`,
    });
  return problems;
}

/**
 * Whether `matcher` is an ALB target group matcher: codes or ranges of codes from 200 to 499, comma-separated (the
 * range ELBv2's Matcher HttpCode allows for Application Load Balancers).
 */
function albMatcherIsValid(matcher: unknown): boolean {
  if (typeof matcher !== 'string' || !/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(matcher)) return false;
  return matcher.split(/[,-]/).every((code) => Number(code) >= 200 && Number(code) <= 499) && reversedCodeRange(matcher) === undefined;
}

/** The readiness props' rules, and the deprecated overrides': alone they still apply, with the new props they must agree. */
function readinessProblems(props: Checked, p: (name: string) => string): Problem[] {
  const problems = [...readinessCheckProblems(props).map((x) => ({ ...x, property: p(x.property) })), ...countsAndTimingProblems(props, p)];
  const h = props.healthCheck;
  if (h?.matcher !== undefined && !albMatcherIsValid(h.matcher))
    problems.push({
      property: p('healthCheck.matcher'),
      rule: 'must be HTTP codes the load balancer accepts: 200 to 499, as "200", "200,202" or "200-299"',
      value: h.matcher,
      fix: 'use e.g. "200-299", or leave it out and set healthCheckSuccessCodes',
    });
  if (h?.path !== undefined && !/^\/[\x21-\x7e]*$/.test(h.path))
    problems.push({ property: p('healthCheck.path'), rule: 'must be an absolute URL path', value: h.path, fix: 'use e.g. "/healthz"' });
  const pairs = [
    ['healthCheck.path', h?.path, 'healthCheckPath', props.healthCheckPath],
    ['healthCheck.matcher', h?.matcher, 'healthCheckSuccessCodes', props.healthCheckSuccessCodes],
  ] as const;
  for (const [old, oldValue, current, value] of pairs)
    if (oldValue !== undefined && value !== undefined && oldValue !== value)
      problems.push({
        property: p(old),
        rule: `is deprecated and must not differ from ${current} (${JSON.stringify(value)}): the load balancer and the readiness check would disagree`,
        value: oldValue,
        fix: `remove ${old}; ${current} sets it`,
      });
  return problems;
}
