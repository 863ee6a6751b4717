import { Problem } from './errors';

/**
 * A service's readiness check, one source for every check of it: the pods' readiness probe (Kubernetes), the AWS load
 * balancer's target group (`TargetGroupConfiguration` on EKS, the ECS service's target group on Fargate) and an
 * in-cluster gateway's active health check (Envoy Gateway) all request `healthCheckPath` and count
 * `healthCheckSuccessCodes` as ready. `Microservice` and the Fargate service take the same two props.
 */
export interface ReadinessCheckProps {
  /** The path the readiness check requests. @default '/healthz' */
  readonly healthCheckPath?: string;
  /** HTTP codes of a ready service: `"200"`, `"200,204"` or `"200-299"`, within 200-399. @default '200' */
  readonly healthCheckSuccessCodes?: string;
}

/** A resolved readiness check. */
export interface ReadinessCheck {
  readonly path: string;
  readonly successCodes: string;
}

/** The readiness path of a plain service. */
export const DEFAULT_HEALTH_CHECK_PATH = '/healthz';
/** The codes of a ready plain service. */
export const DEFAULT_HEALTH_CHECK_SUCCESS_CODES = '200';

const PATH = /^\/[A-Za-z0-9._~/?=&%-]*$/;
const SUCCESS_CODES = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/;

/** The rule a readiness path breaks, if any. */
export function healthCheckPathViolation(path: unknown): string | undefined {
  return typeof path === 'string' && PATH.test(path) ? undefined : 'must be an absolute URL path';
}

/**
 * The rule success codes break, if any. They must be codes the pods' probes also accept: the kubelet counts 200 to
 * 399 as healthy, so a load balancer expecting another code would disagree with the readiness probe.
 */
export function healthCheckSuccessCodesViolation(codes: unknown): string | undefined {
  const numbers = typeof codes === 'string' && SUCCESS_CODES.test(codes) ? codes.split(/[,-]/).map(Number) : [];
  if (numbers.length === 0 || !numbers.every((n) => n >= 200 && n <= 399))
    return 'must be HTTP codes from 200 to 399 ("200", "200,204" or "200-299"), the codes the readiness probe accepts';
  return reversedCodeRange(codes as string);
}

/**
 * The rule a list of HTTP codes breaks when one of its ranges runs from high to low ("300-200" matches no code: load
 * balancers refuse it, and it would accept nothing), or `undefined`.
 */
export function reversedCodeRange(codes: string): string | undefined {
  const reversed = codes.split(',').find((part) => {
    const [low, high] = part.split('-').map(Number);
    return high !== undefined && low > high;
  });
  return reversed === undefined ? undefined : `must have ranges from low to high ("${reversed}")`;
}

/** Every problem with the two readiness props, named as `prefix` + prop. */
export function readinessCheckProblems(props: ReadinessCheckProps, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const pathRule = props.healthCheckPath === undefined ? undefined : healthCheckPathViolation(props.healthCheckPath);
  if (pathRule)
    problems.push({
      property: `${prefix}healthCheckPath`,
      rule: pathRule,
      value: props.healthCheckPath,
      fix: 'start it with "/", e.g. "/healthz"',
    });
  const codesRule =
    props.healthCheckSuccessCodes === undefined ? undefined : healthCheckSuccessCodesViolation(props.healthCheckSuccessCodes);
  if (codesRule)
    problems.push({
      property: `${prefix}healthCheckSuccessCodes`,
      rule: codesRule,
      value: props.healthCheckSuccessCodes,
      fix: 'use the codes the readiness path answers when the service is ready, e.g. "200"',
    });
  return problems;
}
